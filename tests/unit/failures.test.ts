import { describe, expect, it } from "vitest";
import { divergenceOf } from "../../www/src/worker/divergence";
import { describeCrash, describeDeviceLost, describeDivergence } from "../../www/src/ui/failures";

describe("divergence", () => {
  /** A trainer error as the wasm boundary throws it (crate/src/api.rs `ApiError`). */
  const trainError = (message: string, detail?: object): Error => Object.assign(new Error(message), detail ? { detail } : {});

  it("is read from the error's detail (crate/src/error.rs ErrorDetail), not its text", () => {
    expect(divergenceOf(trainError("anything at all", { kind: "diverged", network: "generator", what: "loss became NaN", step: 37 }))).toEqual({
      network: "generator",
      what: "loss became NaN",
      step: 37,
    });
    expect(divergenceOf(trainError("", { kind: "diverged", network: "discriminator", what: "output is not finite", step: 2 }))).toEqual({
      network: "discriminator",
      what: "output is not finite",
      step: 2,
    });
  });

  it("is not read from other errors, whatever their text", () => {
    expect(divergenceOf(trainError("invalid settings: the learning rate must be in (0, 1000], not 0", { kind: "settings" }))).toBeNull();
    expect(divergenceOf(trainError("diverged: the generator's loss became NaN at iteration 37"))).toBeNull();
    expect(divergenceOf(trainError("reading results back failed: lost", { kind: "read-back" }))).toBeNull();
    expect(divergenceOf(Object.assign(new Error("x"), { detail: "diverged" }))).toBeNull();
    expect(divergenceOf({ detail: { kind: "diverged", network: "generator", what: "loss became NaN", step: 1 } })).toBeNull();
  });

  it("is said with the network, the iteration and what to do", () => {
    const text = describeDivergence({ network: "discriminator", what: "loss became infinite", step: 12345 });
    expect(text).toMatch(/^Training diverged at iteration 12,345: the discriminator \(D\)'s loss became infinite\./);
    expect(text).toContain("learning rate");
    expect(text).toContain("Reset");
  });
});

describe("a lost device and a crash", () => {
  it("say where the run goes on", () => {
    expect(describeDeviceLost("unknown", 1200)).toContain("on the CPU from iteration 1,200");
    expect(describeDeviceLost("unknown", 0)).toContain("from the start");
    expect(describeDeviceLost("unknown")).toContain("from its last checkpoint");
    expect(describeCrash("the training module crashed (unreachable)", 40)).toBe(
      "The trainer stopped: the training module crashed (unreachable). Your settings and the link are kept; Restart continues from iteration 40.",
    );
    expect(describeCrash("x", 0)).toContain("Restart starts this run again");
  });
});
