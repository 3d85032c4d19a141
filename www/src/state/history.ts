/**
 * What a run has done so far: the D and G loss of every iteration, and W1 and KS at every
 * snapshot. Kept in typed arrays (a long run has millions of iterations); the charts draw a
 * bucket-mean downsampling of it, and the page can download all of it as CSV.
 */

/** The part of a snapshot the history reads. */
export interface HistoryInput {
  step: number;
  lossesFrom: number;
  dLosses: ArrayLike<number>;
  gLosses: ArrayLike<number>;
  w1: number;
  ks: number;
}

/** A typed array that grows by doubling; `view()` is the filled part. */
export class Growable {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }

  /** Makes room for `n` values, keeping the filled part. */
  private reserve(n: number): void {
    if (n <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < n) capacity *= 2;
    const next = new Float64Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /** Writes `value` at `index`, filling any gap before it with NaN. */
  set(index: number, value: number): void {
    this.reserve(index + 1);
    if (index > this.length) this.data.fill(NaN, this.length, index);
    this.data[index] = value;
    this.length = Math.max(this.length, index + 1);
  }

  truncate(length: number): void {
    this.length = Math.min(this.length, Math.max(0, length));
  }

  at(index: number): number {
    return this.data[index] ?? NaN;
  }

  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }

  /** Replaces the contents with `values`. */
  assign(values: ArrayLike<number>): void {
    this.reserve(values.length);
    this.data.set(values);
    this.length = values.length;
  }
}

/** A history's series as plain arrays (copies), to store beside a checkpoint. */
export type SavedHistory = Float64Array[];

/** Copies of `series`, in order. */
export function saveSeries(series: readonly Growable[]): SavedHistory {
  return series.map((s) => s.view().slice());
}

/** Puts saved copies back; `false` (and nothing changed) when they do not match `series`. */
export function restoreSeries(series: readonly Growable[], saved: unknown): boolean {
  if (!Array.isArray(saved) || saved.length !== series.length || !saved.every((a) => a instanceof Float64Array)) return false;
  series.forEach((s, i) => s.assign(saved[i] as Float64Array));
  return true;
}

/** Series for a chart: x values and one or more y series of the same length. */
export interface Series {
  x: Float64Array;
  ys: Float64Array[];
}

/**
 * At most `maxPoints` points: each is the mean of a bucket of consecutive points (x and y
 * alike), so the curve's trend survives and no spike is drawn from one unlucky sample.
 * NaN values (gaps) are left out of a bucket's mean.
 */
export function downsample(series: Series, maxPoints: number): Series {
  const n = series.x.length;
  if (n <= maxPoints) return series;
  const size = Math.ceil(n / maxPoints);
  const buckets = Math.ceil(n / size);
  const mean = (values: Float64Array): Float64Array => {
    const out = new Float64Array(buckets);
    for (let b = 0; b < buckets; b++) {
      let sum = 0;
      let count = 0;
      const end = Math.min(n, (b + 1) * size);
      for (let i = b * size; i < end; i++) {
        const v = values[i]!;
        if (!Number.isNaN(v)) {
          sum += v;
          count++;
        }
      }
      out[b] = count > 0 ? sum / count : NaN;
    }
    return out;
  };
  return { x: mean(series.x), ys: series.ys.map(mean) };
}

export class TrainingHistory {
  /** Index i holds iteration i + 1. */
  private readonly dLosses = new Growable();
  private readonly gLosses = new Growable();
  private readonly metricSteps = new Growable(256);
  private readonly w1 = new Growable(256);
  private readonly ks = new Growable(256);
  /** 1, 2, 3, …: the iteration numbers, kept so that drawing allocates no x array. */
  private iota = new Float64Array(0);
  /** Bumped on every change, so a chart redraws only when there is something new. */
  version = 0;

  /** Completed iterations with a recorded loss. */
  get iterations(): number {
    return this.dLosses.length;
  }

  /** Snapshots with a recorded W1/KS. */
  get measurements(): number {
    return this.metricSteps.length;
  }

  /** Forgets everything (a new run). */
  clear(): void {
    for (const series of this.all()) series.truncate(0);
    this.version++;
  }

  /** Everything, as copies (kept beside a checkpoint). */
  save(): SavedHistory {
    return saveSeries(this.all());
  }

  /** What `save` gave (a resumed run); `false` if it is not a history of this kind. */
  restore(saved: unknown): boolean {
    const done = restoreSeries(this.all(), saved);
    this.version++;
    return done;
  }

  private all(): Growable[] {
    return [this.dLosses, this.gLosses, this.metricSteps, this.w1, this.ks];
  }

  /** Adds a snapshot's losses and metrics; a snapshot from an earlier step rewrites from there. */
  add(s: HistoryInput): void {
    const first = s.lossesFrom - 1;
    if (s.dLosses.length > 0 && first >= 0) {
      this.dLosses.truncate(first);
      this.gLosses.truncate(first);
      for (let i = 0; i < s.dLosses.length; i++) {
        this.dLosses.set(first + i, s.dLosses[i]!);
        this.gLosses.set(first + i, s.gLosses[i] ?? NaN);
      }
    }
    // One measurement per step: a later snapshot of the same step (a pause, a D-step) replaces it.
    let keep = this.metricSteps.length;
    while (keep > 0 && this.metricSteps.at(keep - 1) >= s.step) keep--;
    for (const series of [this.metricSteps, this.w1, this.ks]) series.truncate(keep);
    if (Number.isFinite(s.w1) || Number.isFinite(s.ks)) {
      this.metricSteps.set(keep, s.step);
      this.w1.set(keep, s.w1);
      this.ks.set(keep, s.ks);
    }
    this.version++;
  }

  /** D and G loss per iteration, at most `maxPoints` points (bucket means beyond that). */
  losses(maxPoints: number): Series {
    const n = this.dLosses.length;
    if (this.iota.length < n) {
      this.iota = new Float64Array(Math.max(n, this.iota.length * 2, 1024));
      for (let i = 0; i < this.iota.length; i++) this.iota[i] = i + 1;
    }
    return downsample({ x: this.iota.subarray(0, n), ys: [this.dLosses.view(), this.gLosses.view()] }, maxPoints);
  }

  /** W1 and KS per snapshot. */
  metrics(): Series {
    return { x: this.metricSteps.view(), ys: [this.w1.view(), this.ks.view()] };
  }

  /**
   * `step,d_loss,g_loss,w1,ks`: one row per iteration (and one for step 0 when it was
   * measured); w1 and ks only where a snapshot measured them, empty elsewhere.
   */
  toCsv(): string {
    const rows = ["step,d_loss,g_loss,w1,ks"];
    const cell = (v: number) => (Number.isFinite(v) ? String(v) : "");
    let m = 0;
    const last = Math.max(this.dLosses.length, this.metricSteps.length > 0 ? this.metricSteps.at(this.metricSteps.length - 1) : 0);
    for (let step = 0; step <= last; step++) {
      while (m < this.metricSteps.length && this.metricSteps.at(m) < step) m++;
      const measured = m < this.metricSteps.length && this.metricSteps.at(m) === step;
      if (step === 0 && !measured) continue;
      const losses = step >= 1 ? [cell(this.dLosses.at(step - 1)), cell(this.gLosses.at(step - 1))] : ["", ""];
      const metrics = measured ? [cell(this.w1.at(m)), cell(this.ks.at(m))] : ["", ""];
      rows.push([String(step), ...losses, ...metrics].join(","));
    }
    return `${rows.join("\n")}\n`;
  }
}
