/**
 * The 2D run's distance to the target over time, from its history: the sliced W₁ (left axis)
 * and, for the ring and the grid, the share of modes covered and of high-quality samples
 * (right axis, 0–1), the measures of the mode-collapse papers.
 */

import { Chart, axis, legendValue, withAlpha } from "../../charts/base";
import { iterationAxis, xRange } from "../../charts/history-charts";
import type { Series } from "../../state/history";

export class ModesChart {
  private readonly chart: Chart;
  /** The target's modes (to turn "modes covered" into a share); 0: a target without modes. */
  private modeCount = 0;

  constructor(container: HTMLElement) {
    this.chart = new Chart(
      container,
      (look) => ({
        scales: {
          x: { time: false, range: xRange },
          sw: { range: (_, __, max) => [0, Math.max(max, 1e-3) * 1.05] },
          share: { range: [0, 1] },
        },
        series: [
          { label: "iteration", value: legendValue },
          { label: "sliced W₁", scale: "sw", stroke: look.colors.accent, width: 2 * look.scale, points: { show: false }, value: legendValue },
          { label: "modes covered (share)", scale: "share", stroke: look.colors.disc, width: 2 * look.scale, points: { show: false }, value: legendValue },
          {
            label: "high quality",
            scale: "share",
            stroke: withAlpha(look.colors.fake, 0.9),
            width: 1.5 * look.scale,
            dash: [5 * look.scale, 4 * look.scale],
            points: { show: false },
            value: legendValue,
          },
        ],
        axes: [
          axis(look, iterationAxis),
          axis(look, { scale: "sw", label: "sliced W₁", labelSize: 16, size: 48, stroke: look.colors.accent }),
          axis(look, { scale: "share", side: 1, label: "share", labelSize: 16, size: 36, grid: { show: false } }),
        ],
        cursor: { points: { size: 6 * look.scale } },
      }),
      200,
      [[], [], [], []],
    );
  }

  /** The target's number of modes (0 without modes: the shares are left empty). */
  setModeCount(count: number): void {
    this.modeCount = count;
  }

  update(history: { metrics(): Series }): void {
    const { x, ys } = history.metrics();
    const [sliced, covered, quality] = ys;
    const share = Float64Array.from(covered ?? [], (v) => (this.modeCount > 0 ? v / this.modeCount : NaN));
    const empty = new Float64Array(x.length).fill(NaN);
    this.chart.setData([x, sliced ?? empty, share.length === x.length ? share : empty, quality ?? empty]);
  }
}
