/**
 * The page's model of a training run: it owns the worker client, keeps the latest state the
 * worker reported, and tells its listeners (the controls, the charts, the widget bridge).
 */

import type {
  BackendName,
  BackendComparison,
  BackendRequest,
  Fault,
  JudgeScore,
  RunData,
  RunSettings,
  Snapshot,
  Speed,
  TestOptions,
  WidgetStatus,
  WorkerEvent,
} from "../protocol";
import { descriptorOf } from "../labs/registry";
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

/**
 * What the player tells its listeners: the worker's events as the worker sent them (but
 * `ready`, which comes with the backend's facts gathered, and `device-lost`, which says whether
 * the run was playing), and the page's own moments around them.
 */
export type PlayerEvent =
  | Exclude<WorkerEvent, { type: "ready" | "device-lost" | "restore-crashed" }>
  /** A (re)start: what was shown belongs to the previous run. */
  | { type: "starting" }
  /** Reset was asked for: the run shown is to be forgotten (its `fresh` follows). */
  | { type: "resetting" }
  | { type: "ready"; info: BackendInfo }
  /** The GPU was lost: the run must go on elsewhere (ui/resume.ts restarts it on the CPU). */
  | { type: "device-lost"; message: string; wasRunning: boolean }
  /** A step was asked for (the overview graph shows which part of the algorithm runs). */
  | { type: "stepping"; what: StepKind; n: number };

/** What one step command runs: a full iteration, or one network's step alone. */
export type StepKind = "iteration" | "discriminator" | "generator";

export class Player {
  private client: TrainerClient | null = null;
  private readonly listeners: Array<(event: PlayerEvent) => void> = [];
  running = false;
  info: BackendInfo | null = null;
  /** What the trainer worker has fetched (its `ready` says): kept for offline use (ui/offline.ts). */
  resources: readonly string[] = [];
  /** The latest snapshot (of any lab), and the latest judge score of a digit run (judged every few seconds). */
  snapshot: Snapshot | null = null;
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

  /** The test build's worker options (main.ts); undefined elsewhere. */
  testOptions: TestOptions | undefined;

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
    this.judge = null;
    this.itPerSec = 0;
    const client = new TrainerClient((event) => {
      // A terminated worker's last messages may still be in flight.
      if (client === this.client) this.receive(event);
    });
    this.client = client;
    this.emit({ type: "starting" });
    const backend = this.cpuOnly ? "cpu" : config.backend;
    client.send({ type: "init", settings: config.settings, backend, data: config.data, checkpoint, test: this.testOptions });
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
  step(n = 1, what: StepKind = "iteration"): void {
    if (!this.client) return;
    this.emit({ type: "stepping", what, n });
    this.client.send({ type: "step", n, what });
  }
  /** The speed the run trains at when playing. */
  get currentSpeed(): Speed {
    return this.speed;
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
  /** Test hook (main.ts): this run on WebGPU against the CPU (answered by a `test-report` event). */
  compareBackends(comparison: BackendComparison): void {
    this.client?.send({ type: "compare-backends", comparison });
  }
  requestSamples(id: string | number, n: number): void {
    this.client?.send({ type: "get-samples", id, n });
  }
  /** Image runs: asks for a latent walk of `frames` images (answered by a `latent-walk` event). */
  latentWalk(frames: number): void {
    this.client?.send({ type: "latent-walk", frames });
  }
  /**
   * The view keys of `settings` (the same run's settings with another view, e.g. the digit on
   * view): nothing restarts; a run started later (a restart after a crash) keeps them.
   */
  view(settings: RunSettings): void {
    for (const config of [this.config, this.accepted]) if (config) config.settings = settings;
    this.client?.send({ type: "view", settings });
  }
  /** Image runs: asks for G's weights (answered by a `generator-exported` event). */
  exportGenerator(): void {
    this.client?.send({ type: "export-generator" });
  }
  /** Any run: asks for "Export for PyTorch" (answered by a `pytorch-exported` event). */
  exportPytorch(title: string, link: string): void {
    this.client?.send({ type: "export-pytorch", title, link });
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
    const s = this.snapshot;
    // The lab's own measures (labs/<lab>/descriptor.ts), then the judge's, where there is one.
    const metrics: Record<string, number> = s ? widgetMetricsOf(s) : {};
    const judge = this.judge;
    if (judge) {
      Object.assign(metrics, { confident: judge.confident, classes: judge.classes, inception_score: judge.inception_score });
      Object.assign(metrics, { judge: judge.confident, judgeClasses: judge.classes, inceptionScore: judge.inception_score });
    }
    const discriminator_loss = s?.discriminator_loss ?? null;
    const generator_loss = s?.generator_loss ?? null;
    return {
      running: this.running,
      step: s?.step ?? 0,
      itPerSec: this.itPerSec,
      discriminator_loss,
      generator_loss,
      dLoss: discriminator_loss,
      gLoss: generator_loss,
      metrics,
      backend: this.info?.backend ?? null,
    };
  }

  private receive(event: WorkerEvent): void {
    switch (event.type) {
      case "ready":
        this.info = { backend: event.backend, adapter: event.adapter, reason: event.reason };
        this.resources = event.resources;
        this.emit({ type: "ready", info: this.info });
        return;
      case "fresh":
        this.accepted = this.config;
        this.snapshot = null;
        this.judge = null;
        break;
      case "snapshot":
        this.snapshot = event.snapshot;
        if ("judge" in event.snapshot && event.snapshot.judge) this.judge = event.snapshot.judge;
        this.itPerSec = event.itPerSec;
        break;
      case "running":
        this.running = event.running;
        if (!event.running) this.itPerSec = 0;
        break;
      case "diverged":
        this.running = false;
        this.itPerSec = 0;
        break;
      case "device-lost": {
        const wasRunning = this.running;
        this.running = false;
        this.itPerSec = 0;
        this.emit({ ...event, wasRunning });
        return;
      }
      case "restore-crashed":
        this.emit({ type: "error", message: event.message, fatal: false });
        this.start(this.config);
        return;
      case "error":
        if (event.fatal) {
          this.running = false;
          this.crashed = true;
        }
        break;
    }
    this.emit(event);
  }

  private emit(event: PlayerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** A snapshot's measures for the widget protocol, as its lab names them. */
function widgetMetricsOf(snapshot: Snapshot): Record<string, number> {
  return descriptorOf(snapshot.lab).widgetMetrics(snapshot);
}
