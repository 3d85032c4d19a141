/**
 * The 1D GAN's main view: densities of real and generated samples on shared bins, with the
 * discriminator's D(x) over the same axis (right scale, 0–1) and a dashed line at D = ½,
 * where D cannot tell real from fake.
 */

import uPlot from "uplot";
import type { Snapshot1d } from "../protocol";
import { Chart, axis, formatValue, legendValue, palette, withAlpha } from "./base";

/**
 * The histograms and D(x) on one x array: the bin edges and D's grid points, merged. A
 * histogram holds its bin's value from each point to the next (a step-after path), so it
 * is drawn exactly; D(x) is interpolated at the bin edges, which leaves its line unchanged.
 */
export function distributionData(s: Snapshot1d): uPlot.AlignedData {
  const bins = s.realHistogram.length;
  const curve = s.discriminatorCurve;
  const span = s.xMax - s.xMin;
  const binWidth = span / Math.max(bins, 1);
  const curveStep = span / Math.max(curve.length - 1, 1);
  const xs: number[] = [];
  for (let i = 0; i <= bins; i++) xs.push(s.xMin + i * binWidth);
  for (let j = 0; j < curve.length; j++) xs.push(s.xMin + j * curveStep);
  xs.sort((a, b) => a - b);
  // Points closer than a millionth of the axis are the same point.
  const x = xs.filter((v, i) => i === 0 || v - xs[i - 1]! > span * 1e-6);

  const real = new Float64Array(x.length);
  const generated = new Float64Array(x.length);
  const discriminator = new Float64Array(x.length);
  x.forEach((v, i) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((v - s.xMin) / binWidth + 1e-9)));
    real[i] = s.realHistogram[bin] ?? 0;
    generated[i] = s.generatedHistogram[bin] ?? 0;
    const t = Math.min(curve.length - 1, Math.max(0, (v - s.xMin) / curveStep));
    const j = Math.min(curve.length - 2, Math.floor(t));
    const a = curve[Math.max(j, 0)] ?? NaN;
    const b = curve[j + 1] ?? a;
    discriminator[i] = a + (b - a) * (t - j);
  });
  return [Float64Array.from(x), real, generated, discriminator];
}

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
    this.chart.plot.setData(distributionData(s));
  }
}

/** "3.2% of generated samples fall outside this axis", or "" when none do. */
export function outsideNote(s: Snapshot1d): string {
  if (!(s.generatedOutside > 0)) return "";
  return `${formatValue(s.generatedOutside * 100)}% of the generated samples fall outside this axis.`;
}
