import { describe, expect, it } from "vitest";
import { GRAPH_PARTS, activeParts, caption, detachedParts, type GraphPhase } from "../../www/src/charts/overview-graph";

const sorted = (parts: ReadonlySet<string>) => [...parts].sort();

describe("the overview graph's lit parts", () => {
  it("lights a D-step: reals and G's fakes through D, D's loss, D's update", () => {
    expect(sorted(activeParts("discriminator"))).toEqual(
      [
        "noise",
        "generator",
        "fake",
        "real",
        "discriminator",
        "scores",
        "d-loss",
        "d-update",
        "noise->generator",
        "generator->fake",
        "fake->discriminator",
        "real->discriminator",
        "discriminator->scores",
        "scores->d-loss",
        "d-loss->d-update",
        "d-update->discriminator",
      ].sort(),
    );
    expect(sorted(detachedParts("discriminator"))).toEqual(["generator->fake", "noise->generator"]);
  });

  it("lights a G-step: G's fakes through D, G's loss, G's update — no real samples", () => {
    expect(sorted(activeParts("generator"))).toEqual(
      [
        "noise",
        "generator",
        "fake",
        "discriminator",
        "scores",
        "g-loss",
        "g-update",
        "noise->generator",
        "generator->fake",
        "fake->discriminator",
        "discriminator->scores",
        "scores->g-loss",
        "g-loss->g-update",
        "g-update->generator",
      ].sort(),
    );
    expect(activeParts("generator").has("real")).toBe(false);
    expect(detachedParts("generator").size).toBe(0);
  });

  it("lights nothing when idle", () => {
    expect(activeParts("idle").size).toBe(0);
    expect(detachedParts("idle").size).toBe(0);
  });

  it("lights only parts the diagram has, and the diagram has every node and edge of the brief", () => {
    const all = new Set(GRAPH_PARTS);
    for (const phase of ["idle", "discriminator", "generator"] as GraphPhase[]) {
      for (const part of activeParts(phase)) expect(all.has(part), part).toBe(true);
      for (const part of detachedParts(phase)) expect(activeParts(phase).has(part), part).toBe(true);
    }
    expect([...GRAPH_PARTS].sort()).toEqual(
      [
        "noise",
        "generator",
        "fake",
        "real",
        "discriminator",
        "scores",
        "d-loss",
        "g-loss",
        "d-update",
        "g-update",
        "noise->generator",
        "generator->fake",
        "fake->discriminator",
        "real->discriminator",
        "discriminator->scores",
        "scores->d-loss",
        "scores->g-loss",
        "d-loss->d-update",
        "d-update->discriminator",
        "g-loss->g-update",
        "g-update->generator",
      ].sort(),
    );
  });
});

describe("the overview graph's caption", () => {
  it("says what each step runs", () => {
    expect(caption("discriminator")).toBe("D-step: real samples and G's detached fakes go through D; D's loss updates D.");
    expect(caption("generator")).toMatch(/^G-step: .*D.*updates G/);
    expect(caption("generator")).toMatch(/no real samples/);
    expect(caption("idle")).toMatch(/^Idle/);
  });
});
