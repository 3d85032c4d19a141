/**
 * Where G's loss pushes a generated sample at each x (−∂loss/∂x of the G-step's per-sample
 * loss): the 1D counterpart of the 2D lab's gradient arrows, drawn under the overview graph.
 * Above zero the next G-step moves a sample at x to the right, below zero to the left.
 */

import { Chart, axis, legendValue } from "../../charts/base";
import type { Gan1dSnapshot } from "../../protocol";
import { pushData } from "./series";

export class PushChart {
  private readonly chart: Chart;
  private range: [number, number] = [0, 1];

  constructor(container: HTMLElement) {
    this.chart = new Chart(
      container,
      (look) => ({
        scales: {
          x: { time: false, range: () => this.range },
          push: {
            range: (_, min, max) => {
              const reach = Math.max(Math.abs(min ?? 0), Math.abs(max ?? 0), 1e-6) * 1.1;
              return [-reach, reach];
            },
          },
        },
        series: [
          { label: "x", value: legendValue },
          { label: "G's push", scale: "push", stroke: look.colors.fake, width: 2 * look.scale, points: { show: false }, value: legendValue },
        ],
        axes: [axis(look, { label: "x", labelSize: 16 }), axis(look, { scale: "push", label: "push", labelSize: 16, size: 48 })],
        cursor: { points: { size: 6 * look.scale } },
      }),
      140,
      [[], []],
    );
  }

  update(s: Gan1dSnapshot): void {
    this.range = [s.x_min, s.x_max];
    this.chart.setData(pushData(s));
  }
}
