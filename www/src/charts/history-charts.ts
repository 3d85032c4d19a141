/**
 * The run over time, for every lab: D's and G's loss per iteration from a run's history
 * (state/history.ts); long histories are drawn from bucket means. The helpers here (axes,
 * ranges) serve the labs' own history charts too.
 */

import uPlot from "uplot";
import type { Series } from "../state/history";
import { Chart, axis, legendValue } from "./base";

/** Beyond this many iterations, the loss curves are drawn from bucket means. */
export const MAX_DRAWN_POINTS = 20_000;

/** The x axis of every history chart. */
export const iterationAxis = { label: "iteration", labelSize: 16 };
/**
 * Before the first iteration there is no data to range an axis on, and uPlot would draw no
 * axes at all: show 0–1 instead. (uPlot passes null then, though its types say number.)
 */
export const xRange: uPlot.Range.Function = (_, min: number | null, max: number | null) =>
  min === null || max === null || !(max > min) ? [min ?? 0, (min ?? 0) + 1] : [min, max];
export const yRange: uPlot.Range.Function = (_, min: number | null, max: number | null) =>
  min === null || max === null ? [0, 1] : uPlot.rangeNum(min, max, 0.1, true);

/** uPlot's aligned columns of a series (x first). */
export function data(series: Series): uPlot.AlignedData {
  return [series.x, ...series.ys];
}

/** Anything with per-iteration D and G losses: a run's history. */
export interface LossSource {
  losses(maxPoints: number): Series;
}

export class LossChart {
  private readonly chart: Chart;

  constructor(container: HTMLElement) {
    this.chart = new Chart(
      container,
      (look) => ({
        scales: { x: { time: false, range: xRange }, y: { range: yRange } },
        series: [
          { label: "iteration", value: legendValue },
          { label: "D loss", stroke: look.colors.disc, width: 1.25 * look.scale, points: { show: false }, value: legendValue },
          { label: "G loss", stroke: look.colors.fake, width: 1.25 * look.scale, points: { show: false }, value: legendValue },
        ],
        axes: [axis(look, iterationAxis), axis(look, { label: "loss", labelSize: 16, size: 48 })],
        cursor: { points: { size: 6 * look.scale } },
      }),
      200,
      [[], [], []],
    );
  }

  update(history: LossSource): void {
    this.chart.setData(data(history.losses(MAX_DRAWN_POINTS)));
  }
}

/**
 * The history views redraw at most this often: a curve growing by a few points needs no 30
 * redraws a second, and the main thread shares two cores with the training worker.
 */
const HISTORY_MS = 100;
/** Downsampling a history costs time in its length: beyond this many iterations… */
const LONG_HISTORY = 100_000;
/** …the history views redraw at most this often. */
const LONG_HISTORY_MS = 250;

/**
 * When a lab's history charts redraw: when the history changed, at most every
 * {@link HISTORY_MS} (a long history: {@link LONG_HISTORY_MS}); a cleared one (a new run) at once.
 */
export class HistoryRedraw {
  private drawnVersion = -1;
  private drawnAt = -Infinity;

  constructor(
    private readonly history: { readonly version: number; readonly iterations: number },
    private readonly redraw: () => void,
  ) {}

  /** Redraws if due; returns whether it is still to do (the caller asks again next frame). */
  run(now = performance.now()): boolean {
    if (this.history.version === this.drawnVersion) return false;
    const interval = this.history.iterations > LONG_HISTORY ? LONG_HISTORY_MS : HISTORY_MS;
    if (this.history.iterations > 0 && now - this.drawnAt < interval) return true;
    this.drawnVersion = this.history.version;
    this.drawnAt = now;
    this.redraw();
    return false;
  }
}
