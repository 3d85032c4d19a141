/**
 * What a run of any lab has done so far: values of every iteration (D's and G's loss, and
 * whatever else the lab records per iteration) and measures taken at snapshots (the 1D lab's
 * W1 and KS). Each lab declares its columns by the snapshot's own field names
 * ({@link HistoryColumns}); the CSV's header is those names. Kept in typed arrays (a long run
 * has millions of iterations); the charts draw a bucket-mean downsampling of it.
 */

/**
 * A lab's history columns, named as its snapshot names them: per iteration, a value name and
 * the snapshot's array of that value since the previous snapshot (`discriminator_loss` ←
 * `discriminator_losses`); per snapshot, a number field of the snapshot (`w1`).
 */
export interface HistoryColumns<S> {
  perIteration: ReadonlyArray<readonly [name: string, field: KeysOfType<S, ArrayLike<number>>]>;
  perSnapshot: ReadonlyArray<KeysOfType<S, number | undefined>>;
}

type KeysOfType<S, T> = { [K in keyof S]: S[K] extends T ? K : never }[keyof S] & string;

/** The part of a snapshot every history reads: where its per-iteration arrays start. */
export interface HistoryInput {
  step: number;
  losses_from: number;
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

/** A run's history, for the columns a lab declares. */
export class RunHistory<S extends HistoryInput> {
  /** Per iteration, one series per column: index i holds iteration i + 1. */
  private readonly perIteration: Growable[];
  /** The steps measured, and one series per measure. */
  private readonly measuredSteps = new Growable(256);
  private readonly perSnapshot: Growable[];
  /** 1, 2, 3, …: the iteration numbers, kept so that drawing allocates no x array. */
  private iota = new Float64Array(0);
  /** Bumped on every change, so a chart redraws only when there is something new. */
  version = 0;

  constructor(readonly columns: HistoryColumns<S>) {
    this.perIteration = columns.perIteration.map(() => new Growable());
    this.perSnapshot = columns.perSnapshot.map(() => new Growable(256));
  }

  /** Completed iterations with a recorded value. */
  get iterations(): number {
    return this.perIteration[0]?.length ?? 0;
  }

  /** Snapshots with a recorded measure. */
  get measurements(): number {
    return this.measuredSteps.length;
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

  /** As {@link save}, up to iteration `step` (a branch from that iteration: ui/rewind.ts). */
  saveUpTo(step: number): SavedHistory {
    const n = Math.max(0, Math.min(step, this.iterations));
    let m = 0;
    while (m < this.measuredSteps.length && this.measuredSteps.at(m) <= step) m++;
    return [...this.perIteration.map((s) => s.view().slice(0, n)), this.measuredSteps.view().slice(0, m), ...this.perSnapshot.map((s) => s.view().slice(0, m))];
  }

  /** What `save` gave (a resumed run); `false` if it is not a history of these columns. */
  restore(saved: unknown): boolean {
    const done = restoreSeries(this.all(), saved);
    this.version++;
    return done;
  }

  private all(): Growable[] {
    return [...this.perIteration, this.measuredSteps, ...this.perSnapshot];
  }

  /** Adds a snapshot's values; a snapshot from an earlier step rewrites from there. */
  add(s: S): void {
    const first = s.losses_from - 1;
    const arrays = this.columns.perIteration.map(([, field]) => s[field] as ArrayLike<number>);
    const count = arrays[0]?.length ?? 0;
    if (count > 0 && first >= 0) {
      this.perIteration.forEach((series, c) => {
        series.truncate(first);
        const values = arrays[c]!;
        for (let i = 0; i < count; i++) series.set(first + i, values[i] ?? NaN);
      });
    }
    if (this.perSnapshot.length > 0) {
      // One measurement per step: a later snapshot of the same step (a pause, a D-step) replaces it.
      let keep = this.measuredSteps.length;
      while (keep > 0 && this.measuredSteps.at(keep - 1) >= s.step) keep--;
      for (const series of [this.measuredSteps, ...this.perSnapshot]) series.truncate(keep);
      const measures = this.columns.perSnapshot.map((field) => s[field] as number);
      if (measures.some(Number.isFinite)) {
        this.measuredSteps.set(keep, s.step);
        this.perSnapshot.forEach((series, m) => series.set(keep, measures[m]!));
      }
    }
    this.version++;
  }

  /** The per-iteration columns `names` (all by default), at most `maxPoints` points (bucket means beyond that). */
  perIterationSeries(maxPoints: number, names: readonly string[] = this.columns.perIteration.map(([name]) => name)): Series {
    const n = this.iterations;
    if (this.iota.length < n) {
      this.iota = new Float64Array(Math.max(n, this.iota.length * 2, 1024));
      for (let i = 0; i < this.iota.length; i++) this.iota[i] = i + 1;
    }
    const ys = names.map((name) => this.perIteration[this.columns.perIteration.findIndex(([column]) => column === name)]!.view());
    return downsample({ x: this.iota.subarray(0, n), ys }, maxPoints);
  }

  /** D's and G's loss per iteration, at most `maxPoints` points. */
  losses(maxPoints: number): Series {
    return this.perIterationSeries(maxPoints, ["discriminator_loss", "generator_loss"]);
  }

  /** The measures per snapshot. */
  metrics(): Series {
    return { x: this.measuredSteps.view(), ys: this.perSnapshot.map((series) => series.view()) };
  }

  /**
   * `step,<per-iteration names>,<measures>`: one row per iteration (and one for step 0 when it
   * was measured); measures only where a snapshot took them, empty elsewhere.
   */
  toCsv(): string {
    const names = [...this.columns.perIteration.map(([name]) => name), ...this.columns.perSnapshot];
    const rows = [["step", ...names].join(",")];
    const cell = (v: number) => (Number.isFinite(v) ? String(v) : "");
    const blank = (series: readonly Growable[]) => series.map(() => "");
    let m = 0;
    const lastMeasured = this.measuredSteps.length > 0 ? this.measuredSteps.at(this.measuredSteps.length - 1) : 0;
    const last = Math.max(this.iterations, lastMeasured);
    for (let step = 0; step <= last; step++) {
      while (m < this.measuredSteps.length && this.measuredSteps.at(m) < step) m++;
      const measured = m < this.measuredSteps.length && this.measuredSteps.at(m) === step;
      if (step === 0 && !measured) continue;
      const values = step >= 1 ? this.perIteration.map((series) => cell(series.at(step - 1))) : blank(this.perIteration);
      const measures = measured ? this.perSnapshot.map((series) => cell(series.at(m))) : blank(this.perSnapshot);
      rows.push([String(step), ...values, ...measures].join(","));
    }
    return `${rows.join("\n")}\n`;
  }
}
