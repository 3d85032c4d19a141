/**
 * What an image run has done so far: per iteration the D and G loss and the mean D(x) on the
 * real batch and on the fakes. The image counterpart of {@link TrainingHistory}: typed
 * arrays, bucket means for drawing, the whole of it as CSV.
 */

import { Growable, downsample, restoreSeries, saveSeries, type SavedHistory, type Series } from "./history";

/** The part of an image snapshot the history reads. */
export interface ImageHistoryInput {
  lossesFrom: number;
  dLosses: ArrayLike<number>;
  gLosses: ArrayLike<number>;
  dReals: ArrayLike<number>;
  dFakes: ArrayLike<number>;
}

export class ImageHistory {
  /** Index i holds iteration i + 1. */
  private readonly dLosses = new Growable();
  private readonly gLosses = new Growable();
  private readonly dReals = new Growable();
  private readonly dFakes = new Growable();
  private iota = new Float64Array(0);
  /** Bumped on every change, so a chart redraws only when there is something new. */
  version = 0;

  /** Completed iterations with a recorded loss. */
  get iterations(): number {
    return this.dLosses.length;
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

  /** Adds a snapshot's per-iteration values; a snapshot from an earlier step rewrites from there. */
  add(s: ImageHistoryInput): void {
    const first = s.lossesFrom - 1;
    if (s.dLosses.length === 0 || first < 0) return;
    for (const series of this.all()) series.truncate(first);
    for (let i = 0; i < s.dLosses.length; i++) {
      this.dLosses.set(first + i, s.dLosses[i]!);
      this.gLosses.set(first + i, s.gLosses[i] ?? NaN);
      this.dReals.set(first + i, s.dReals[i] ?? NaN);
      this.dFakes.set(first + i, s.dFakes[i] ?? NaN);
    }
    this.version++;
  }

  /** D and G loss per iteration, at most `maxPoints` points (bucket means beyond that). */
  losses(maxPoints: number): Series {
    return downsample({ x: this.steps(), ys: [this.dLosses.view(), this.gLosses.view()] }, maxPoints);
  }

  /** Mean D(real) and D(fake) per iteration, at most `maxPoints` points. */
  discriminator(maxPoints: number): Series {
    return downsample({ x: this.steps(), ys: [this.dReals.view(), this.dFakes.view()] }, maxPoints);
  }

  /** `step,d_loss,g_loss,d_real,d_fake`: one row per iteration. */
  toCsv(): string {
    const rows = ["step,d_loss,g_loss,d_real,d_fake"];
    const cell = (v: number) => (Number.isFinite(v) ? String(v) : "");
    for (let i = 0; i < this.dLosses.length; i++) {
      rows.push([String(i + 1), ...this.all().map((series) => cell(series.at(i)))].join(","));
    }
    return `${rows.join("\n")}\n`;
  }

  private all(): Growable[] {
    return [this.dLosses, this.gLosses, this.dReals, this.dFakes];
  }

  /** 1, 2, 3, …: the iteration numbers, kept so that drawing allocates no x array. */
  private steps(): Float64Array {
    const n = this.dLosses.length;
    if (this.iota.length < n) {
      this.iota = new Float64Array(Math.max(n, this.iota.length * 2, 1024));
      for (let i = 0; i < this.iota.length; i++) this.iota[i] = i + 1;
    }
    return this.iota.subarray(0, n);
  }
}
