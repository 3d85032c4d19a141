/**
 * The 1D run's distance to the target over time: W₁ and KS per snapshot, from its history.
 */

import { Chart, axis, legendValue, withAlpha } from "../../charts/base";
import { data, iterationAxis, xRange } from "../../charts/history-charts";
import type { Series } from "../../state/history";

export class MetricChart {
  private readonly chart: Chart;

  constructor(container: HTMLElement) {
    this.chart = new Chart(
      container,
      (look) => ({
        scales: {
          x: { time: false, range: xRange },
          w1: { range: (_, __, max) => [0, Math.max(max, 1e-3) * 1.05] },
          ks: { range: [0, 1] },
        },
        series: [
          { label: "iteration", value: legendValue },
          { label: "W₁", scale: "w1", stroke: look.colors.accent, width: 2 * look.scale, points: { show: false }, value: legendValue },
          {
            label: "KS",
            scale: "ks",
            stroke: withAlpha(look.colors.ink, 0.7),
            width: 1.5 * look.scale,
            dash: [5 * look.scale, 4 * look.scale],
            points: { show: false },
            value: legendValue,
          },
        ],
        axes: [
          axis(look, iterationAxis),
          axis(look, { scale: "w1", label: "W₁", labelSize: 16, size: 48, stroke: look.colors.accent }),
          axis(look, { scale: "ks", side: 1, label: "KS", labelSize: 16, size: 36, grid: { show: false } }),
        ],
        cursor: { points: { size: 6 * look.scale } },
      }),
      200,
      [[], [], []],
    );
  }

  update(history: { metrics(): Series }): void {
    this.chart.setData(data(history.metrics()));
  }
}
