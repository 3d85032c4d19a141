/** Types of memory.mjs, for tests/e2e/soak.spec.ts (the bench itself is plain JavaScript). */
import type { Page } from "@playwright/test";

/** One reading, in bytes; null where it could not be read. */
export interface MemorySample {
  pageHeap: number;
  pageBuffers: number | null;
  workerHeap: number | null;
  wasmBytes: number | null;
  workers: number;
}

export interface MemoryProbe {
  sample(): Promise<MemorySample>;
  detach(): Promise<void>;
}

export interface Summary {
  start: number;
  end: number;
  /** Growth of the thirds' floors, start → end (what a judge compares). */
  growthPct: number;
  /** Growth of the thirds' medians (for information: spikes move it). */
  medianGrowthPct: number;
  first: number;
  last: number;
  slopePer10Min: number | null;
  slopePctPer10Min: number | null;
}

export function watchMemory(page: Page): Promise<MemoryProbe>;
export function median(xs: readonly number[]): number;
export function slope<T extends { s: number }>(samples: readonly T[], value: (x: T) => number | null, perSec?: number): number | null;
export function thirds(values: readonly number[]): { firstFloor: number; lastFloor: number; firstMedian: number; lastMedian: number };
export function summarise<T extends { s: number }>(samples: readonly T[], value: (x: T) => number | null): Summary | null;
