/**
 * The user's own data (`target=data`): numbers pasted into the page or read from a CSV/text
 * file. Pure, so every rule below is unit-tested; the page only shows the messages.
 *
 * Rules: numbers are separated by commas, semicolons, spaces, tabs or newlines, one or more
 * per line; a first line that is not numbers is a header (skipped, and said so); any other
 * line with something that is not a finite number is skipped as a whole and reported with
 * its line number; empty lines are ignored; at most {@link MAX_VALUES} values.
 */

import { describeLines, type BadLine } from "../user-lines";

export type { BadLine };

/** The most values the page accepts (the trainer keeps them all, sorted). */
export const MAX_VALUES = 1_000_000;
/** A file larger than this cannot hold a sensible list of {@link MAX_VALUES} numbers. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** How many bad lines a message quotes (it always gives the total). */
const QUOTED_LINES = 5;
/** How much of a bad line a message quotes. */
const QUOTED_CHARS = 40;

export type UserData =
  | {
      ok: true;
      /** The numbers, in the order given. */
      values: Float32Array;
      /** The skipped header line, if the first line was one. */
      header: BadLine | null;
      /** The first few skipped lines, and how many there were in all. */
      badLines: BadLine[];
      badCount: number;
      /** One sentence for the page: what was used, what was skipped. */
      summary: string;
    }
  | { ok: false; message: string };

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const SEPARATORS = /[\s,;]+/;

/** The numbers of one line, or `null` if any item on it is not a finite (float32) number. */
function numbersOf(line: string): number[] | null {
  const out: number[] = [];
  for (const item of line.split(SEPARATORS)) {
    if (item === "") continue;
    // The trainer works in float32: a value that overflows it is as bad as "abc".
    const value = NUMBER.test(item) ? Math.fround(Number(item)) : NaN;
    if (!Number.isFinite(value)) return null;
    out.push(value);
  }
  return out;
}

function quote(line: number, text: string): BadLine {
  const trimmed = text.trim();
  return { line, text: trimmed.length > QUOTED_CHARS ? `${trimmed.slice(0, QUOTED_CHARS)}…` : trimmed };
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function badLinesSentence(lines: BadLine[], total: number): string {
  const more = total > lines.length ? `, and ${count(total - lines.length)} more` : "";
  const are = total === 1 ? "line is not numbers and was" : `lines are not numbers and were`;
  return `${count(total)} ${are} skipped: ${describeLines(lines)}${more}.`;
}

/** Reads pasted text or a file's contents. */
export function parseUserData(text: string): UserData {
  const values: number[] = [];
  const badLines: BadLine[] = [];
  let badCount = 0;
  let header: BadLine | null = null;
  let seenContent = false;
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const numbers = numbersOf(line);
    if (numbers === null) {
      if (!seenContent) header = quote(i + 1, line);
      else {
        badCount++;
        if (badLines.length < QUOTED_LINES) badLines.push(quote(i + 1, line));
      }
    } else {
      if (values.length + numbers.length > MAX_VALUES) {
        return {
          ok: false,
          message: `Too many values: the page takes at most ${count(MAX_VALUES)} (the limit is reached at line ${i + 1}). Nothing was changed.`,
        };
      }
      for (const n of numbers) values.push(n);
    }
    seenContent = true;
  }

  const headerNote = header ? ` Line ${header.line} ("${header.text}") was read as a header and skipped.` : "";
  const badNote = badCount > 0 ? ` ${badLinesSentence(badLines, badCount)}` : "";
  const distinct = values.length > 0 && values.some((v) => v !== values[0]);
  if (!distinct) {
    const found = values.length === 0 ? "No numbers found" : `Only ${values.length === 1 ? "one value" : "one distinct value"} found`;
    return {
      ok: false,
      message: `${found}: the data needs at least two different numbers, separated by commas, spaces or new lines.${headerNote}${badNote} Nothing was changed.`,
    };
  }
  return {
    ok: true,
    values: Float32Array.from(values),
    header,
    badLines,
    badCount,
    summary: `Using ${count(values.length)} values.${headerNote}${badNote}`,
  };
}
