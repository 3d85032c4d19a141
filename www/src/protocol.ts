/**
 * Messages between the page and its training worker, and the public widget protocol
 * (shared/DESIGN.md §4) between the page and a parent frame. The page and the worker talk
 * through these types only.
 */

import type {
  ActivationKind,
  GeneratorOutput,
  LabSettings,
  LossKind,
  NoiseKind,
  OptimizerKind,
  OrderKind,
  Reduction,
  ShapeKind,
  TargetKind,
  TrainingKeys,
} from "../pkg/gan_playground.js";

export type BackendName = "webgpu" | "cpu";
export type BackendRequest = "auto" | BackendName;

// ── the labs' settings: typed once, in the Rust crate (tsify writes the declarations) ──────

/**
 * Every value of a string union the crate declares, as a list the page can loop over (menus,
 * the URL table's validation). The compiler refuses a list that misses a value of the union or
 * names one the crate does not have.
 */
function valuesOf<T extends string>() {
  return <const L extends readonly T[]>(values: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L => values;
}

export const TARGETS = valuesOf<TargetKind>()(["gaussian", "mixture", "uniform", "lognormal", "drawn", "data"]);
export const NOISES = valuesOf<NoiseKind>()(["uniform", "normal"]);
export const ACTIVATIONS = valuesOf<ActivationKind>()(["leakyrelu", "relu", "tanh"]);
export const G_OUTPUTS = valuesOf<GeneratorOutput>()(["linear", "activation"]);
export const ORDERS = valuesOf<OrderKind>()(["d-first", "g-first"]);
export const REDUCTIONS = valuesOf<Reduction>()(["sum", "mean"]);
export const LOSSES = valuesOf<LossKind>()(["minimax", "nonsaturating", "leastsquares", "wgan-gp"]);
export const OPTIMIZERS = valuesOf<OptimizerKind>()(["sgd", "adam", "rmsprop"]);
/** What a 2D generator must learn (the 2D lab's targets.rs in the crate); `points`: the user's own. */
export const SHAPES = valuesOf<ShapeKind>()(["ring8", "grid25", "moons", "spiral", "line", "clusters", "circle", "points"]);

/**
 * One lab's settings as the crate's `LabSettings` declares them (each field documented in the
 * lab's crate/src/labs/<lab>/settings.rs; the keys are the URL keys, docs/url-keys.md), with the
 * seed the page always sends. Each lab names its own in its descriptor.ts.
 */
export type SettingsOf<L extends LabSettings["lab"]> = Extract<LabSettings, { lab: L }> & { seed: number };
/** What a run trains on: one lab's settings, tagged with the lab (the crate's `LabSettings`). */
export type RunSettings = { [L in LabSettings["lab"]]: SettingsOf<L> }[LabSettings["lab"]];
/** The training keys the 1D and the 2D lab share (crate/src/labs/mlp_gan/settings.rs). */
export type { TrainingKeys };
/** One mixture component: weight, mean, standard deviation. */
export type MixtureComponent = EverySetting["mixture"][number];
/** Every field of every lab's settings but the tag and the seed, with its type (labs that share a key share its type). */
export type EverySetting = UnionToIntersection<FieldsOf<RunSettings>>;
type FieldsOf<S> = S extends unknown ? Omit<S, "lab" | "seed"> : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The images an image run trains on: the built-in MNIST asset (public/data/mnist-10k.bin, see
 * scripts/mnist-asset.mjs), MNIST-format IDX files (images, optional labels), or decoded
 * images as 28×28 grey u8 pixels (0 = background), image after image.
 */
export type ImageData =
  | { format: "asset"; bytes: Uint8Array }
  | { format: "idx"; images: Uint8Array; labels?: Uint8Array | undefined }
  | { format: "pixels"; pixels: Uint8Array; labels?: Uint8Array | undefined };

/** The data beside the settings: the user's 1D samples or 2D points (x, y pairs), or the images of an image run. */
export type RunData = Float32Array | ImageData;

/** Training speed: iterations per animation frame, or the fastest the backend can go. */
export const SPEEDS = ["max", "100", "10", "1", "slow"] as const;
export type Speed = (typeof SPEEDS)[number];

// ── page → worker ───────────────────────────────────────────────────────────────────────

export type WorkerCommand =
  /**
   * Brings up the backend (once per worker) and creates a trainer. `data`: the user's samples
   * when a 1D `settings.target` is `data`; the images for an image preset (required).
   */
  | {
      type: "init";
      settings: RunSettings;
      backend: BackendRequest;
      data?: RunData | undefined;
      checkpoint?: Uint8Array | undefined;
      test?: TestOptions | undefined;
    }
  /**
   * A new trainer with other settings on the backend already chosen (paused, at step 0 — or
   * at the step of `checkpoint`, a `checkpoint` event's bytes of a run with these settings).
   */
  | { type: "configure"; settings: RunSettings; data?: RunData | undefined; checkpoint?: Uint8Array | undefined }
  /** The run's state as bytes (answered by a `checkpoint` event), to resume it after a reload. */
  | { type: "checkpoint" }
  | { type: "play" }
  | { type: "pause" }
  /** `n` full iterations (`what: "iteration"`), or `n` steps of one network only. */
  | { type: "step"; n: number; what?: "iteration" | "discriminator" | "generator" }
  | { type: "speed"; speed: Speed }
  | { type: "reset" }
  | { type: "get-samples"; id: string | number; n: number }
  /** Image runs: `frames` images along a straight line between two fixed noise vectors. */
  | { type: "latent-walk"; frames: number }
  /** The view keys of `settings` (the run's own settings, e.g. another digit on view) apply from now on; the run goes on. */
  | { type: "view"; settings: RunSettings }
  /** Image runs: G's weights as a file (a burn record). */
  | { type: "export-generator" }
  /** Image runs: continue from (or sample) a generator exported before. */
  | { type: "import-generator"; bytes: Uint8Array }
  /** Any run: "Export for PyTorch", `run.py` and `weights.safetensors`; `title` and `link` go into the script's header. */
  | { type: "export-pytorch"; title: string; link: string }
  /**
   * Test hook (never sent by the page on its own; see `window.ganPlaygroundFaults` in main.ts):
   * destroy the WebGPU device, panic inside the wasm module, or throw in the worker.
   */
  | { type: "fault"; fault: Fault }
  /**
   * Test hook (the test build only; `window.ganPlaygroundFaults.compareBackends` in main.ts):
   * this run trains `iterations` on WebGPU and on the CPU (or, `webgpuOnly`, on WebGPU twice)
   * from the same start, the first backend's checkpoint after `warmup` iterations; the worker
   * answers with a `test-report` (crate/src/agreement.rs).
   */
  | { type: "compare-backends"; comparison: BackendComparison };

/** What `compare-backends` compares (crate/src/agreement.rs). */
export interface BackendComparison {
  warmup: number;
  iterations: number;
  webgpuOnly: boolean;
}

/**
 * The test build's options for a worker (main.ts takes them from `window.ganPlaygroundTest`;
 * every other build ignores them): `trustSoftwareAdapter`, `backend=auto` times a software
 * WebGPU adapter as it would a real GPU (so the trial runs where only SwiftShader is);
 * `keepElementWiseFusion` (below).
 */
export interface TestOptions {
  trustSoftwareAdapter?: boolean;
  /**
   * Keep burn's element-wise fuser on WebGPU, which every build removes because it computes a
   * wrong gradient for the DCGAN networks (crate/src/backend.rs); tests/e2e/webgpu.spec.ts
   * shows that it still does.
   */
  keepElementWiseFusion?: boolean;
  /** The threaded build's pool never starts (worker/wasm.ts's watchdog falls back to one thread). */
  stallThreadPool?: boolean;
  /** How long that watchdog waits for the pool, in ms (worker/wasm.ts `THREAD_POOL_START_MS` elsewhere). */
  threadPoolStartMs?: number;
  /** How long the page waits for `ready` before it says what is still waited for (main.ts `STARTUP_WATCHDOG_MS` elsewhere). */
  startupWatchdogMs?: number;
}

/**
 * The failures the test hook can provoke: a lost device, a panic, an uncaught worker error; a
 * trap in the next restore; the next checkpoint answered 1.5 s late (a Reset in between); an
 * allocation failure (the module's memory taken until none is left).
 */
export const FAULTS = ["lose-device", "panic", "worker-error", "trap-next-restore", "slow-checkpoint", "exhaust-memory"] as const;
export type Fault = (typeof FAULTS)[number];

// ── worker → page ───────────────────────────────────────────────────────────────────────

/**
 * What the views draw at one moment: one typed value per lab, declared by the Rust crate
 * (crate/src/labs/<lab>/snapshot.rs; tsify writes the declarations into the wasm package's
 * .d.ts) and posted by the worker as it comes out of the module. The field names are the
 * crate's, here, in the widget protocol and in the CSV. Arrays are transferred, not copied.
 */
export type { DigitsSnapshot, Divergence, Gan1dSnapshot, Gan2dSnapshot, JudgeScore, Pictures, Samples, Snapshot } from "../pkg/gan_playground.js";
import type { Divergence, Pictures, Snapshot } from "../pkg/gan_playground.js";

/** The snapshot of one lab. */
export type SnapshotOf<L extends Snapshot["lab"]> = Extract<Snapshot, { lab: L }>;

export type WorkerEvent =
  /**
   * The trainer is in place. `resources`: what this worker has fetched (its script, the build's
   * glue and wasm): the page's service worker keeps them for offline use (ui/offline.ts).
   */
  | { type: "ready"; backend: BackendName; adapter: string; reason: string; resources: string[] }
  /** What the worker's start-up is doing now (loading a module, starting threads): what the page says when it takes long. */
  | { type: "stage"; stage: string }
  /**
   * A new trainer (after init, configure or reset) is in place: histories restart. `resumed`:
   * it continues from the checkpoint it was given, at that step.
   */
  | { type: "fresh"; resumed?: { step: number } }
  /** The answer to a `checkpoint` command: the run at `step`. */
  | { type: "checkpoint"; step: number; bytes: Uint8Array }
  /** What the views draw now (any lab: `snapshot.lab` says which). */
  | { type: "snapshot"; snapshot: Snapshot; running: boolean; itPerSec: number }
  /** After `fresh` (and a view change) on a lab that draws pictures: real ones to show beside the generated grid. */
  | { type: "real-images"; pictures: Pictures }
  | { type: "latent-walk"; pictures: Pictures }
  | { type: "generator-exported"; bytes: Uint8Array }
  /** The answer to `export-pytorch`: the script and the weights (safetensors, PyTorch's layout). */
  | { type: "pytorch-exported"; script: string; weights: Uint8Array }
  /** The generator from an `import-generator` is in place; training goes on from it. */
  | { type: "generator-imported" }
  | { type: "running"; running: boolean }
  /** 1D: `values` are samples. 2D: `dim` set, `values` = points, coordinate after coordinate. Images: `width`/`height` set, `values` = images in [0, 1], one after another. */
  | { type: "samples"; id: string | number; values: Float32Array; width?: number | undefined; height?: number | undefined; dim?: number | undefined }
  /**
   * A loss or an output is NaN or infinite: training paused itself, and `play`/`step` are
   * refused until a reset or new settings.
   */
  | { type: "diverged"; divergence: Divergence }
  /** The WebGPU device was lost: this worker can do nothing more; the page starts one on the CPU. */
  | { type: "device-lost"; message: string }
  /**
   * Restoring a checkpoint trapped the wasm module: this worker can do nothing more, and the
   * page starts the run again from step 0 in a new one (`message` says so to the user).
   */
  | { type: "restore-crashed"; message: string }
  /** `fatal`: the wasm module is dead (a panic) and the worker must be restarted. */
  | { type: "error"; message: string; fatal: boolean }
  /** The test build's answer to `compare-backends`: crate/src/agreement.rs `Agreement`, as JSON. */
  | { type: "test-report"; report: string };

// ── widget protocol v1: page ⇄ parent frame ─────────────────────────────────────────────

export const WIDGET_SOURCE = "gan-playground";
export const WIDGET_VERSION = 1;

export interface WidgetStatus {
  running: boolean;
  step: number;
  itPerSec: number;
  /** The latest losses, under the snapshot's names (`null` before the first step). */
  discriminator_loss: number | null;
  generator_loss: number | null;
  /** v1's first names of the same two values, kept for the decks that read them. */
  dLoss: number | null;
  gLoss: number | null;
  /**
   * The lab's measures under the snapshot's names: 1D `w1`, `ks`; 2D `sliced_w1` and, for the
   * ring and the grid, `modes_covered`, `high_quality`; the image lab's `real_probability`,
   * `fake_probability` and the judge's `confident`, `classes`, `inception_score` (and, as v1
   * first named them, `dReal`, `dFake`, `judge`, `judgeClasses`, `inceptionScore`).
   */
  metrics: Record<string, number>;
  backend: BackendName | null;
}

export type ErrorCode = "diverged" | "device-lost" | "crashed";

/** Widget → parent; each carries `source: "gan-playground"` and `v: 1`. */
export type WidgetMessage =
  | { type: "ready"; backend: BackendName; adapter: string; preset: string; hash: string }
  /** `preset` and `hash` (additions to v1) name the demo the status is about. */
  | ({ type: "status"; preset?: string; hash?: string } & WidgetStatus)
  /**
   * Something went wrong: `key` names a bad link value; `code` says what happened to the run
   * (`diverged`: paused at NaN, reset to go on; `device-lost`: continued on the CPU; `crashed`:
   * the trainer stopped; a `reset` starts it again from step 0).
   */
  | { type: "error"; message: string; key?: string; code?: ErrorCode }
  | { type: "resize"; height: number }
  | { type: "samples"; id: string | number; kind: "1d"; values: number[] }
  | { type: "samples"; id: string | number; kind: "points"; dim: number; points: number[][] }
  | { type: "samples"; id: string | number; kind: "image"; width: number; height: number; images: number[][] };

/** Parent → widget; each carries `target: "gan-playground"`. */
export type WidgetCommand =
  | { type: "play" }
  | { type: "pause" }
  | { type: "reset" }
  | { type: "step"; n: number }
  | { type: "get-status" }
  | { type: "get-samples"; id: string | number; n: number }
  /** Another demo: a hash as in the address (`#v=1&…`, with or without `#`), applied without a reload. */
  | { type: "set-hash"; hash: string };

/** Longest hash `set-hash` accepts (a drawn density of 64 bins fits many times over). */
export const MAX_HASH_LENGTH = 8192;

/** Largest `n` accepted by `step` and `get-samples`. */
export const MAX_STEPS_PER_COMMAND = 100_000;
export const MAX_SAMPLES = 100_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= max;
}

/** A parent's message as a command, or `null` if it is not a well-formed one for us. */
export function parseWidgetCommand(data: unknown): WidgetCommand | null {
  if (!isRecord(data) || data.target !== WIDGET_SOURCE) return null;
  switch (data.type) {
    case "play":
    case "pause":
    case "reset":
    case "get-status":
      return { type: data.type };
    case "step": {
      const n = data.n ?? 1;
      return isCount(n, MAX_STEPS_PER_COMMAND) ? { type: "step", n } : null;
    }
    case "set-hash": {
      const hash = data.hash;
      return typeof hash === "string" && hash.length <= MAX_HASH_LENGTH ? { type: "set-hash", hash } : null;
    }
    case "get-samples": {
      const n = data.n ?? 1000;
      const id = data.id;
      const validId = typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
      return validId && isCount(n, MAX_SAMPLES) ? { type: "get-samples", id, n } : null;
    }
    default:
      return null;
  }
}
