/**
 * The animated GIF of a clip, encoded off the page's thread (npm `gifenc`; the messages are
 * ./encoder-protocol.ts): for each frame the page sends, this worker reads its pixels, finds its
 * palette (256 colours), maps the pixels to it and writes it. A frame is written when the next
 * one comes, so that its delay is the real time between the two (the page drops a frame while
 * this worker is behind, and the clip still plays at the pace it was recorded).
 */

import { GIFEncoder, applyPalette, quantize, type Palette } from "gifenc";
import { gifDelayMs } from "./clip";
import { pixelsOf, type EncoderCommand, type EncoderEvent } from "./encoder-protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;

let encoder = GIFEncoder();
let size = { width: 0, height: 0 };
/** The latest frame, written when the next one (or the end) says how long it lasts. */
let pending: { index: Uint8Array; palette: Palette; ms: number } | null = null;
const reader: { context: OffscreenCanvasRenderingContext2D | null } = { context: null };

function post(event: EncoderEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

/** Writes the pending frame, shown until `ms`. */
function flush(ms: number): void {
  if (!pending) return;
  encoder.writeFrame(pending.index, size.width, size.height, { palette: pending.palette, delay: gifDelayMs(pending.ms, ms) });
  pending = null;
}

scope.addEventListener("message", (event: MessageEvent<EncoderCommand>) => {
  const command = event.data;
  try {
    switch (command.type) {
      case "start":
        encoder = GIFEncoder({ initialCapacity: 1 << 20 });
        size = { width: command.width, height: command.height };
        pending = null;
        break;
      case "frame":
      case "bitmap": {
        const rgba = pixelsOf(command, size.width, size.height, reader);
        const palette = quantize(rgba, 256);
        const index = applyPalette(rgba, palette);
        flush(command.ms);
        pending = { index, palette, ms: command.ms };
        post({ type: "taken", bytes: encoder.bytesView().length });
        break;
      }
      case "finish": {
        flush(command.ms);
        encoder.finish();
        const bytes = encoder.bytesView();
        const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
        post({ type: "done", file }, [file]);
        break;
      }
    }
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
});
