/**
 * A clip's frame: the chosen views' canvases drawn onto one canvas of exactly the clip's size —
 * a title bar with the preset and the iteration ("iteration 1,234"), then each view in its
 * cell under its name, scaled to fit with its aspect kept, on the page's own colours (the
 * theme as it is at each frame). A view is what the page shows of it on its canvases (a chart's
 * plot and axes, the plane, a grid of images), laid out as on the page; text beside them (a
 * chart's legend, a caption) is left out. Measuring the page (where each canvas is, the
 * colours) is done a few times a second, not at every frame: drawing a frame is a few
 * `drawImage` calls.
 */

import { fitRect, iterationText, layoutFrame, type FrameLayout, type Rect, type Size } from "./clip";

/** A view the user ticked: the page's element that holds it, and its name on the clip. */
export interface RecordedView {
  readonly element: HTMLElement;
  readonly name: string;
}

/** One canvas of a view, where it sits in the view's box (CSS pixels from its top left). */
interface Piece {
  readonly canvas: HTMLCanvasElement;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Drawn without smoothing: a canvas the page shows pixelated (the image grids). */
  readonly sharp: boolean;
}

interface Measured {
  readonly pieces: readonly Piece[];
  /** The box around its canvases: width / height (0: nothing of it is on the page now). */
  readonly aspect: number;
  readonly width: number;
  readonly height: number;
}

interface Look {
  readonly background: string;
  readonly panel: string;
  readonly ink: string;
  readonly soft: string;
  readonly line: string;
}

/** How often the page is measured again, in ms. */
const MEASURE_MS = 500;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** The canvases of `element` that are on the page now, in their places; `aspect` 0 where there are none. */
export function measureView(element: HTMLElement): Measured {
  const shown = [...element.querySelectorAll("canvas")]
    .map((canvas) => ({ canvas, box: canvas.getBoundingClientRect() }))
    .filter(({ canvas, box }) => canvas.width > 0 && canvas.height > 0 && box.width > 0 && box.height > 0);
  if (shown.length === 0) return { pieces: [], aspect: 0, width: 0, height: 0 };
  const left = Math.min(...shown.map(({ box }) => box.left));
  const top = Math.min(...shown.map(({ box }) => box.top));
  const width = Math.max(...shown.map(({ box }) => box.right)) - left;
  const height = Math.max(...shown.map(({ box }) => box.bottom)) - top;
  const pieces = shown.map(({ canvas, box }) => ({
    canvas,
    x: box.left - left,
    y: box.top - top,
    width: box.width,
    height: box.height,
    sharp: getComputedStyle(canvas).imageRendering === "pixelated",
  }));
  return { pieces, aspect: width / height, width, height };
}

/** The page's colours now (style.css's custom properties, which follow the theme). */
function readLook(): Look {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read("--bg", "#fbfbfa"),
    panel: read("--panel", "#ffffff"),
    ink: read("--ink", "#1f2328"),
    soft: read("--ink-soft", "#656d76"),
    line: read("--line", "#d8dee4"),
  };
}

/** `text`, cut with an ellipsis to fit `width` in the context's font. */
function fitText(context: CanvasRenderingContext2D, text: string, width: number): string {
  if (context.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && context.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

export class Compositor {
  private readonly layout: FrameLayout;
  private measured: Measured[];
  private look: Look;
  private measuredAt = -Infinity;

  /** `title`: the left of the title bar (the preset). */
  constructor(
    private readonly context: CanvasRenderingContext2D,
    private readonly size: Size,
    private readonly views: readonly RecordedView[],
    private readonly title: string,
  ) {
    this.measured = views.map(({ element }) => measureView(element));
    this.look = readLook();
    // The cells are fixed for the clip (from the views' shapes at its start); each frame fits
    // a view into its cell as the view is then.
    this.layout = layoutFrame(
      this.measured.map(({ aspect }) => aspect || 16 / 9),
      size,
    );
  }

  /** Draws the frame of iteration `step`. */
  draw(step: number): void {
    const now = performance.now();
    if (now - this.measuredAt >= MEASURE_MS) {
      this.measuredAt = now;
      this.measured = this.views.map(({ element }) => measureView(element));
      this.look = readLook();
    }
    const { context: c, layout, look } = this;
    c.fillStyle = look.background;
    c.fillRect(0, 0, this.size.width, this.size.height);
    this.drawHeader(step);
    layout.cells.forEach(({ cell, label, content }, i) => this.drawView(this.views[i]!, this.measured[i]!, cell, label, content));
  }

  private drawHeader(step: number): void {
    const { context: c, layout, look } = this;
    const { header, headerFont } = layout;
    const pad = Math.round(headerFont * 0.8);
    c.fillStyle = look.panel;
    c.fillRect(header.x, header.y, header.width, header.height);
    c.fillStyle = look.line;
    c.fillRect(header.x, header.y + header.height - 1, header.width, 1);
    c.textBaseline = "middle";
    const middle = header.y + header.height / 2;
    c.font = `600 ${headerFont}px ${FONT}`;
    c.fillStyle = look.ink;
    c.textAlign = "right";
    const iteration = iterationText(step);
    c.fillText(iteration, header.x + header.width - pad, middle);
    const room = header.width - 3 * pad - c.measureText(iteration).width;
    c.textAlign = "left";
    c.font = `${headerFont}px ${FONT}`;
    c.fillText(fitText(c, `GAN Playground · ${this.title}`, room), header.x + pad, middle);
  }

  /**
   * The view's name in the room of its cell, set in the context's font: whole; else in a
   * smaller font; else its part before a colon ("The plane: real and generated points, …");
   * else cut with an ellipsis.
   */
  private fitName(name: string, width: number): string {
    const { context: c, layout } = this;
    const full = `600 ${layout.labelFont}px ${FONT}`;
    const small = `600 ${Math.max(8, Math.round(layout.labelFont * 0.8))}px ${FONT}`;
    const short = name.split(":")[0]!.trim();
    for (const [font, text] of [
      [full, name],
      [small, name],
      [full, short],
      [small, short],
    ] as const) {
      c.font = font;
      if (c.measureText(text).width <= width) return text;
    }
    return fitText(c, name, width);
  }

  private drawView(view: RecordedView, measured: Measured, cell: Rect, label: Rect, content: Rect): void {
    const { context: c, look, layout } = this;
    c.fillStyle = look.panel;
    c.fillRect(cell.x, cell.y, cell.width, cell.height);
    c.strokeStyle = look.line;
    c.lineWidth = 1;
    c.strokeRect(Math.round(cell.x) + 0.5, Math.round(cell.y) + 0.5, Math.round(cell.width) - 1, Math.round(cell.height) - 1);
    c.fillStyle = look.ink;
    c.textAlign = "left";
    c.textBaseline = "middle";
    const pad = Math.round(layout.labelFont * 0.5);
    const name = this.fitName(view.name, label.width - 2 * pad);
    c.fillText(name, label.x + pad, label.y + label.height / 2);
    if (measured.aspect === 0) {
      c.font = `${layout.labelFont}px ${FONT}`;
      c.fillStyle = look.soft;
      c.textAlign = "center";
      c.fillText("(not on the page now)", content.x + content.width / 2, content.y + content.height / 2);
      return;
    }
    const box = fitRect(measured.aspect, content);
    const scale = box.width / measured.width;
    for (const piece of measured.pieces) {
      c.imageSmoothingEnabled = !piece.sharp;
      c.drawImage(piece.canvas, box.x + piece.x * scale, box.y + piece.y * scale, piece.width * scale, piece.height * scale);
    }
    c.imageSmoothingEnabled = true;
  }
}
