/**
 * The 1D GAN's main view: densities of real and generated samples on shared bins, with the
 * discriminator's D(x) over the same axis (right scale, 0–1) and a dashed line at D = ½,
 * where D cannot tell real from fake.
 */

import uPlot from "uplot";
import type { Snapshot1d } from "../protocol";
import { Chart, axis, formatValue, legendValue, palette, withAlpha } from "./base";
import { distributionData } from "./series";

export class DistributionChart {
  private readonly chart: Chart;
  private range: [number, number] = [0, 1];
  /** The real density's peak: the y axis shows up to 3× it, so a collapsed spike of G's cannot flatten the real data. */
  private realPeak = 0;
  /** A Wasserstein critic's curve is rescaled to 0–1: its ½ line means nothing. */
  private critic = false;

  constructor(container: HTMLElement) {
    const colors = palette(container);
    const step = uPlot.paths.stepped?.({ align: 1 });
    const options: Omit<uPlot.Options, "width" | "height"> = {
      scales: {
        x: { time: false, range: () => this.range },
        y: { range: (_, __, max) => [0, Math.max(Math.min(max, 3 * this.realPeak || max), 1e-6) * 1.1] },
        d: { range: [0, 1] },
      },
      series: [
        { label: "x", value: legendValue },
        {
          label: "real density",
          stroke: withAlpha(colors.real, 0.8),
          fill: withAlpha(colors.real, 0.3),
          width: 1,
          ...(step ? { paths: step } : {}),
          points: { show: false },
          value: legendValue,
        },
        {
          label: "generated density",
          stroke: colors.fake,
          fill: withAlpha(colors.fake, 0.2),
          width: 1.5,
          ...(step ? { paths: step } : {}),
          points: { show: false },
          value: legendValue,
        },
        { label: "D(x)", stroke: colors.disc, width: 2, scale: "d", points: { show: false }, value: legendValue },
      ],
      axes: [
        axis(colors, { label: "x", labelSize: 16 }),
        axis(colors, { scale: "y", label: "density", labelSize: 16, size: 44 }),
        axis(colors, {
          scale: "d",
          side: 1,
          label: "D(x)",
          labelSize: 16,
          size: 36,
          stroke: colors.disc,
          grid: { show: false },
          splits: () => [0, 0.5, 1],
        }),
      ],
      cursor: { points: { size: 6 } },
      hooks: {
        // D(x) = ½: where D cannot tell real from fake.
        draw: [
          (u) => {
            if (this.critic) return;
            const ctx = u.ctx;
            const y = Math.round(u.valToPos(0.5, "d", true)) + 0.5;
            ctx.save();
            ctx.strokeStyle = withAlpha(colors.disc, 0.7);
            ctx.lineWidth = devicePixelRatio;
            ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
            ctx.beginPath();
            ctx.moveTo(u.bbox.left, y);
            ctx.lineTo(u.bbox.left + u.bbox.width, y);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
    this.chart = new Chart(container, options, 280, [[], [], [], []]);
  }

  /** Whether D is a Wasserstein critic (no probability, so no ½ line). */
  setCritic(critic: boolean): void {
    this.critic = critic;
  }

  update(s: Snapshot1d): void {
    this.range = [s.xMin, s.xMax];
    this.realPeak = s.realHistogram.reduce((peak, v) => Math.max(peak, v), 0);
    this.chart.setData(distributionData(s));
  }
}

/** "3.2% of generated samples fall outside this axis", or "" when none do. */
export function outsideNote(s: Snapshot1d): string {
  if (!(s.generatedOutside > 0)) return "";
  return `${formatValue(s.generatedOutside * 100)}% of the generated samples fall outside this axis.`;
}
