/**
 * The encoders a clip can be written with, each fed the recording canvas frame by frame:
 *
 * - WebM: the canvas's stream (`captureStream`, one frame per `requestFrame`) into a
 *   `MediaRecorder`; its chunks every second are the size so far. MediaRecorder writes no
 *   duration into the file, which players then cannot seek: npm `fix-webm-duration` adds it.
 * - GIF: the canvas's pixels to a worker (./gif.worker.ts, npm `gifenc`).
 * - MP4: WebCodecs' `VideoEncoder` (H.264, or VP9 where this browser has no H.264 encoder)
 *   into npm `mp4-muxer`. Offered only where a test encode of one frame works
 *   ({@link mp4Codec}), not only where `isConfigSupported` says yes: a browser may say yes and
 *   lack the codec (Firefox without its OpenH264 plugin).
 *
 * Each drops a frame rather than fall behind: the page's thread stays free for the views.
 */

import fixWebmDuration from "fix-webm-duration";
import type { ArrayBufferTarget, Muxer } from "mp4-muxer";
import { FORMATS, CLIP_SIZES, videoBitrate, type ClipFormat, type Size } from "./clip";
import type { GifCommand, GifEvent } from "./gif.worker";

export interface ClipEncoder {
  /** Takes the canvas as it is now, `ms` after the clip's start (or drops it while behind). */
  frame(ms: number): void;
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

/** A codec that an MP4 can hold: the name mp4-muxer knows it by, WebCodecs' string for it, and what the dialog calls it. */
export interface Mp4Codec {
  readonly muxer: "avc" | "vp9";
  readonly codec: string;
  readonly label: string;
}

/** H.264 first (Baseline, level 3.1: up to 1280 × 720, which every slide tool plays), then VP9. */
const MP4_CODECS: readonly Mp4Codec[] = [
  { muxer: "avc", codec: "avc1.42001f", label: "H.264" },
  { muxer: "vp9", codec: "vp09.00.31.08", label: "VP9" },
];

function encoderConfig(codec: Mp4Codec, size: Size, fps: number): VideoEncoderConfig {
  return {
    codec: codec.codec,
    width: size.width,
    height: size.height,
    bitrate: videoBitrate(size, fps),
    framerate: fps,
    ...(codec.muxer === "avc" ? { avc: { format: "avc" as const } } : {}),
  };
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
    case "gif":
      return new GifEncoder(context, size, failed);
    case "mp4": {
      const codec = await mp4Codec();
      if (!codec) throw new Error("this browser cannot encode an MP4 video");
      // Loaded only for an MP4: a page that never records one does not fetch the muxer.
      const mp4 = await import("mp4-muxer");
      const muxer = new mp4.Muxer({
        target: new mp4.ArrayBufferTarget(),
        video: { codec: codec.muxer, ...size },
        fastStart: "in-memory",
        firstTimestampBehavior: "offset",
      });
      return new Mp4Encoder(canvas, codec, size, muxer, failed);
    }
  }
}

class WebmEncoder implements ClipEncoder {
  bytes = 0;
  private readonly chunks: Blob[] = [];
  private readonly track: CanvasCaptureMediaStreamTrack;
  private readonly recorder: MediaRecorder;

  constructor(canvas: HTMLCanvasElement, type: string, size: Size, failed: EncoderFailed) {
    // Frame rate 0: a frame exactly when `requestFrame` asks, one per frame drawn.
    const stream = canvas.captureStream(0);
    this.track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
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
    this.track.requestFrame();
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

/** Frames on their way to the GIF worker before the next is dropped. */
const GIF_IN_FLIGHT = 2;

class GifEncoder implements ClipEncoder {
  bytes = 0;
  private readonly worker = new Worker(new URL("./gif.worker.ts", import.meta.url), { type: "module", name: "gif" });
  private inFlight = 0;
  private done: ((file: Blob) => void) | null = null;
  private lost: ((error: Error) => void) | null = null;

  constructor(
    private readonly context: CanvasRenderingContext2D,
    private readonly size: Size,
    failed: EncoderFailed,
  ) {
    this.worker.addEventListener("message", (event: MessageEvent<GifEvent>) => {
      const message = event.data;
      if (message.type === "written") {
        this.inFlight = Math.max(0, this.inFlight - 1);
        this.bytes = message.bytes;
      } else if (message.type === "done") {
        this.bytes = message.file.byteLength;
        this.done?.(new Blob([message.file], { type: FORMATS.gif.mime }));
        this.worker.terminate();
      } else {
        this.lost?.(new Error(message.message));
        failed(`the GIF encoder failed: ${message.message}`);
      }
    });
    this.worker.addEventListener("error", () => failed("the GIF encoder could not start"));
    this.send({ type: "start", ...size });
  }

  private send(command: GifCommand, transfer: Transferable[] = []): void {
    this.worker.postMessage(command, transfer);
  }

  frame(ms: number): void {
    if (this.inFlight >= GIF_IN_FLIGHT) return;
    const { data } = this.context.getImageData(0, 0, this.size.width, this.size.height);
    this.inFlight++;
    this.send({ type: "frame", ms, pixels: data.buffer }, [data.buffer]);
  }

  finish(ms: number): Promise<Blob> {
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

/** A keyframe at least this often: a player can seek the MP4. */
const KEYFRAME_MS = 2000;

class Mp4Encoder implements ClipEncoder {
  bytes = 0;
  private readonly encoder: VideoEncoder;
  private lastKey = -Infinity;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    codec: Mp4Codec,
    size: Size,
    private readonly muxer: Muxer<ArrayBufferTarget>,
    failed: EncoderFailed,
  ) {
    this.encoder = new VideoEncoder({
      output: (chunk, meta) => {
        this.muxer.addVideoChunk(chunk, meta);
        this.bytes += chunk.byteLength;
      },
      error: (error) => failed(`the MP4 encoder failed: ${error.message}`),
    });
    this.encoder.configure(encoderConfig(codec, size, FORMATS.mp4.fps));
  }

  frame(ms: number): void {
    // Behind (a slow software encoder): this frame is dropped, the clip keeps its pace.
    if (this.encoder.state !== "configured" || this.encoder.encodeQueueSize > 2) return;
    const frame = new VideoFrame(this.canvas, { timestamp: Math.round(ms * 1000), duration: Math.round(1e6 / FORMATS.mp4.fps) });
    const keyFrame = ms - this.lastKey >= KEYFRAME_MS;
    if (keyFrame) this.lastKey = ms;
    this.encoder.encode(frame, { keyFrame });
    frame.close();
  }

  async finish(): Promise<Blob> {
    await this.encoder.flush();
    this.encoder.close();
    this.muxer.finalize();
    return new Blob([this.muxer.target.buffer], { type: FORMATS.mp4.mime });
  }

  cancel(): void {
    if (this.encoder.state !== "closed") this.encoder.close();
  }
}
