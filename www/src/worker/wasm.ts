/**
 * The three builds of the wasm module and which one a backend runs on; a page fetches only the
 * one its backend needs:
 *
 * - `pkg/`: WebGPU (≈ 5.7 MB gzip, most of it burn's GPU kernel compiler and fusion): fetched only for a
 *   run on WebGPU (`backend=webgpu`, or `auto`'s trial on a real GPU).
 * - `pkg-cpu/`: the CPU backend alone, on one thread (≈ 1.1 MB gzip): the CPU where threads
 *   cannot run.
 * - `pkg-threads/`: the CPU backend only, its matrix products split over rayon workers that
 *   share the wasm memory. Shared memory needs a cross-origin-isolated page (COOP + COEP
 *   headers, which `npm start` and `vite preview` send) and a browser with wasm threads
 *   (Chrome, Edge, Firefox, Safari ≥ 15.2); elsewhere, e.g. a static host's first visit (the
 *   site's service worker adds the headers from the next load on: www/src/sw/) or an iframe in
 *   a deck that is not isolated, the CPU runs on one thread. It is built without relaxed SIMD's
 *   fused multiply-add, which Safari lacks: that gained 0 % on mnist-minute and ≈ 10 % on
 *   mnist-mlp, against all of a Mac's cores (docs/measuring.md, "Relaxed SIMD and Safari").
 *
 * Each build is loaded on first use, at most once per worker (its {@link WasmBuilds}).
 */

import { threads as wasmThreads } from "wasm-feature-detect";
import type * as standard from "../../pkg/gan_playground.js";
import type { BackendName } from "../protocol";

/** The class a session needs; every build exports it. */
export type WasmModule = Pick<typeof standard, "Trainer">;

/** A build as its glue module exports it: the class, and the init that fetches the wasm. */
type Build = WasmModule & { default(): Promise<{ memory: WebAssembly.Memory }> };
type ThreadedBuild = Build & { initThreadPool(threads: number): Promise<unknown> };

/** The WebGPU build and the one-thread CPU build, imported (and fetched) on first use. */
const webgpuBuild = (): Promise<Build> => import("../../pkg/gan_playground.js");
const cpuBuild = (): Promise<Build> => import("../../pkg-cpu/gan_playground.js");

// A glob, not an import: a build made without the threaded module (no rust-src for
// -Zbuild-std) still bundles, and then finds nothing here. The test build takes the threaded
// module made with the test seam (vite.config.ts); every other build never names it.
const threadedBuild = __TEST_HOOKS__
  ? import.meta.glob<ThreadedBuild>("../../pkg-threads-test/gan_playground.js")
  : import.meta.glob<ThreadedBuild>("../../pkg-threads/gan_playground.js");

/** Headroom a module's memory must still have to be judged not out of memory: 64 MiB. */
const HEADROOM_PAGES = 1024;

/**
 * After a trap: whether `memory` is out of room — it cannot grow by 64 MiB more (its maximum,
 * or what the browser gives). A trapped module is dead, so growing it costs nothing that
 * matters. The size in MB it had is returned where it is out of room.
 */
export function outOfMemory(memory: WebAssembly.Memory): number | null {
  const megabytes = Math.round(memory.buffer.byteLength / 2 ** 20);
  try {
    memory.grow(HEADROOM_PAGES);
    return null;
  } catch {
    return megabytes;
  }
}

/**
 * The test build's panic export (feature `test-hooks`), a real panic in `module`; the
 * shipped modules have no such export.
 */
export function testPanic(module: WasmModule): void {
  testHook(module, "testPanic");
}

/** The test build's allocation failure (feature `test-hooks`): a trap with the memory full. */
export function testExhaustMemory(module: WasmModule): void {
  testHook(module, "testExhaustMemory");
}

/**
 * The test build's option (protocol.ts `TestOptions`): the WebGPU build keeps burn's
 * element-wise fuser. Before its first WebGPU work only; says whether it took effect.
 */
export async function keepElementWiseFusion(builds: WasmBuilds): Promise<boolean> {
  const { module } = await builds.load("webgpu");
  const keep = (module as WasmModule & { testKeepElementWiseFusion?: () => boolean }).testKeepElementWiseFusion;
  if (!keep) throw new Error("this wasm build has no test hooks (build-wasm.sh --test-hooks)");
  return keep();
}

function testHook(module: WasmModule, name: "testPanic" | "testExhaustMemory"): void {
  const hook = (module as WasmModule & Partial<Record<typeof name, () => void>>)[name];
  if (!hook) throw new Error("this wasm build has no test hooks (build-wasm.sh --test-hooks)");
  hook();
}

/** The most rayon workers started: past this the matrices here are too small to share. */
const MAX_THREADS = 8;
/**
 * How long the thread pool may take to start before the CPU runs on one thread instead: a
 * pool's start stalls now and then (Firefox with WebDriver attached, about 1 load in 10), and
 * the page must not wait for it forever. A healthy pool starts in well under a second.
 */
export const THREAD_POOL_START_MS = 15_000;
/** The same in the test build unless a test sets its own (two browsers on two cores: a slow pool is load there). */
export const TEST_THREAD_POOL_START_MS = 60_000;

/** The module for `backend`, and for the CPU how many threads it uses and why. */
export interface LoadedWasm {
  module: WasmModule;
  /** The module's memory (after a trap: did it run out? see `outOfMemory`). */
  memory: WebAssembly.Memory;
  threads: number;
  /** Why the CPU runs on one thread (undefined when it uses several, and for WebGPU). */
  singleThreadReason?: string | undefined;
}

/** The worker's wasm builds: each loaded on first use, at most once (a failed load is tried again next time: the page's Restart). */
export class WasmBuilds {
  /** Says what is being loaded or started (the page shows it when the start takes long). */
  stage: (what: string) => void = () => {};
  /** The test build's options: a pool that never starts, and the watchdog's wait. */
  test: { stallThreadPool?: boolean | undefined; threadPoolStartMs?: number | undefined } = {};
  private webgpu: Promise<LoadedWasm> | undefined;
  private oneThread: Promise<LoadedWasm> | undefined;
  private cpu: Promise<LoadedWasm> | undefined;

  /** The module `backend` runs on. */
  load(backend: BackendName): Promise<LoadedWasm> {
    if (backend === "webgpu") {
      if (!this.webgpu) this.stage("loading the WebGPU module (≈ 6 MB)");
      const load = (this.webgpu ??= loadBuild(webgpuBuild));
      load.catch(() => (this.webgpu = undefined));
      return load;
    }
    const load = (this.cpu ??= this.loadCpu());
    load.catch(() => (this.cpu = undefined));
    return load;
  }

  /** The CPU on one thread, and why not on several. */
  private loadOneThread(reason?: string): Promise<LoadedWasm> {
    if (!this.oneThread) this.stage("loading the CPU module");
    const load = (this.oneThread ??= loadBuild(cpuBuild));
    load.catch(() => (this.oneThread = undefined));
    return load.then((loaded) => ({ ...loaded, singleThreadReason: reason }));
  }

  private async loadCpu(): Promise<LoadedWasm> {
    const load = Object.values(threadedBuild)[0];
    const plan = threadPlan({
      cores: navigator.hardwareConcurrency || 1,
      hasThreadedBuild: load !== undefined,
      crossOriginIsolated: self.crossOriginIsolated,
      wasmThreads: await wasmThreads(),
    });
    if ("why" in plan || !load) return this.loadOneThread("why" in plan ? plan.why : undefined);
    const wait = this.test.threadPoolStartMs ?? (__TEST_HOOKS__ ? TEST_THREAD_POOL_START_MS : THREAD_POOL_START_MS);
    try {
      this.stage("loading the threaded CPU module");
      const build = await load();
      const exports = await build.default();
      this.stage(`starting ${plan.threads} threads`);
      const pool = __TEST_HOOKS__ && this.test.stallThreadPool ? new Promise<never>(() => {}) : build.initThreadPool(plan.threads);
      const started = await Promise.race([pool.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), wait))]);
      // The stalled pool's workers are left as they are: the one-thread module is a separate program.
      if (!started) return this.loadOneThread(`the thread pool did not start within ${Math.round(wait / 1000)} s`);
      return { module: build, memory: exports.memory, threads: plan.threads };
    } catch (error) {
      return this.loadOneThread(`the threaded module failed to start (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

/** A build's glue and wasm, started on one thread. */
async function loadBuild(build: () => Promise<Build>): Promise<LoadedWasm> {
  const module = await build();
  const exports = await module.default();
  return { module, memory: exports.memory, threads: 1 };
}

/** What decides whether the CPU backend can run threaded. */
export interface ThreadFacts {
  cores: number;
  hasThreadedBuild: boolean;
  crossOriginIsolated: boolean;
  wasmThreads: boolean;
}

/** How many threads the CPU backend gets, or why it runs on one. */
export function threadPlan(facts: ThreadFacts): { threads: number } | { why: string } {
  if (facts.cores < 2) return { why: "this device reports one core" };
  if (!facts.hasThreadedBuild) return { why: "this build has no threaded module" };
  if (!facts.crossOriginIsolated) return { why: "the page is not cross-origin isolated (COOP/COEP headers)" };
  if (!facts.wasmThreads) return { why: "this browser has no WebAssembly threads" };
  return { threads: Math.min(facts.cores, MAX_THREADS) };
}
