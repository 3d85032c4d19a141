/**
 * The animated GIF of a clip, encoded off the page's thread (npm `gifenc`): the page sends each
 * frame's pixels as it draws them, this worker finds each frame's palette (256 colours), maps
 * the pixels to it and writes the frame, and says how large the file has grown. A frame is
 * written when the next one comes, so that its delay is the real time between the two (the
 * page drops a frame while this worker is behind, and the clip still plays at the pace it was
 * recorded).
 */

import { GIFEncoder, applyPalette, quantize, type Palette } from "gifenc";
import { gifDelayMs } from "./clip";

/** What the page sends. */
export type GifCommand =
  | { type: "start"; width: number; height: number }
  /** RGBA pixels of the whole frame, `ms` since the clip started. */
  | { type: "frame"; ms: number; pixels: ArrayBuffer }
  /** The clip ends at `ms`: the last frame lasts until then. */
  | { type: "finish"; ms: number };

/** What the page hears: after each frame, the file's size; at the end, the file. */
export type GifEvent =
  { type: "written"; bytes: number; frames: number } | { type: "done"; file: ArrayBuffer; frames: number } | { type: "error"; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

let encoder = GIFEncoder();
let size = { width: 0, height: 0 };
let frames = 0;
/** The latest frame, written when the next one (or the end) says how long it lasts. */
let pending: { index: Uint8Array; palette: Palette; ms: number } | null = null;

function post(event: GifEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

/** Writes the pending frame, shown until `ms`. */
function flush(ms: number): void {
  if (!pending) return;
  encoder.writeFrame(pending.index, size.width, size.height, { palette: pending.palette, delay: gifDelayMs(pending.ms, ms) });
  pending = null;
  frames++;
  post({ type: "written", bytes: encoder.bytesView().length, frames });
}

scope.addEventListener("message", (event: MessageEvent<GifCommand>) => {
  const command = event.data;
  try {
    switch (command.type) {
      case "start":
        encoder = GIFEncoder({ initialCapacity: 1 << 20 });
        size = { width: command.width, height: command.height };
        frames = 0;
        pending = null;
        break;
      case "frame": {
        const rgba = new Uint8ClampedArray(command.pixels);
        const palette = quantize(rgba, 256);
        const index = applyPalette(rgba, palette);
        flush(command.ms);
        pending = { index, palette, ms: command.ms };
        break;
      }
      case "finish": {
        flush(command.ms);
        encoder.finish();
        const bytes = encoder.bytesView();
        const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
        post({ type: "done", file, frames }, [file]);
        break;
      }
    }
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
});
