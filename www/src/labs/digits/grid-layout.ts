/**
 * The arithmetic of a grid of small grey images (generated digits, real digits, a latent
 * walk): where each image goes at native resolution, the RGBA bytes of the whole grid, and
 * the integer scale that keeps every native pixel a crisp square of device pixels. Pure, so
 * it is unit-tested; labs/digits/digit-grid.ts puts it on a canvas.
 */

/** Images laid out in rows, at native resolution (one pixel per image pixel). */
export interface GridLayout {
  count: number;
  columns: number;
  rows: number;
  /** One image's size. */
  cellWidth: number;
  cellHeight: number;
  /** Pixels between neighbouring images. */
  gap: number;
  /** The whole grid. */
  width: number;
  height: number;
}

/** `count` images of `cellWidth × cellHeight` in `columns` columns, `gap` pixels apart. */
export function gridLayout(count: number, columns: number, cellWidth: number, cellHeight: number, gap = 1): GridLayout {
  const cols = Math.max(1, Math.min(columns, Math.max(count, 1)));
  const rows = Math.max(1, Math.ceil(count / cols));
  return {
    count,
    columns: cols,
    rows,
    cellWidth,
    cellHeight,
    gap,
    width: cols * cellWidth + (cols - 1) * gap,
    height: rows * cellHeight + (rows - 1) * gap,
  };
}

/** The top-left pixel of image `index` (row-major). */
export function cellOrigin(layout: GridLayout, index: number): { x: number; y: number } {
  const column = index % layout.columns;
  const row = Math.floor(index / layout.columns);
  return { x: column * (layout.cellWidth + layout.gap), y: row * (layout.cellHeight + layout.gap) };
}

/** The grey level of the lines between images (the digits' background is black). */
export const GAP_GREY = 96;

/**
 * The grid's RGBA bytes (opaque): image i's pixel p is `images[i · cell + p]`, a value in
 * [0, 1] (0 = black); values outside are clamped, NaN is drawn black.
 */
export function renderGrid(
  layout: GridLayout,
  images: ArrayLike<number>,
  out: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(layout.width * layout.height * 4),
): Uint8ClampedArray<ArrayBuffer> {
  const { cellWidth, cellHeight, width } = layout;
  const cell = cellWidth * cellHeight;
  for (let i = 0; i < out.length; i += 4) {
    out[i] = out[i + 1] = out[i + 2] = GAP_GREY;
    out[i + 3] = 255;
  }
  const count = Math.min(layout.count, Math.floor(images.length / cell));
  for (let k = 0; k < count; k++) {
    const { x: left, y: top } = cellOrigin(layout, k);
    for (let y = 0; y < cellHeight; y++) {
      for (let x = 0; x < cellWidth; x++) {
        const value = images[k * cell + y * cellWidth + x]!;
        const grey = value > 0 ? Math.round(Math.min(value, 1) * 255) : 0;
        const at = ((top + y) * width + left + x) * 4;
        out[at] = out[at + 1] = out[at + 2] = grey;
      }
    }
  }
  return out;
}

/**
 * The largest whole number of device pixels per native pixel that fits `maxCssWidth` CSS
 * pixels on a screen of `devicePixelRatio` (at least 1), and the CSS size that gives it.
 * Whole numbers keep nearest-neighbour scaling exact: every image pixel a crisp square.
 */
export function crispScale(
  nativeWidth: number,
  nativeHeight: number,
  maxCssWidth: number,
  devicePixelRatio: number,
): { scale: number; cssWidth: number; cssHeight: number } {
  const ratio = devicePixelRatio > 0 && Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1;
  const scale = Math.max(1, Math.floor((maxCssWidth * ratio) / Math.max(nativeWidth, 1)));
  return { scale, cssWidth: (nativeWidth * scale) / ratio, cssHeight: (nativeHeight * scale) / ratio };
}

/** Below this share of its box, a grid at a whole-number scale gives way to one that fills the box. */
export const MIN_CRISP_FILL = 0.8;

/**
 * The size of a grid that fills a `boxWidth × boxHeight` CSS-pixel box, keeping its aspect
 * (embed mode, where the layout, not the grid, sets the size). `scale` is device pixels per
 * native pixel: a whole number (crisp squares) where that fills at least
 * {@link MIN_CRISP_FILL} of the box; otherwise the exact fit, still nearest neighbour, whose
 * image pixels differ by at most one device pixel. An empty box gives scale 0.
 */
export function fillScale(
  nativeWidth: number,
  nativeHeight: number,
  boxWidth: number,
  boxHeight: number,
  devicePixelRatio: number,
): { scale: number; cssWidth: number; cssHeight: number } {
  const ratio = devicePixelRatio > 0 && Number.isFinite(devicePixelRatio) ? devicePixelRatio : 1;
  const fit = Math.max(0, Math.min((boxWidth * ratio) / Math.max(nativeWidth, 1), (boxHeight * ratio) / Math.max(nativeHeight, 1)));
  const whole = Math.floor(fit);
  // Device pixels are whole: the exact fit is rounded down to a whole canvas width.
  const scale = whole >= 1 && whole >= MIN_CRISP_FILL * fit ? whole : Math.floor(nativeWidth * fit) / Math.max(nativeWidth, 1);
  return { scale, cssWidth: (nativeWidth * scale) / ratio, cssHeight: (nativeHeight * scale) / ratio };
}
