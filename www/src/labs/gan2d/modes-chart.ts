/**
 * The 2D run's distance to the target over time, from its history: the sliced W₁ (left axis)
 * and, for the ring and the grid, the share of modes covered and of high-quality samples
 * (right axis, 0–1), the measures of the mode-collapse papers.
 */

import type { Chart } from "../../charts/base";
import { distanceChart } from "../../charts/distance-chart";
import type { Series } from "../../state/history";

export class ModesChart {
  private readonly chart: Chart;
  /** The target's modes (to turn "modes covered" into a share); 0: a target without modes. */
  private modeCount = 0;

  constructor(container: HTMLElement) {
    this.chart = distanceChart(container, "sliced W₁", "share", [
      { label: "modes covered (share)", color: (look) => look.colors.disc },
      { label: "high quality", color: (look) => look.colors.fake, alpha: 0.9, dashed: true },
    ]);
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
