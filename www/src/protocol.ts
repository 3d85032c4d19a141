/**
 * Messages between the page and its training worker, and the public widget protocol
 * (shared/DESIGN.md §4) between the page and a parent frame. The page and the worker talk
 * through these types only.
 */

export type BackendName = "webgpu" | "cpu";
export type BackendRequest = "auto" | BackendName;

// ── page → worker ───────────────────────────────────────────────────────────────────────

export type WorkerCommand =
  | { type: "init"; preset: string; seed: number; backend: BackendRequest }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step"; n: number }
  | { type: "reset" }
  | { type: "get-samples"; id: string | number; n: number };

// ── worker → page ───────────────────────────────────────────────────────────────────────

/** Everything the 1D views draw; arrays are transferred, not copied. */
export interface Snapshot1d {
  step: number;
  dLoss: number | null;
  gLoss: number | null;
  w1: number;
  ks: number;
  xMin: number;
  xMax: number;
  zMin: number;
  zMax: number;
  realHistogram: Float32Array;
  generatedHistogram: Float32Array;
  generatedOutside: number;
  discriminatorCurve: Float32Array;
  generatorMap: Float32Array;
}

export type WorkerEvent =
  | { type: "ready"; backend: BackendName; adapter: string; reason: string; preset: string }
  | { type: "snapshot"; snapshot: Snapshot1d; running: boolean; itPerSec: number }
  | { type: "running"; running: boolean }
  | { type: "samples"; id: string | number; values: Float32Array }
  /** `fatal`: the wasm module is dead (a panic) and the worker must be restarted. */
  | { type: "error"; message: string; fatal: boolean };

// ── widget protocol v1: page ⇄ parent frame ─────────────────────────────────────────────

export const WIDGET_SOURCE = "gan-playground";
export const WIDGET_VERSION = 1;

export interface WidgetStatus {
  running: boolean;
  step: number;
  itPerSec: number;
  dLoss: number | null;
  gLoss: number | null;
  metrics: Record<string, number>;
  backend: BackendName | null;
}

/** Widget → parent; each carries `source: "gan-playground"` and `v: 1`. */
export type WidgetMessage =
  | { type: "ready"; backend: BackendName; adapter: string; preset: string; hash: string }
  | ({ type: "status" } & WidgetStatus)
  | { type: "error"; message: string; key?: string }
  | { type: "samples"; id: string | number; kind: "1d"; values: number[] };

/** Parent → widget; each carries `target: "gan-playground"`. */
export type WidgetCommand =
  | { type: "play" }
  | { type: "pause" }
  | { type: "reset" }
  | { type: "step"; n: number }
  | { type: "get-status" }
  | { type: "get-samples"; id: string | number; n: number };

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
