/**
 * Draw a density with the mouse (or a finger, or a pen): the canvas shows the `density` key's
 * heights as bars over [low, high]; dragging across it sets the bars under the pointer to
 * its height. Heights are whole numbers 0–100, so the link stays short.
 */

import { palette, watchLook, withAlpha } from "../../charts/base";

/** Bins of a new drawing. */
export const DRAWING_BINS = 32;
/** The tallest bar a drawing can hold. */
export const DRAWING_MAX = 100;

/** A first drawing to start from: two bumps of different heights, clearly not a Gaussian. */
export function startingDrawing(bins = DRAWING_BINS): number[] {
  return Array.from({ length: bins }, (_, i) => {
    const t = i / (bins - 1);
    const bump = (centre: number, width: number) => Math.exp(-(((t - centre) / width) ** 2));
    return Math.round(DRAWING_MAX * Math.max(bump(0.3, 0.12), 0.6 * bump(0.72, 0.08)));
  });
}

export class DensityCanvas {
  readonly element: HTMLCanvasElement;
  private heights: number[] = startingDrawing();
  private range: [number, number] = [-1, 1];
  private last: { bin: number; height: number } | null = null;

  /** `onDrawn` gets the new heights when a stroke ends. */
  constructor(private readonly onDrawn: (heights: number[]) => void) {
    const canvas = document.createElement("canvas");
    canvas.className = "density-canvas";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "Drawn density: drag across to draw; the heights are also in the text box below");
    canvas.title = "Drag across to draw the density G should learn";
    this.element = canvas;
    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      this.last = null;
      this.paint(event);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (this.last) this.paint(event);
    });
    const end = () => {
      if (!this.last) return;
      this.last = null;
      this.onDrawn([...this.heights]);
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    new ResizeObserver(() => this.draw()).observe(canvas);
    // Its colours are the theme's, read on every draw.
    watchLook(() => this.draw());
  }

  /** Shows `heights` over [low, high], unless a stroke is under way. */
  show(heights: number[], low: number, high: number): void {
    if (this.last) return;
    this.heights = heights.length >= 2 ? [...heights] : startingDrawing();
    this.range = [low, high];
    this.draw();
  }

  /** Sets the bins between the previous pointer position and this one (a fast stroke skips bins). */
  private paint(event: PointerEvent): void {
    const box = this.element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const bins = this.heights.length;
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * bins)));
    const fraction = 1 - (event.clientY - box.top) / box.height;
    const height = Math.round(Math.min(1, Math.max(0, fraction)) * DRAWING_MAX);
    const from = this.last ?? { bin, height };
    const span = Math.abs(bin - from.bin);
    for (let i = 0; i <= span; i++) {
      const b = from.bin + Math.sign(bin - from.bin) * i;
      this.heights[b] = span === 0 ? height : Math.round(from.height + ((height - from.height) * i) / span);
    }
    this.last = { bin, height };
    this.draw();
  }

  private draw(): void {
    const canvas = this.element;
    const ctx = canvas.getContext("2d");
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!ctx || width === 0 || height === 0) return;
    const ratio = devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const colors = palette(canvas);
    const labels = 14;
    const plotHeight = height - labels;
    ctx.clearRect(0, 0, width, height);
    const bins = this.heights.length;
    const peak = Math.max(DRAWING_MAX, ...this.heights);
    ctx.fillStyle = withAlpha(colors.real, 0.45);
    ctx.strokeStyle = colors.real;
    for (let i = 0; i < bins; i++) {
      const x0 = (i / bins) * width;
      const x1 = ((i + 1) / bins) * width;
      const h = ((this.heights[i] ?? 0) / peak) * plotHeight;
      ctx.fillRect(x0, plotHeight - h, x1 - x0 - 1, h);
    }
    ctx.fillStyle = colors.inkSoft;
    ctx.fillRect(0, plotHeight, width, 1);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "left";
    ctx.fillText(String(this.range[0]), 0, plotHeight + 2);
    ctx.textAlign = "right";
    ctx.fillText(String(this.range[1]), width, plotHeight + 2);
  }
}
