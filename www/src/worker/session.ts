/**
 * The run the worker trains, whatever its lab: the wasm module's one `Trainer`
 * (crate/src/api.rs), made from the run's settings and data on a backend. The lab itself says
 * how often its snapshots are worth reading; the worker's loop, queue and backend choice do
 * not know which lab runs.
 */

import type { Trainer } from "../../pkg/gan_playground.js";
import type { WasmBuilds } from "./wasm";
import type { BackendComparison, BackendName, ImageData, Pictures, RunData, RunSettings, Samples, Snapshot } from "../protocol";

/** Makes a session of one run's settings and data on a backend (for a start, a trial, a reset). */
export type SessionFactory = (backend: BackendName) => Promise<Session>;

/** The data as the module's `Trainer.create` takes it: a format and up to two byte arrays. */
function dataArguments(data: RunData | undefined): [format: string, primary: Uint8Array, labels: Uint8Array | undefined] {
  if (data === undefined) return ["none", new Uint8Array(), undefined];
  if (data instanceof Float32Array) return ["samples", new Uint8Array(data.buffer, data.byteOffset, data.byteLength), undefined];
  return imageArguments(data);
}

function imageArguments(data: ImageData): [string, Uint8Array, Uint8Array | undefined] {
  switch (data.format) {
    case "asset":
      return ["asset", data.bytes, undefined];
    case "idx":
      return ["idx", data.images, data.labels];
    case "pixels":
      return ["pixels", data.pixels, data.labels];
  }
}

/** A factory for `settings` (they cross as JSON) and `data`, on the wasm build each backend runs on (wasm.ts). */
export function sessionFactory(builds: WasmBuilds, settings: RunSettings, data: RunData | undefined): SessionFactory {
  const json = JSON.stringify(settings);
  return async (backend) => {
    const { module } = await builds.load(backend);
    const [format, primary, labels] = dataArguments(data);
    return new Session(await module.Trainer.create(json, backend, format, primary, labels), backend);
  };
}

/**
 * The test build's check that WebGPU computes what the CPU computes (crate/src/agreement.rs):
 * the run of `settings` and `data` trains on both from the same start (protocol.ts
 * `BackendComparison`), in the WebGPU build; resolves to the report (JSON). Builds without the
 * test hooks refuse.
 */
export function backendComparison(builds: WasmBuilds, settings: RunSettings, data: RunData | undefined): (comparison: BackendComparison) => Promise<string> {
  const json = JSON.stringify(settings);
  return async ({ warmup, iterations, webgpuOnly }) => {
    const { module } = await builds.load("webgpu");
    type Compare = (
      settings: string,
      format: string,
      primary: Uint8Array,
      labels: Uint8Array | undefined,
      warmup: number,
      iterations: number,
      webgpuOnly: boolean,
    ) => Promise<string>;
    const compare = (module as typeof module & { testCompareBackends?: Compare }).testCompareBackends;
    if (!compare) throw new Error("this wasm build has no test hooks (build-wasm.sh --test-hooks)");
    return compare(json, ...dataArguments(data), warmup, iterations, webgpuOnly);
  };
}

/** The buffers of a value's typed arrays (its own fields), to transfer rather than copy. */
export function buffersOf(value: object): ArrayBuffer[] {
  return Object.values(value).flatMap((field: unknown) => (ArrayBuffer.isView(field) ? [field.buffer as ArrayBuffer] : []));
}

/** A trainer of any lab. Calls must not overlap (the worker awaits each one). */
export class Session {
  private lastJudgedAt = -Infinity;

  constructor(
    private readonly trainer: Trainer,
    readonly backend: BackendName,
  ) {}

  /** Completed iterations. */
  get step(): number {
    return this.trainer.step;
  }

  /** While running at full speed on the CPU, snapshots are read at most this often (the lab says). */
  get snapshotMs(): number {
    return this.trainer.snapshotEveryMs;
  }

  train(iterations: number): void {
    this.trainer.train(iterations);
  }

  /** One network alone (a lab whose iteration cannot be split runs full iterations). */
  trainNetwork(network: "discriminator" | "generator", steps: number): void {
    if (network === "discriminator") this.trainer.trainDiscriminator(steps);
    else this.trainer.trainGenerator(steps);
  }

  /**
   * Reads a snapshot back (draining the histories). Judged (the lab's costlier measures) at
   * most as often as the lab says while `running`, and always when paused or stepping: the
   * user looks.
   */
  async snapshot(running: boolean): Promise<Snapshot> {
    const every = this.trainer.judgeEveryMs;
    const judged = every !== undefined && (!running || performance.now() - this.lastJudgedAt >= every);
    const snapshot = await this.trainer.snapshot(judged);
    if (judged) this.lastJudgedAt = performance.now();
    return snapshot;
  }

  /** A read-back that waits for queued work, keeping nothing (speed trials). */
  async sync(): Promise<void> {
    await this.trainer.snapshot(false);
  }

  /** The pictures shown beside the views for this run and view (an image lab's real images). */
  realPictures(): Pictures | undefined {
    return this.trainer.realPictures();
  }

  /** Applies the view keys of `settings` (of this run's lab): the run goes on unchanged. */
  setView(settings: RunSettings): void {
    this.trainer.setView(JSON.stringify(settings));
  }

  sample(n: number): Promise<Samples> {
    return this.trainer.sample(n);
  }

  latentWalk(frames: number): Promise<Pictures> {
    return this.trainer.latentWalk(frames);
  }

  exportGenerator(): Promise<Uint8Array> {
    return this.trainer.exportGenerator();
  }

  /** "Export for PyTorch": the script and the weights of the run as it is now. */
  async exportPytorch(title: string, link: string): Promise<{ script: string; weights: Uint8Array }> {
    const files = await this.trainer.exportPytorch(title, link);
    try {
      return { script: files.script, weights: files.weights };
    } finally {
      files.free();
    }
  }

  importGenerator(bytes: Uint8Array): void {
    this.trainer.importGenerator(bytes);
  }

  /** The run's state as bytes (crate/src/checkpoint.rs). */
  checkpoint(): Promise<Uint8Array> {
    return this.trainer.checkpoint();
  }

  /** Continues from `checkpoint()`'s bytes of a run with the same settings; throws (and changes nothing) if they do not fit. */
  restore(bytes: Uint8Array): void {
    this.trainer.restore(bytes);
  }

  free(): void {
    this.trainer.free();
  }
}
