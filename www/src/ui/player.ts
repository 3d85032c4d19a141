/**
 * The page's model of a training run: it owns the worker client, keeps the latest state the
 * worker reported, and tells its listeners (the controls, the charts, the widget bridge).
 */

import type {
  BackendName,
  BackendRequest,
  Divergence,
  Fault,
  ImageSnapshot,
  JudgeScore,
  RunData,
  RunSettings,
  Snapshot1d,
  Speed,
  WidgetStatus,
  WorkerEvent,
} from "../protocol";
import { isImageSettings } from "../protocol";
import { TrainerClient } from "../worker/client";

/** What a run is made of: the settings (seed included), the backend request, the user's data. */
export interface RunConfig {
  backend: BackendRequest;
  settings: RunSettings;
  /** The user's own 1D samples (when `settings.target` is `data`), or an image run's images. */
  data?: RunData | undefined;
  /** A checkpoint of this run to continue from (ui/resume.ts); used once, not kept for restarts. */
  checkpoint?: Uint8Array | undefined;
}

export interface BackendInfo {
  backend: BackendName;
  adapter: string;
  reason: string;
}

export type PlayerEvent =
  /** A (re)start: what was shown belongs to the previous run. */
  | { type: "starting" }
  /** Reset was asked for: the run shown is to be forgotten (its `fresh` follows). */
  | { type: "resetting" }
  | { type: "ready"; info: BackendInfo }
  /** A new trainer (new settings or a reset) is in place, at step 0 or `resumed` from a checkpoint: histories restart. */
  | { type: "fresh"; resumed?: { step: number } | undefined }
  | { type: "checkpoint"; step: number; bytes: Uint8Array }
  | { type: "snapshot"; snapshot: Snapshot1d }
  | { type: "image-snapshot"; snapshot: ImageSnapshot }
  | { type: "real-images"; width: number; height: number; images: Float32Array; labels: Uint8Array | null; columns: number }
  | { type: "latent-walk"; width: number; height: number; frames: Float32Array }
  | { type: "digit-row"; width: number; height: number; images: Float32Array }
  | { type: "generator-exported"; bytes: Uint8Array }
  | { type: "generator-imported" }
  | { type: "running"; running: boolean }
  /** 1D: `values` are samples; images: `width`/`height` set and `values` holds the images. */
  | { type: "samples"; id: string | number; values: Float32Array; width?: number | undefined; height?: number | undefined }
  /** The run went non-finite and paused itself (play and step are refused until a reset). */
  | { type: "diverged"; divergence: Divergence }
  /** The GPU was lost: the run must go on elsewhere (ui/resume.ts restarts it on the CPU). */
  | { type: "device-lost"; message: string; wasRunning: boolean }
  | { type: "error"; message: string; fatal: boolean };

export class Player {
  private client: TrainerClient | null = null;
  private readonly listeners: Array<(event: PlayerEvent) => void> = [];
  running = false;
  info: BackendInfo | null = null;
  snapshot: Snapshot1d | null = null;
  /** The latest snapshot of an image run, and the latest judge score in it (judged every few seconds). */
  imageSnapshot: ImageSnapshot | null = null;
  judge: JudgeScore | null = null;
  itPerSec = 0;
  /** Kept across restarts: a new worker is told it after `init`. */
  private speed: Speed = "max";
  /** The worker died (a crash): nothing runs until a restart. */
  crashed = false;
  /** After a lost GPU every start asks for the CPU, whatever the link's `backend` says. */
  private cpuOnly = false;

  /** The latest config a trainer accepted (a `fresh` came back): what a restart goes back to. */
  private accepted: RunConfig | null = null;

  constructor(private config: RunConfig) {}

  /** The configuration of the current run. */
  get current(): RunConfig {
    return this.config;
  }

  /**
   * Applies new settings: a fresh trainer on the backend already running (no new worker, no
   * new backend choice), or a full start when the backend request changed or none is running.
   */
  configure(config: RunConfig): void {
    const sameBackend = config.backend === this.config.backend;
    if (!this.client || !this.info || !sameBackend) {
      this.start(config);
      return;
    }
    const { checkpoint, ...kept } = config;
    this.config = kept;
    this.running = false;
    this.itPerSec = 0;
    this.client.send({ type: "configure", settings: config.settings, data: config.data, checkpoint });
  }

  /**
   * Starts (or restarts, e.g. after a crash or a new backend) the worker with `config`; with
   * none, the last config a trainer accepted (not one it refused, e.g. a corrupt upload).
   */
  start(config: RunConfig = this.accepted ?? this.config): void {
    this.client?.terminate();
    const { checkpoint, ...kept } = config;
    this.config = kept;
    this.crashed = false;
    this.running = false;
    this.info = null;
    this.snapshot = null;
    this.imageSnapshot = null;
    this.judge = null;
    this.itPerSec = 0;
    const client = new TrainerClient((event) => {
      // A terminated worker's last messages may still be in flight.
      if (client === this.client) this.receive(event);
    });
    this.client = client;
    this.emit({ type: "starting" });
    const backend = this.cpuOnly ? "cpu" : config.backend;
    client.send({ type: "init", settings: config.settings, backend, data: config.data, checkpoint });
    if (this.speed !== "max") client.send({ type: "speed", speed: this.speed });
  }

  on(listener: (event: PlayerEvent) => void): void {
    this.listeners.push(listener);
  }

  play(): void {
    this.client?.send({ type: "play" });
  }
  pause(): void {
    this.client?.send({ type: "pause" });
  }
  /** `n` full iterations, or `n` steps of the discriminator or the generator alone. */
  step(n = 1, what: "iteration" | "discriminator" | "generator" = "iteration"): void {
    this.client?.send({ type: "step", n, what });
  }
  /** Iterations per frame, or `max`. */
  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.client?.send({ type: "speed", speed });
  }
  /** Back to step 0; after a crash, a new worker at step 0. */
  reset(): void {
    this.emit({ type: "resetting" });
    if (this.crashed) this.start();
    else this.client?.send({ type: "reset" });
  }

  /**
   * The same run in a new worker, from `checkpoint` (its bytes, from a `checkpoint` event) or
   * step 0; `cpu`: on the CPU from now on (after a lost GPU).
   */
  restart(checkpoint: Uint8Array | undefined, options: { cpu?: boolean } = {}): void {
    if (options.cpu) this.cpuOnly = true;
    this.start({ ...(this.accepted ?? this.config), checkpoint });
  }

  /** Test hook (main.ts `window.ganPlaygroundFaults`): provokes a failure in the worker. */
  fault(fault: Fault): void {
    this.client?.send({ type: "fault", fault });
  }
  requestSamples(id: string | number, n: number): void {
    this.client?.send({ type: "get-samples", id, n });
  }
  /** Image runs: asks for a latent walk of `frames` images (answered by a `latent-walk` event). */
  latentWalk(frames: number): void {
    this.client?.send({ type: "latent-walk", frames });
  }
  /**
   * Conditional presets: the digit the views draw (undefined: every digit). A view of the same
   * run: nothing restarts; a run started later (a restart after a crash) keeps it.
   */
  viewDigit(digit: number | undefined): void {
    for (const config of [this.config, this.accepted]) {
      if (config && isImageSettings(config.settings)) config.settings = { ...config.settings, digit };
    }
    this.client?.send({ type: "view-digit", digit: digit ?? null });
  }
  /** Image runs: asks for G's weights (answered by a `generator-exported` event). */
  exportGenerator(): void {
    this.client?.send({ type: "export-generator" });
  }
  /** Image runs: loads G's weights exported before (errors come back as an `error` event). */
  importGenerator(bytes: Uint8Array): void {
    this.client?.send({ type: "import-generator", bytes });
  }

  /** Asks for the run's state as bytes (answered by a `checkpoint` event). */
  checkpoint(): void {
    this.client?.send({ type: "checkpoint" });
  }

  /** The widget protocol's view of the run. */
  status(): WidgetStatus {
    const s = this.snapshot ?? this.imageSnapshot;
    const metrics: Record<string, number> = {};
    if (this.snapshot) Object.assign(metrics, { w1: this.snapshot.w1, ks: this.snapshot.ks });
    const image = this.imageSnapshot;
    if (image?.dReal != null) metrics.dReal = image.dReal;
    if (image?.dFake != null) metrics.dFake = image.dFake;
    if (this.judge) {
      Object.assign(metrics, {
        judge: this.judge.confident,
        judgeClasses: this.judge.classes,
        inceptionScore: this.judge.inceptionScore,
      });
    }
    return {
      running: this.running,
      step: s?.step ?? 0,
      itPerSec: this.itPerSec,
      dLoss: s?.dLoss ?? null,
      gLoss: s?.gLoss ?? null,
      metrics,
      backend: this.info?.backend ?? null,
    };
  }

  private receive(event: WorkerEvent): void {
    switch (event.type) {
      case "ready":
        this.info = { backend: event.backend, adapter: event.adapter, reason: event.reason };
        this.emit({ type: "ready", info: this.info });
        break;
      case "fresh":
        this.accepted = this.config;
        this.snapshot = null;
        this.imageSnapshot = null;
        this.judge = null;
        this.emit({ type: "fresh", resumed: event.resumed });
        break;
      case "checkpoint":
        this.emit(event);
        break;
      case "image-snapshot":
        this.imageSnapshot = event.snapshot;
        if (event.snapshot.judge) this.judge = event.snapshot.judge;
        this.itPerSec = event.itPerSec;
        this.emit({ type: "image-snapshot", snapshot: event.snapshot });
        break;
      case "real-images":
      case "latent-walk":
      case "digit-row":
      case "generator-imported":
      case "generator-exported":
        this.emit(event);
        break;
      case "snapshot":
        this.snapshot = event.snapshot;
        this.itPerSec = event.itPerSec;
        this.emit({ type: "snapshot", snapshot: event.snapshot });
        break;
      case "running":
        this.running = event.running;
        if (!event.running) this.itPerSec = 0;
        this.emit({ type: "running", running: event.running });
        break;
      case "samples":
        this.emit({ type: "samples", id: event.id, values: event.values, width: event.width, height: event.height });
        break;
      case "diverged":
        this.running = false;
        this.itPerSec = 0;
        this.emit(event);
        break;
      case "device-lost": {
        const wasRunning = this.running;
        this.running = false;
        this.itPerSec = 0;
        this.emit({ ...event, wasRunning });
        break;
      }
      case "restore-crashed":
        // The checkpoint is not used again (ui/resume.ts forgets it on the `fresh` that follows).
        this.emit({ type: "error", message: event.message, fatal: false });
        this.start(this.config);
        break;
      case "error":
        if (event.fatal) {
          this.running = false;
          this.crashed = true;
        }
        this.emit({ type: "error", message: event.message, fatal: event.fatal });
        break;
    }
  }

  private emit(event: PlayerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
