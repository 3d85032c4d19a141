/**
 * What a run looked like along the way, kept within a memory budget (ui/rewind.ts): the
 * rewind slider's frames (snapshots) and the checkpoints "Continue from here" starts from.
 * Items are kept at a thinning interval of iterations: every `interval` iterations at most
 * one, and the latest; when the budget (bytes or count) is exceeded, every other item is dropped and the
 * interval doubles. So a run of any length keeps items spread evenly over all of it, at most
 * `maxItems` of them and at most `budgetBytes` in all — TensorBoard's reservoir, made even.
 */

export interface Kept<T> {
  readonly step: number;
  readonly value: T;
  readonly bytes: number;
}

export interface ThinnedLimits {
  /** The most bytes kept (the sum of each item's stated size). */
  readonly budgetBytes: number;
  /** The most items kept. */
  readonly maxItems: number;
}

export class Thinned<T> {
  private items: Kept<T>[] = [];
  /** At most one item per this many iterations (doubles as the run grows). */
  interval = 1;
  /** The bytes of the items kept. */
  bytes = 0;
  /** Whether the last item is there only as the latest (the next one replaces it). */
  private provisional = false;

  constructor(readonly limits: ThinnedLimits) {}

  get length(): number {
    return this.items.length;
  }

  get all(): readonly Kept<T>[] {
    return this.items;
  }

  /** The last item kept. */
  get last(): Kept<T> | undefined {
    return this.items.at(-1);
  }

  at(index: number): Kept<T> | undefined {
    return this.items[index];
  }

  /**
   * Adds the item of `step`, the latest. The latest is always kept until a later one comes;
   * it stays when it is `interval` or more after the item before it (the first always does).
   * One of the same step replaces the last (a pause's second look at a step); one of an
   * earlier step first drops every item from that step on (a run that went back).
   */
  add(step: number, value: T, bytes: number): void {
    this.dropFrom(step + 1);
    const last = this.items.at(-1);
    if (last && (last.step === step || this.provisional)) {
      this.bytes -= last.bytes;
      this.items.pop();
    }
    const before = this.items.at(-1);
    this.provisional = before !== undefined && step - before.step < this.interval;
    this.items.push({ step, value, bytes });
    this.bytes += bytes;
    while (this.items.length > 2 && (this.bytes > this.limits.budgetBytes || this.items.length > this.limits.maxItems)) this.thin();
  }

  /** Drops every item of `step` or later. */
  dropFrom(step: number): void {
    while (this.items.length > 0 && this.items.at(-1)!.step >= step) {
      this.bytes -= this.items.pop()!.bytes;
      this.provisional = false;
    }
  }

  /** Forgets everything (a new run). */
  clear(): void {
    this.items = [];
    this.bytes = 0;
    this.interval = 1;
    this.provisional = false;
  }

  /** The index of the last item at or before `step` (-1 when none is). */
  indexAtOrBefore(step: number): number {
    let low = 0;
    let high = this.items.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.items[mid]!.step <= step) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** A copy holding the items up to `step` (a branch's shared past: the values are shared, not copied). */
  upTo(step: number): Thinned<T> {
    const copy = new Thinned<T>(this.limits);
    copy.items = this.items.slice(0, this.indexAtOrBefore(step) + 1);
    copy.bytes = copy.items.reduce((sum, item) => sum + item.bytes, 0);
    copy.interval = this.interval;
    return copy;
  }

  /**
   * Keeps the first item, the last, and every other one between, and doubles the interval:
   * the kept steps stay spread over the whole run.
   */
  private thin(): void {
    const last = this.items.length - 1;
    this.items = this.items.filter((_, i) => i === 0 || i === last || i % 2 === 0);
    this.bytes = this.items.reduce((sum, item) => sum + item.bytes, 0);
    this.interval *= 2;
  }
}

/** The bytes a structured-cloned value holds, near enough for a budget: its typed arrays, numbers and strings. */
export function sizeOf(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 8;
  if (ArrayBuffer.isView(value)) return value.byteLength + 64;
  if (typeof value === "string") return 2 * value.length + 16;
  if (typeof value !== "object" || depth > 4) return 8;
  const entries = Array.isArray(value) ? value : Object.values(value);
  return entries.reduce<number>((sum, entry) => sum + 8 + sizeOf(entry, depth + 1), 32);
}
