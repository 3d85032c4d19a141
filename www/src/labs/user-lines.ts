/**
 * What the labs that read the user's own data as lines of text (numbers, points) share: the
 * skipped line, and how a message quotes those lines.
 */

/** A line that was skipped: its 1-based number and (the start of) its text. */
export interface BadLine {
  line: number;
  text: string;
}

/** "line 4 ("abc"), line 9 ("1, x")" */
export function describeLines(lines: BadLine[]): string {
  return lines.map((l) => `line ${l.line} ("${l.text}")`).join(", ");
}
