/**
 * The 1D GAN's main view: densities of real and generated samples on shared bins, with the
 * discriminator's D(x) over the same axis (right scale, 0–1) and a dashed line at D = ½,
 * where D cannot tell real from fake. Either layer can be left out (the link's `show=hist`
 * or `show=dcurve`).
 */

import uPlot from "uplot";
import type { Gan1dSnapshot } from "../../protocol";
import { Chart, axis, formatValue, legendValue, withAlpha, type ChartOptions, type Look } from "../../charts/base";
import { distributionData } from "./series";

/** What the view draws: the two densities, D(x), or both. */
export interface DistributionLayers {
  densities: boolean;
  discriminator: boolean;
}

/** The class of a legend row whose series is left out (style.css hides it: it is no toggle then). */
const LEFT_OUT = "left-out";

export class DistributionChart {
  private readonly chart: Chart;
  private range: [number, number] = [0, 1];
  /** The real density's peak: the y axis shows up to 3× it, so a collapsed spike of G's cannot flatten the real data. */
  private realPeak = 0;
  /** A Wasserstein critic's curve is rescaled to 0–1: its ½ line means nothing. */
  private critic = false;
  /** What is drawn (both, unless the link picks one). */
  private layers: DistributionLayers = { densities: true, discriminator: true };

  constructor(container: HTMLElement) {
    this.chart = new Chart(container, (look) => this.options(look), 280, [[], [], [], []]);
  }

  private options(look: Look): ChartOptions {
    const { colors, scale } = look;
    const step = uPlot.paths.stepped?.({ align: 1 });
    const { densities, discriminator } = this.layers;
    const shown = (show: boolean) => (show ? { show } : { show, class: LEFT_OUT });
    return {
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
          width: scale,
          ...(step ? { paths: step } : {}),
          points: { show: false },
          value: legendValue,
          ...shown(densities),
        },
        {
          label: "generated density",
          stroke: colors.fake,
          fill: withAlpha(colors.fake, 0.2),
          width: 1.5 * scale,
          ...(step ? { paths: step } : {}),
          points: { show: false },
          value: legendValue,
          ...shown(densities),
        },
        { label: "D(x)", stroke: colors.disc, width: 2 * scale, scale: "d", points: { show: false }, value: legendValue, ...shown(discriminator) },
      ],
      axes: [
        axis(look, { label: "x", labelSize: 16 }),
        axis(look, { scale: "y", label: "density", labelSize: 16, size: 44, show: densities }),
        axis(look, {
          scale: "d",
          // Alone, D(x) takes the left side and its grid.
          side: densities ? 1 : 3,
          label: "D(x)",
          labelSize: 16,
          size: 36,
          stroke: colors.disc,
          grid: densities ? { show: false } : { stroke: withAlpha(colors.line, 0.7), width: 1 },
          splits: () => [0, 0.5, 1],
          show: discriminator,
        }),
      ],
      cursor: { points: { size: 6 * scale } },
      hooks: {
        // D(x) = ½: where D cannot tell real from fake.
        draw: [
          (u) => {
            if (this.critic || !this.layers.discriminator) return;
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
  }

  /** Which layers to draw: a change builds the chart again, without the other's series, axis and legend entry. */
  setLayers(layers: DistributionLayers): void {
    if (layers.densities === this.layers.densities && layers.discriminator === this.layers.discriminator) return;
    this.layers = { ...layers };
    this.chart.rebuild();
  }

  /** Whether D is a Wasserstein critic (no probability, so no ½ line). */
  setCritic(critic: boolean): void {
    this.critic = critic;
  }

  update(s: Gan1dSnapshot): void {
    this.range = [s.x_min, s.x_max];
    this.realPeak = s.real_histogram.reduce((peak, v) => Math.max(peak, v), 0);
    this.chart.setData(distributionData(s));
  }
}

/** "3.2% of generated samples fall outside this axis", or "" when none do. */
export function outsideNote(s: Gan1dSnapshot): string {
  if (!(s.generated_outside > 0)) return "";
  return `${formatValue(s.generated_outside * 100)}% of the generated samples fall outside this axis.`;
}
