/**
 * The test build's fault hook in the worker (protocol.ts `Fault`): provokes a failure the page
 * must survive (tests/e2e/failures.spec.ts). The worker creates it only under `__TEST_HOOKS__`
 * (vite.config.ts), so every other build drops this module, its names and its calls of the wasm
 * test exports (tests/e2e/shipped-build.spec.ts checks `dist/`).
 */

import type { BackendName, Fault } from "../protocol";
import type { GpuDevices } from "./devices";
import { testExhaustMemory, testPanic, type WasmBuilds } from "./wasm";

/** What the faults reach in the worker. */
export interface FaultHost {
  builds: WasmBuilds;
  devices: GpuDevices;
  enqueue(task: () => Promise<void> | void): void;
  warn(message: string): void;
  /** The backend the run is on (the CPU before there is one). */
  backend(): BackendName;
}

/** The next checkpoint is answered this late (a Reset can come in between). */
const SLOW_CHECKPOINT_MS = 1500;

export class WorkerFaults {
  /** The next restore traps. */
  private trapNextRestore = false;
  /** The next checkpoint is answered late. */
  private slowCheckpoint = false;

  constructor(private readonly host: FaultHost) {}

  provoke(kind: Fault): void {
    const { builds, devices } = this.host;
    const backend = this.host.backend();
    switch (kind) {
      case "trap-next-restore":
        this.trapNextRestore = true;
        break;
      case "slow-checkpoint":
        this.slowCheckpoint = true;
        break;
      case "exhaust-memory":
        this.host.enqueue(async () => testExhaustMemory((await builds.load(backend)).module));
        break;
      case "lose-device":
        if (!devices.destroyAll()) this.host.warn("test hook: there is no WebGPU device to lose (the run is on the CPU)");
        break;
      case "panic":
        this.host.enqueue(async () => testPanic((await builds.load(backend)).module));
        break;
      case "worker-error":
        // Uncaught, outside any command: the page hears of it through the worker's `error` event.
        setTimeout(() => {
          throw new Error("test hook: the worker failed");
        });
        break;
    }
  }

  /** Before a restore: a real trap in the real module, where a restore would meet one, if asked for. */
  async beforeRestore(backend: BackendName): Promise<void> {
    if (!this.trapNextRestore) return;
    this.trapNextRestore = false;
    testPanic((await this.host.builds.load(backend)).module);
  }

  /** Before a checkpoint is answered: the delay, if asked for. */
  async beforeCheckpoint(): Promise<void> {
    if (!this.slowCheckpoint) return;
    this.slowCheckpoint = false;
    await new Promise((resolve) => setTimeout(resolve, SLOW_CHECKPOINT_MS));
  }
}
