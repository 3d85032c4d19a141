/**
 * Hostile and garbled links, made from a seeded generator so that a failure can be replayed:
 * random bytes, broken percent-encoding, numbers out of range or no numbers at all, 100 kB
 * values and names, unicode (right-to-left, emoji, zero-width, lone surrogates), HTML and
 * script payloads, prototype names, repeated keys, every word of every key misspelt, and the
 * other preset family's keys. Each link carries what the page must make of it: the keys it
 * must name, the unknown names it must list, and the value each key must end up with.
 *
 * tests/e2e/hostile-links.spec.ts opens them in the page; tests/unit/url.test.ts reads them
 * with the parser. The rules below are written out again from the key table of docs/url-keys.md
 * rather than asked of www/src/state/url.ts: a test that asked the parser what is valid could
 * not catch it letting a bad value through. url.test.ts checks that the two tables agree.
 */

import { readFileSync } from "node:fs";
import { ACTIVATIONS, G_OUTPUTS, LOSSES, NOISES, OPTIMIZERS, ORDERS, REDUCTIONS, SPEEDS, TARGETS } from "../../www/src/protocol";

// ── the key table, restated ─────────────────────────────────────────────────────────────

/**
 * crate/presets.json (every lab's presets, in the page's order), read here so that the
 * page's defaults can be stated without its parser.
 */
const PRESET_FILE = JSON.parse(readFileSync(new URL("../../crate/presets.json", import.meta.url), "utf8")) as Record<
  string,
  { lab: string; conditional?: boolean; settings: Record<string, unknown> }
>;
export const PRESETS: readonly string[] = Object.keys(PRESET_FILE);
export const PRESETS_1D = PRESETS.filter((preset) => PRESET_FILE[preset]!.lab === "gan1d");
const IMAGE_PRESETS = PRESETS.filter((preset) => PRESET_FILE[preset]!.lab === "digits");
export const PRESETS_2D = PRESETS.filter((preset) => PRESET_FILE[preset]!.lab === "gan2d");
const DEFAULT_PRESET = "tuned-1d";
/** The digits' default: the file's first digit preset. */
const DEFAULT_IMAGE_PRESET = IMAGE_PRESETS[0]!;
const BACKENDS = ["auto", "webgpu", "cpu"] as const;
export const PANELS = [
  "stats",
  "hist",
  "dcurve",
  "map",
  "points",
  "heat",
  "manifold",
  "arrows",
  "graph",
  "grid",
  "real",
  "judge",
  "loss",
  "dout",
  "metrics",
  "modes",
  "row",
  "walk",
] as const;

/** What a key accepts. */
type Rule =
  | { type: "word"; words: readonly string[] }
  | { type: "integer"; min: number; max: number }
  | { type: "number"; min: number; max: number; minOpen?: boolean; maxOpen?: boolean }
  | { type: "layers" | "mixture" | "density" | "panels" | "controls" | "flag" };

/**
 * Which presets read a key: all, the 1D ones, the 2D ones, both of those (`mlp`: the shared
 * training keys), all of them with the preset's own value (`training`: each network's
 * optimiser), the image ones, the conditional ones (`"conditional": true`).
 */
type Family = "all" | "1d" | "2d" | "mlp" | "training" | "image" | "conditional";
const CONDITIONAL = IMAGE_PRESETS.filter((preset) => PRESET_FILE[preset]!.conditional === true);

interface KeyRule {
  rule: Rule;
  family: Family;
  /** Odd but valid values: [text in the link, the canonical text the page must show]. */
  good: ReadonlyArray<readonly [string, string]>;
}

const word = (words: readonly string[]): Rule => ({ type: "word", words });
/** The words of `controls`: a level, and the extras it adds. */
const CONTROL_WORDS = ["full", "min", "none", "rewind", "qr"] as const;
const same = (...values: string[]) => values.map((v) => [v, v] as const);
const UNIT_OPEN = { type: "number", min: 0, max: 1, maxOpen: true } as const;
const RATE = { type: "number", min: 0, max: 1000, minOpen: true } as const;
const RATES = [
  ["0.001", "0.001"],
  ["1e-2", "0.01"],
  ["0.0042", "0.0042"],
] as const;
const setting = (rule: Rule, good: KeyRule["good"]): KeyRule => ({ rule, family: "1d", good });
const shared = (rule: Rule, good: KeyRule["good"]): KeyRule => ({ rule, family: "mlp", good });
const setting2d = (rule: Rule, good: KeyRule["good"]): KeyRule => ({ rule, family: "2d", good });
const view = (rule: Rule, good: KeyRule["good"]): KeyRule => ({ rule, family: "all", good });
const training = (rule: Rule, good: KeyRule["good"]): KeyRule => ({ rule, family: "training", good });

/** Every URL key in the table's order (the key list of docs/url-keys.md). */
export const RULES = {
  v: view({ type: "integer", min: 1, max: 1 }, same("1")),
  preset: view(word(PRESETS), []),
  backend: view(word(BACKENDS), []),
  seed: view({ type: "integer", min: 0, max: 2 ** 32 - 1 }, [
    ["0", "0"],
    ["-0", "0"],
    ["4294967295", "4294967295"],
    ["%34%32", "42"],
    ["007", "7"],
  ]),
  target: setting(word(TARGETS), same("gaussian", "mixture", "uniform", "lognormal")),
  mean: setting({ type: "number", min: -100, max: 100 }, [
    ["-0", "0"],
    ["%2B3.5", "3.5"],
    ["1e1", "10"],
    [".5", "0.5"],
    ["-100", "-100"],
  ]),
  std: setting({ type: "number", min: 0, max: 100, minOpen: true }, [
    ["2", "2"],
    ["0.50", "0.5"],
    ["1E-3", "0.001"],
  ]),
  mixture: setting({ type: "mixture" }, [
    ["1:0:1", "1:0:1"],
    ["0.2:-3:0.3,0.8:3:0.3", "0.2:-3:0.3,0.8:3:0.3"],
    ["1%3A0%3A1", "1:0:1"],
  ]),
  // Only as a bad value, or as a pair that breaks low < high: a lone good one could break it too.
  low: setting({ type: "number", min: -100, max: 100 }, []),
  high: setting({ type: "number", min: -100, max: 100 }, []),
  logmean: setting({ type: "number", min: -5, max: 5 }, same("-1", "0.5")),
  logstd: setting({ type: "number", min: 0, max: 2, minOpen: true }, same("0.25", "2")),
  density: setting({ type: "density" }, [
    ["none", "none"],
    ["0,40,100,20", "0,40,100,20"],
    ["1%2C2", "1,2"],
  ]),
  // `points` needs points loaded in the page: only as a misspelling.
  grid: { rule: { type: "integer", min: 4, max: 8 }, family: "image", good: same("5", "8") },
  digit: { rule: word(["all", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]), family: "conditional", good: same("3", "9", "all") },
  shape: setting2d(word(["ring8", "grid25", "moons", "spiral", "line", "clusters", "circle", "points"]), same("ring8", "grid25", "moons", "spiral")),
  spread: setting2d({ type: "number", min: 0, max: 0.5, minOpen: true }, [
    ["0.1", "0.1"],
    ["5e-2", "0.05"],
    ["0.5", "0.5"],
  ]),
  pack: setting2d({ type: "integer", min: 1, max: 4 }, same("1", "4")),
  noise: shared(word(NOISES), same(...NOISES)),
  latent: shared({ type: "integer", min: 1, max: 8 }, same("2", "8")),
  g_hidden: shared({ type: "layers" }, same("none", "8,16", "4")),
  d_hidden: shared({ type: "layers" }, same("none", "8", "16,16")),
  activation: shared(word(ACTIVATIONS), same(...ACTIVATIONS)),
  slope: shared(UNIT_OPEN, same("0", "0.3")),
  g_output: shared(word(G_OUTPUTS), same(...G_OUTPUTS)),
  batch: shared({ type: "integer", min: 1, max: 4096 }, same("1", "64", "100")),
  k: shared({ type: "integer", min: 1, max: 10 }, same("1", "3")),
  order: shared(word(ORDERS), same(...ORDERS)),
  d_reduce: shared(word(REDUCTIONS), same(...REDUCTIONS)),
  loss: shared(word(LOSSES), same(...LOSSES)),
  gp: shared({ type: "number", min: 0, max: 100 }, same("0", "5")),
  smooth: shared({ type: "number", min: 0, max: 0.5, maxOpen: true }, same("0", "0.1")),
  ema: shared({ type: "number", min: 0, max: 1, maxOpen: true }, same("0", "0.99")),
  g_opt: training(word(OPTIMIZERS), same(...OPTIMIZERS)),
  g_lr: training(RATE, RATES),
  g_momentum: training(UNIT_OPEN, same("0.5", "0")),
  g_beta1: training(UNIT_OPEN, same("0.5", "0.9")),
  g_beta2: training(UNIT_OPEN, same("0.99", "0.999")),
  d_opt: training(word(OPTIMIZERS), same(...OPTIMIZERS)),
  d_lr: training(RATE, RATES),
  d_momentum: training(UNIT_OPEN, same("0.5", "0")),
  d_beta1: training(UNIT_OPEN, same("0.5", "0.9")),
  d_beta2: training(UNIT_OPEN, same("0.99", "0.999")),
  speed: view(word(SPEEDS), same(...SPEEDS)),
  embed: view({ type: "flag" }, same("1", "0")),
  show: view({ type: "panels" }, [
    ["all", "all"],
    ["loss,hist", "hist,loss"],
    ["grid", "grid"],
    ["stats", "stats"],
  ]),
  controls: view({ type: "controls" }, [
    ...same("full", "min", "none", "min,rewind,qr"),
    ["qr,min", "min,qr"],
    ["rewind", "full,rewind"],
    ["qr,rewind,none", "none,rewind,qr"],
  ]),
  // `1` would start training with every link: the checks step the run themselves.
  autoplay: view({ type: "flag" }, same("0")),
  theme: view(word(["auto", "light", "dark"]), same("auto", "light", "dark")),
  scale: view({ type: "number", min: 0.5, max: 4 }, [
    ["1.5", "1.5"],
    ["4", "4"],
    ["0.50", "0.5"],
  ]),
  resume: view(word(["auto", "1", "0"]), same("auto", "1", "0")),
  // A moment would train every link's run up to it: the checks step the run themselves.
  at: view({ type: "integer", min: 0, max: 10_000_000 }, same("0")),
} satisfies Record<string, KeyRule>;

export type Key = keyof typeof RULES;
export const KEY_NAMES = Object.keys(RULES) as Key[];

export function isImagePreset(preset: string): boolean {
  return IMAGE_PRESETS.includes(preset);
}

/** Whether `preset` reads `key` (a key it does not read is passed over in silence). */
export function applies(key: Key, preset: string): boolean {
  const family: Family = RULES[key].family;
  if (family === "1d") return PRESETS_1D.includes(preset);
  if (family === "2d") return PRESETS_2D.includes(preset);
  if (family === "mlp") return PRESETS_1D.includes(preset) || PRESETS_2D.includes(preset);
  if (family === "image") return isImagePreset(preset);
  if (family === "training") return true;
  if (family === "conditional") return CONDITIONAL.includes(preset);
  return true;
}

/** A value of crate/presets.json as link text (lists with commas, components with colons, `none`). */
function jsonText(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map((v) => (Array.isArray(v) ? v.join(":") : String(v))).join(",");
  return String(value);
}

const FIXED_DEFAULTS: Partial<Record<Key, string>> = {
  v: "1",
  preset: DEFAULT_PRESET,
  backend: "auto",
  seed: "1",
  grid: "4",
  digit: "all",
  speed: "max",
  embed: "0",
  show: "all",
  controls: "full",
  autoplay: "0",
  theme: "auto",
  scale: "1",
  resume: "auto",
  at: "0",
};

/** The canonical text of `key` in a state of `preset` whose link did not set it. */
export function defaultText(key: Key, preset: string): string {
  if (key === "preset") return preset;
  const fixed = FIXED_DEFAULTS[key];
  if (fixed !== undefined) return fixed;
  // The preset's own value; a preset of the other lab holds that lab's default's (never read or written).
  const family = RULES[key].family;
  const source =
    family === "training"
      ? preset
      : family === "image"
        ? isImagePreset(preset)
          ? preset
          : DEFAULT_IMAGE_PRESET
        : family === "2d"
          ? PRESETS_2D.includes(preset)
            ? preset
            : PRESETS_2D[0]!
          : PRESETS_1D.includes(preset) || (family === "mlp" && PRESETS_2D.includes(preset))
            ? preset
            : DEFAULT_PRESET;
  return jsonText(PRESET_FILE[source]!.settings[key]);
}

/** How the page reads a piece of link text (`+` is a space), or null when its percent-encoding is broken. */
export function decodeText(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

// ── what the page must do with each link ────────────────────────────────────────────────

export interface HostileLink {
  /** Position in the generated list: `hostileLink(seed, index)` makes it again. */
  index: number;
  /** `#…`, ASCII only: what `location.hash` reads back after it is assigned. */
  hash: string;
  /** The preset the link comes to (the default one when its own is bad). */
  preset: string;
  /** The keys the page must name, each in a message of its own that starts `key=`. */
  bad: Key[];
  /** The unknown names the page must list, as it decodes them. */
  ignored: string[];
  /** The canonical text of every key the link sets to a usable value. */
  good: Partial<Record<Key, string>>;
}

/** The canonical text each key must have once `link` is read: its good value or the default. */
export function expectedText(link: HostileLink, key: Key): string {
  const given = applies(key, link.preset) ? link.good[key] : undefined;
  return given ?? defaultText(key, link.preset);
}

/** The seed of the links the e2e test opens (and the unit test reads). */
export const HOSTILE_SEED = 20261124;

export interface LinkOptions {
  /** The backend every link asks for (a bad `backend` falls back to `auto`). */
  backend: "cpu" | "webgpu";
  /** Share of links for the image presets (they train slowly on a software GPU). */
  imageShare: number;
}

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same links everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Percent-encodes everything but letters, digits and `-_.!~*'()`: the result is plain ASCII. */
const enc = encodeURIComponent;

/** Values no key accepts: broken encodings, payloads, prototype names, not-numbers, unicode. */
const GARBAGE: readonly string[] = [
  "",
  "%",
  "%zz",
  "%E0%A4%A",
  "%ED%A0%80",
  "%ED%B0%80",
  "%C0%AF",
  "%FF%FE",
  "%00",
  "%0A",
  "%09%0D",
  "a%",
  "%%41",
  "NaN",
  "-NaN",
  "Infinity",
  "-Infinity",
  "1e999",
  "-1e999",
  "undefined",
  "null",
  "true",
  "false",
  "[]",
  "{}",
  "1=2",
  "a=b",
  enc("<img src=x onerror=__pwned('img')>"),
  enc('"><script>__pwned("script")</script>'),
  enc("javascript:__pwned('js')"),
  enc("<svg/onload=__pwned('svg')>"),
  enc("'-__pwned('quote')-'"),
  enc("${__pwned('template')}"),
  enc("{{constructor.constructor('__pwned(\"angular\")')()}}"),
  enc("<iframe srcdoc=\"<script>parent.__pwned('iframe')</script>\">"),
  enc("<a href=javascript:__pwned('a')>x</a>"),
  enc("<math><mtext><table><mglyph><style><img src=x onerror=__pwned('mxss')>"),
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "__defineGetter__",
  "valueOf",
  enc("\u202Egnp.exe"),
  enc("🦄"),
  enc("\u200B"),
  enc("\u200B1"),
  enc("1\u200B"),
  enc("a\u0301"),
  enc("\uFEFF1"),
  enc("مرحبا"),
  enc("שלום"),
  enc("１"),
  enc("٣"),
  enc("ⅷ"),
  enc("½"),
];

/** A misspelling of `word` that is not one of `words`: case, a letter more or less, spaces, look-alikes. */
function misspell(word: string, words: readonly string[], pick: () => number): string {
  const variants = [
    word.toUpperCase(),
    word.charAt(0).toUpperCase() + word.slice(1),
    `${word}s`,
    word.slice(0, -1),
    word.charAt(0) + word,
    word.length > 1 ? word.charAt(1) + word.charAt(0) + word.slice(2) : `${word}${word}`,
    `%20${word}`,
    `${word}+`,
    `${word}%00`,
    enc(word.replace(/[aeo]/, (c) => ({ a: "а", e: "е", o: "о" })[c]!)) + (/[aeo]/.test(word) ? "" : "%C2%A0"),
    enc(`${word.charAt(0)}\u200B${word.slice(1)}`),
    `${word}-`,
    `${word}.`,
    `${word}%2C`,
  ];
  const start = Math.floor(pick() * variants.length);
  for (let i = 0; i < variants.length; i++) {
    const variant = variants[(start + i) % variants.length]!;
    const decoded = decodeText(variant);
    if (decoded === null || !words.includes(decoded)) return variant;
  }
  return `${word}xyz`;
}

/** A value of the right shape that breaks `rule`: out of range, malformed, or another type's text. */
function breaks(rule: Rule, pick: () => number): string {
  const one = <T>(values: readonly T[]) => values[Math.floor(pick() * values.length)]!;
  switch (rule.type) {
    case "word":
      return misspell(one(rule.words), rule.words, pick);
    case "integer":
      return one([
        String(rule.min - 1),
        String(rule.max + 1),
        `${rule.min}.5`,
        "1e1",
        "0x1f",
        "1,2",
        "1_0",
        "%201",
        "1%20",
        String(2 ** 53 + 1),
        `-${"9".repeat(20)}`,
        "9".repeat(17),
        "2147483648.0",
        "-4294967296",
        "1.",
        enc("٣"),
      ]);
    case "number": {
      const below = rule.minOpen ? String(rule.min) : String(rule.min - 1);
      const above = rule.maxOpen ? String(rule.max) : String(rule.max + 0.5);
      const tiny = rule.minOpen && rule.min === 0 ? ["1e-400", "-0"] : [];
      return one([
        below,
        above,
        ...tiny,
        "1e400",
        "-1e400",
        "1..5",
        "1.2.3",
        "0x10",
        "1,5",
        "5%25",
        "1e",
        "e1",
        ".",
        "-",
        "+-1",
        "--1",
        "+1",
        "1_000",
        "0b1",
        "-0x1",
        "1e1.5",
        enc("1 000"),
        "-1e308",
        "9".repeat(400),
      ]);
    }
    case "layers":
      return one(["0", "257", "8,,16", "8,", ",8", "1,2,3,4,5", "none,8", "NONE", "8.5", "-8", "8;16", "8%2016", "8+16", "1e1", "0x8"]);
    case "mixture":
      return one([
        "1:2",
        "1:2:3:4",
        "0:0:1",
        "1:0:0",
        "1:101:1",
        "101:0:1",
        "1:0:101",
        "1:0:1,",
        "a:b:c",
        "1:0:1;1:0:1",
        Array(6).fill("1:0:1").join(","),
        "-1:0:1",
        "1:0:1,,1:0:1",
        "1::1",
        "none",
      ]);
    case "density":
      return one(["1", "0,0", "0,0,0,0", Array(65).fill("1").join(","), "1,-1", "1,1e7", "1,,2", "none,1", "1;2", "NaN,1", "1,Infinity"]);
    case "panels":
      if (pick() < 0.3) return `hist,${misspell(one(PANELS), PANELS, pick)}`;
      return one(["all,hist", "hist,hist", "Hist", "hist,", ",hist", "histogram", "none", "hist;loss", "hist%20loss", "all%20"]);
    case "controls":
      if (pick() < 0.3) return `min,${misspell(one(CONTROL_WORDS), CONTROL_WORDS, pick)}`;
      return one(["min,full", "min,min", "rewind,rewind", "min,,qr", "Min", "qr;min", "min,", ",min", "none,rewind,qr,full", "all", "min%20qr"]);
    case "flag":
      return one(["true", "yes", "2", "01", "on", "-1", "1.0", "%201", "0x1"]);
  }
}

/** Random bytes as link text: printable ones as they are, the rest percent-encoded (often invalid UTF-8). */
function randomBytes(pick: () => number, length: number, separators: boolean): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    const byte = Math.floor(pick() * 256);
    const char = String.fromCharCode(byte);
    const keep = /[A-Za-z0-9\-_.!~*'()%]/.test(char) || (separators && (char === "&" || char === "="));
    text += keep ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return text;
}

/** Names that are no key: prototype names, look-alikes of keys, payloads, broken encodings. */
const UNKNOWN_NAMES: readonly string[] = [
  "colour",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "isPrototypeOf",
  "Seed",
  "PRESET",
  "g-lr",
  "G_LR",
  "seed%20",
  "%20seed",
  "se%E2%80%8Bed",
  "se+ed",
  enc("🦄"),
  enc("\u202Eevil"),
  enc("<img src=x onerror=__pwned('key')>"),
  enc('"><script>__pwned("key")</script>'),
  "%zz",
  "%E0%A4%A",
  "a%",
  "%ED%A0%80",
  enc("ключ"),
  "javascript:__pwned()",
  "0",
  "-1",
  "1e999",
  "NaN",
  "",
];

/**
 * Link `index` of the list made from `seed`: every link has its own generator, so any one of
 * them can be made again alone.
 */
export function hostileLink(seed: number, index: number, options: LinkOptions): HostileLink {
  const pick = prng(seed ^ Math.imul(index + 1, 0x9e3779b1));
  const chance = (p: number) => pick() < p;
  const one = <T>(values: readonly T[]) => values[Math.floor(pick() * values.length)]!;
  const bad = new Set<Key>();
  const ignored: string[] = [];
  const good: Partial<Record<Key, string>> = {};
  /** The link's parts; `last` ones go at the end, so that a repeated key's final value is theirs. */
  const body: string[] = [];
  const last: string[] = [];
  const used = new Set<Key>(["v", "preset", "backend"]);
  /** 1 in 80 links carries 100 kB somewhere (some of them opened by a full page load). */
  const huge = index % 100 === 37 || index % 400 === 80;

  // Every word of every key is misspelt by one of the first links (the rest pick at random).
  const coverage = COVERAGE[index % COVERAGE.length]!;

  // The preset, read first by the page: a bad one means the default preset's keys.
  let preset: string;
  const presetName = chance(0.1) ? "%70reset" : "preset";
  // A bad preset means the default (1D) one: only where the link's key to misspell is read there.
  const coveredFamily: Family = RULES[coverage.key].family;
  if (coverage.key === "preset" || ((coveredFamily === "all" || coveredFamily === "1d" || coveredFamily === "mlp") && chance(0.1))) {
    preset = DEFAULT_PRESET;
    bad.add("preset");
    const text = coverage.key === "preset" ? coverage.value : chance(0.5) ? breaks(RULES.preset.rule, pick) : one(GARBAGE);
    if (chance(0.2)) body.push(`preset=${one(PRESETS)}`);
    last.push(`${presetName}=${text}`);
  } else {
    preset =
      coveredFamily === "conditional"
        ? one(CONDITIONAL)
        : coveredFamily === "image" || (coveredFamily === "all" && chance(options.imageShare))
          ? one(IMAGE_PRESETS)
          : coveredFamily === "2d" || (coveredFamily === "mlp" && chance(0.3))
            ? one(PRESETS_2D)
            : one(PRESETS_1D);
    if (chance(0.15)) {
      body.push(`preset=${chance(0.5) ? one(PRESETS) : one(GARBAGE)}`);
      last.push(`${presetName}=${preset}`);
    } else {
      body.push(`${presetName}=${preset}`);
    }
  }

  // The version: usually first, sometimes missing or broken (read as v=1, and named).
  const version = coverage.key === "v" ? "bad" : one(["first", "first", "first", "first", "first", "first", "none", "bad", "anywhere"] as const);
  const versionPart =
    version === "bad" ? `v=${coverage.key === "v" ? coverage.value : one(["0", "2", "999", "-1", "1.0", "1e0", "v1", "", ...GARBAGE])}` : "v=1";
  if (version === "bad") bad.add("v");

  // The backend the test runs on; now and then a broken one (the page falls back to auto).
  if (coverage.key === "backend" || chance(0.02)) {
    bad.add("backend");
    last.push(`backend=${coverage.key === "backend" ? coverage.value : breaks(RULES.backend.rule, pick)}`);
  } else {
    good.backend = options.backend;
    if (chance(0.1)) {
      body.push(`backend=${one(GARBAGE)}`);
      last.push(`backend=${options.backend}`);
    } else {
      body.push(`${chance(0.1) ? "%62ackend" : "backend"}=${options.backend}`);
    }
  }

  const applying = KEY_NAMES.filter((key) => !used.has(key) && applies(key, preset));
  const free = () => applying.filter((key) => !used.has(key));

  const setBad = (key: Key, value: string) => {
    used.add(key);
    bad.add(key);
    const shape = pick();
    if (shape < 0.1) {
      // A good value first: the last occurrence wins.
      const earlier = RULES[key].good.length > 0 ? one(RULES[key].good)[0] : one(GARBAGE);
      body.push(`${key}=${earlier}`);
      last.push(`${key}=${value}`);
    } else if (shape < 0.15 && value === "") {
      body.push(key); // no `=` at all
    } else {
      body.push(`${key}=${value}`);
    }
  };
  const setGood = (key: Key) => {
    const [text, canonical] = one(RULES[key].good);
    used.add(key);
    good[key] = canonical;
    const name = chance(0.1) ? [...key].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join("") : key;
    if (chance(0.15)) {
      body.push(`${key}=${chance(0.5) ? one(GARBAGE) : breaks(RULES[key].rule, pick)}`);
      last.push(`${name}=${text}`);
    } else {
      body.push(`${name}=${text}`);
    }
  };

  if (!used.has(coverage.key) && applies(coverage.key, preset)) setBad(coverage.key, coverage.value);

  // Rules between keys (1D presets): each names the key the link got wrong.
  const oneD = PRESETS_1D.includes(preset);
  if (oneD && !used.has("target") && chance(0.12)) {
    const which = one(["data", "drawn", "drawn-bad-density", "low-high"] as const);
    if (which === "low-high" && !used.has("low") && !used.has("high")) {
      // low ≥ high: the page names `high` and uses the preset's pair.
      const low = one(["5", "1", "99"]);
      body.push(`low=${low}`, `high=${one(["1", "-5", low])}`);
      used.add("low").add("high");
      bad.add("high");
    } else if (which === "data") {
      used.add("target");
      bad.add("target");
      body.push("target=data");
    } else if (!used.has("density")) {
      used.add("target").add("density");
      bad.add("target");
      body.push("target=drawn");
      if (which === "drawn-bad-density") {
        bad.add("density");
        body.push(`density=${breaks(RULES.density.rule, pick)}`);
      }
    }
  }

  // A few more bad keys, then a few good ones.
  const badCount = Math.max(huge ? 1 : 0, Math.floor(pick() * 4));
  for (let i = 0; i < badCount; i++) {
    const key = one(free());
    if (key === undefined) break;
    const value =
      huge && i === 0
        ? hugeValue(pick)
        : chance(0.6)
          ? breaks(RULES[key].rule, pick)
          : chance(0.1)
            ? randomBytes(pick, 1 + Math.floor(pick() * 40), false)
            : one(GARBAGE);
    setBad(key, value);
  }
  const goodCount = Math.floor(pick() * 5);
  for (let i = 0; i < goodCount; i++) {
    const candidates = free().filter((key) => RULES[key].good.length > 0);
    if (candidates.length === 0) break;
    setGood(one(candidates));
  }

  // The other family's keys, good or bad: not read, not named.
  if (chance(0.2)) {
    const others = KEY_NAMES.filter((key) => !applies(key, preset));
    for (let i = 0; i < 1 + Math.floor(pick() * 3); i++) {
      const key = one(others);
      const rule: KeyRule = RULES[key];
      body.push(`${key}=${chance(0.5) && rule.good.length > 0 ? one(rule.good)[0] : chance(0.5) ? breaks(rule.rule, pick) : one(GARBAGE)}`);
    }
  }

  // Unknown names, with or without a value.
  if (chance(0.3) || (huge && chance(0.5))) {
    const count = 1 + Math.floor(pick() * 3);
    for (let i = 0; i < count; i++) {
      const raw = huge && i === 0 ? `x${"y".repeat(100_000)}` : chance(0.15) ? unknownFromBytes(pick) : one(UNKNOWN_NAMES);
      // An empty name needs its `=` (an empty part is no key at all).
      body.push(raw !== "" && chance(0.3) ? raw : `${raw}=${one(GARBAGE)}`);
      ignored.push(decodeText(raw) ?? raw);
    }
  }
  if (huge && chance(0.3)) {
    // Thousands of unknown keys.
    for (let i = 0; i < 5000; i++) {
      body.push(`k${i}=1`);
      ignored.push(`k${i}`);
    }
  }
  // Stray separators.
  if (chance(0.1)) body.push("", "");

  shuffle(body, pick);
  shuffle(last, pick);
  const parts = [...body, ...last];
  if (version === "first") parts.unshift(versionPart);
  else if (version !== "none") parts.splice(Math.floor(pick() * (parts.length + 1)), 0, versionPart);
  const hash = `#${chance(0.05) ? "&" : ""}${parts.join("&")}`;

  return { index, hash, preset, bad: KEY_NAMES.filter((key) => bad.has(key)), ignored: [...new Set(ignored)], good };
}

/** `count` links from `seed`. */
export function hostileLinks(seed: number, count: number, options: LinkOptions): HostileLink[] {
  return Array.from({ length: count }, (_, index) => hostileLink(seed, index, options));
}

/** 100 kB of something no key accepts. */
function hugeValue(pick: () => number): string {
  const choices = ["9".repeat(100_000), "%".repeat(100_000), `${"-".repeat(50_000)}1`, enc("🦄".repeat(10_000)), "a".repeat(100_000)];
  return choices[Math.floor(pick() * choices.length)]!;
}

/** A random name that is no key (random bytes; `&` and `=` encoded, so that it stays one name). */
function unknownFromBytes(pick: () => number): string {
  for (;;) {
    const raw = `z${randomBytes(pick, 1 + Math.floor(pick() * 30), false)}`;
    const name = decodeText(raw) ?? raw;
    if (!(KEY_NAMES as string[]).includes(name)) return raw;
  }
}

function shuffle<T>(items: T[], pick: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(pick() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/** Every word of every word-valued key, misspelt once each (and each key with one garbage value). */
const COVERAGE: ReadonlyArray<{ key: Key; value: string }> = (() => {
  const pick = prng(8);
  const items: Array<{ key: Key; value: string }> = [];
  for (const key of KEY_NAMES) {
    const rule: Rule = RULES[key].rule;
    if (rule.type === "word") for (const w of rule.words) items.push({ key, value: misspell(w, rule.words, pick) });
    else if (rule.type === "panels") for (const w of PANELS) items.push({ key, value: misspell(w, PANELS, pick) });
    else if (rule.type === "controls") for (const w of CONTROL_WORDS) items.push({ key, value: misspell(w, CONTROL_WORDS, pick) });
    else items.push({ key, value: breaks(rule, pick) });
  }
  return items;
})();

/** How many links it takes to break every key's every case once: link i breaks case i (modulo this). */
export const COVERAGE_CASES = COVERAGE.length;
