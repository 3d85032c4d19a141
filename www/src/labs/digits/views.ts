/**
 * The views of an image run: G's digits from fixed noise beside real ones, the losses, mean
 * D(real) and D(fake), the judge's verdict, and a latent walk. Like the 1D views, they
 * collect what arrives and draw at most once per animation frame; the curves at most
 * as often as charts/history-charts.ts `HistoryRedraw` allows, and their text alternatives
 * (descriptions.ts) at a modest rate.
 */

import { DigitGrid } from "./digit-grid";
import { DiscriminatorOutputChart } from "./discriminator-output";
import { FrameViews } from "../../charts/frame-views";
import { LossChart } from "../../charts/history-charts";
import { describeDigits } from "./descriptions";
import type { DigitsSnapshot, JudgeScore } from "../../protocol";
import type { RunHistory } from "../../state/history";
import { isConditional, type UrlState } from "../../state/url";
import { DIGIT_VIEWS } from "./descriptor";
import { JudgeView } from "./judge-view";

export interface DigitsViewElements {
  generated: HTMLCanvasElement;
  real: HTMLCanvasElement;
  walk: HTMLCanvasElement;
  /** Conditional presets: one noise vector drawn as each digit 0–9, and the panel that holds it. */
  digitRow: HTMLCanvasElement;
  digitRowPanel: HTMLElement;
  losses: HTMLElement;
  discriminator: HTMLElement;
  judge: HTMLElement;
  /** Says what the generated grid shows (the digit or digits, for the conditional presets). */
  gridCaption: HTMLElement;
  walkCaption: HTMLElement;
  /** Holds the digit buttons: all, 0–9 (conditional presets). */
  digitPicker: HTMLElement;
}

/** Images as they arrive from the worker (`columns`: how a grid of them is laid out; see protocol.ts `Pictures`). */
interface Images {
  width: number;
  height: number;
  images: Float32Array;
  columns?: number;
}

/** The digits of a conditional preset's every-digit view: a column each. */
const DIGITS = 10;

/** The widest a grid of digits is drawn, in CSS pixels. */
const GRID_CSS_WIDTH = 360;
const WALK_CSS_WIDTH = 900;
/** The side of every image preset's digits (for the blank grids before the first images). */
const DIGIT_SIDE = 28;

export class DigitsViews extends FrameViews<DigitsSnapshot> {
  private readonly generated: DigitGrid;
  private readonly real: DigitGrid;
  private readonly walk: DigitGrid;
  private readonly row: DigitGrid;
  private readonly losses: LossChart;
  private readonly discriminator: DiscriminatorOutputChart;
  private readonly judge: JudgeView;
  private readonly digitButtons: HTMLButtonElement[] = [];
  /** The grids' columns and rows while no images say otherwise. */
  private columns = 4;
  private rows = 4;
  private pendingReal: Images | null = null;
  private pendingWalk: Images | null = null;
  private pendingRow: Images | null = null;
  /** The judge's latest verdict (judged snapshots come every few seconds) and what the grid holds, for the names. */
  private judgeScore: JudgeScore | null = null;
  private gridShows = "G(z)";
  /** The live run's latest verdict (what the judge view shows again after a rewind). */
  private liveJudge: JudgeScore | null = null;

  constructor(
    private readonly el: DigitsViewElements,
    private readonly history: RunHistory<DigitsSnapshot>,
    pickDigit: (view: UrlState["digit"]) => void,
  ) {
    super(history);
    const bounds = (canvas: HTMLCanvasElement) => canvas.closest<HTMLElement>(".grids, .walk-strip") ?? canvas.parentElement ?? document.body;
    this.generated = new DigitGrid(el.generated, GRID_CSS_WIDTH, bounds(el.generated));
    this.real = new DigitGrid(el.real, GRID_CSS_WIDTH, bounds(el.real));
    this.walk = new DigitGrid(el.walk, WALK_CSS_WIDTH, bounds(el.walk));
    this.row = new DigitGrid(el.digitRow, WALK_CSS_WIDTH, bounds(el.digitRow));
    this.losses = new LossChart(el.losses);
    this.discriminator = new DiscriminatorOutputChart(el.discriminator);
    this.judge = new JudgeView(el.judge);
    for (const view of DIGIT_VIEWS) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = view === "all" ? "All" : view;
      button.id = `digit-${view}`;
      button.title =
        view === "all"
          ? "Show every digit: a column of each, every row one noise vector (the same run: training goes on)"
          : `Show G's ${view}s (the same run: G learns every digit at once, training goes on)`;
      button.addEventListener("click", () => pickDigit(view));
      this.digitButtons.push(button);
    }
    const label = document.createElement("span");
    label.textContent = "Digit:";
    el.digitPicker.replaceChildren(label, ...this.digitButtons);
  }

  /** The settings' part of the views: the grids' layout, the digit on view and its caption. */
  describe(state: UrlState): void {
    const conditional = isConditional(state.preset);
    const every = conditional && state.digit === "all";
    [this.columns, this.rows] = every ? [DIGITS, state.grid] : [state.grid, state.grid];
    this.el.digitPicker.hidden = !conditional;
    this.el.digitRowPanel.hidden = !conditional;
    this.digitButtons.forEach((button, i) => button.setAttribute("aria-pressed", String(conditional && DIGIT_VIEWS[i] === state.digit)));
    this.gridShows = !conditional ? "G(z)" : every ? "a column for each digit 0–9, G(z, d)" : `every image G(z, ${state.digit})`;
    this.el.gridCaption.textContent = !conditional
      ? ""
      : every
        ? `Column d is G(z, d) for the digits 0–9; each row keeps one fixed noise z, so a row shows one "handwriting" across the digits. Pick a digit to see more of it: the run goes on.`
        : `Every image is G(z, ${state.digit}): the fixed noise z with the label ${state.digit}, so the grid should fill with ${state.digit}s in different hands.`;
  }

  /** A new snapshot (its histories are already in the history): drawn at the next frame. */
  override show(snapshot: DigitsSnapshot): void {
    if (snapshot.judge) this.liveJudge = snapshot.judge;
    // Judged snapshots of the conditional presets carry the row of the ten digits.
    if (snapshot.digit_row) this.pendingRow = { width: snapshot.side, height: snapshot.side, images: snapshot.digit_row };
    super.show(snapshot);
  }

  /** Rewind: an earlier snapshot (with the judge's verdict of its time); `null`: live, with the latest verdict. */
  override hold(snapshot: DigitsSnapshot | null): void {
    super.hold(snapshot);
    if (snapshot === null) {
      this.judge.show(this.liveJudge);
      this.judgeScore = this.liveJudge;
    }
  }

  /** Real images to show beside the generated ones. */
  showReal(images: Images): void {
    this.pendingReal = images;
    this.schedule();
  }

  /** A latent walk's frames, in a row. */
  showWalk(images: Images): void {
    this.pendingWalk = images;
    this.schedule();
  }

  /** A new run: what was shown belongs to the previous one. */
  clear(): void {
    this.dropPending();
    this.pendingReal = this.pendingWalk = this.pendingRow = null;
    this.row.clear();
    // Blank grids of the coming size hold the layout still until the images arrive.
    const count = this.columns * this.rows;
    this.generated.blank(count, this.columns, DIGIT_SIDE, DIGIT_SIDE);
    this.real.blank(count, this.columns, DIGIT_SIDE, DIGIT_SIDE);
    this.walk.clear();
    this.judge.show(null);
    this.judgeScore = this.liveJudge = null;
    this.el.walkCaption.textContent = "";
    this.schedule();
  }

  /** Whether a latent walk is on show (it is refreshed when the run pauses). */
  get hasWalk(): boolean {
    return this.walk.hasImages;
  }

  /** The generated grid as a PNG, ×4 nearest neighbour. */
  generatedPng(): Promise<Blob> {
    return this.generated.toPng(4);
  }

  protected override redrawHistory(): void {
    this.losses.update(this.history);
    this.discriminator.update(this.history);
  }

  protected override drawSnapshot(snapshot: DigitsSnapshot): void {
    const cell = snapshot.side * snapshot.side;
    const count = cell > 0 ? Math.floor(snapshot.samples.length / cell) : 0;
    this.generated.draw({ images: snapshot.samples, count, width: snapshot.side, height: snapshot.side, columns: snapshot.columns });
    if (snapshot.judge) {
      this.judge.show(snapshot.judge);
      this.judgeScore = snapshot.judge;
    }
    this.alternatives.request(() => {
      const names = describeDigits(snapshot, this.judgeScore, this.gridShows);
      return [
        [this.el.generated, names.generated],
        [this.el.losses, names.losses],
        [this.el.discriminator, names.discriminator],
      ];
    });
  }

  /** The real images, the walk and the row of the ten digits, where new ones came. */
  protected override drawCollected(): void {
    const real = this.pendingReal;
    this.pendingReal = null;
    if (real) this.real.draw({ ...grid(real), columns: real.columns ?? this.columns });
    const walk = this.pendingWalk;
    this.pendingWalk = null;
    if (walk) {
      const frames = grid(walk);
      this.walk.draw({ ...frames, columns: frames.count });
      this.el.walkCaption.textContent = `${frames.count} frames along a great circle from one fixed noise vector z₀ to another, z₁ (on the sphere, every z keeps the length typical of N(0, I), as a straight line would not), drawn by G as it is now.`;
    }
    const row = this.pendingRow;
    this.pendingRow = null;
    if (row) {
      const digits = grid(row);
      this.row.draw({ ...digits, columns: digits.count });
    }
  }
}

function grid(images: Images): { images: Float32Array; count: number; width: number; height: number } {
  const cell = images.width * images.height;
  return { images: images.images, count: cell > 0 ? Math.floor(images.images.length / cell) : 0, width: images.width, height: images.height };
}
