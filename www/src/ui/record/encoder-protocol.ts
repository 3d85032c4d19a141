/**
 * What the page and a clip's encoder worker (./gif.worker.ts, ./mp4.worker.ts) say to each
 * other. The page sends each frame as it draws it — a bitmap (the worker reads its pixels), or
 * its RGBA pixels where a worker cannot draw a bitmap — with its time; the worker says how large
 * the file has grown after each frame it has taken, and gives the file at the end.
 */

import type { Mp4Codec } from "./clip";

/** What the page sends: first the clip's size and frame rate (and an MP4's codec), then its frames, then the end. */
export type EncoderCommand =
  | { type: "start"; width: number; height: number; fps: number; codec?: Mp4Codec }
  /** The whole frame as RGBA pixels, `ms` since the clip started (`last`: the clip's last, never dropped). */
  | { type: "frame"; ms: number; last: boolean; pixels: ArrayBuffer }
  /** The whole frame as a bitmap (its pixels are read in the worker, off the page's thread). */
  | { type: "bitmap"; ms: number; last: boolean; bitmap: ImageBitmap }
  /** The clip ends at `ms`: the file. */
  | { type: "finish"; ms: number };

/** What the page hears: after each frame taken (or dropped), the file's size; at the end, the file. */
export type EncoderEvent = { type: "taken"; bytes: number } | { type: "done"; file: ArrayBuffer } | { type: "error"; message: string };

/** The RGBA pixels of a frame a worker was sent: read from its bitmap (which is closed), or as they came. */
export function pixelsOf(
  command: Extract<EncoderCommand, { type: "frame" | "bitmap" }>,
  width: number,
  height: number,
  reader: { context: OffscreenCanvasRenderingContext2D | null },
): Uint8ClampedArray {
  if (command.type === "frame") return new Uint8ClampedArray(command.pixels);
  if (!reader.context || reader.context.canvas.width !== width || reader.context.canvas.height !== height) {
    reader.context = new OffscreenCanvas(width, height).getContext("2d", { willReadFrequently: true });
    if (!reader.context) throw new Error("no 2D canvas in the worker");
  }
  reader.context.drawImage(command.bitmap, 0, 0);
  command.bitmap.close();
  return reader.context.getImageData(0, 0, width, height).data;
}
