/**
 * The user's own pictures (PNG, JPEG) as MNIST-like digits: 28×28 grey bytes with a black
 * background (0) and bright ink, as the image presets expect. The browser decodes and
 * resizes each picture (ui/image-files.ts); the pixel work is here, pure, so it is tested.
 *
 * What is done, in order: (1) grey from RGBA with the ITU-R BT.601 weights, transparent
 * parts counted as white paper; (2) the background is the mean grey of the picture's own
 * border; where the picture was letterboxed (not square), the margins take that grey, so
 * they look like more background; (3) a light background (mean > ½) means dark ink on
 * paper: the image is inverted; (4) levels are stretched so the background becomes 0 and
 * the brightest ink 255, as in MNIST.
 */

import { IMAGE_SIDE } from "./idx";

/** Where the picture lies inside the square, after fitting it there with its aspect ratio. */
export interface ContentRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One picture as a digit. */
export interface DigitPixels {
  /** `side × side` grey bytes, 0 = background. */
  pixels: Uint8Array;
  /** Whether the picture had a light background and was inverted. */
  inverted: boolean;
}

/** The rectangle a `width × height` picture covers when fitted, centred, into a `side × side` square. */
export function fitInSquare(width: number, height: number, side = IMAGE_SIDE): ContentRect {
  const scale = side / Math.max(width, height, 1);
  const w = Math.max(1, Math.min(side, Math.round(width * scale)));
  const h = Math.max(1, Math.min(side, Math.round(height * scale)));
  return { x: Math.floor((side - w) / 2), y: Math.floor((side - h) / 2), width: w, height: h };
}

/** Grey levels 0–255 from RGBA bytes; transparency shows white paper underneath. */
export function greyFromRgba(rgba: ArrayLike<number>, pixels: number): Float64Array {
  const grey = new Float64Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const r = rgba[4 * i]!;
    const g = rgba[4 * i + 1]!;
    const b = rgba[4 * i + 2]!;
    const alpha = rgba[4 * i + 3]! / 255;
    grey[i] = (0.299 * r + 0.587 * g + 0.114 * b) * alpha + 255 * (1 - alpha);
  }
  return grey;
}

/** Mean grey of the outermost pixels of `rect` inside a `side`-wide image. */
export function borderMean(grey: ArrayLike<number>, side: number, rect: ContentRect): number {
  let sum = 0;
  let count = 0;
  const right = rect.x + rect.width - 1;
  const bottom = rect.y + rect.height - 1;
  for (let y = rect.y; y <= bottom; y++) {
    for (let x = rect.x; x <= right; x++) {
      if (y !== rect.y && y !== bottom && x !== rect.x && x !== right) continue;
      sum += grey[y * side + x]!;
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}

/**
 * A picture's RGBA pixels (a `side × side` canvas with the picture drawn in `rect`) as a
 * digit: grey, background 0, ink up to 255 (see the module's comment for the steps).
 */
export function toDigitPixels(rgba: ArrayLike<number>, rect: ContentRect, side = IMAGE_SIDE): DigitPixels {
  const n = side * side;
  const grey = greyFromRgba(rgba, n);
  const background = borderMean(grey, side, rect);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      if (!inside) grey[y * side + x] = background;
    }
  }
  const inverted = background > 127.5;
  if (inverted) for (let i = 0; i < n; i++) grey[i] = 255 - grey[i]!;
  const floor = inverted ? 255 - background : background;
  let peak = floor;
  for (let i = 0; i < n; i++) peak = Math.max(peak, grey[i]!);
  // A blank picture (no ink brighter than the background) stays blank rather than amplifying noise.
  const gain = peak - floor >= 16 ? 255 / (peak - floor) : 0;
  const pixels = new Uint8Array(n);
  for (let i = 0; i < n; i++) pixels[i] = Math.round(Math.min(255, Math.max(0, (grey[i]! - floor) * gain)));
  return { pixels, inverted };
}
