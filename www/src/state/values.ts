/**
 * The value types of the URL table (state/url.ts): how one key's text is read and written.
 * Every parser is strict and every formatter writes the shortest text that reads back to the
 * very same value (numbers use JavaScript's shortest round-trip form, `String(n)`), so a
 * link → state → link round trip is exact.
 */

/** A parsed value, or what was expected instead (for the message naming the key). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

/** How one URL key's text becomes a value and back. */
export interface ValueType<T> {
  /** The value of a raw (already percent-decoded) string, or an explanation. */
  parse(raw: string): Parsed<T>;
  /** The canonical text of a value; `parse(format(v))` gives `v` back. */
  format(value: T): string;
  /** What the key accepts, for the README's key table (Markdown). */
  readonly values: string;
}

/** An allowed interval; open ends are excluded. */
export interface Range {
  min: number;
  max: number;
  minOpen?: boolean;
  maxOpen?: boolean;
}

/** [0, 1): momenta, Adam's betas, LeakyReLU's slope. */
export const UNIT_OPEN: Range = { min: 0, max: 1, maxOpen: true };

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INTEGER = /^-?\d{1,16}$/;

/** `-0` reads as `0`, so that the state compares equal to what its link gives back. */
function plain(value: number): number {
  return value === 0 ? 0 : value;
}

function inRange(value: number, r: Range): boolean {
  return (r.minOpen ? value > r.min : value >= r.min) && (r.maxOpen ? value < r.max : value <= r.max);
}

/** "a number > 0 and ≤ 1", "a number from −100 to 100", … */
export function describeRange(r: Range, what = "a number"): string {
  const bounds = !r.minOpen && !r.maxOpen ? `from ${r.min} to ${r.max}` : `${r.minOpen ? ">" : "≥"} ${r.min} and ${r.maxOpen ? "<" : "≤"} ${r.max}`;
  return what === "" ? bounds : `${what} ${bounds}`;
}

/** A finite decimal number in `range` (text like `0.001`, `-2`, `1e-4`). */
export function parseNumber(raw: string, range: Range): number | null {
  if (!DECIMAL.test(raw)) return null;
  const value = Number(raw);
  return Number.isFinite(value) && inRange(value, range) ? plain(value) : null;
}

/** An integer in `range` (no decimal point, no exponent). */
export function parseInteger(raw: string, range: Range): number | null {
  if (!INTEGER.test(raw)) return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) && inRange(value, range) ? plain(value) : null;
}

/** `−1 … 1`, `> 0, ≤ 1`: a range as the README's key table writes it. */
export function rangeText(r: Range): string {
  const n = (v: number) => String(v).replace(/^-/, "−");
  if (!r.minOpen && !r.maxOpen) return r.min === r.max ? n(r.min) : `${n(r.min)} … ${n(r.max)}`;
  return `${r.minOpen ? ">" : "≥"} ${n(r.min)}, ${r.maxOpen ? "<" : "≤"} ${n(r.max)}`;
}

const code = (words: readonly string[]) => words.map((w) => `\`${w}\``).join(", ");

/** One of a fixed list of words. */
export function oneOf<const V extends readonly string[]>(values: V): ValueType<V[number]> {
  return {
    parse: (raw) => ((values as readonly string[]).includes(raw) ? { ok: true, value: raw } : { ok: false, expected: `one of ${values.join(", ")}` }),
    format: (value) => value,
    values: code(values),
  };
}

/** An integer in `range`. */
export function integer(range: Range): ValueType<number> {
  return {
    parse: (raw) => {
      const value = parseInteger(raw, range);
      return value === null ? { ok: false, expected: describeRange(range, "an integer") } : { ok: true, value };
    },
    format: (value) => String(value),
    values: `integer ${rangeText(range)}`,
  };
}

/** A decimal number in `range`. */
export function decimal(range: Range): ValueType<number> {
  return {
    parse: (raw) => {
      const value = parseNumber(raw, range);
      return value === null ? { ok: false, expected: describeRange(range) } : { ok: true, value };
    },
    format: (value) => String(value),
    values: rangeText(range),
  };
}

/** The word that stands for an empty list (an empty value would look like a mistake). */
export const NONE = "none";

/** Hidden layer widths: `8,16`, or `none` for no hidden layer. */
export function layerList(maxLayers: number, width: Range): ValueType<number[]> {
  const expected = `${NONE} or 1–${maxLayers} comma-separated layer widths, each ${describeRange(width, "an integer")} (e.g. 8,16)`;
  return {
    parse: (raw) => {
      if (raw === NONE) return { ok: true, value: [] };
      const parts = raw.split(",");
      const values = parts.map((part) => parseInteger(part, width));
      if (parts.length > maxLayers || values.some((v) => v === null)) return { ok: false, expected };
      return { ok: true, value: values as number[] };
    },
    format: (value) => (value.length === 0 ? NONE : value.join(",")),
    values: `\`${NONE}\`, or 1–${maxLayers} comma-separated widths ${rangeText(width)}`,
  };
}

/** A list of mixture components `weight:mean:std,…`. */
export function componentList<T extends [number, number, number]>(maxComponents: number, weight: Range, mean: Range, std: Range): ValueType<T[]> {
  const expected =
    `1–${maxComponents} components weight:mean:std separated by commas, with weight ${describeRange(weight, "")},` +
    ` mean ${describeRange(mean, "")}, std ${describeRange(std, "")} (e.g. 0.5:-2:0.5,0.5:2:0.5)`;
  return {
    parse: (raw) => {
      const parts = raw.split(",");
      if (raw === "" || parts.length > maxComponents) return { ok: false, expected };
      const components: T[] = [];
      for (const part of parts) {
        const [w, m, s, extra] = part.split(":");
        if (w === undefined || m === undefined || s === undefined || extra !== undefined) return { ok: false, expected };
        const c = [parseNumber(w, weight), parseNumber(m, mean), parseNumber(s, std)];
        if (c.some((v) => v === null)) return { ok: false, expected };
        components.push(c as T);
      }
      return { ok: true, value: components };
    },
    format: (value) => value.map((c) => c.map(String).join(":")).join(","),
    values: `1–${maxComponents} components \`weight:mean:std\`, comma-separated; weight ${rangeText(weight)}; mean ${rangeText(mean)}; std ${rangeText(std)}`,
  };
}

/** Heights of a drawn density: `1,3,2.5`, or `none` for no drawing. */
export function heightList(minBins: number, maxBins: number, height: Range): ValueType<number[]> {
  const expected = `${NONE} or ${minBins}–${maxBins} comma-separated heights, each ${describeRange(height, "")}, not all 0 (e.g. 1,4,2)`;
  return {
    parse: (raw) => {
      if (raw === NONE) return { ok: true, value: [] };
      const parts = raw.split(",");
      const values = parts.map((part) => parseNumber(part, height));
      if (parts.length < minBins || parts.length > maxBins || values.some((v) => v === null)) return { ok: false, expected };
      const heights = values as number[];
      return heights.some((h) => h > 0) ? { ok: true, value: heights } : { ok: false, expected };
    },
    format: (value) => (value.length === 0 ? NONE : value.map(String).join(",")),
    values: `\`${NONE}\`, or ${minBins}–${maxBins} comma-separated heights ${rangeText(height)}, not all 0`,
  };
}

/**
 * A JSON value (as in `crate/presets.json`) written as URL text, so the presets are checked
 * by the same parsers as a link: numbers and words as they are, lists joined with commas,
 * components with colons, an empty list as `none`.
 */
export function jsonAsText(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return null;
  if (value.length === 0) return NONE;
  const items = value.map((item) => (Array.isArray(item) ? item.map(jsonAsText).join(":") : jsonAsText(item)));
  return items.join(",");
}

/** `1` (on) or `0` (off). */
export function flag(): ValueType<boolean> {
  return {
    parse: (raw) => (raw === "1" ? { ok: true, value: true } : raw === "0" ? { ok: true, value: false } : { ok: false, expected: "1 or 0" }),
    format: (value) => (value ? "1" : "0"),
    values: code(["1", "0"]),
  };
}

/** A comma-separated list of distinct words from `values` (e.g. panel names), in any order; `all` = every one. */
export function wordList<const V extends readonly string[]>(values: V): ValueType<V[number][]> {
  const expected = `all, or comma-separated names from: ${values.join(", ")}`;
  return {
    parse: (raw) => {
      if (raw === "all") return { ok: true, value: [] };
      const parts = raw.split(",");
      const known = parts.every((part) => (values as readonly string[]).includes(part));
      if (raw === "" || !known || new Set(parts).size !== parts.length) return { ok: false, expected };
      return { ok: true, value: parts };
    },
    // The table's order, so that two lists of the same panels give one link.
    format: (value) => (value.length === 0 ? "all" : values.filter((v) => value.includes(v)).join(",")),
    values: `\`all\`, or comma-separated names from ${code(values)}`,
  };
}
