import { describe, expect, it } from "vitest";
import { divergenceOf } from "../../www/src/worker/divergence";
import { describeCrash, describeDeviceLost, describeDivergence } from "../../www/src/ui/failures";

describe("divergence", () => {
  it("is read from the crate's TrainError::Diverged message (crate/src/error.rs)", () => {
    expect(divergenceOf(new Error("diverged: the generator's loss became NaN at iteration 37"))).toEqual({
      network: "generator",
      what: "loss became NaN",
      step: 37,
    });
    expect(divergenceOf(new Error("diverged: the discriminator's output is not finite at iteration 2"))).toEqual({
      network: "discriminator",
      what: "output is not finite",
      step: 2,
    });
  });

  it("is not read from other errors", () => {
    for (const message of ["invalid settings: the learning rate must be in (0, 1000], not 0", "reading results back failed: lost", "", "diverged"]) {
      expect(divergenceOf(new Error(message))).toBeNull();
    }
    expect(divergenceOf("diverged: the critic's loss became NaN at iteration 3")).toBeNull();
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
