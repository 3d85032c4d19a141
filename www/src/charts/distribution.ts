/**
 * The 1D GAN's main view: histograms of real and generated samples on shared bins, with the
 * discriminator's D(x) over the same axis (right scale, 0–1).
 */

import type { Snapshot1d } from "../protocol";
import { beginPlot, color, scale, xAxis, yAxis } from "./canvas";

export function drawDistribution(canvas: HTMLCanvasElement, s: Snapshot1d): void {
  const plot = beginPlot(canvas);
  if (!plot) return;
  const { ctx } = plot;
  const ink = color(canvas, "--ink-soft", "#666");
  const real = color(canvas, "--real", "#3b82f6");
  const fake = color(canvas, "--fake", "#f97316");
  const disc = color(canvas, "--disc", "#16a34a");

  const bins = s.realHistogram.length;
  let peak = 0;
  for (let i = 0; i < bins; i++) peak = Math.max(peak, s.realHistogram[i] ?? 0, s.generatedHistogram[i] ?? 0);
  const densityMax = Math.max(peak * 1.1, 1e-6);
  const x = scale(0, bins, plot.left, plot.right);
  const y = scale(0, densityMax, plot.bottom, plot.top);

  // Real: filled bars. Generated: a translucent filled step outline on top.
  ctx.fillStyle = withAlpha(real, 0.35);
  for (let i = 0; i < bins; i++) {
    const top = y(s.realHistogram[i] ?? 0);
    ctx.fillRect(x(i) + 0.5, top, Math.max(x(i + 1) - x(i) - 1, 1), plot.bottom - top);
  }
  ctx.beginPath();
  ctx.moveTo(x(0), plot.bottom);
  for (let i = 0; i < bins; i++) {
    const top = y(s.generatedHistogram[i] ?? 0);
    ctx.lineTo(x(i), top);
    ctx.lineTo(x(i + 1), top);
  }
  ctx.lineTo(x(bins), plot.bottom);
  ctx.fillStyle = withAlpha(fake, 0.25);
  ctx.fill();
  ctx.strokeStyle = fake;
  ctx.lineWidth = 1.5;
  ctx.stroke();

  // D(x) on the right axis, with the 0.5 line where D cannot tell real from fake.
  const curve = s.discriminatorCurve;
  const cx = scale(0, curve.length - 1, plot.left, plot.right);
  const cy = scale(0, 1, plot.bottom, plot.top);
  ctx.setLineDash([4, 4]);
  ctx.strokeStyle = withAlpha(disc, 0.6);
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(plot.left, cy(0.5));
  ctx.lineTo(plot.right, cy(0.5));
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = disc;
  ctx.lineWidth = 2;
  ctx.beginPath();
  curve.forEach((v, i) => (i === 0 ? ctx.moveTo(cx(i), cy(v)) : ctx.lineTo(cx(i), cy(v))));
  ctx.stroke();

  xAxis(plot, s.xMin, s.xMax, ink);
  yAxis(plot, 0, densityMax, ink, "left");
  yAxis(plot, 0, 1, disc, "right", 2);
}

/** `#rrggbb` (or any CSS colour the canvas accepts) with an alpha, via color-mix. */
function withAlpha(css: string, alpha: number): string {
  return `color-mix(in srgb, ${css} ${Math.round(alpha * 100)}%, transparent)`;
}
