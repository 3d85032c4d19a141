/**
 * Reads a divergence out of the trainer's error: the Rust crate's `TrainError::Diverged`
 * (crate/src/error.rs) crosses the wasm boundary as "diverged: the generator's loss became
 * NaN at iteration 37".
 */

import type { Divergence } from "../protocol";

const DIVERGED = /^diverged: the (discriminator|generator)'s (.+) at iteration (\d+)$/;

export function divergenceOf(error: unknown): Divergence | null {
  const message = error instanceof Error ? error.message : String(error);
  const match = DIVERGED.exec(message);
  if (!match) return null;
  return { network: match[1] as Divergence["network"], what: match[2]!, step: Number(match[3]) };
}
