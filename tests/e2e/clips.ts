/**
 * Reading back a recorded clip (tests/e2e/record.spec.ts, firefox.spec.ts), as a slide tool
 * would: a GIF through a decoder (npm `omggif`), every frame; a WebM's Matroska structure walked
 * here (its size, its codec, its duration, each frame's block) and every frame decoded by the
 * browser's own decoder (WebCodecs' `VideoDecoder`); an MP4's boxes walked here (its size, its
 * sample count) and the file played by a `<video>`. Whether the iteration counter is drawn is
 * seen where it is drawn, the right of the clip's title bar: the first and the last frame differ
 * there.
 */

import { GifReader } from "omggif";
import { layoutFrame, type Rect, type Size } from "../../www/src/ui/record/clip";

/** Where the clip draws "iteration 1,234": the right half of its title bar. */
export function counterRegion(size: Size): Rect {
  const { header } = layoutFrame([1], size);
  return { x: Math.round(size.width / 2), y: 0, width: Math.floor(size.width / 2), height: header.height - 1 };
}

/** Pixels of `region` whose colour differs by more than `threshold` (any channel) between two RGBA images of `width`. */
export function differingPixels(a: ArrayLike<number>, b: ArrayLike<number>, width: number, region: Rect, threshold = 64): number {
  let count = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = (y * width + x) * 4;
      if (Math.abs(a[i]! - b[i]!) > threshold || Math.abs(a[i + 1]! - b[i + 1]!) > threshold || Math.abs(a[i + 2]! - b[i + 2]!) > threshold) count++;
    }
  }
  return count;
}

export interface GifClip {
  width: number;
  height: number;
  frames: number;
  /** The delays added up, in ms. */
  durationMs: number;
  /** Pixels of the counter's region that differ between the first and the last frame. */
  counterChange: number;
}

/** A GIF, every frame decoded. */
export function readGif(bytes: Uint8Array): GifClip {
  const reader = new GifReader(bytes);
  const { width, height } = reader;
  const frames = reader.numFrames();
  let durationMs = 0;
  const first = new Uint8Array(width * height * 4);
  const last = new Uint8Array(width * height * 4);
  for (let i = 0; i < frames; i++) {
    durationMs += reader.frameInfo(i).delay * 10;
    // Every frame is whole (the recorder writes full frames): each decodes on its own.
    reader.decodeAndBlitFrameRGBA(i, i === 0 ? first : last);
  }
  return { width, height, frames, durationMs, counterChange: frames > 1 ? differingPixels(first, last, width, counterRegion({ width, height })) : 0 };
}

/** A frame of a WebM: its bytes (base64, to hand to a page), its time, whether it is a keyframe. */
export interface WebmFrame {
  data: string;
  ms: number;
  key: boolean;
}

export interface WebmClip {
  width: number;
  height: number;
  /** Matroska's codec id: `V_VP9`, `V_VP8`, … */
  codecId: string;
  /** The header's duration in ms (null: none written). */
  durationMs: number | null;
  frames: WebmFrame[];
}

const EBML = {
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  codecId: 0x86,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  cluster: 0x1f43b675,
  timecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
} as const;
/** The elements walked into: everything else is stepped over. */
const MASTERS = new Set<number>([EBML.segment, EBML.info, EBML.tracks, EBML.trackEntry, EBML.video, EBML.cluster, EBML.blockGroup]);

/** An EBML variable-length integer at `at`: its value (with or without the length marker) and length. */
function vint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } {
  const first = bytes[at]!;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8) throw new Error(`bad EBML number at ${at}`);
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i]!;
    allOnes &&= bytes[at + i] === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

function uint(bytes: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + bytes[at + i]!;
  return value;
}

/** A WebM, its structure walked: the size and codec of its video track, its duration, each frame. */
export function readWebm(bytes: Uint8Array): WebmClip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const clip: WebmClip = { width: 0, height: 0, codecId: "", durationMs: null, frames: [] };
  let scale = 1_000_000;
  let duration: number | null = null;
  let clusterTime = 0;
  let at = 0;
  // A flat walk: into the elements that hold what is read (an unknown size, as MediaRecorder
  // writes the segment and its clusters, is then no matter), over every other.
  while (at < bytes.length) {
    const id = vint(bytes, at, true);
    const size = vint(bytes, at + id.length, false);
    const start = at + id.length + size.length;
    if (MASTERS.has(id.value)) {
      at = start;
      continue;
    }
    if (size.unknown) throw new Error(`unknown size of element 0x${id.value.toString(16)} at ${at}`);
    const end = start + size.value;
    switch (id.value) {
      case EBML.timecodeScale:
        scale = uint(bytes, start, size.value);
        break;
      case EBML.duration:
        duration = size.value === 4 ? view.getFloat32(start) : view.getFloat64(start);
        break;
      case EBML.codecId:
        clip.codecId = new TextDecoder().decode(bytes.subarray(start, end));
        break;
      case EBML.pixelWidth:
        clip.width = uint(bytes, start, size.value);
        break;
      case EBML.pixelHeight:
        clip.height = uint(bytes, start, size.value);
        break;
      case EBML.timecode:
        clusterTime = uint(bytes, start, size.value);
        break;
      case EBML.simpleBlock:
      case EBML.block: {
        const track = vint(bytes, start, false);
        const relative = view.getInt16(start + track.length);
        const flags = bytes[start + track.length + 2]!;
        const data = bytes.subarray(start + track.length + 3, end);
        clip.frames.push({
          data: Buffer.from(data).toString("base64"),
          ms: ((clusterTime + relative) * scale) / 1e6,
          key: id.value === EBML.simpleBlock && (flags & 0x80) !== 0,
        });
        break;
      }
    }
    at = end;
  }
  clip.durationMs = duration === null ? null : (duration * scale) / 1e6;
  return clip;
}

/** WebCodecs' codec string for a Matroska codec id. */
export function webCodec(codecId: string): string {
  const codecs: Record<string, string> = { V_VP9: "vp09.00.10.08", V_VP8: "vp8", V_AV1: "av01.0.04M.08" };
  const codec = codecs[codecId];
  if (!codec) throw new Error(`no decoder named for ${codecId}`);
  return codec;
}

/** What the browser decoded of a clip's frames. */
export interface Decoded {
  frames: number;
  /** Every decoded frame's `width×height`, once each. */
  sizes: string[];
  counterChange: number;
  error: string | null;
}

/**
 * Decodes every frame of a WebM with the browser's `VideoDecoder` and compares the first and the
 * last in `region`. Self-contained: any driver's `evaluate` (Playwright, puppeteer) runs it in
 * the page as it is.
 */
export async function decodeFrames(args: {
  codec: string;
  frames: { data: string; ms: number; key: boolean }[];
  region: { x: number; y: number; width: number; height: number };
}): Promise<Decoded> {
  const { codec, frames, region } = args;
  const sizes = new Set<string>();
  let count = 0;
  let error: string | null = null;
  // The first frame's pixels, and the latest frame (the last, once every frame is out).
  const kept: { first: Uint8ClampedArray | null; last: VideoFrame | null } = { first: null, last: null };
  const pixels = (frame: VideoFrame) => {
    const canvas = document.createElement("canvas");
    canvas.width = frame.displayWidth;
    canvas.height = frame.displayHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(frame, 0, 0);
    return context.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const decoder = new VideoDecoder({
    output: (frame) => {
      count++;
      sizes.add(`${frame.displayWidth}×${frame.displayHeight}`);
      if (!kept.first) {
        kept.first = pixels(frame);
        frame.close();
      } else {
        kept.last?.close();
        kept.last = frame;
      }
    },
    error: (e) => {
      error = String(e);
    },
  });
  decoder.configure({ codec });
  for (const frame of frames) {
    const data = Uint8Array.from(atob(frame.data), (c) => c.charCodeAt(0));
    decoder.decode(new EncodedVideoChunk({ type: frame.key ? "key" : "delta", timestamp: Math.round(frame.ms * 1000), data }));
  }
  await decoder.flush().catch((e: unknown) => {
    error ??= String(e);
  });
  decoder.close();
  let counterChange = 0;
  if (kept.first && kept.last) {
    const a = kept.first;
    const b = pixels(kept.last);
    const width = kept.last.displayWidth;
    kept.last.close();
    for (let y = region.y; y < region.y + region.height; y++) {
      for (let x = region.x; x < region.x + region.width; x++) {
        const i = (y * width + x) * 4;
        if (Math.abs(a[i]! - b[i]!) > 64 || Math.abs(a[i + 1]! - b[i + 1]!) > 64 || Math.abs(a[i + 2]! - b[i + 2]!) > 64) counterChange++;
      }
    }
  }
  return { frames: count, sizes: [...sizes], counterChange, error };
}

export interface Mp4Clip {
  width: number;
  height: number;
  /** The video track's samples (frames), from its sample size box. */
  samples: number;
  /** The sample entry's format: `avc1`, `vp09`. */
  codec: string;
}

/** An MP4's boxes walked: the track header's size, the sample entry, the sample count. */
export function readMp4(bytes: Uint8Array): Mp4Clip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const clip: Mp4Clip = { width: 0, height: 0, samples: 0, codec: "" };
  const containers = new Set(["moov", "trak", "mdia", "minf", "stbl"]);
  const walk = (from: number, to: number) => {
    let at = from;
    while (at + 8 <= to) {
      let size = view.getUint32(at);
      const type = new TextDecoder().decode(bytes.subarray(at + 4, at + 8));
      let header = 8;
      if (size === 1) {
        size = Number(view.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = to - at;
      const body = at + header;
      if (containers.has(type)) walk(body, at + size);
      else if (type === "tkhd") {
        // Version 0: 84 bytes of body, the size last (16.16 fixed point); version 1: 96.
        const end = body + (view.getUint8(body) === 1 ? 96 : 84);
        clip.width = view.getUint32(end - 8) / 65536;
        clip.height = view.getUint32(end - 4) / 65536;
      } else if (type === "stsd") clip.codec = new TextDecoder().decode(bytes.subarray(body + 12, body + 16));
      else if (type === "stsz") clip.samples = view.getUint32(body + 8);
      at += size;
    }
  };
  walk(0, bytes.length);
  return clip;
}

/**
 * Plays an MP4 (base64) in a `<video>`: its size, its duration, and how much the counter's
 * region differs between its first frame and one near its end. Self-contained, as
 * {@link decodeFrames}; on a page without a Content-Security-Policy (the app's forbids `blob:` media).
 */
export async function playVideo(args: {
  file: string;
  type: string;
  region: { x: number; y: number; width: number; height: number };
}): Promise<{ width: number; height: number; duration: number; counterChange: number; error: string | null }> {
  const bytes = Uint8Array.from(atob(args.file), (c) => c.charCodeAt(0));
  const video = document.createElement("video");
  video.muted = true;
  video.src = URL.createObjectURL(new Blob([bytes], { type: args.type }));
  const loaded = await new Promise<string | null>((resolve) => {
    video.addEventListener("loadeddata", () => resolve(null), { once: true });
    video.addEventListener("error", () => resolve(`media error ${video.error?.code}: ${video.error?.message}`), { once: true });
  });
  if (loaded) return { width: 0, height: 0, duration: 0, counterChange: 0, error: loaded };
  const grab = () => {
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(video, 0, 0);
    return context.getImageData(0, 0, canvas.width, canvas.height).data;
  };
  const seek = (time: number) =>
    new Promise<void>((resolve) => {
      video.addEventListener("seeked", () => resolve(), { once: true });
      video.currentTime = time;
    });
  await seek(0);
  const first = grab();
  await seek(Math.max(0, video.duration - 0.2));
  const last = grab();
  const { region } = args;
  let counterChange = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = (y * video.videoWidth + x) * 4;
      if (Math.abs(first[i]! - last[i]!) > 64 || Math.abs(first[i + 1]! - last[i + 1]!) > 64 || Math.abs(first[i + 2]! - last[i + 2]!) > 64) counterChange++;
    }
  }
  return { width: video.videoWidth, height: video.videoHeight, duration: video.duration, counterChange, error: null };
}
