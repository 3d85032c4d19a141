/**
 * The 1D run's distance to the target over time: W₁ and KS per snapshot, from its history.
 */

import type { Chart } from "../../charts/base";
import { distanceChart } from "../../charts/distance-chart";
import { data } from "../../charts/history-charts";
import type { Series } from "../../state/history";

export class MetricChart {
  private readonly chart: Chart;

  constructor(container: HTMLElement) {
    this.chart = distanceChart(container, "W₁", "KS", [{ label: "KS", color: (look) => look.colors.ink, alpha: 0.7, dashed: true }]);
  }

  update(history: { metrics(): Series }): void {
    this.chart.setData(data(history.metrics()));
  }
}
