/**
 * A grid of grey images on a canvas, crisp at any zoom: the grid is rendered once at native
 * resolution (one pixel per image pixel) into an offscreen canvas, then scaled by a whole
 * number of device pixels with smoothing off (nearest neighbour). A resize or a new
 * devicePixelRatio rescales the native grid; nothing is re-rendered. In embed mode the grid
 * fills the box its canvas sits in (the layout sets that box's size), however large.
 */

import { fillsHeight } from "../../charts/base";
import { crispScale, fillScale, gridLayout, renderGrid, type GridLayout } from "./grid-layout";

/** What to draw: `count` images of `width × height`, values in [0, 1], in `columns` columns. */
export interface GridImages {
  images: ArrayLike<number>;
  count: number;
  width: number;
  height: number;
  columns: number;
}

export class DigitGrid {
  private readonly native = document.createElement("canvas");
  private layout: GridLayout | null = null;
  /** Whether the grid on show is a blank placeholder (no images yet). */
  private blankShown = false;
  private draws = 0;

  /**
   * `maxCssWidth`: the widest the grid may be drawn; `container`: the element whose width it
   * must also fit in (one whose width does not follow the canvas's own, or it could never grow).
   * Where the layout sets the height ({@link fillsHeight}), the grid fills the canvas's parent instead.
   */
  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly maxCssWidth: number,
    private readonly container: HTMLElement,
  ) {
    const observer = new ResizeObserver(() => this.present());
    observer.observe(container);
    if (canvas.parentElement && canvas.parentElement !== container) observer.observe(canvas.parentElement);
    this.watchPixelRatio();
    this.clear();
  }

  /** Whether the grid shows images (rather than nothing, or a blank placeholder). */
  get hasImages(): boolean {
    return this.layout !== null && !this.blankShown;
  }

  /** Renders `grid` and shows it (call within an animation frame). */
  draw(grid: GridImages): void {
    this.render(grid);
    this.blankShown = false;
    this.draws++;
    // What a test (or a curious reader) needs to find image k: its layout and the scale.
    Object.assign(this.canvas.dataset, {
      count: String(grid.count),
      columns: String(this.layout?.columns ?? 0),
      cell: String(grid.width),
      gap: String(this.layout?.gap ?? 0),
      draws: String(this.draws),
    });
  }

  /** Black cells where `count` images will come: the run's images have not arrived yet. */
  blank(count: number, columns: number, width: number, height: number): void {
    this.render({ images: new Float32Array(count * width * height), count, columns, width, height });
    this.blankShown = true;
    delete this.canvas.dataset.count;
  }

  private render(grid: GridImages): void {
    const layout = gridLayout(grid.count, grid.columns, grid.width, grid.height);
    this.native.width = layout.width;
    this.native.height = layout.height;
    const context = this.native.getContext("2d");
    if (!context) return;
    const pixels = renderGrid(layout, grid.images);
    context.putImageData(new globalThis.ImageData(pixels, layout.width, layout.height), 0, 0);
    this.layout = layout;
    this.present();
  }

  /** Empties the grid (a new run whose images have not arrived yet). */
  clear(): void {
    this.layout = null;
    this.blankShown = false;
    delete this.canvas.dataset.count;
    this.canvas.width = 0;
    this.canvas.height = 0;
  }

  /**
   * The grid as a PNG: native resolution × `scale`, nearest neighbour, so a 4×4 grid of
   * 28-pixel digits at scale 4 is 460 × 460 pixels with every image pixel a 4×4 block.
   */
  toPng(scale: number): Promise<Blob> {
    const layout = this.layout;
    if (!layout || this.blankShown) return Promise.reject(new Error("there is no grid to save yet"));
    const out = document.createElement("canvas");
    out.width = layout.width * scale;
    out.height = layout.height * scale;
    const context = out.getContext("2d");
    if (!context) return Promise.reject(new Error("this browser cannot draw into a canvas"));
    context.imageSmoothingEnabled = false;
    context.drawImage(this.native, 0, 0, out.width, out.height);
    return new Promise((resolve, reject) =>
      out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the browser could not encode a PNG"))), "image/png"),
    );
  }

  /** Scales the native grid onto the visible canvas. */
  private present(): void {
    const layout = this.layout;
    if (!layout) return;
    const fit = this.fit(layout);
    if (fit.scale <= 0) return;
    const width = Math.round(layout.width * fit.scale);
    const height = Math.round(layout.height * fit.scale);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.canvas.style.width = `${fit.cssWidth}px`;
    this.canvas.style.height = `${fit.cssHeight}px`;
    this.canvas.dataset.scale = String(fit.scale);
    const context = this.canvas.getContext("2d");
    if (!context) return;
    // Reset by every size change, so set on every draw.
    context.imageSmoothingEnabled = false;
    context.drawImage(this.native, 0, 0, width, height);
  }

  /** The scale and CSS size of the grid on show: as wide as allowed, or filling its box. */
  private fit(layout: GridLayout): { scale: number; cssWidth: number; cssHeight: number } {
    const box = this.canvas.parentElement;
    if (box && fillsHeight(box)) return fillScale(layout.width, layout.height, box.clientWidth, box.clientHeight, devicePixelRatio);
    const available = this.container.clientWidth;
    return crispScale(layout.width, layout.height, Math.min(this.maxCssWidth, available || this.maxCssWidth), devicePixelRatio);
  }

  /** A page zoom or a move to another screen changes devicePixelRatio without always resizing. */
  private watchPixelRatio(): void {
    const query = matchMedia(`(resolution: ${devicePixelRatio}dppx)`);
    query.addEventListener(
      "change",
      () => {
        this.present();
        this.watchPixelRatio();
      },
      { once: true },
    );
  }
}
