/**
 * The user's own points for the 2D lab: x,y pairs pasted into the page, read from a CSV/text
 * file, or painted on the canvas (points-editor.ts). Pure, so every rule below is unit-tested;
 * the page only shows the messages. The 1D lab's numbers follow the same rules (../user-lines.ts has what they share).
 *
 * Rules: one point per line, two numbers separated by a comma, a semicolon, tabs or spaces;
 * a first line that is not a pair of numbers is a header (skipped, and said so); any other
 * line that is not exactly two finite float32 numbers within ±{@link MAX_COORDINATE} is
 * skipped as a whole and reported with its line number; empty lines are ignored; from
 * {@link MIN_POINTS} to {@link MAX_POINTS} points, not all the same.
 */

import { describeLines, type BadLine } from "../user-lines";

export type { BadLine };

/** The fewest points the page accepts: a GAN learns a spread, and a handful has none to learn. */
export const MIN_POINTS = 8;
/** The most points the page accepts (the trainer samples real batches from all of them). */
export const MAX_POINTS = 100_000;
/** The largest |x| or |y|: the networks learn best near the origin, and the views must fit. */
export const MAX_COORDINATE = 1000;
/** A file larger than this cannot hold a sensible list of {@link MAX_POINTS} points. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** How many bad lines a message quotes (it always gives the total). */
const QUOTED_LINES = 5;
/** How much of a bad line a message quotes. */
const QUOTED_CHARS = 40;
/** The smallest side of {@link pointsBox}, so that a tight cluster still has room around it. */
const MIN_BOX_SIDE = 0.5;
/** The margin {@link pointsBox} leaves on each side, as a fraction of the points' extent. */
const BOX_MARGIN = 0.1;

export type UserPoints =
  | {
      ok: true;
      /** The points as x,y pairs (x0, y0, x1, y1, …), in the order given. */
      points: Float32Array;
      /** How many points: `points.length / 2`. */
      count: number;
      /** The skipped header line, if the first line was one. */
      header: BadLine | null;
      /** The first few skipped lines, and how many there were in all. */
      badLines: BadLine[];
      badCount: number;
      /** One sentence for the page: what was used, what was skipped. */
      summary: string;
    }
  | { ok: false; message: string };

/** The region the points cover, with room around them (data units). */
export interface PointsBox {
  x_min: number;
  x_max: number;
  y_min: number;
  y_max: number;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** One separator: a comma or a semicolon with optional spaces around it, or a run of spaces/tabs. */
const SEPARATOR = /\s*[,;]\s*|\s+/;

/** What one non-empty line holds. */
type LineReading = { kind: "point"; x: number; y: number } | { kind: "out-of-range" } | { kind: "not-a-point" };

function readLine(line: string): LineReading {
  const items = line.trim().split(SEPARATOR);
  if (items.length !== 2) return { kind: "not-a-point" };
  // The trainer works in float32: a value that overflows it is as bad as "abc".
  const [x, y] = items.map((item) => (NUMBER.test(item) ? Math.fround(Number(item)) : NaN)) as [number, number];
  if (!Number.isFinite(x) || !Number.isFinite(y)) return { kind: "not-a-point" };
  if (Math.abs(x) > MAX_COORDINATE || Math.abs(y) > MAX_COORDINATE) return { kind: "out-of-range" };
  return { kind: "point", x, y };
}

function quote(line: number, text: string): BadLine {
  const trimmed = text.trim();
  return { line, text: trimmed.length > QUOTED_CHARS ? `${trimmed.slice(0, QUOTED_CHARS)}…` : trimmed };
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

const RANGE = `−${count(MAX_COORDINATE)} to ${count(MAX_COORDINATE)}`;

function badLinesSentence(lines: BadLine[], total: number, outOfRange: number): string {
  const more = total > lines.length ? `, and ${count(total - lines.length)} more` : "";
  const are = total === 1 ? "line is not a point (x, y) and was" : "lines are not points (x, y) and were";
  const listed = `${count(total)} ${are} skipped: ${describeLines(lines)}${more}.`;
  if (outOfRange === 0) return listed;
  const which = outOfRange === total ? (total === 1 ? "It has" : "They have") : `${count(outOfRange)} of them have`;
  return `${listed} ${which} a coordinate outside ${RANGE}, the range the page takes: scale the data down.`;
}

/** Reads pasted text or a file's contents. */
export function parsePoints(text: string): UserPoints {
  const coordinates: number[] = [];
  const badLines: BadLine[] = [];
  let badCount = 0;
  let outOfRange = 0;
  let header: BadLine | null = null;
  let seenContent = false;
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const reading = readLine(line);
    if (reading.kind === "point") {
      if (coordinates.length / 2 >= MAX_POINTS) {
        return {
          ok: false,
          message: `Too many points: the page takes at most ${count(MAX_POINTS)} (the limit is reached at line ${i + 1}). Nothing was changed.`,
        };
      }
      coordinates.push(reading.x, reading.y);
    } else if (!seenContent && reading.kind === "not-a-point") {
      header = quote(i + 1, line);
    } else {
      badCount++;
      if (reading.kind === "out-of-range") outOfRange++;
      if (badLines.length < QUOTED_LINES) badLines.push(quote(i + 1, line));
    }
    seenContent = true;
  }

  const points = coordinates.length / 2;
  const headerNote = header ? ` Line ${header.line} ("${header.text}") was read as a header and skipped.` : "";
  const badNote = badCount > 0 ? ` ${badLinesSentence(badLines, badCount, outOfRange)}` : "";
  if (points < MIN_POINTS) {
    const found = points === 0 ? "No points found" : `Only ${points === 1 ? "one point" : `${points} points`} found`;
    return {
      ok: false,
      message: `${found}: a GAN learns how points spread, so it needs at least ${MIN_POINTS}, one x, y pair per line.${headerNote}${badNote} Nothing was changed.`,
    };
  }
  const spread = coordinates.some((v, i) => v !== coordinates[i % 2]);
  if (!spread) {
    return {
      ok: false,
      message: `All ${count(points)} points are the same: a GAN learns how points spread, so it needs at least two different ones.${headerNote}${badNote} Nothing was changed.`,
    };
  }
  return {
    ok: true,
    points: Float32Array.from(coordinates),
    count: points,
    header,
    badLines,
    badCount,
    summary: `Using ${count(points)} points.${headerNote}${badNote}`,
  };
}

/**
 * The box the views show for these points: their extent plus {@link BOX_MARGIN} on each side,
 * and at least {@link MIN_BOX_SIDE} wide and tall (centred on the points). No points: a box
 * around the origin.
 */
export function pointsBox(points: Float32Array): PointsBox {
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    if (x < xMin) xMin = x;
    if (x > xMax) xMax = x;
    if (y < yMin) yMin = y;
    if (y > yMax) yMax = y;
  }
  if (xMin > xMax) [xMin, xMax, yMin, yMax] = [0, 0, 0, 0];
  const side = (low: number, high: number): [number, number] => {
    const margin = (high - low) * BOX_MARGIN;
    const half = Math.max((high - low) / 2 + margin, MIN_BOX_SIDE / 2);
    const centre = (low + high) / 2;
    return [centre - half, centre + half];
  };
  const [x_min, x_max] = side(xMin, xMax);
  const [y_min, y_max] = side(yMin, yMax);
  return { x_min, x_max, y_min, y_max };
}

/** The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
function float32Text(value: number): string {
  for (let figures = 1; figures < 9; figures++) {
    const short = Number(value.toPrecision(figures));
    if (Math.fround(short) === value) return String(short);
  }
  return String(Number(value.toPrecision(9)));
}

/** The points as "x,y" lines, which {@link parsePoints} reads back to the same float32 values. */
export function pointsToText(points: Float32Array): string {
  const lines: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) lines.push(`${float32Text(points[i]!)},${float32Text(points[i + 1]!)}`);
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
