/**
 * The types of npm `gifenc` (1.0.3, which ships none): the parts the clip recorder's GIF worker
 * uses (./gif.worker.ts), as its README and source (node_modules/gifenc/src/index.js) define them.
 */

declare module "gifenc" {
  /** Colours as `[r, g, b]` (or `[r, g, b, a]` for a format with alpha), at most 256. */
  export type Palette = number[][];
  export type ColorFormat = "rgb565" | "rgb444" | "rgba4444";

  export interface FrameOptions {
    /** The frame's colours; the first frame's becomes the global table, later ones are local. */
    palette?: Palette;
    /** How long the frame shows, in ms (written in hundredths of a second). */
    delay?: number;
    /** -1: play once; 0: loop forever (the default); n: loop n times. */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    colorDepth?: number;
    dispose?: number;
    first?: boolean;
  }

  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    /** Writes the trailer: the file is complete. */
    finish(): void;
    /** A copy of the bytes written so far. */
    bytes(): Uint8Array;
    /** The bytes written so far, without a copy. */
    bytesView(): Uint8Array;
    reset(): void;
  }

  export function GIFEncoder(options?: { initialCapacity?: number; auto?: boolean }): Encoder;
  /** A palette of at most `maxColors` for RGBA pixels (PnnQuant). */
  export function quantize(
    rgba: Uint8Array | Uint8ClampedArray,
    maxColors: number,
    options?: { format?: ColorFormat; oneBitAlpha?: boolean | number; clearAlpha?: boolean },
  ): Palette;
  /** Each pixel's index into `palette`. */
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette, format?: ColorFormat): Uint8Array;
}
