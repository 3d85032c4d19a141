/**
 * The text alternatives of the views that draw data: each canvas or grid (role="img") and each
 * chart (role="figure": its legend's toggles are controls, which an img may not hold) gets an
 * accessible name that says what it shows with the current numbers, the read-outs'
 * figures. Each lab builds its sentences in one place (labs/<lab>/descriptions.ts); this
 * writes them at a modest rate — a screen reader has no use for thirty new names a second,
 * and the main thread shares the cores with training — and as attributes, never as markup.
 */

/** The names are rewritten at most this often while a run trains (once more after the last change). */
export const DESCRIBE_INTERVAL_MS = 1000;

/** Accessible names of the views: the element, then what it shows now. */
export type Descriptions = ReadonlyArray<readonly [Element, string]>;

/** Writes the views' names at most every {@link DESCRIBE_INTERVAL_MS}, the latest last. */
export class TextAlternatives {
  private writtenAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest: (() => Descriptions) | null = null;

  /**
   * The views changed: `describe` builds their names (called only when they are written, so
   * a skipped update costs nothing). A request within the interval waits for its end, and
   * only the newest waiting one is written.
   */
  request(describe: () => Descriptions): void {
    this.latest = describe;
    if (this.timer !== undefined) return;
    const wait = this.writtenAt + DESCRIBE_INTERVAL_MS - performance.now();
    if (wait <= 0) this.write();
    else this.timer = setTimeout(() => this.write(), wait);
  }

  private write(): void {
    this.timer = undefined;
    const describe = this.latest;
    this.latest = null;
    if (!describe) return;
    this.writtenAt = performance.now();
    for (const [element, text] of describe()) {
      if (element.getAttribute("aria-label") !== text) element.setAttribute("aria-label", text);
    }
  }
}

/** A count as the read-outs write it (1,200). */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A figure for a sentence: `decimals` decimals, or "not measured yet". */
export function figure(value: number | null | undefined, decimals = 3): string {
  return value != null && Number.isFinite(value) ? value.toFixed(decimals) : "not measured yet";
}
