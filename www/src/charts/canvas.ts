/** Canvas helpers shared by the charts: crisp drawing at any devicePixelRatio. */

export interface Plot {
  ctx: CanvasRenderingContext2D;
  width: number;
  height: number;
  /** The plotting area inside the axes' margins, in CSS pixels. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const MARGIN = { left: 40, right: 40, top: 12, bottom: 26 };

/** Sizes the backing store to the element's CSS size × devicePixelRatio and clears it. */
export function beginPlot(canvas: HTMLCanvasElement): Plot | null {
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return {
    ctx,
    width,
    height,
    left: MARGIN.left,
    top: MARGIN.top,
    right: width - MARGIN.right,
    bottom: height - MARGIN.bottom,
  };
}

/** Maps a value in [min, max] to a pixel in [from, to]. */
export function scale(min: number, max: number, from: number, to: number): (v: number) => number {
  const k = max > min ? (to - from) / (max - min) : 0;
  return (v) => from + (v - min) * k;
}

/** Tick values for an axis: about `count` round numbers covering [min, max]. */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** Reads a CSS custom property of the canvas, so charts follow the page's theme. */
export function color(canvas: HTMLCanvasElement, name: string, fallback: string): string {
  return getComputedStyle(canvas).getPropertyValue(name).trim() || fallback;
}

/** Draws the x axis with ticks and labels along the bottom of the plot. */
export function xAxis(plot: Plot, min: number, max: number, ink: string): void {
  const { ctx } = plot;
  const x = scale(min, max, plot.left, plot.right);
  ctx.strokeStyle = ink;
  ctx.fillStyle = ink;
  ctx.lineWidth = 1;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.beginPath();
  ctx.moveTo(plot.left, plot.bottom + 0.5);
  ctx.lineTo(plot.right, plot.bottom + 0.5);
  for (const t of ticks(min, max, 8)) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, plot.bottom);
    ctx.lineTo(px, plot.bottom + 4);
    ctx.fillText(String(t), px, plot.bottom + 6);
  }
  ctx.stroke();
}

/** Labels a y axis (`side` left or right) with ticks over [min, max]. */
export function yAxis(plot: Plot, min: number, max: number, ink: string, side: "left" | "right", count = 4): void {
  const { ctx } = plot;
  const y = scale(min, max, plot.bottom, plot.top);
  ctx.fillStyle = ink;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  ctx.textAlign = side === "left" ? "right" : "left";
  const at = side === "left" ? plot.left - 5 : plot.right + 5;
  for (const t of ticks(min, max, count)) ctx.fillText(String(t), at, y(t));
}
