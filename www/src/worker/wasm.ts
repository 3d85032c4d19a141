/**
 * The two builds of the wasm module and which one a backend runs on:
 *
 * - `pkg/`: WebGPU and the CPU on one thread; runs on any page.
 * - `pkg-threads/`: the CPU backend only, its matrix products split over rayon workers that
 *   share the wasm memory. Shared memory needs a cross-origin-isolated page (COOP + COEP
 *   headers, which `npm start` and `vite preview` send); elsewhere, e.g. a static host or an
 *   iframe in a slide deck, the CPU runs on one thread.
 *
 * Each build is loaded on first use, at most once per worker.
 */

import initStandard, * as standard from "../../pkg/gan_playground.js";
import type { BackendName } from "../protocol";

/** The classes a session needs; both builds export them. */
export type WasmModule = Pick<typeof standard, "Trainer" | "ImageTrainer">;

type ThreadedBuild = WasmModule & {
  default: typeof initStandard;
  initThreadPool(threads: number): Promise<unknown>;
};

// A glob, not an import: a build made without the threaded module (no rust-src for
// -Zbuild-std) still bundles, and then finds nothing here.
const threadedBuild = import.meta.glob<ThreadedBuild>("../../pkg-threads/gan_playground.js");

/** The most rayon workers started: past this the matrices here are too small to share. */
const MAX_THREADS = 8;

/** The module for `backend`, and for the CPU how many threads it uses and why. */
export interface LoadedWasm {
  module: WasmModule;
  threads: number;
  /** Why the CPU runs on one thread (undefined when it uses several, and for WebGPU). */
  singleThreadReason?: string | undefined;
}

let standardLoad: Promise<LoadedWasm> | undefined;
let cpuLoad: Promise<LoadedWasm> | undefined;

export function loadWasm(backend: BackendName): Promise<LoadedWasm> {
  if (backend === "webgpu") return loadStandard();
  cpuLoad ??= loadCpu();
  // A failed load is tried again next time (the page's Restart).
  cpuLoad.catch(() => (cpuLoad = undefined));
  return cpuLoad;
}

function loadStandard(reason?: string): Promise<LoadedWasm> {
  standardLoad ??= initStandard().then(() => ({ module: standard, threads: 1 }));
  standardLoad.catch(() => (standardLoad = undefined));
  return standardLoad.then((loaded) => ({ ...loaded, singleThreadReason: reason }));
}

async function loadCpu(): Promise<LoadedWasm> {
  const cores = navigator.hardwareConcurrency || 1;
  const load = Object.values(threadedBuild)[0];
  if (cores < 2) return loadStandard("this device reports one core");
  if (!load) return loadStandard("this build has no threaded module");
  if (!self.crossOriginIsolated) return loadStandard("the page is not cross-origin isolated (COOP/COEP headers)");
  const threads = Math.min(cores, MAX_THREADS);
  try {
    const build = await load();
    await build.default();
    await build.initThreadPool(threads);
    return { module: build, threads };
  } catch (error) {
    return loadStandard(`the threaded module failed to start (${error instanceof Error ? error.message : String(error)})`);
  }
}
