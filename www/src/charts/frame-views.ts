/**
 * The pace every lab's live views keep: snapshots arrive up to ~30 times a second, the views
 * draw the latest at most once per animation frame (and only what changed since the last
 * frame), the history charts follow at their own modest rate (`HistoryRedraw`), and the text
 * alternatives (charts/text-alternatives.ts) at theirs. A lab's views extend it with what one
 * snapshot draws, and what else they collect between frames.
 */

import { HistoryRedraw } from "./history-charts";
import { TextAlternatives } from "./text-alternatives";

export abstract class FrameViews<S> {
  private pending: S | null = null;
  /** The latest snapshot shown, and the earlier one the views hold instead (rewind), if any. */
  private latest: S | null = null;
  private held: S | null = null;
  private frame = 0;
  private readonly historyRedraw: HistoryRedraw;
  protected readonly alternatives = new TextAlternatives();

  /** `history`: the run's, whose charts {@link redrawHistory} draws. */
  protected constructor(history: { readonly version: number; readonly iterations: number }) {
    this.historyRedraw = new HistoryRedraw(history, () => this.redrawHistory());
  }

  /** A new snapshot (its losses are already in the history): drawn at the next frame. */
  show(snapshot: S): void {
    this.latest = snapshot;
    if (this.held) return;
    this.pending = snapshot;
    this.schedule();
  }

  /** Shows `snapshot` (an earlier one: rewind) until released with `null`, when the latest is drawn again. */
  hold(snapshot: S | null): void {
    if (snapshot === this.held) return;
    this.held = snapshot;
    this.pending = snapshot ?? this.latest;
    this.schedule();
  }

  /** The history was cleared (a new run) or grew: the history charts catch up soon. */
  historyChanged(): void {
    this.schedule();
  }

  /** Forgets a snapshot not drawn yet (it belongs to the previous run). */
  protected dropPending(): void {
    this.pending = this.latest = this.held = null;
  }

  /** Draws at the next animation frame (once, however often it is asked). */
  protected schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Draws the latest snapshot. */
  protected abstract drawSnapshot(snapshot: S): void;

  /** Draws the charts of the run's history. */
  protected abstract redrawHistory(): void;

  /** Draws what else the views collected since the last frame (nothing, unless a lab's views collect more). */
  protected drawCollected(): void {}

  private draw(): void {
    this.frame = 0;
    const snapshot = this.pending;
    this.pending = null;
    if (snapshot) this.drawSnapshot(snapshot);
    this.drawCollected();
    if (this.historyRedraw.run()) this.schedule();
  }
}
