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

/** A clip's frame size in pixels: exactly the produced file's. */
export interface Size {
  readonly width: number;
  readonly height: number;
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

/**
 * Where `aspects.length` views (each `width / height`) go on a frame of `size`: a header bar,
 * then the views in rows, in their order, each in a cell of its name's line over the view. Of
 * every way to break the views into rows, the one whose views come out largest (their areas
 * added up): each row as tall as fills the frame's width, all rows shrunk alike where together
 * they are taller than the frame. A wide chart gets a row of its own, square views share one.
 * Rows narrower than the frame are centred, and so are the rows in the frame.
 */
export function layoutFrame(aspects: readonly number[], size: Size): FrameLayout {
  const unit = size.height / 360;
  const margin = Math.round(8 * unit);
  const gap = Math.round(8 * unit);
  const pad = Math.round(5 * unit);
  const headerFont = Math.max(11, Math.round(15 * unit));
  const labelFont = Math.max(9, Math.round(11 * unit));
  const header: Rect = { x: 0, y: 0, width: size.width, height: Math.round(headerFont * 2) };
  const labelHeight = Math.round(labelFont * 1.6);
  const area: Rect = { x: margin, y: header.height + gap, width: size.width - 2 * margin, height: size.height - header.height - gap - margin };
  const n = aspects.length;
  if (n === 0) return { header, headerFont, labelFont, cells: [] };
  const ratio = aspects.map((aspect) => (aspect > 0 ? aspect : 16 / 9));

  /** The rows of a partition (bit i set: a new row after view i) and each row's picture height. */
  const rowsOf = (breaks: number) => {
    const rows: number[][] = [[]];
    for (let i = 0; i < n; i++) {
      rows[rows.length - 1]!.push(i);
      if (i < n - 1 && breaks & (1 << i)) rows.push([]);
    }
    // Each row fills the width: its views' widths (aspect × height) with their padding and gaps.
    let heights = rows.map((row) => (area.width - gap * (row.length - 1) - 2 * pad * row.length) / row.reduce((sum, i) => sum + ratio[i]!, 0));
    const chrome = rows.length * (labelHeight + pad) + gap * (rows.length - 1);
    const total = heights.reduce((a, b) => a + b, 0);
    if (total > area.height - chrome) heights = heights.map((h) => (h * Math.max(0, area.height - chrome)) / total);
    const score = rows.reduce((sum, row, r) => sum + row.reduce((s, i) => s + ratio[i]! * heights[r]! ** 2, 0), 0);
    return { rows, heights, chrome, score };
  };
  let best = rowsOf(0);
  // At most 2^(n−1) partitions: a clip has a handful of views (past 8, one view a row or fewer tries).
  const tries = n <= 9 ? 1 << (n - 1) : 1;
  for (let breaks = 1; breaks < tries; breaks++) {
    const candidate = rowsOf(breaks);
    if (candidate.score > best.score + 1e-9) best = candidate;
  }

  const { rows, heights, chrome } = best;
  const used = heights.reduce((a, b) => a + b, 0) + chrome;
  let y = area.y + Math.max(0, (area.height - used) / 2);
  const cells: FrameLayout["cells"][number][] = [];
  rows.forEach((row, r) => {
    const h = heights[r]!;
    const width = row.reduce((sum, i) => sum + ratio[i]! * h + 2 * pad, 0) + gap * (row.length - 1);
    let x = area.x + (area.width - width) / 2;
    for (const i of row) {
      const cell: Rect = { x, y, width: ratio[i]! * h + 2 * pad, height: labelHeight + h + pad };
      cells[i] = {
        cell,
        label: { x, y, width: cell.width, height: labelHeight },
        content: { x: x + pad, y: y + labelHeight, width: ratio[i]! * h, height: h },
      };
      x += cell.width + gap;
    }
    y += labelHeight + h + pad + gap;
  });
  return { header, headerFont, labelFont, cells };
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
