/**
 * The MP4 of a clip, encoded off the page's thread (the messages are ./encoder-protocol.ts):
 * each frame the page sends becomes a `VideoFrame` for WebCodecs' `VideoEncoder`, whose chunks
 * npm `mp4-muxer` puts into the file (its index at the front: "fast start"). Each frame keeps
 * the time it was drawn at; a keyframe at least every {@link KEYFRAME_MS}; a frame that comes
 * while the encoder is behind is dropped.
 */

import { ArrayBufferTarget, Muxer } from "mp4-muxer";
import { encoderConfig } from "./clip";
import type { EncoderCommand, EncoderEvent } from "./encoder-protocol";

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** A keyframe at least this often: a player can seek the MP4. */
const KEYFRAME_MS = 2000;
/** Frames waiting in the encoder before the next is dropped. */
const MOST_QUEUED = 2;

let encoder: VideoEncoder | null = null;
let muxer: Muxer<ArrayBufferTarget> | null = null;
let bytes = 0;
let lastKey = -Infinity;
let frameUs = 0;
let size = { width: 0, height: 0 };

function post(event: EncoderEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

function fail(message: string): void {
  post({ type: "error", message });
}

/** A VideoFrame of the frame the page sent (its bitmap is closed). */
function videoFrame(command: Extract<EncoderCommand, { type: "frame" | "bitmap" }>): VideoFrame {
  const init = { timestamp: Math.round(command.ms * 1000), duration: frameUs };
  if (command.type === "frame") return new VideoFrame(command.pixels, { ...init, format: "RGBA", codedWidth: size.width, codedHeight: size.height });
  const frame = new VideoFrame(command.bitmap, init);
  command.bitmap.close();
  return frame;
}

scope.addEventListener("message", (event: MessageEvent<EncoderCommand>) => {
  const command = event.data;
  void (async () => {
    switch (command.type) {
      case "start": {
        if (!command.codec) return fail("no codec for the MP4");
        size = { width: command.width, height: command.height };
        frameUs = Math.round(1e6 / command.fps);
        const target = new ArrayBufferTarget();
        muxer = new Muxer({ target, video: { codec: command.codec.muxer, ...size }, fastStart: "in-memory", firstTimestampBehavior: "offset" });
        const into = muxer;
        encoder = new VideoEncoder({
          output: (chunk, meta) => {
            into.addVideoChunk(chunk, meta);
            bytes += chunk.byteLength;
          },
          error: (error) => fail(error.message),
        });
        encoder.configure(encoderConfig(command.codec, size, command.fps));
        break;
      }
      case "frame":
      case "bitmap": {
        // Behind (a slow software encoder): this frame is dropped, the clip keeps its pace.
        if (!encoder || encoder.state !== "configured" || (encoder.encodeQueueSize > MOST_QUEUED && !command.last)) {
          if (command.type === "bitmap") command.bitmap.close();
        } else {
          const frame = videoFrame(command);
          const keyFrame = command.ms - lastKey >= KEYFRAME_MS;
          if (keyFrame) lastKey = command.ms;
          encoder.encode(frame, { keyFrame });
          frame.close();
        }
        post({ type: "taken", bytes });
        break;
      }
      case "finish": {
        if (!encoder || !muxer) return fail("the MP4 was never started");
        await encoder.flush();
        encoder.close();
        muxer.finalize();
        const file = muxer.target.buffer;
        post({ type: "done", file }, [file]);
        break;
      }
    }
  })().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
});
