/** What the page says when a run fails: a divergence, a lost GPU, a crashed trainer. */

import type { Divergence } from "../protocol";

/** Which network, what, when, and what to do. */
export function describeDivergence({ network, what, step }: Divergence): string {
  const name = network === "discriminator" ? "discriminator (D)" : "generator (G)";
  return (
    `Training diverged at iteration ${step.toLocaleString("en-US")}: the ${name}'s ${what}. ` +
    "Training is paused, as its weights cannot recover. The usual cause is a learning rate that is too high: " +
    "lower it, or Reset to run this demo again from the start."
  );
}

/** After a lost GPU: where the run goes on. */
export function describeDeviceLost(reason: string, step?: number): string {
  const from =
    step === undefined ? "from its last checkpoint" : step > 0 ? `from iteration ${step.toLocaleString("en-US")} (its last checkpoint)` : "from the start";
  return `WebGPU stopped working (the GPU device was lost: ${reason}). Training goes on on the CPU ${from}.`;
}

/** A crashed trainer: what happened, and that Restart continues from the last checkpoint. */
export function describeCrash(message: string, step: number): string {
  const from = step > 0 ? `continues from iteration ${step.toLocaleString("en-US")}` : "starts this run again";
  return `The trainer stopped: ${message}. Your settings and the link are kept; Restart ${from}.`;
}
