/**
 * The pure parts of recording a clip (issue 28): the formats and sizes on offer, where each
 * recorded view goes on the clip's frame, the GIF's frame delays, and the words and numbers the
 * recorder bar and the file name are made of. No DOM here: tests/unit/record-clip.test.ts.
 */

/** A clip's formats: WebM (MediaRecorder), an animated GIF (gifenc), MP4 (WebCodecs + mp4-muxer). */
export type ClipFormat = "webm" | "gif" | "mp4";

/** What the recorder needs to know of a format. */
export interface FormatFacts {
  readonly format: ClipFormat;
  /** The file's extension and type. */
  readonly extension: string;
  readonly mime: string;
  /** Frames a second the clip is drawn at. */
  readonly fps: number;
  /** The longest clip: recording stops (and the file is saved) there. */
  readonly maxMs: number;
  /** What the dialog says of it: where it plays. */
  readonly note: string;
}

export const FORMATS: Readonly<Record<ClipFormat, FormatFacts>> = {
  webm: {
    format: "webm",
    extension: "webm",
    mime: "video/webm",
    fps: 15,
    maxMs: 10 * 60_000,
    note: "A small video file: plays in every browser, and in Google Slides from Google Drive. PowerPoint and Keynote want MP4 (convert it, or pick MP4 where this browser offers it).",
  },
  gif: {
    format: "gif",
    extension: "gif",
    mime: "image/gif",
    fps: 10,
    maxMs: 60_000,
    note: "An animated image: goes wherever a picture goes (every slide tool, a web page, an e-mail), loops, needs no player. Larger files; at most a minute.",
  },
  mp4: {
    format: "mp4",
    extension: "mp4",
    mime: "video/mp4",
    fps: 15,
    maxMs: 10 * 60_000,
    note: "A video for PowerPoint, Keynote and Google Slides (H.264), encoded by this browser.",
  },
};

/** The name of each frame's entry in the performance timeline: drawing it and handing it to the encoder (./recorder.ts). */
export const FRAME_MEASURE = "gan-playground: clip frame";

/** A clip's frame size in pixels: exactly the produced file's. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A codec that an MP4 can hold: the name mp4-muxer knows it by, WebCodecs' string for it, and what the dialog calls it. */
export interface Mp4Codec {
  readonly muxer: "avc" | "vp9";
  readonly codec: string;
  readonly label: string;
}

/** An MP4's codecs, the first this browser encodes: H.264 (Baseline, level 3.1: up to 1280 × 720, which every slide tool plays), then VP9. */
export const MP4_CODECS: readonly Mp4Codec[] = [
  { muxer: "avc", codec: "avc1.42001f", label: "H.264" },
  { muxer: "vp9", codec: "vp09.00.31.08", label: "VP9" },
];

/** WebCodecs' encoder settings for an MP4 of `codec` at `size` and `fps`. */
export function encoderConfig(codec: Mp4Codec, size: Size, fps: number): VideoEncoderConfig {
  return {
    codec: codec.codec,
    width: size.width,
    height: size.height,
    bitrate: videoBitrate(size, fps),
    framerate: fps,
    ...(codec.muxer === "avc" ? { avc: { format: "avc" as const } } : {}),
  };
}

/** The sizes on offer (16:9, even numbers as video encoders want). The middle one is the default. */
export const CLIP_SIZES: readonly Size[] = [
  { width: 640, height: 360 },
  { width: 960, height: 540 },
  { width: 1280, height: 720 },
];
export const DEFAULT_SIZE_INDEX = 1;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The parts of a clip's frame: a title bar (the preset, the iteration), then the views. */
export interface FrameLayout {
  /** The bar across the top: the preset on the left, "iteration 1,234" on the right. */
  readonly header: Rect;
  /** The font size (px) of the header's text, and of each view's name. */
  readonly headerFont: number;
  readonly labelFont: number;
  /** One cell per view, in the order given: its name's line, then the room for its picture. */
  readonly cells: readonly { readonly cell: Rect; readonly label: Rect; readonly content: Rect }[];
}

type Cell = FrameLayout["cells"][number];

/**
 * How large a view of `aspect` comes out at `height`: the square root of its area, so that
 * layouts are compared by their views' sizes added up — one huge view and one tiny one lose
 * to two of a fair size.
 */
function viewSize(aspect: number, height: number): number {
  return Math.sqrt(aspect) * height;
}

/** Spacing of a frame's layout, in pixels. */
interface Spacing {
  readonly gap: number;
  readonly pad: number;
  readonly labelHeight: number;
}

/**
 * The views `ids` (aspects `ratio[id]`) in rows inside `region`, in their order: of every way
 * to break them into rows, the one whose views come out largest ({@link viewSize}). Each
 * row is as tall as fills the region's width, and all rows shrink alike where together they
 * are taller than the region; a row narrower than the region is centred, and so are the rows.
 */
function inRows(
  ratio: readonly number[],
  ids: readonly number[],
  region: Rect,
  { gap, pad, labelHeight }: Spacing,
): { cells: Map<number, Cell>; score: number } {
  const n = ids.length;
  const plan = (breaks: number) => {
    const rows: number[][] = [[]];
    ids.forEach((id, i) => {
      rows[rows.length - 1]!.push(id);
      if (i < n - 1 && breaks & (1 << i)) rows.push([]);
    });
    // Each row fills the width: its views' widths (aspect × height) with their padding and gaps.
    let heights = rows.map((row) => (region.width - gap * (row.length - 1) - 2 * pad * row.length) / row.reduce((sum, id) => sum + ratio[id]!, 0));
    const chrome = rows.length * (labelHeight + pad) + gap * (rows.length - 1);
    const total = heights.reduce((a, b) => a + b, 0);
    if (total > region.height - chrome) heights = heights.map((h) => (h * Math.max(0, region.height - chrome)) / total);
    heights = heights.map((h) => Math.max(0, h));
    return { rows, heights, chrome, score: rows.reduce((sum, row, r) => sum + row.reduce((s, id) => s + viewSize(ratio[id]!, heights[r]!), 0), 0) };
  };
  let best = plan(0);
  // 2^(n−1) ways: a clip has a handful of views (past 9, all in one row).
  const ways = n <= 9 ? 1 << Math.max(0, n - 1) : 1;
  for (let breaks = 1; breaks < ways; breaks++) {
    const candidate = plan(breaks);
    if (candidate.score > best.score + 1e-9) best = candidate;
  }
  const { rows, heights, chrome, score } = best;
  const cells = new Map<number, Cell>();
  let y = region.y + Math.max(0, (region.height - heights.reduce((a, b) => a + b, 0) - chrome) / 2);
  rows.forEach((row, r) => {
    const h = heights[r]!;
    const width = row.reduce((sum, id) => sum + ratio[id]! * h + 2 * pad, 0) + gap * (row.length - 1);
    let x = region.x + (region.width - width) / 2;
    for (const id of row) {
      const cell: Rect = { x, y, width: ratio[id]! * h + 2 * pad, height: labelHeight + h + pad };
      cells.set(id, {
        cell,
        label: { x, y, width: cell.width, height: labelHeight },
        content: { x: x + pad, y: y + labelHeight, width: ratio[id]! * h, height: h },
      });
      x += cell.width + gap;
    }
    y += labelHeight + h + pad + gap;
  });
  return { cells, score };
}

/** `cell` moved `dx` to the right. */
function shifted({ cell, label, content }: Cell, dx: number): Cell {
  const move = (rect: Rect) => ({ ...rect, x: rect.x + dx });
  return { cell: move(cell), label: move(label), content: move(content) };
}

/** The most of the frame's width the first view's column may take, where it stands beside the rest. */
const COLUMN_SHARE = 0.7;

/**
 * Where `aspects.length` views (each `width / height`) go on a frame of `size`: a header bar,
 * then each view in a cell of its name's line over the view, with its aspect kept. Of the
 * layouts tried, the one whose views come out largest ({@link viewSize}): the views in rows, in
 * their order ({@link inRows}: a wide chart gets a row of its own, square views share one), or
 * the first view — the lab's main view — the frame's full height in a column at the left, the
 * rest in rows beside it (a square plane beside two charts).
 */
export function layoutFrame(aspects: readonly number[], size: Size): FrameLayout {
  const unit = size.height / 360;
  const margin = Math.round(8 * unit);
  const headerFont = Math.max(11, Math.round(15 * unit));
  const labelFont = Math.max(9, Math.round(11 * unit));
  const header: Rect = { x: 0, y: 0, width: size.width, height: Math.round(headerFont * 2) };
  const space: Spacing = { gap: Math.round(8 * unit), pad: Math.round(5 * unit), labelHeight: Math.round(labelFont * 1.6) };
  const { gap } = space;
  const area: Rect = { x: margin, y: header.height + gap, width: size.width - 2 * margin, height: size.height - header.height - gap - margin };
  const n = aspects.length;
  const ratio = aspects.map((aspect) => (aspect > 0 ? aspect : 16 / 9));
  const ids = ratio.map((_, i) => i);

  let best = inRows(ratio, ids, area, space);
  // The first view at the frame's full height, where that leaves room beside it.
  const column = ratio[0]! * (area.height - space.labelHeight - space.pad) + 2 * space.pad;
  if (n >= 2 && column <= area.width * COLUMN_SHARE) {
    const first = inRows(ratio, [0], { ...area, width: column }, space);
    const rest = inRows(ratio, ids.slice(1), { ...area, x: area.x + column + gap, width: area.width - column - gap }, space);
    // Only where clearly larger: rows read more simply.
    if (first.score + rest.score > best.score * 1.02) {
      // The column and the rows beside it, centred together.
      const beside = [...rest.cells.values()];
      const from = Math.min(...beside.map(({ cell }) => cell.x));
      const to = Math.max(...beside.map(({ cell }) => cell.x + cell.width));
      const start = area.x + (area.width - (column + gap + to - from)) / 2;
      const cells = new Map<number, Cell>();
      for (const [id, cell] of first.cells) cells.set(id, shifted(cell, start - area.x));
      for (const [id, cell] of rest.cells) cells.set(id, shifted(cell, start + column + gap - from));
      best = { cells, score: first.score + rest.score };
    }
  }
  return { header, headerFont, labelFont, cells: ids.map((i) => best.cells.get(i)!) };
}

/** The largest rect of `aspect` (width / height) inside `room`, centred in it. */
export function fitRect(aspect: number, room: Rect): Rect {
  if (!(aspect > 0) || room.width <= 0 || room.height <= 0) return { x: room.x, y: room.y, width: 0, height: 0 };
  const width = Math.min(room.width, room.height * aspect);
  const height = width / aspect;
  return { x: room.x + (room.width - width) / 2, y: room.y + (room.height - height) / 2, width, height };
}

/**
 * A GIF frame's delay in ms (GIF counts in hundredths of a second) from its time to the next
 * frame's, both in ms since the start: rounded at each end, so that the delays add up to the
 * clip's length however many frames there are; at least 20 ms (browsers slow shorter ones down).
 */
export function gifDelayMs(fromMs: number, toMs: number): number {
  return Math.max(2, Math.round(toMs / 10) - Math.round(fromMs / 10)) * 10;
}

/** A clip's length as the bar shows it: `m:ss`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A file size as the bar shows it: `0 kB`, `840 kB`, `1.2 MB`, `25 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  const mb = bytes / 1_000_000;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** The iteration as every frame shows it: `iteration 1,234`. */
export function iterationText(step: number): string {
  return `iteration ${step.toLocaleString("en-US")}`;
}

/** The clip's file name, as the page's other downloads are named: `gan-playground-<preset>-seed<seed>-<step>.<ext>`. */
export function clipFileName(preset: string, seed: number, step: number, format: ClipFormat): string {
  return `gan-playground-${preset}-seed${seed}-${step}.${FORMATS[format].extension}`;
}

/** The video bitrate asked of an encoder: about 0.12 bits a pixel a frame (charts compress well). */
export function videoBitrate(size: Size, fps: number): number {
  return Math.round(size.width * size.height * fps * 0.12);
}
