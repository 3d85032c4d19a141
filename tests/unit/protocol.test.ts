import { describe, expect, it } from "vitest";
import { MAX_STEPS_PER_COMMAND, parseWidgetCommand } from "../../www/src/protocol";

const T = { target: "gan-playground" };

describe("widget commands", () => {
  it("accepts the v1 commands", () => {
    expect(parseWidgetCommand({ ...T, type: "play" })).toEqual({ type: "play" });
    expect(parseWidgetCommand({ ...T, type: "pause" })).toEqual({ type: "pause" });
    expect(parseWidgetCommand({ ...T, type: "reset" })).toEqual({ type: "reset" });
    expect(parseWidgetCommand({ ...T, type: "get-status" })).toEqual({ type: "get-status" });
    expect(parseWidgetCommand({ ...T, type: "step", n: 5 })).toEqual({ type: "step", n: 5 });
    expect(parseWidgetCommand({ ...T, type: "step" })).toEqual({ type: "step", n: 1 });
    expect(parseWidgetCommand({ ...T, type: "get-samples", id: "a", n: 10 })).toEqual({ type: "get-samples", id: "a", n: 10 });
    expect(parseWidgetCommand({ ...T, type: "get-samples", id: 3 })).toEqual({ type: "get-samples", id: 3, n: 1000 });
  });

  it.each([
    ["a string", "play"],
    ["null", null],
    ["an array", [T]],
    ["no target", { type: "play" }],
    ["another target", { target: "other", type: "play" }],
    ["an unknown type", { ...T, type: "explode" }],
    ["a negative step", { ...T, type: "step", n: -1 }],
    ["a fractional step", { ...T, type: "step", n: 1.5 }],
    ["a huge step", { ...T, type: "step", n: MAX_STEPS_PER_COMMAND + 1 }],
    ["a string step", { ...T, type: "step", n: "5" }],
    ["samples without id", { ...T, type: "get-samples", n: 5 }],
    ["samples with an object id", { ...T, type: "get-samples", id: {}, n: 5 }],
    ["samples with NaN id", { ...T, type: "get-samples", id: Number.NaN, n: 5 }],
  ])("ignores %s", (_, message) => {
    expect(parseWidgetCommand(message)).toBeNull();
  });
});
