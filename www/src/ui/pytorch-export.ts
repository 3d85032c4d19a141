/**
 * "Export for PyTorch" as one download: a zip holding a folder with `run.py` (the networks,
 * losses, optimisers and settings of the run, and its training loop: crate/src/export/) and
 * `weights.safetensors` (both networks as they are now), so `python run.py` continues there.
 */

import { strToU8, zipSync } from "fflate";

/** The zip of an export, its folder named `folder`. */
export function pytorchZip(folder: string, script: string, weights: Uint8Array): Blob {
  const zip = zipSync({
    [folder]: {
      "run.py": strToU8(script),
      // Weights barely compress; stored as they are.
      "weights.safetensors": [weights, { level: 0 }],
    },
  });
  return new Blob([zip as Uint8Array<ArrayBuffer>], { type: "application/zip" });
}
