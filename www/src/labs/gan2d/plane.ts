/**
 * The 2D lab's plane, drawn with Canvas2D: D's verdict as a heat map under everything, G's
 * manifold (the image of a grid of z) as thin lines, the real and the generated points, and
 * arrows showing where G's loss pushes each generated point. The arithmetic (data → pixels,
 * the colour map, the arrows' common scale) is pure and unit-tested; the class only draws.
 */

import { fillsHeight, formatValue, look, watchLook, withAlpha, type Look } from "../../charts/base";

/** What the plane draws: the fields of the 2D lab's snapshot that it reads (same names). */
export interface PlaneData {
  /** The view box, in data units. */
  x_min: number;
  x_max: number;
  y_min: number;
  y_max: number;
  /** x,y pairs of the fixed set of real samples. */
  real_points: Float32Array;
  /** x,y pairs of G(fixed noise). */
  generated_points: Float32Array;
  /** The heat map is `heat_size × heat_size`. */
  heat_size: number;
  /** D's verdict in [0, 1] (1 = "real"), row-major; row 0 at y_min (bottom), column 0 at x_min. */
  discriminator_heat: Float32Array;
  /** G's manifold is G evaluated on `manifold_size × manifold_size` z points. */
  manifold_size: number;
  /** x,y pairs, row-major: row i varies z2, column j varies z1. */
  manifold: Float32Array;
  /** x,y pairs: −∂loss_G/∂x for each of the first `arrows.length / 2` generated points. */
  arrows: Float32Array;
}

/** Which layers are on show. */
export type PlaneLayers = { real: boolean; fake: boolean; heat: boolean; manifold: boolean; arrows: boolean };

/** The view box: the part of the data plane on show. */
export type PlaneBox = Pick<PlaneData, "x_min" | "x_max" | "y_min" | "y_max">;

/** The plotting area inside the canvas, in CSS pixels. */
export interface PlotRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Data → pixels: `px = offsetX + x·scaleX`, `py = offsetY + y·scaleY` (scaleY < 0: y points up). */
export interface PlaneTransform {
  scaleX: number;
  offsetX: number;
  scaleY: number;
  offsetY: number;
}

/** An sRGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/** The heat map's three anchors: D sure it is fake (0), undecided (0.5), sure it is real (1). */
export interface HeatEnds {
  fake: Rgb;
  background: Rgb;
  real: Rgb;
}

/** How opaque the heat map is: enough to read D's verdict, little enough to see the points. */
export const HEAT_OPACITY = 0.45;
/** The arrow at the 90th percentile is this share of the box's width. */
export const ARROW_SHARE = 0.06;
/** Which quantile of the arrows' lengths gets {@link ARROW_SHARE}. */
export const ARROW_QUANTILE = 0.9;
/** A point's side, in CSS pixels. */
const POINT_SIZE = 3;
/** An arrow head's longest side, in CSS pixels, and its half-angle. */
const ARROW_HEAD = 5;
const ARROW_HEAD_ANGLE = (25 * Math.PI) / 180;

/** Every layer on: the view before the caller says otherwise. */
export const ALL_LAYERS: PlaneLayers = { real: true, fake: true, heat: true, manifold: true, arrows: true };

/** The transform that puts the box's corners on the plot's corners, y up. */
export function planeTransform(box: PlaneBox, plot: PlotRect): PlaneTransform {
  const scaleX = plot.width / (box.x_max - box.x_min);
  const scaleY = -plot.height / (box.y_max - box.y_min);
  return {
    scaleX,
    offsetX: plot.left - box.x_min * scaleX,
    scaleY,
    offsetY: plot.top + plot.height - box.y_min * scaleY,
  };
}

/** Where the data point (x, y) lands, in CSS pixels. */
export function toPixel(transform: PlaneTransform, x: number, y: number): [number, number] {
  return [transform.offsetX + x * transform.scaleX, transform.offsetY + y * transform.scaleY];
}

/**
 * A square canvas `side` CSS pixels wide, and its square plot: room on the left and below for
 * the tick labels (the same on both sides, so the plot stays square), a little on the others.
 */
export function planeLayout(side: number, textScale = 1): PlotRect {
  const labels = Math.round(30 * textScale);
  const edge = Math.round(6 * textScale);
  const plot = Math.max(0, side - labels - edge);
  return { left: labels, top: edge, width: plot, height: plot };
}

/**
 * The diverging colour of D's verdict `t`: fake's colour at 0, the background at 0.5, real's
 * colour at 1, linear in between, with alpha `opacity` (as 0–255). Values outside [0, 1] are
 * clamped; a value that is not a number is transparent.
 */
export function heatColour(t: number, ends: HeatEnds, opacity = HEAT_OPACITY): [number, number, number, number] {
  if (Number.isNaN(t)) return [0, 0, 0, 0];
  const clamped = Math.min(1, Math.max(0, t));
  const [from, to, share] = clamped < 0.5 ? [ends.fake, ends.background, clamped * 2] : [ends.background, ends.real, clamped * 2 - 1];
  const mix = (k: 0 | 1 | 2) => Math.round(from[k] + (to[k] - from[k]) * share);
  return [mix(0), mix(1), mix(2), Math.round(opacity * 255)];
}

/**
 * D's grid as image pixels (RGBA, `size × size`) for an offscreen canvas: the image's top row
 * is the grid's last row (y_max), since the grid's row 0 is at the bottom. `into`, if given
 * and of the right length, is filled and returned (no allocation per frame).
 */
export function heatPixels(heat: Float32Array, size: number, ends: HeatEnds, into?: Uint8ClampedArray): Uint8ClampedArray {
  const pixels = into && into.length === size * size * 4 ? into : new Uint8ClampedArray(size * size * 4);
  for (let row = 0; row < size; row++) {
    const imageRow = size - 1 - row;
    for (let column = 0; column < size; column++) {
      const colour = heatColour(heat[row * size + column] ?? Number.NaN, ends);
      pixels.set(colour, (imageRow * size + column) * 4);
    }
  }
  return pixels;
}

/** The `q`-quantile of `values` (linear between order statistics, as numpy's default); NaN if empty. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const position = Math.min(1, Math.max(0, q)) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

/**
 * The factor from an arrow's raw vector to its length in data units, shared by all arrows:
 * the {@link ARROW_QUANTILE} of their lengths becomes {@link ARROW_SHARE} of `boxWidth`.
 * Zero (and non-finite) vectors draw nothing and do not count; none left gives 0.
 */
export function arrowScale(arrows: Float32Array, boxWidth: number, share = ARROW_SHARE, q = ARROW_QUANTILE): number {
  const lengths: number[] = [];
  for (let k = 0; k + 1 < arrows.length; k += 2) {
    const length = Math.hypot(arrows[k] ?? 0, arrows[k + 1] ?? 0);
    if (length > 0 && Number.isFinite(length)) lengths.push(length);
  }
  const typical = quantile(lengths, q);
  return typical > 0 ? (share * boxWidth) / typical : 0;
}

/** The page's look, with the colours the heat map mixes as numbers. */
interface PlaneLook {
  look: Look;
  background: string;
  ends: HeatEnds;
}

/**
 * The plane on a canvas that fills its container's width (square; where the layout sets the
 * height, the largest square that fits), sharp at any devicePixelRatio. `update` draws at once:
 * the caller decides the rate (at most one snapshot per animation frame).
 */
export class PlaneView {
  private readonly canvas = document.createElement("canvas");
  /** D's grid at one pixel per cell; the browser scales it up, smoothly. */
  private readonly heatCanvas = document.createElement("canvas");
  private heatImage: ImageData | null = null;
  private readonly resizeObserver: ResizeObserver;
  private data: PlaneData | null = null;
  private layers: PlaneLayers = { ...ALL_LAYERS };
  /** Read again after the theme or scale changes (null until then). */
  private planeLook: PlaneLook | null = null;
  private side = 0;
  private destroyed = false;
  private drawMs = 0;
  private draws = 0;

  constructor(private readonly container: HTMLElement) {
    this.canvas.className = "plane-view";
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", "The 2D plane: real and generated points over D's verdict");
    this.canvas.style.display = "block";
    container.append(this.canvas);
    this.resizeObserver = new ResizeObserver(() => this.fit());
    this.resizeObserver.observe(container);
    // watchLook offers no way to stop watching: after destroy() its calls do nothing.
    watchLook(() => {
      if (this.destroyed) return;
      this.planeLook = null;
      this.fit();
      this.draw();
    });
    this.watchPixelRatio();
    this.fit();
  }

  /** The canvas (role="img"): the views write its accessible name (descriptions.ts). */
  get element(): HTMLCanvasElement {
    return this.canvas;
  }

  /** How long the last draw took, in milliseconds (the canvas commands, not the compositing). */
  get lastDrawMs(): number {
    return this.drawMs;
  }

  /** How many times the plane has been drawn. */
  get drawCount(): number {
    return this.draws;
  }

  /** A new snapshot, drawn now. */
  update(data: PlaneData): void {
    this.data = data;
    this.draw();
  }

  /** Shows only the layers that are on. */
  setLayers(layers: PlaneLayers): void {
    this.layers = { ...layers };
    this.draw();
  }

  /** What a screen reader says for the plane (the caller words it from the run). */
  setDescription(text: string): void {
    this.canvas.setAttribute("aria-label", text);
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver.disconnect();
    this.canvas.remove();
  }

  /** Sizes the canvas to its container; redraws when the size changed. */
  private fit(): void {
    if (this.destroyed) return;
    const width = Math.floor(this.container.clientWidth);
    const side = fillsHeight(this.container) ? Math.min(width, Math.floor(this.container.clientHeight)) : width;
    const ratio = devicePixelRatio || 1;
    const pixels = Math.round(side * ratio);
    if (side === this.side && this.canvas.width === pixels) return;
    this.side = side;
    this.canvas.style.width = `${side}px`;
    this.canvas.style.height = `${side}px`;
    this.canvas.width = pixels;
    this.canvas.height = pixels;
    this.draw();
  }

  /** A page zoom or a move to another screen changes devicePixelRatio without always resizing. */
  private watchPixelRatio(): void {
    matchMedia(`(resolution: ${devicePixelRatio}dppx)`).addEventListener(
      "change",
      () => {
        if (this.destroyed) return;
        this.fit();
        this.watchPixelRatio();
      },
      { once: true },
    );
  }

  private readLook(): PlaneLook {
    if (this.planeLook) return this.planeLook;
    const current = look(this.container);
    const background = getComputedStyle(this.container).getPropertyValue("--bg").trim() || "#ffffff";
    const ends = { fake: cssRgb(current.colors.fake), background: cssRgb(background), real: cssRgb(current.colors.real) };
    this.planeLook = { look: current, background, ends };
    return this.planeLook;
  }

  private draw(): void {
    const data = this.data;
    const context = this.canvas.getContext("2d");
    if (this.destroyed || !data || !context || this.side === 0) return;
    const started = performance.now();
    const { look: current, ends } = this.readLook();
    const colors = current.colors;
    const ratio = this.canvas.width / this.side;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, this.side, this.side);
    const plot = planeLayout(this.side, current.scale);
    if (plot.width <= 0 || !(data.x_max > data.x_min) || !(data.y_max > data.y_min)) return;
    const transform = planeTransform(data, plot);

    context.save();
    context.beginPath();
    context.rect(plot.left, plot.top, plot.width, plot.height);
    context.clip();
    if (this.layers.heat) this.drawHeat(context, data, plot, ends);
    if (this.layers.manifold) drawManifold(context, data, transform, withAlpha(colors.inkSoft, 0.7));
    if (this.layers.real) drawPoints(context, data.real_points, transform, colors.real);
    if (this.layers.fake) drawPoints(context, data.generated_points, transform, colors.fake);
    if (this.layers.arrows) drawArrows(context, data, transform, colors.ink);
    context.restore();
    drawFrame(context, data, plot, current);

    this.draws++;
    this.canvas.dataset.draws = String(this.draws);
    this.drawMs = performance.now() - started;
  }

  private drawHeat(context: CanvasRenderingContext2D, data: PlaneData, plot: PlotRect, ends: HeatEnds): void {
    const size = data.heat_size;
    if (size <= 0 || data.discriminator_heat.length < size * size) return;
    const heatContext = this.heatCanvas.getContext("2d");
    if (!heatContext) return;
    if (this.heatImage?.width !== size) {
      this.heatCanvas.width = size;
      this.heatCanvas.height = size;
      this.heatImage = heatContext.createImageData(size, size);
    }
    heatPixels(data.discriminator_heat, size, ends, this.heatImage.data);
    heatContext.putImageData(this.heatImage, 0, 0);
    context.imageSmoothingEnabled = true;
    context.drawImage(this.heatCanvas, plot.left, plot.top, plot.width, plot.height);
  }
}

/** Every point as a small square, one fill style for the lot (thousands of points). */
function drawPoints(context: CanvasRenderingContext2D, points: Float32Array, transform: PlaneTransform, colour: string): void {
  const half = POINT_SIZE / 2;
  context.fillStyle = colour;
  for (let k = 0; k + 1 < points.length; k += 2) {
    const x = transform.offsetX + (points[k] ?? 0) * transform.scaleX;
    const y = transform.offsetY + (points[k + 1] ?? 0) * transform.scaleY;
    context.fillRect(x - half, y - half, POINT_SIZE, POINT_SIZE);
  }
}

/** The manifold's rows and columns as polylines, all in one path. */
function drawManifold(context: CanvasRenderingContext2D, data: PlaneData, transform: PlaneTransform, colour: string): void {
  const size = data.manifold_size;
  if (size < 2 || data.manifold.length < size * size * 2) return;
  const at = (i: number, j: number): [number, number] => {
    const k = (i * size + j) * 2;
    return toPixel(transform, data.manifold[k] ?? 0, data.manifold[k + 1] ?? 0);
  };
  context.beginPath();
  for (let line = 0; line < size; line++) {
    for (const across of [false, true]) {
      for (let step = 0; step < size; step++) {
        const [x, y] = across ? at(step, line) : at(line, step);
        if (step === 0) context.moveTo(x, y);
        else context.lineTo(x, y);
      }
    }
  }
  context.strokeStyle = colour;
  context.lineWidth = 0.75;
  context.stroke();
}

/** G's push on the first generated points: shafts and heads, one path, one shared scale. */
function drawArrows(context: CanvasRenderingContext2D, data: PlaneData, transform: PlaneTransform, colour: string): void {
  const scale = arrowScale(data.arrows, data.x_max - data.x_min);
  if (scale === 0) return;
  const count = Math.min(data.arrows.length, data.generated_points.length) >> 1;
  const cos = Math.cos(ARROW_HEAD_ANGLE);
  const sin = Math.sin(ARROW_HEAD_ANGLE);
  context.beginPath();
  for (let k = 0; k < count; k++) {
    const pushX = data.arrows[2 * k] ?? 0;
    const pushY = data.arrows[2 * k + 1] ?? 0;
    if ((pushX === 0 && pushY === 0) || !Number.isFinite(pushX) || !Number.isFinite(pushY)) continue;
    const startX = data.generated_points[2 * k] ?? 0;
    const startY = data.generated_points[2 * k + 1] ?? 0;
    const [x0, y0] = toPixel(transform, startX, startY);
    const [x1, y1] = toPixel(transform, startX + pushX * scale, startY + pushY * scale);
    const length = Math.hypot(x1 - x0, y1 - y0);
    if (length < 0.5) continue;
    // The head's sides: the shaft's backward direction turned by ± the head's half-angle.
    const backX = (x0 - x1) / length;
    const backY = (y0 - y1) / length;
    const head = Math.min(ARROW_HEAD, 0.4 * length);
    context.moveTo(x0, y0);
    context.lineTo(x1, y1);
    context.lineTo(x1 + head * (backX * cos - backY * sin), y1 + head * (backX * sin + backY * cos));
    context.moveTo(x1, y1);
    context.lineTo(x1 + head * (backX * cos + backY * sin), y1 + head * (-backX * sin + backY * cos));
  }
  context.strokeStyle = colour;
  context.lineWidth = 1;
  context.stroke();
}

/** A thin frame round the plot, with the box's edges (and its middle) as tick labels. */
function drawFrame(context: CanvasRenderingContext2D, box: PlaneBox, plot: PlotRect, { colors, scale }: Look): void {
  context.strokeStyle = colors.line;
  context.lineWidth = 1;
  context.strokeRect(plot.left + 0.5, plot.top + 0.5, plot.width - 1, plot.height - 1);
  context.fillStyle = colors.inkSoft;
  context.font = `${10 * scale}px system-ui, sans-serif`;
  const gap = 3 * scale;
  const bottom = plot.top + plot.height;
  const aligns: CanvasTextAlign[] = ["left", "center", "right"];
  context.textBaseline = "top";
  [box.x_min, (box.x_min + box.x_max) / 2, box.x_max].forEach((value, k) => {
    context.textAlign = aligns[k] ?? "center";
    context.fillText(formatValue(value), plot.left + (k / 2) * plot.width, bottom + gap);
  });
  const baselines: CanvasTextBaseline[] = ["bottom", "middle", "top"];
  context.textAlign = "right";
  [box.y_min, (box.y_min + box.y_max) / 2, box.y_max].forEach((value, k) => {
    context.textBaseline = baselines[k] ?? "middle";
    context.fillText(formatValue(value), plot.left - gap, bottom - (k / 2) * plot.height);
  });
}

/** Any CSS colour as sRGB numbers: the browser parses it (hex, rgb(), oklch(), color-mix() …). */
function cssRgb(css: string): Rgb {
  const probe = document.createElement("canvas");
  probe.width = 1;
  probe.height = 1;
  const context = probe.getContext("2d", { willReadFrequently: true });
  if (!context) return [255, 255, 255];
  context.fillStyle = css;
  context.fillRect(0, 0, 1, 1);
  const [r = 255, g = 255, b = 255] = context.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}
