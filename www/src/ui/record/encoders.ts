/**
 * The encoders a clip can be written with, each fed the recording canvas frame by frame:
 *
 * - WebM: the canvas's stream (`captureStream`, one frame per `requestFrame`) into a
 *   `MediaRecorder`; its chunks every second are the size so far. MediaRecorder writes no
 *   duration into the file, which players then cannot seek: npm `fix-webm-duration` adds it.
 * - GIF: each frame as a bitmap to a worker (./gif.worker.ts, npm `gifenc`), which reads its
 *   pixels, finds its palette and writes it.
 * - MP4: each frame as a bitmap to a worker (./mp4.worker.ts): WebCodecs' `VideoEncoder`
 *   (H.264, or VP9 where this browser has no H.264 encoder) into npm `mp4-muxer`. Offered only
 *   where a test encode of one frame works ({@link mp4Codec}), not only where
 *   `isConfigSupported` says yes: a browser may say yes and still fail to encode (an H.264
 *   encoder that comes as a plugin, not installed).
 *
 * Each drops a frame rather than fall behind. The page's thread only draws each frame and hands
 * it over: the views it draws from are drawn there too.
 */

import fixWebmDuration from "fix-webm-duration";
import { CLIP_SIZES, FORMATS, MP4_CODECS, encoderConfig, videoBitrate, type ClipFormat, type Mp4Codec, type Size } from "./clip";
import type { EncoderCommand, EncoderEvent } from "./encoder-protocol";

export interface ClipEncoder {
  /** Takes the canvas as it is now, `ms` after the clip's start (or drops it while behind, unless `last`). */
  frame(ms: number, last?: boolean): void;
  /** The file's bytes so far: the bar's size estimate. */
  readonly bytes: number;
  /** The file, once every frame is in; the clip ends at `ms`. */
  finish(ms: number): Promise<Blob>;
  /** Stops without a file (the page is going, or the encoder failed). */
  cancel(): void;
}

/** A failure of an encoder while it records: the recorder stops and says why. */
export type EncoderFailed = (message: string) => void;

/** The MediaRecorder type for a WebM of the canvas, or null where there is none. */
export function webmType(): string | null {
  if (typeof MediaRecorder === "undefined" || typeof HTMLCanvasElement.prototype.captureStream !== "function") return null;
  return ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm"].find((type) => MediaRecorder.isTypeSupported(type)) ?? null;
}

let mp4Probe: Promise<Mp4Codec | null> | undefined;

/** The codec an MP4 is written with here, or null where this browser cannot write one (asked once). */
export function mp4Codec(): Promise<Mp4Codec | null> {
  mp4Probe ??= (async () => {
    if (typeof VideoEncoder === "undefined" || typeof VideoFrame === "undefined") return null;
    const largest = CLIP_SIZES[CLIP_SIZES.length - 1]!;
    for (const codec of MP4_CODECS) {
      try {
        const { supported } = await VideoEncoder.isConfigSupported(encoderConfig(codec, largest, FORMATS.mp4.fps));
        if (supported && (await encodesAFrame(codec))) return codec;
      } catch {
        // Not this codec.
      }
    }
    return null;
  })();
  return mp4Probe;
}

/** Whether `codec` really encodes: one small frame, within a few seconds. */
function encodesAFrame(codec: Mp4Codec): Promise<boolean> {
  return new Promise((resolve) => {
    let chunks = 0;
    const encoder = new VideoEncoder({ output: () => chunks++, error: () => resolve(false) });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      if (encoder.state !== "closed") encoder.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 3000);
    const size = { width: 160, height: 90 };
    const canvas = Object.assign(document.createElement("canvas"), size);
    canvas.getContext("2d")?.fillRect(0, 0, size.width, size.height);
    encoder.configure(encoderConfig(codec, size, FORMATS.mp4.fps));
    const frame = new VideoFrame(canvas, { timestamp: 0 });
    encoder.encode(frame, { keyFrame: true });
    frame.close();
    encoder.flush().then(
      () => done(chunks > 0),
      () => done(false),
    );
  });
}

/** The encoder of `format` for `canvas` (whose context `context` is). */
export async function createEncoder(
  format: ClipFormat,
  canvas: HTMLCanvasElement,
  context: CanvasRenderingContext2D,
  failed: EncoderFailed,
): Promise<ClipEncoder> {
  const size = { width: canvas.width, height: canvas.height };
  switch (format) {
    case "webm": {
      const type = webmType();
      if (!type) throw new Error("this browser cannot record a WebM video of a canvas");
      return new WebmEncoder(canvas, type, size, failed);
    }
    case "gif": {
      const worker = new Worker(new URL("./gif.worker.ts", import.meta.url), { type: "module", name: "gif" });
      return new WorkerEncoder(worker, "GIF", FORMATS.gif.mime, context, { type: "start", ...size, fps: FORMATS.gif.fps }, failed);
    }
    case "mp4": {
      const codec = await mp4Codec();
      if (!codec) throw new Error("this browser cannot encode an MP4 video");
      const worker = new Worker(new URL("./mp4.worker.ts", import.meta.url), { type: "module", name: "mp4" });
      return new WorkerEncoder(worker, "MP4", FORMATS.mp4.mime, context, { type: "start", ...size, fps: FORMATS.mp4.fps, codec }, failed);
    }
  }
}

class WebmEncoder implements ClipEncoder {
  bytes = 0;
  private readonly chunks: Blob[] = [];
  private readonly track: MediaStreamTrack;
  private readonly recorder: MediaRecorder;
  /** Asks the stream for a frame of the canvas as it is now (null: it takes one whenever the canvas changes). */
  private readonly request: (() => void) | null;

  constructor(canvas: HTMLCanvasElement, type: string, size: Size, failed: EncoderFailed) {
    // Frame rate 0: a frame exactly when asked, one per frame drawn: the track's `requestFrame`
    // (the standard), or the stream's (Firefox's). Without either, at the format's frame rate.
    let stream = canvas.captureStream(0);
    let track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    const ofStream = (stream as MediaStream & { requestFrame?: () => void }).requestFrame;
    if (typeof track.requestFrame === "function") this.request = () => track.requestFrame();
    else if (typeof ofStream === "function") this.request = () => ofStream.call(stream);
    else {
      track.stop();
      stream = canvas.captureStream(FORMATS.webm.fps);
      track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
      this.request = null;
    }
    this.track = track;
    this.recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: videoBitrate(size, FORMATS.webm.fps) });
    this.recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size === 0) return;
      this.chunks.push(event.data);
      this.bytes += event.data.size;
    });
    this.recorder.addEventListener("error", () => failed("the browser's video recorder failed"));
    // A chunk every second: the size so far.
    this.recorder.start(1000);
  }

  frame(): void {
    this.request?.();
  }

  async finish(ms: number): Promise<Blob> {
    if (this.recorder.state !== "inactive") {
      const stopped = new Promise((resolve) => this.recorder.addEventListener("stop", resolve, { once: true }));
      this.recorder.stop();
      await stopped;
    }
    this.track.stop();
    const file = new Blob(this.chunks, { type: FORMATS.webm.mime });
    // The duration in the file's header (MediaRecorder leaves it out): players can seek.
    return fixWebmDuration(file, ms, { logger: false });
  }

  cancel(): void {
    if (this.recorder.state !== "inactive") this.recorder.stop();
    this.track.stop();
  }
}

/**
 * Whether a frame for a worker is read back on the page's thread (`getImageData`, 3.7 MB a frame
 * at 1280 × 720): only where a worker cannot draw a bitmap (no `OffscreenCanvas`). Elsewhere the
 * page sends the worker an `ImageBitmap` of each frame, and the worker reads its pixels.
 */
export function framesReadBack(): boolean {
  return typeof createImageBitmap !== "function" || typeof OffscreenCanvas !== "function";
}

/** Frames on their way to an encoder worker before the next is dropped. */
const IN_FLIGHT = 2;

/** A GIF or an MP4: each frame to a worker that encodes it (./gif.worker.ts, ./mp4.worker.ts). */
class WorkerEncoder implements ClipEncoder {
  bytes = 0;
  private inFlight = 0;
  /** The frames on their way, in order (a bitmap is ready a moment after it is asked for). */
  private queue: Promise<void> = Promise.resolve();
  private done: ((file: Blob) => void) | null = null;
  private lost: ((error: Error) => void) | null = null;

  constructor(
    private readonly worker: Worker,
    name: string,
    mime: string,
    private readonly context: CanvasRenderingContext2D,
    start: EncoderCommand,
    private readonly failed: EncoderFailed,
  ) {
    worker.addEventListener("message", (event: MessageEvent<EncoderEvent>) => {
      const message = event.data;
      if (message.type === "taken") {
        this.inFlight = Math.max(0, this.inFlight - 1);
        this.bytes = message.bytes;
      } else if (message.type === "done") {
        this.bytes = message.file.byteLength;
        this.done?.(new Blob([message.file], { type: mime }));
        worker.terminate();
      } else {
        this.lost?.(new Error(message.message));
        failed(`the ${name} encoder failed: ${message.message}`);
      }
    });
    worker.addEventListener("error", () => {
      this.lost?.(new Error(`the ${name} encoder stopped`));
      failed(`the ${name} encoder stopped`);
    });
    this.send(start);
  }

  private send(command: EncoderCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  frame(ms: number, last = false): void {
    if (this.inFlight >= IN_FLIGHT && !last) return;
    this.inFlight++;
    if (!framesReadBack()) {
      // The frame as it is now (the bitmap is taken at the call); the worker reads its pixels.
      const bitmap = createImageBitmap(this.context.canvas);
      this.queue = this.queue
        .then(async () => {
          const frame = await bitmap;
          this.send({ type: "bitmap", ms, last, bitmap: frame }, [frame]);
        })
        .catch((error: unknown) => this.failed(`a frame could not be taken: ${String(error)}`));
      return;
    }
    const { width, height } = this.context.canvas;
    const { data } = this.context.getImageData(0, 0, width, height);
    this.queue = this.queue.then(() => this.send({ type: "frame", ms, last, pixels: data.buffer }, [data.buffer]));
  }

  async finish(ms: number): Promise<Blob> {
    await this.queue;
    return new Promise((resolve, reject) => {
      this.done = resolve;
      this.lost = reject;
      this.send({ type: "finish", ms });
    });
  }

  cancel(): void {
    this.worker.terminate();
  }
}
