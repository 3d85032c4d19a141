/**
 * What the worker trains, behind one interface: a 1D GAN (`Trainer`) or a digit GAN
 * (`ImageTrainer`). The worker's loop, queue and backend choice do not care which.
 */

import type { ImageTrainer, Trainer, ImageSnapshot as WasmImageSnapshot, Snapshot } from "../../pkg/gan_playground.js";
import { loadWasm, type WasmModule } from "./wasm";
import {
  isImageSettings,
  type BackendName,
  type ImageData,
  type ImageSnapshot,
  type RunData,
  type RunSettings,
  type Snapshot1d,
  type WorkerEvent,
} from "../protocol";

/** Posts an event to the page, transferring `transfer`. */
export type Post = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** What the snapshot event says besides the snapshot. */
export interface Pace {
  running: boolean;
  itPerSec: (step: number) => number;
}

/** A trainer of either kind. Calls must not overlap (the worker awaits each one). */
export interface Session {
  readonly backend: BackendName;
  /**
   * While running at full speed on the CPU, snapshots are posted at most this often: a 1D
   * snapshot is cheap (≈ 30 a second), a digit one costs a tenth of an iteration (5 a second).
   */
  readonly snapshotMs: number;
  /** Completed iterations. */
  readonly step: number;
  train(iterations: number): void;
  /** One network alone (1D only; image runs take a full iteration). */
  trainNetwork(network: "discriminator" | "generator", steps: number): void;
  /** Reads a snapshot back (draining the loss history) and posts it. */
  postSnapshot(post: Post, pace: Pace): Promise<void>;
  /** A read-back that waits for queued work, posting nothing (speed trials). */
  sync(): Promise<void>;
  /** After a fresh trainer: anything the page shows once per run (an image run's real digits). */
  announce(post: Post): void;
  /** Conditional presets: the digit the views draw from now on (null: every digit); the run is unchanged. */
  setViewDigit(digit: number | null): void;
  /** `n` fresh samples; images come with their size. */
  sample(n: number): Promise<{ values: Float32Array; width?: number; height?: number }>;
  latentWalk(frames: number): Promise<{ frames: Float32Array; width: number; height: number }>;
  exportGenerator(): Promise<Uint8Array>;
  importGenerator(bytes: Uint8Array): void;
  /** The run's state as bytes (crate/src/checkpoint.rs). */
  checkpoint(): Promise<Uint8Array>;
  /** Continues from `checkpoint()`'s bytes of a run with the same settings; throws (and changes nothing) if they do not fit. */
  restore(bytes: Uint8Array): void;
  free(): void;
}

/**
 * Makes a session for `settings` and `data` on a backend (the settings cross as JSON), with the
 * wasm build that backend runs on (wasm.ts).
 */
export type SessionFactory = (backend: BackendName) => Promise<Session>;

export function sessionFactory(settings: RunSettings, data: RunData | undefined): SessionFactory {
  if (isImageSettings(settings)) {
    if (!data || data instanceof Float32Array) {
      return () => Promise.reject(new Error("an image preset needs images to train on"));
    }
    return async (backend) => {
      const { module } = await loadWasm(backend);
      return new ImageSession(await createImageTrainer(module, JSON.stringify(settings), backend, data), backend);
    };
  }
  const samples = data instanceof Float32Array ? data : undefined;
  return async (backend) => {
    const { module } = await loadWasm(backend);
    return new Session1d(await module.Trainer.create(JSON.stringify(settings), backend, samples), backend);
  };
}

function createImageTrainer(wasm: WasmModule, settings: string, backend: BackendName, data: ImageData): Promise<ImageTrainer> {
  const { ImageTrainer } = wasm;
  switch (data.format) {
    case "asset":
      return ImageTrainer.create(settings, backend, "asset", data.bytes, undefined);
    case "idx":
      return ImageTrainer.create(settings, backend, "idx", data.images, data.labels);
    case "pixels":
      return ImageTrainer.create(settings, backend, "pixels", data.pixels, data.labels);
  }
}

class NotForThisKind extends Error {
  constructor(what: string) {
    super(`${what} is for the digit presets only`);
  }
}

class Session1d implements Session {
  readonly snapshotMs = 33;

  get step(): number {
    return this.trainer.step;
  }

  constructor(
    private readonly trainer: Trainer,
    readonly backend: BackendName,
  ) {}

  train(iterations: number): void {
    this.trainer.train(iterations);
  }

  trainNetwork(network: "discriminator" | "generator", steps: number): void {
    if (network === "discriminator") this.trainer.trainDiscriminator(steps);
    else this.trainer.trainGenerator(steps);
  }

  async postSnapshot(post: Post, pace: Pace): Promise<void> {
    const wasm = await this.trainer.snapshot();
    const snapshot = toPlain1d(wasm);
    wasm.free();
    const arrays = [
      snapshot.realHistogram,
      snapshot.generatedHistogram,
      snapshot.discriminatorCurve,
      snapshot.generatorMap,
      snapshot.dLosses,
      snapshot.gLosses,
    ];
    const itPerSec = pace.running ? pace.itPerSec(snapshot.step) : 0;
    post({ type: "snapshot", snapshot, running: pace.running, itPerSec }, arrays.map((a) => a.buffer));
  }

  async sync(): Promise<void> {
    (await this.trainer.snapshot()).free();
  }

  announce(): void {}

  async sample(n: number): Promise<{ values: Float32Array }> {
    return { values: await this.trainer.sample(n) };
  }

  latentWalk(): Promise<never> {
    return Promise.reject(new NotForThisKind("a latent walk"));
  }

  exportGenerator(): Promise<never> {
    return Promise.reject(new NotForThisKind("exporting the generator"));
  }

  checkpoint(): Promise<Uint8Array> {
    return this.trainer.checkpoint();
  }

  restore(bytes: Uint8Array): void {
    this.trainer.restore(bytes);
  }

  importGenerator(): never {
    throw new NotForThisKind("loading a generator");
  }

  setViewDigit(): never {
    throw new NotForThisKind("choosing a digit");
  }

  free(): void {
    this.trainer.free();
  }
}

function toPlain1d(s: Snapshot): Snapshot1d {
  return {
    step: s.step,
    dLoss: s.discriminatorLoss ?? null,
    gLoss: s.generatorLoss ?? null,
    lossesFrom: s.lossesFrom,
    dLosses: s.discriminatorLosses,
    gLosses: s.generatorLosses,
    w1: s.w1,
    ks: s.ks,
    xMin: s.xMin,
    xMax: s.xMax,
    zMin: s.zMin,
    zMax: s.zMax,
    realHistogram: s.realHistogram,
    generatedHistogram: s.generatedHistogram,
    generatedOutside: s.generatedOutside,
    discriminatorCurve: s.discriminatorCurve,
    generatorMap: s.generatorMap,
  };
}

/**
 * While running, the judge scores at most one snapshot every this many milliseconds: it costs
 * about one `mnist-mlp` iteration (≈ 90 ms on one CPU thread; a plain snapshot ≈ 11 ms).
 */
const JUDGE_MS = 4000;

class ImageSession implements Session {
  private lastJudgedAt = -Infinity;
  readonly snapshotMs = 200;

  get step(): number {
    return this.trainer.step;
  }

  constructor(
    private readonly trainer: ImageTrainer,
    readonly backend: BackendName,
  ) {}

  train(iterations: number): void {
    this.trainer.train(iterations);
  }

  trainNetwork(_network: "discriminator" | "generator", steps: number): void {
    this.trainer.train(steps);
  }

  async postSnapshot(post: Post, pace: Pace): Promise<void> {
    // Judge every JUDGE_MS while running, and always when paused or stepping (the user looks).
    const judged = !pace.running || performance.now() - this.lastJudgedAt >= JUDGE_MS;
    const wasm = await this.trainer.snapshot(judged);
    if (judged) this.lastJudgedAt = performance.now();
    const snapshot = toPlainImage(wasm, this.trainer.side);
    wasm.free();
    const arrays = [snapshot.samples, snapshot.dLosses, snapshot.gLosses, snapshot.dReals, snapshot.dFakes];
    const itPerSec = pace.running ? pace.itPerSec(snapshot.step) : 0;
    post({ type: "image-snapshot", snapshot, running: pace.running, itPerSec }, arrays.map((a) => a.buffer));
    if (judged && this.trainer.conditional) {
      const side = this.trainer.side;
      const images = await this.trainer.digitRow();
      post({ type: "digit-row", width: side, height: side, images }, [images.buffer]);
    }
  }

  async sync(): Promise<void> {
    (await this.trainer.snapshot(false)).free();
  }

  announce(post: Post): void {
    const side = this.trainer.side;
    const images = this.trainer.realImages();
    post({ type: "real-images", width: side, height: side, images, labels: null, columns: this.trainer.gridColumns }, [images.buffer]);
  }

  setViewDigit(digit: number | null): void {
    this.trainer.setViewDigit(digit ?? undefined);
  }

  async sample(n: number): Promise<{ values: Float32Array; width: number; height: number }> {
    const side = this.trainer.side;
    return { values: await this.trainer.sample(n), width: side, height: side };
  }

  async latentWalk(frames: number): Promise<{ frames: Float32Array; width: number; height: number }> {
    const side = this.trainer.side;
    return { frames: await this.trainer.latentWalk(frames), width: side, height: side };
  }

  exportGenerator(): Promise<Uint8Array> {
    return this.trainer.exportGenerator();
  }

  checkpoint(): Promise<Uint8Array> {
    return this.trainer.checkpoint();
  }

  restore(bytes: Uint8Array): void {
    this.trainer.restore(bytes);
  }

  importGenerator(bytes: Uint8Array): void {
    this.trainer.importGenerator(bytes);
  }

  free(): void {
    this.trainer.free();
  }
}

function toPlainImage(s: WasmImageSnapshot, side: number): ImageSnapshot {
  return {
    step: s.step,
    dLoss: s.discriminatorLoss ?? null,
    gLoss: s.generatorLoss ?? null,
    dReal: s.realProbability ?? null,
    dFake: s.fakeProbability ?? null,
    lossesFrom: s.lossesFrom,
    dLosses: s.discriminatorLosses,
    gLosses: s.generatorLosses,
    dReals: s.realProbabilities,
    dFakes: s.fakeProbabilities,
    width: side,
    height: side,
    samples: s.samples,
    columns: s.columns,
    judge: s.judged
      ? {
          confident: s.judgeConfident,
          classes: s.judgeClasses,
          histogram: Array.from(s.judgeHistogram),
          inceptionScore: s.inceptionScore,
        }
      : null,
  };
}
