/**
 * How `backend=auto` decides, as pure functions of what the browser reports and of a measured
 * trial: WebGPU only where it is a real GPU *and* faster for this model (shared/DESIGN.md §2).
 */

import type { BackendName } from "../protocol";
import { descriptorOf, type LabId } from "../labs/registry";

/** What the browser tells about its WebGPU adapter (a subset of `GPUAdapterInfo`). */
export interface AdapterFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** `GPUAdapterInfo.isFallbackAdapter` (or the older `GPUAdapter.isFallbackAdapter`). */
  isFallbackAdapter: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|warp/i;

/** A CPU rasteriser posing as a GPU (SwiftShader, llvmpipe, Microsoft Basic Render, fallback). */
export function isSoftwareAdapter(facts: AdapterFacts): boolean {
  return facts.isFallbackAdapter || SOFTWARE.test([facts.vendor, facts.architecture, facts.device, facts.description].join(" "));
}

/** A short human name for the adapter, e.g. "SwiftShader Device (Subzero)" or "nvidia ampere". */
export function adapterName(facts: AdapterFacts): string {
  const name = facts.description.trim() || [facts.vendor, facts.architecture].filter(Boolean).join(" ").trim();
  return name || "unnamed adapter";
}

export interface Choice {
  backend: BackendName;
  /** The badge text: what runs and why, e.g. "CPU — WebGPU unavailable: no adapter". */
  reason: string;
}

/**
 * The decision once both backends were timed (iterations per second each) on a model of
 * `lab`: a decision for that lab's models only (a 1D net and a digit net differ a hundredfold
 * in work per step).
 */
export function chooseByTrial(adapter: string, webgpuItPerSec: number, cpuItPerSec: number, lab: LabId): Choice {
  const model = `on the ${descriptorOf(lab).modelName} model`;
  if (webgpuItPerSec > cpuItPerSec) {
    return { backend: "webgpu", reason: `WebGPU — ${adapter} (${ratio(webgpuItPerSec, cpuItPerSec)} faster than the CPU ${model} here)` };
  }
  return { backend: "cpu", reason: `CPU — ${ratio(cpuItPerSec, webgpuItPerSec)} faster than WebGPU (${adapter}) ${model} here` };
}

function ratio(fast: number, slow: number): string {
  const r = slow > 0 ? fast / slow : Infinity;
  if (!Number.isFinite(r)) return "far";
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(1)}×`;
}
