/**
 * Mean D(x) over the iterations: on the real batch and on G's fakes. At the GAN's
 * equilibrium both sit at ½; D(real) near 1 with D(fake) near 0 means D wins outright.
 */

import uPlot from "uplot";
import type { DigitsSnapshot } from "../../protocol";
import type { RunHistory } from "../../state/history";
import { Chart, axis, legendValue, withAlpha } from "../../charts/base";
import { MAX_DRAWN_POINTS, data, iterationAxis, xRange } from "../../charts/history-charts";

export class DiscriminatorOutputChart {
  private readonly chart: Chart;

  constructor(container: HTMLElement) {
    this.chart = new Chart(
      container,
      (look) => ({
        scales: { x: { time: false, range: xRange }, y: { range: [0, 1] } },
        series: [
          { label: "iteration", value: legendValue },
          { label: "D(real)", stroke: look.colors.real, width: 1.25 * look.scale, points: { show: false }, value: legendValue },
          { label: "D(fake)", stroke: look.colors.fake, width: 1.25 * look.scale, points: { show: false }, value: legendValue },
        ],
        axes: [axis(look, iterationAxis), axis(look, { label: "mean D(x)", labelSize: 16, size: 40 })],
        cursor: { points: { size: 6 * look.scale } },
        hooks: {
          // The ½ line: where D can no longer tell real from fake.
          draw: [
            (u: uPlot) => {
              const y = Math.round(u.valToPos(0.5, "y", true));
              const { left, width } = u.bbox;
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = withAlpha(look.colors.ink, 0.45);
              ctx.setLineDash([4, 4]);
              ctx.lineWidth = 1;
              ctx.beginPath();
              ctx.moveTo(left, y + 0.5);
              ctx.lineTo(left + width, y + 0.5);
              ctx.stroke();
              ctx.restore();
            },
          ],
        },
      }),
      200,
      [[], [], []],
    );
  }

  update(history: Pick<RunHistory<DigitsSnapshot>, "perIterationSeries">): void {
    this.chart.setData(data(history.perIterationSeries(MAX_DRAWN_POINTS, ["real_probability", "fake_probability"])));
  }
}
