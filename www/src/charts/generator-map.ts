/** The generator as a function z → x: flat stretches are where it collapses many z to one x. */

import type { Snapshot1d } from "../protocol";
import { beginPlot, color, scale, xAxis, yAxis } from "./canvas";

export function drawGeneratorMap(canvas: HTMLCanvasElement, s: Snapshot1d): void {
  const plot = beginPlot(canvas);
  if (!plot) return;
  const { ctx } = plot;
  const ink = color(canvas, "--ink-soft", "#666");
  const fake = color(canvas, "--fake", "#f97316");
  const map = s.generatorMap;
  const x = scale(0, map.length - 1, plot.left, plot.right);
  const y = scale(s.xMin, s.xMax, plot.bottom, plot.top);
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);
  ctx.clip();
  ctx.strokeStyle = fake;
  ctx.lineWidth = 2;
  ctx.beginPath();
  map.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
  ctx.stroke();
  ctx.restore();
  xAxis(plot, s.zMin, s.zMax, ink);
  yAxis(plot, s.xMin, s.xMax, ink, "left", 6);
}
