/**
 * Reads a divergence out of the trainer's error: the Rust crate's `TrainError` crosses the
 * wasm boundary as a JS `Error` whose `detail` is its kind and fields (crate/src/error.rs
 * `ErrorDetail`, declared by tsify), e.g. `{ kind: "diverged", network: "generator", step: 37,
 * what: "loss became NaN" }`. The message is for people; nothing here reads it.
 */

import type { ErrorDetail } from "../../pkg/gan_playground.js";
import type { Divergence } from "../protocol";

/** The trainer error's kind and fields, where `error` is one. */
export function errorDetailOf(error: unknown): ErrorDetail | null {
  if (!(error instanceof Error) || !("detail" in error)) return null;
  const { detail } = error as { detail: unknown };
  return typeof detail === "object" && detail !== null && "kind" in detail ? (detail as ErrorDetail) : null;
}

export function divergenceOf(error: unknown): Divergence | null {
  const detail = errorDetailOf(error);
  if (detail?.kind !== "diverged") return null;
  return { network: detail.network, what: detail.what, step: detail.step };
}
