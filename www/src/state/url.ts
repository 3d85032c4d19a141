/**
 * The URL contract: every setting is one row of {@link KEYS}; parsing, validation,
 * serialisation and the README's key list all come from this table.
 *
 * The hash reads like TensorFlow Playground's: `#v=1&preset=seed000-1d&backend=auto&seed=1`.
 */

/** A declared URL key: how to read it, its default, and what it means. */
interface KeySpec<T> {
  /** One line for the README and for error messages. */
  readonly doc: string;
  readonly default: T;
  /** The value of a raw string, or an explanation of why it is not valid. */
  parse(raw: string): { ok: true; value: T } | { ok: false; expected: string };
  format(value: T): string;
}

function enumKey<const V extends readonly string[]>(values: V, fallback: V[number], doc: string): KeySpec<V[number]> {
  return {
    doc,
    default: fallback,
    parse: (raw) =>
      (values as readonly string[]).includes(raw)
        ? { ok: true, value: raw as V[number] }
        : { ok: false, expected: `one of ${values.join(", ")}` },
    format: (value) => value,
  };
}

function intKey(min: number, max: number, fallback: number, doc: string): KeySpec<number> {
  return {
    doc,
    default: fallback,
    parse: (raw) => {
      const value = /^-?\d{1,16}$/.test(raw) ? Number(raw) : NaN;
      return Number.isSafeInteger(value) && value >= min && value <= max
        ? { ok: true, value }
        : { ok: false, expected: `an integer from ${min} to ${max}` };
    },
    format: (value) => String(value),
  };
}

/** Preset ids (shared/DESIGN.md §3) that this build can train. */
export const PRESETS = ["seed000-1d"] as const;
/** Backend requests: `auto` picks the faster real one. */
export const BACKENDS = ["auto", "webgpu", "cpu"] as const;

/** The current schema version; a link without `v` is read as this version. */
export const URL_VERSION = 1;

/** Every URL key, in canonical order. */
export const KEYS = {
  v: intKey(1, URL_VERSION, URL_VERSION, "URL schema version (always written first)"),
  preset: enumKey(PRESETS, "seed000-1d", "what to train: `seed000-1d` (seed 000's 1D GAN: uniform noise → N(0, 1))"),
  backend: enumKey(BACKENDS, "auto", "`auto` (the faster real backend), `webgpu` or `cpu`"),
  seed: intKey(0, 2 ** 32 - 1, 1, "random seed: the same seed gives the same initial weights (and, on the CPU, the same run)"),
} satisfies Record<string, KeySpec<never> | KeySpec<string> | KeySpec<number>>;

export type Key = keyof typeof KEYS;
/** The whole app configuration, as the URL holds it. */
export type UrlState = { [K in Key]: (typeof KEYS)[K]["default"] };

/** A value in the link that could not be used. */
export interface UrlProblem {
  key: Key;
  value: string;
  /** Human-readable: what was wrong and what is used instead. */
  message: string;
}

export interface ParsedUrl {
  state: UrlState;
  problems: UrlProblem[];
  /** Keys this version does not know (ignored). */
  ignored: string[];
}

const KEY_NAMES = Object.keys(KEYS) as Key[];

export function defaults(): UrlState {
  return Object.fromEntries(KEY_NAMES.map((key) => [key, KEYS[key].default])) as UrlState;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

function isKey(name: string): name is Key {
  return Object.prototype.hasOwnProperty.call(KEYS, name);
}

/**
 * Reads a location hash (with or without `#`). Bad values fall back to defaults and are
 * reported; when a key repeats, its last occurrence wins.
 */
export function parseHash(hash: string): ParsedUrl {
  const state = defaults() as Record<Key, unknown>;
  // One problem per key at most: the last occurrence of a key decides.
  const problems = new Map<Key, UrlProblem>();
  const ignored: string[] = [];
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  for (const part of body.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decode(eq < 0 ? part : part.slice(0, eq)) ?? part;
    const raw = eq < 0 ? "" : part.slice(eq + 1);
    if (!isKey(name)) {
      ignored.push(name);
      continue;
    }
    const spec: KeySpec<unknown> = KEYS[name];
    const value = decode(raw);
    const parsed = value === null ? null : spec.parse(value);
    problems.delete(name);
    if (parsed?.ok) {
      state[name] = parsed.value;
    } else {
      state[name] = spec.default;
      const shown = value ?? raw;
      const expected = parsed ? parsed.expected : "valid percent-encoding";
      problems.set(name, {
        key: name,
        value: shown,
        message: `${name}=${shown} is not valid (expected ${expected}); using ${spec.format(spec.default)}`,
      });
    }
  }
  return { state: state as UrlState, problems: [...problems.values()], ignored };
}

/** The canonical hash of a state: `v` first, then every key whose value differs from its default. */
export function formatHash(state: UrlState): string {
  const parts = [`v=${URL_VERSION}`];
  for (const key of KEY_NAMES) {
    if (key === "v") continue;
    const spec: KeySpec<unknown> = KEYS[key];
    if (state[key] !== spec.default) parts.push(`${key}=${encodeURIComponent(spec.format(state[key]))}`);
  }
  return `#${parts.join("&")}`;
}
