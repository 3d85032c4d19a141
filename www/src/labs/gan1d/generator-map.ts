/**
 * The generator as a function z → x. Where the curve is flat, many z are sent to one x: that
 * is mode collapse, seen directly. Its y axis is the x axis of the distribution view.
 */

import type { Gan1dSnapshot } from "../../protocol";
import { Chart, axis, legendValue } from "../../charts/base";
import { generatorData } from "./series";

export class GeneratorMapChart {
  private readonly chart: Chart;
  private zRange: [number, number] = [-1, 1];
  private xRange: [number, number] = [0, 1];

  constructor(container: HTMLElement) {
    this.chart = new Chart(
      container,
      (look) => ({
        scales: {
          x: { time: false, range: () => this.zRange },
          // The distribution view's axis, widened if G sends samples beyond it.
          y: { range: (_, min, max) => [Math.min(min, this.xRange[0]), Math.max(max, this.xRange[1])] },
        },
        series: [
          { label: "z", value: legendValue },
          { label: "G(z)", stroke: look.colors.fake, width: 2 * look.scale, points: { show: false }, value: legendValue },
        ],
        axes: [axis(look, { label: "z (noise)", labelSize: 16 }), axis(look, { label: "x = G(z)", labelSize: 16, size: 44 })],
        cursor: { points: { size: 6 * look.scale } },
      }),
      220,
      [[], []],
    );
  }

  update(s: Gan1dSnapshot): void {
    this.zRange = [s.z_min, s.z_max];
    this.xRange = [s.x_min, s.x_max];
    this.chart.setData(generatorData(s));
  }
}
