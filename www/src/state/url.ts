/**
 * The URL contract: every setting is one row of {@link KEYS}; parsing, validation,
 * serialisation and docs/url-keys.md's key list all come from this table. The keys every lab
 * has are declared here; each lab's own rows are its descriptor's (`keys`,
 * labs/<lab>/descriptor.ts), and a key applies to the labs that list it.
 *
 * Every lab's presets share the table (`crate/presets.json`, read by state/presets.ts). Each
 * key says which labs it applies to and what a change of it does (`scope`: a new run, another
 * view of the same run, or the page's look); {@link keyApplies}, {@link VIEW_KEYS},
 * {@link SETTING_KEYS}, {@link runChanged} and what {@link withPreset} keeps all come from
 * those two fields. A key that does not apply to the link's preset is neither read nor
 * written, so a link never carries settings that mean nothing for its run.
 *
 * The hash reads like TensorFlow Playground's: `#v=1&preset=tuned-1d&g_lr=0.002`. The preset
 * is always written and read first: every training key defaults to the preset's value, and a
 * link lists only what differs from its preset, so it stays short and keeps its meaning even
 * if the default preset changes.
 */

import { OPTIMIZERS, SPEEDS, type RunSettings, type EverySetting } from "../protocol";
import {
  CONDITIONAL_PRESETS,
  DEFAULT_PRESET,
  LABS,
  defaultPresetOf,
  PRESETS,
  isConditional,
  labOf,
  presetSettingsJson,
  type LabId,
  type PresetId,
} from "./presets";
import { descriptorOf, type LabKeyRows } from "../labs/registry";
import { fixed, training, type KeyRow, type KeyRows, type Scope, type TrainingRow, type ValueOfRow } from "./key-rows";
import { decimal, flag, parseInteger, integer, jsonAsText, oneOf, UNIT_OPEN, wordList, type ValueType } from "./values";

// The presets, for the files that read them through the URL contract.
export {
  CONDITIONAL_PRESETS,
  DEFAULT_PRESET,
  LABS,
  PRESETS,
  defaultPresetOf,
  isConditional,
  isPresetOf,
  labOf,
  presetInfo,
  presetsOf,
  type LabId,
  type PresetId,
  type PresetOf,
} from "./presets";

/** Backend requests: `auto` picks the faster real one. */
export const BACKENDS = ["auto", "webgpu", "cpu"] as const;
/** The current schema version; a link without `v` is read as this version. */
export const URL_VERSION = 1;

/**
 * The panels `show=` can pick. 1D presets: `hist` (real vs generated densities), `dcurve`
 * (D(x), drawn over the densities), `map` (z → x), `loss`, `metrics` (W₁, KS). 2D presets:
 * the plane's layers `points` (real and generated), `heat` (D's verdict), `manifold` (G's
 * grid), `arrows` (G's gradient), and `loss`, `modes` (modes covered, high-quality share,
 * sliced W₁). Both: `graph` (the model overview). Image presets: `grid` (G's images), `real`,
 * `judge`, `loss`, `dout` (mean D(real), D(fake)), `row` (one z, every digit: the conditional
 * presets), `walk`. Every lab: `stats` (the read-outs under the controls).
 */
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
export type Panel = (typeof PANELS)[number];
/** What each panel shows, in a few words (the Share dialog's panel choice). */
export const PANEL_NAMES: Readonly<Record<Panel, string>> = {
  stats: "Read-outs (iteration, losses, …)",
  hist: "Densities: real vs generated",
  dcurve: "D's curve D(x)",
  map: "G's mapping z → x",
  points: "Points: real and generated",
  heat: "D's verdict (heat map)",
  manifold: "G's manifold",
  arrows: "G's gradient (arrows)",
  graph: "Model overview",
  grid: "G's images (the grid)",
  real: "Real images",
  judge: "The judge's reading",
  loss: "Losses",
  dout: "D(real) and D(fake)",
  metrics: "W₁ and KS",
  modes: "Modes covered",
  row: "One z, every digit",
  walk: "A walk through z",
};
/** The panels that mean something for `preset`, in the page's order: its lab's (labs/<lab>/descriptor.ts). */
export function panelsOf(preset: PresetId): readonly Panel[] {
  const { panels, conditionalPanels = [] } = descriptorOf(labOf(preset));
  return isConditional(preset) ? [...panels, ...conditionalPanels] : panels;
}
/** `full`: every control and the settings; `min`: play/pause, step and reset; `none`: nothing to press. */
export const CONTROLS = ["full", "min", "none"] as const;
/** What `controls` may add to its level: the rewind slider (ui/rewind.ts), a QR code of the link (ui/share/embed-qr.ts). */
export const CONTROL_EXTRAS = ["rewind", "qr"] as const;
/** The `controls` key: a level and the extras it adds (`min,rewind,qr`). */
export interface ControlsChoice {
  readonly level: (typeof CONTROLS)[number];
  readonly extras: readonly (typeof CONTROL_EXTRAS)[number][];
}

/** `controls`: a level word, the extras, comma-separated, each once; no level is `full`. Written level first, then the extras in the table's order. */
function controlsList(): ValueType<ControlsChoice> {
  const words: readonly string[] = [...CONTROLS, ...CONTROL_EXTRAS];
  const expected = `one of ${CONTROLS.join(", ")}, optionally with any of ${CONTROL_EXTRAS.join(", ")}, comma-separated (e.g. min,rewind,qr)`;
  return {
    parse: (raw) => {
      const parts = raw.split(",");
      const levels = CONTROLS.filter((level) => parts.includes(level));
      if (raw === "" || !parts.every((part) => words.includes(part)) || new Set(parts).size !== parts.length || levels.length > 1)
        return { ok: false, expected };
      return { ok: true, value: { level: levels[0] ?? "full", extras: CONTROL_EXTRAS.filter((extra) => parts.includes(extra)) } };
    },
    format: (value) => [value.level, ...CONTROL_EXTRAS.filter((extra) => value.extras.includes(extra))].join(","),
    values: `${CONTROLS.map((w) => `\`${w}\``).join(", ")}, then any of ${CONTROL_EXTRAS.map((w) => `\`${w}\``).join(", ")}, comma-separated`,
  };
}
/** `auto` follows the system's light or dark preference. */
export const THEMES = ["auto", "light", "dark"] as const;
/** The latest iteration `at` may name: ten million (a 1D run's hours on the CPU). */
export const MAX_MOMENT = 10_000_000;
/** `auto`: resume in embed mode only. */
export const RESUME = ["auto", "1", "0"] as const;

export type { Scope };

/** Where a key applies and what a change of it does. */
export interface KeyPlace {
  /** The labs whose presets the key applies to: every lab, or those whose descriptors list it. */
  readonly labs: readonly LabId[];
  readonly scope: Scope;
  /** A further condition on the preset: `conditional`, only presets whose G is asked for a digit. */
  readonly requires?: "conditional";
}

/** A declared URL key: how to read and write it, its default, where it applies and what it means. */
export interface KeySpec<T> extends ValueType<T>, KeyPlace {
  /** One line for docs/url-keys.md and for the settings panel. */
  readonly doc: string;
  /** The value when the link does not give one: fixed, or the preset's. */
  default(preset: PresetId): T;
  /** Whether that default is the preset's (a training key) rather than one fixed value. */
  readonly fromPreset: boolean;
}

/** Every field of every lab's settings, with its type (each network's optimiser is every lab's). */
type TrainingSettings = EverySetting;

/** Presets as a row's doc names them: `` `a`, `b` ``. */
function presetList(presets: readonly PresetId[]): string {
  return presets.map((preset) => `\`${preset}\``).join(", ");
}

/**
 * Key `name`'s row as the table holds it, applying to `labs`. A training key's default is the
 * preset's value (`settings.<name>` in `crate/presets.json`); a preset of a lab the key does not
 * apply to holds the first of its labs' default preset's value (never read, never written).
 */
function spec<T>(name: string, row: KeyRow<T>, labs: readonly LabId[]): KeySpec<T> {
  const { doc, requires } = row;
  const place = { labs, scope: row.scope, ...(requires ? { requires } : {}) };
  const only = requires === "conditional" ? ` (only the conditional presets: ${presetList(CONDITIONAL_PRESETS)})` : "";
  if (!row.fromPreset) {
    const { value } = row;
    return { ...valueType(row), ...place, doc: doc + only, default: () => structuredClone(value), fromPreset: false };
  }
  const source = (preset: PresetId): PresetId => (labs.includes(labOf(preset)) ? preset : defaultPresetOf(labs[0]!));
  // A copy: nothing that edits a state can reach the presets' arrays.
  const value = (preset: PresetId) => structuredClone(presetSettings(source(preset))[name]) as T;
  return { ...valueType(row), ...place, doc: doc + only, default: value, fromPreset: true };
}

/** A row's value type alone. */
function valueType<T>(row: ValueType<T>): ValueType<T> {
  return { parse: (raw) => row.parse(raw), format: (value) => row.format(value), values: row.values };
}

/** Learning rates: up to crate/src/optim.rs `MAX_LEARNING_RATE`, far past useful, to watch a run diverge. */
const RATE = { min: 0, max: 1000, minOpen: true };
const OPTIMIZER = oneOf(OPTIMIZERS);

/** The keys of every lab that come before the labs' own: the version, the preset, the backend, the seed. */
const HEAD_ROWS = {
  v: fixed(integer({ min: 1, max: URL_VERSION }), URL_VERSION, "page", "URL schema version (always written first)"),
  preset: fixed(
    oneOf(PRESETS),
    DEFAULT_PRESET,
    "run",
    "the starting point (always written); the training keys default to the preset's values: for a 1D preset its targets' (`target` to `density`), for a 2D preset (`ring8-*`) its targets' (`shape`, `spread`, `pack`), for both the networks' and the training's (`noise` to `ema`), for every preset each network's optimiser (`g_opt` to `d_beta2`). The `mnist-*` presets train on images: the 1D and 2D keys do not apply to them (a link of theirs neither carries nor reads them); `grid`, `digit` and each network's optimiser (`g_opt` to `d_beta2`, their defaults the preset's) do. An image preset's link made before every lab had one optimiser per network (`opt`, `lr`) opens as it was: they stand for both networks'. Your own images (Images → Your own images) are not part of a link, like your own 1D numbers: load them again",
  ),
  backend: fixed(
    oneOf(BACKENDS),
    "auto",
    "run",
    "`auto` uses WebGPU only on a real GPU where a short trial shows it faster; `webgpu`/`cpu` force one (`webgpu` falls back to the CPU, with a message, where WebGPU is unavailable)",
  ),
  seed: fixed(integer({ min: 0, max: 2 ** 32 - 1 }), 1, "run", "the same seed gives the same initial weights; on the CPU, the same run"),
};

/** Each network's optimiser: every lab's training keys, after the labs' own. */
const OPTIMIZER_ROWS = {
  g_opt: training(OPTIMIZER, "G's optimiser"),
  g_lr: training(decimal(RATE), "G's learning rate"),
  g_momentum: training(decimal(UNIT_OPEN), "G's momentum (SGD, RMSprop)"),
  g_beta1: training(decimal(UNIT_OPEN), "G's Adam β1"),
  g_beta2: training(decimal(UNIT_OPEN), "G's Adam β2"),
  d_opt: training(OPTIMIZER, "D's optimiser"),
  d_lr: training(decimal(RATE), "D's learning rate"),
  d_momentum: training(decimal(UNIT_OPEN), "D's momentum (SGD, RMSprop)"),
  d_beta1: training(decimal(UNIT_OPEN), "D's Adam β1"),
  d_beta2: training(decimal(UNIT_OPEN), "D's Adam β2"),
};

/** How the page looks and behaves, and what the views draw: every lab's, last. */
const PAGE_ROWS = {
  speed: fixed(oneOf(SPEEDS), "max", "view", "iterations per animation frame (`max`: as fast as the backend goes; `slow`: slow motion)"),
  embed: fixed(flag(), false, "page", "`1`: kiosk mode for slides and iframes — no page chrome, the panels fill the frame"),
  show: fixed(
    wordList(PANELS),
    [],
    "view",
    "the panels shown, e.g. `hist,dcurve,loss` or `grid`: `stats`, 1D `hist` `dcurve` `map` `graph` `loss` `metrics`, 2D `points` `heat` `manifold` `arrows` (the plane's layers) `graph` `loss` `modes`, image `grid` `real` `judge` `loss` `dout` `row` `walk`; `all` = every one",
  ),
  controls: fixed(
    controlsList(),
    { level: "full", extras: [] },
    "page",
    "`full` (every control, and the settings outside embed mode), `min` (play/pause, step, reset) or `none`; then, comma-separated, `rewind` (the rewind slider, which embed mode otherwise leaves out) and `qr` (a QR code of the link to the full page, for the room), e.g. `min,rewind,qr`",
  ),
  autoplay: fixed(flag(), false, "page", "`1`: start training as soon as the page is ready"),
  theme: fixed(oneOf(THEMES), "auto", "page", "`light`, `dark`, or `auto` (the system's preference)"),
  scale: fixed(decimal({ min: 0.5, max: 4 }), 1, "page", "text and control size, e.g. `1.5` for a projector"),
  resume: fixed(
    oneOf(RESUME),
    "auto",
    "page",
    "`1`: a reload of the same demo in this browser continues from its last checkpoint instead of step 0 (`auto`: on in embed mode); Reset forgets it",
  ),
  at: fixed(
    integer({ min: 0, max: MAX_MOMENT }),
    0,
    "page",
    "a moment of the run: the page trains to this iteration as fast as the backend goes, with a progress bar, and pauses there (`0`: none); a run resumed past it stays where it was",
  ),
};

/** Every row: every lab's, then each lab's own (labs/<lab>/descriptor.ts `keys`), then every lab's again. */
type Rows = typeof HEAD_ROWS & LabKeyRows & typeof OPTIMIZER_ROWS & typeof PAGE_ROWS;

/**
 * The table: the rows of every lab, and between them the labs' rows: each lab's own, in the
 * registry's order, then those several labs list (once each); a row applies to the labs that
 * list it.
 */
function table(): { readonly [K in keyof Rows]: KeySpec<ValueOfRow<Rows[K]>> } {
  const everyLab = (rows: KeyRows) => Object.entries(rows).map(([name, row]) => [name, spec(name, row, LABS)] as const);
  const shared = new Set([HEAD_ROWS, OPTIMIZER_ROWS, PAGE_ROWS].flatMap((rows) => Object.keys(rows)));
  const labRows = new Map<string, { row: KeyRow<unknown>; labs: LabId[] }>();
  for (const lab of LABS) {
    for (const [name, row] of Object.entries(descriptorOf(lab).keys)) {
      const known = labRows.get(name);
      if (shared.has(name) || (known && known.row !== row)) throw new Error(`labs/${lab}/descriptor.ts: the key ${name} is declared twice`);
      if (known) known.labs.push(lab);
      else labRows.set(name, { row, labs: [lab] });
    }
  }
  // Each lab's own keys first, then those several labs share (a link holds the keys of one lab).
  const rows = [...labRows].sort(([, a], [, b]) => Number(a.labs.length > 1) - Number(b.labs.length > 1));
  const own = rows.map(([name, { row, labs }]) => [name, spec(name, row, labs)] as const);
  return Object.fromEntries([...everyLab(HEAD_ROWS), ...own, ...everyLab(OPTIMIZER_ROWS), ...everyLab(PAGE_ROWS)]) as never;
}

/** Every URL key, in canonical order. */
export const KEYS = table();

// Compile-time: each training row's value type is the settings field's.
type RowMismatch = {
  [K in keyof Rows]: Rows[K] extends TrainingRow<infer T>
    ? K extends keyof TrainingSettings
      ? [T] extends [TrainingSettings[K]]
        ? [TrainingSettings[K]] extends [T]
          ? never
          : K
        : K
      : K
    : never;
}[keyof Rows];
const trainingRowsMatch: [RowMismatch] extends [never] ? true : RowMismatch = true;
void trainingRowsMatch;

export type Key = keyof typeof KEYS;
/** The whole app configuration, as the URL holds it. */
export type UrlState = { [K in Key]: ReturnType<(typeof KEYS)[K]["default"]> };

const KEY_NAMES = Object.keys(KEYS) as Key[];
/** A key's row, seen without its value type. */
function specOf(key: Key): KeySpec<unknown> {
  return KEYS[key];
}
/** Keys of what the views draw and how the page looks and behaves, not of the run (scope `view` or `page`): changing one never restarts training. */
export const VIEW_KEYS: ReadonlySet<Key> = new Set(KEY_NAMES.filter((key) => specOf(key).scope !== "run"));
/** The training keys whose default is the preset's value, of lab `lab`, in table order. */
function trainingKeysOf(lab: LabId): Key[] {
  return KEY_NAMES.filter((key) => specOf(key).fromPreset && specOf(key).labs.includes(lab));
}
/** Every 1D training key (the preset's value), in table order: those of the default preset's lab. */
export const SETTING_KEYS = trainingKeysOf(labOf(DEFAULT_PRESET));
/** Whether `key` means anything under `preset`: the preset's lab is one of the key's, and the preset meets what the key `requires`. */
export function keyApplies(key: Key, preset: PresetId): boolean {
  const spec = specOf(key);
  if (!spec.labs.includes(labOf(preset))) return false;
  return spec.requires !== "conditional" || isConditional(preset);
}

/**
 * Whether going from `a` to `b` starts a new run: another preset, or another value of a `run`
 * key that applies to it (a key that does not apply is never given to the trainer).
 */
export function runChanged(a: UrlState, b: UrlState): boolean {
  if (a.preset !== b.preset) return true;
  return KEY_NAMES.some((key) => specOf(key).scope === "run" && keyApplies(key, b.preset) && formatValue(key, a[key]) !== formatValue(key, b[key]));
}

// Compile-time: the table has a key for every field of every lab's settings.
type Missing = Exclude<keyof EverySetting, Key>;
const everySettingIsAKey: [Missing] extends [never] ? true : Missing = true;
void everySettingIsAKey;

let checkedPresets: ReadonlyMap<PresetId, Readonly<Record<string, unknown>>> | null = null;

/**
 * Every preset's settings, read from `crate/presets.json` through the table's own parsers (its
 * lab's training keys): a value the table would refuse in a link is a broken preset, and fails
 * loudly here.
 */
function presetSettings(preset: PresetId): Readonly<Record<string, unknown>> {
  checkedPresets ??= new Map(
    PRESETS.map((id): [PresetId, Record<string, unknown>] => {
      const json = presetSettingsJson(id);
      const entries = trainingKeysOf(labOf(id)).map((key): [Key, unknown] => {
        const text = jsonAsText(json[key]);
        const parsed = text === null ? null : specOf(key).parse(text);
        if (!parsed?.ok) throw new Error(`crate/presets.json: ${id}.settings.${key} = ${JSON.stringify(json[key])} is not valid`);
        return [key, parsed.value];
      });
      return [id, Object.fromEntries(entries)];
    }),
  );
  const settings = checkedPresets.get(preset);
  if (!settings) throw new Error(`${preset} is not a preset`);
  return settings;
}

/** The state of a link that names only `preset`. */
export function defaults(preset: PresetId = DEFAULT_PRESET): UrlState {
  const state = Object.fromEntries(KEY_NAMES.map((key) => [key, KEYS[key].default(preset)])) as UrlState;
  return { ...state, preset };
}

/**
 * The same state under another preset: every key whose default is the preset's value
 * (`fromPreset`) becomes the new preset's; every other key stays — the backend, the seed, the
 * grid size, the digit, the speed, and how the page looks (theme, scale, embed, controls, …),
 * so a projector's dark theme at 1.5× survives another preset. A key the new lab does not use
 * is kept too (neither read nor written there) and is back on the way home. One exception:
 * `show` is kept only if it names one of the new preset's panels — a list of 1D panels means
 * nothing to a digit preset, and its link should not carry it (the page would show every panel
 * anyway, ui/layout.ts).
 */
export function withPreset(state: UrlState, preset: PresetId): UrlState {
  const base = defaults(preset);
  const next = { ...state } as Record<Key, unknown>;
  for (const key of KEY_NAMES) if (key === "preset" || key === "v" || specOf(key).fromPreset) next[key] = base[key];
  const panels = panelsOf(preset);
  if (!state.show.some((panel) => panels.includes(panel))) next["show"] = base.show;
  return next as UrlState;
}

/**
 * The settings the trainer gets, tagged with their lab (the seed included): what the preset's
 * lab makes of the state (labs/<lab>/descriptor.ts `runSettings`).
 */
export function runSettingsOf(state: UrlState): RunSettings {
  const lab = labOf(state.preset);
  return descriptorOf(lab).runSettings(state, { trainingKeys: trainingKeysOf(lab), applies: (key) => keyApplies(key, state.preset) });
}

/** The canonical text of one key's value. */
export function formatValue<K extends Key>(key: K, value: UrlState[K]): string {
  const spec: KeySpec<unknown> = KEYS[key];
  return spec.format(value);
}

/** Whether two states are the same run and view (compared through their canonical text). */
export function sameState(a: UrlState, b: UrlState): boolean {
  if (a.preset !== b.preset) return false;
  return KEY_NAMES.every((key) => !keyApplies(key, a.preset) || formatValue(key, a[key]) === formatValue(key, b[key]));
}

// ── reading and writing a link ──────────────────────────────────────────────────────────

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

/** What a link cannot say by itself. */
export interface LinkContext {
  /** Whether the user's own data is loaded in this page (`target=data` needs it). */
  dataLoaded?: boolean;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/** Percent-encodes a value but keeps the separators of lists (`,` `:`) readable. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%3A/g, ":");
}

/** The most characters of a link's text that a message quotes. */
const MAX_QUOTED = 200;

/**
 * `text` as a message quotes it: at most {@link MAX_QUOTED} characters (code points, so an
 * emoji is never cut in half), then `…`. A 100 kB value makes a message, not a page of text.
 */
export function clip(text: string): string {
  // Only the head is split into code points: 800 code units hold at least 400 of them.
  const head = Array.from(text.slice(0, 4 * MAX_QUOTED));
  return head.length > MAX_QUOTED ? `${head.slice(0, MAX_QUOTED - 1).join("")}…` : text;
}

/** The most unknown names the page lists; the rest are counted. */
export const MAX_LISTED = 10;

/** The message about a link's unknown keys: each named (an empty name too), long ones clipped, at most ten. */
export function ignoredMessage(ignored: readonly string[]): string {
  const listed = ignored.slice(0, MAX_LISTED).map((name) => (name === "" ? "(an empty name)" : clip(name)));
  const more = ignored.length - listed.length;
  return `Ignored unknown link keys: ${listed.join(", ")}${more > 0 ? ` and ${more.toLocaleString("en-US")} more` : ""}`;
}

function isKey(name: string): name is Key {
  return Object.hasOwn(KEYS, name);
}

/**
 * Reads a location hash (with or without `#`). `preset` is read first and gives every other
 * key its default; bad values fall back to those defaults and are reported; when a key
 * repeats, its last occurrence wins. Keys that do not apply to the preset (the 1D settings
 * in an image link, `grid` in a 1D link) are passed over in silence: they are not mistakes.
 */
export function parseHash(hash: string, context: LinkContext = {}, migrations: readonly Migration[] = MIGRATIONS): ParsedUrl {
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  const given = new Map<string, string>();
  for (const part of body.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const rawName = eq < 0 ? part : part.slice(0, eq);
    // A name with broken percent-encoding is listed as it stands (without its value).
    const name = decode(rawName) ?? rawName;
    // Re-inserted so that the map's order is the order of last occurrences.
    given.delete(name);
    given.set(name, eq < 0 ? "" : part.slice(eq + 1));
  }

  const problems = new Map<Key, UrlProblem>();
  const version = readVersion(given.get("v"), migrations);
  if (version.problem) problems.set("v", { key: "v", value: given.get("v") ?? "", message: version.problem });
  const migrated = splitSharedOptimizer(migrateWith(given, version.from, migrations));
  migrated.delete("v");

  const raw = new Map<Key, string>();
  const ignored: string[] = [];
  for (const [name, text] of migrated) {
    if (isKey(name)) raw.set(name, text);
    else ignored.push(name);
  }
  const readKey = <K extends Key>(key: K, fallback: UrlState[K]): UrlState[K] => {
    const text = raw.get(key);
    if (text === undefined) return fallback;
    const spec: KeySpec<unknown> = KEYS[key];
    const value = decode(text);
    const parsed = value === null ? null : spec.parse(value);
    if (parsed?.ok) return parsed.value as UrlState[K];
    const shown = value ?? text;
    const expected = parsed ? parsed.expected : "valid percent-encoding";
    const message = `${key}=${clip(shown)} is not valid (expected ${expected}); using ${spec.format(fallback)}`;
    problems.set(key, { key, value: shown, message });
    return fallback;
  };

  const preset = readKey("preset", DEFAULT_PRESET);
  const presetState = defaults(preset);
  const state = { ...presetState } as Record<Key, unknown>;
  for (const key of raw.keys()) {
    if (key !== "preset" && keyApplies(key, preset)) state[key] = readKey(key, presetState[key]);
  }

  const checked = state as UrlState;
  // A rule between keys names a key the link set to a usable value: a key already named for
  // its own bad value keeps that message (a bad density with target=drawn names both).
  const setWell = (key: Key) => raw.has(key) && !problems.has(key);
  for (const problem of crossCheck(checked, presetState, context, setWell)) {
    const key = problem.key;
    problems.set(key, { key, value: decode(raw.get(key) ?? "") ?? "", message: problem.message });
    Object.assign(checked, problem.fix);
  }
  // In the order of the table, not of the link.
  const ordered = KEY_NAMES.flatMap((key) => problems.get(key) ?? []);
  return { state: checked, problems: ordered, ignored };
}

// ── versions ────────────────────────────────────────────────────────────────────────────

/**
 * One step of the schema's history: rewrites the raw `key → text` entries of a link of
 * version `from` into version `from + 1` (renamed keys, changed units, split values). Links
 * are only ever read through these steps, so a link shared years ago keeps its meaning.
 */
export interface Migration {
  from: number;
  migrate(entries: Map<string, string>): Map<string, string>;
}

/**
 * The digit presets' links of before 2026-12-07 gave both networks one optimiser (`opt`) and
 * one learning rate (`lr`); every lab now has one per network (`g_opt`, `g_lr`, `d_opt`,
 * `d_lr`). Such a link still opens as it was made: `opt` becomes `g_opt` and `d_opt`, `lr`
 * becomes `g_lr` and `d_lr`, where the link does not give those itself. (Within v1: the keys
 * were a digit preset's only, and are no key of any lab now.)
 */
export function splitSharedOptimizer(entries: Map<string, string>): Map<string, string> {
  for (const [old, keys] of [
    ["opt", ["g_opt", "d_opt"]],
    ["lr", ["g_lr", "d_lr"]],
  ] as const) {
    const text = entries.get(old);
    if (text === undefined) continue;
    entries.delete(old);
    for (const key of keys) if (!entries.has(key)) entries.set(key, text);
  }
  return entries;
}

/** The migrations of the real schema: none yet, v1 is the first version. */
export const MIGRATIONS: readonly Migration[] = [];

/**
 * Reads `v`: a link without one is the current version; a newer or broken one is read as the
 * current one, and said. Versions before 1 exist only where a migration starts from them.
 */
function readVersion(text: string | undefined, migrations: readonly Migration[]): { from: number; problem?: string } {
  if (text === undefined) return { from: URL_VERSION };
  const value = decode(text);
  const oldest = Math.min(1, ...migrations.map((m) => m.from));
  const version = value === null ? null : parseInteger(value, { min: oldest, max: Number.MAX_SAFE_INTEGER });
  if (version === null) return { from: URL_VERSION, problem: `v=${clip(value ?? text)} is not a version number; reading the link as v=${URL_VERSION}` };
  if (version > URL_VERSION) {
    return {
      from: URL_VERSION,
      problem: `v=${version}: this link is from a newer version of GAN Playground; reading it as v=${URL_VERSION} (keys this version does not know are ignored)`,
    };
  }
  return { from: version };
}

/** Applies every migration from version `from` up to `to` (the current one), in order; `entries` stays as it is. */
export function migrateWith(entries: ReadonlyMap<string, string>, from: number, migrations: readonly Migration[], to = URL_VERSION): Map<string, string> {
  let current = new Map(entries);
  for (let version = from; version < to; version++) {
    const step = migrations.find((m) => m.from === version);
    if (step) current = step.migrate(current);
  }
  return current;
}

/**
 * The canonical hash: `v`, `preset`, then every key that applies to the preset and whose
 * value differs from the preset's.
 */
export function formatHash(state: UrlState): string {
  const base = defaults(state.preset);
  const parts = [`v=${URL_VERSION}`, `preset=${encode(state.preset)}`];
  for (const key of KEY_NAMES) {
    if (key === "v" || key === "preset" || !keyApplies(key, state.preset)) continue;
    const text = formatValue(key, state[key]);
    if (text !== formatValue(key, base[key])) parts.push(`${key}=${encode(text)}`);
  }
  return `#${parts.join("&")}`;
}

/** `state` with every view key (embed, show, …) at its default, except those in `keep`. */
export function withViewDefaults(state: UrlState, keep: readonly Key[] = []): UrlState {
  const base = defaults(state.preset);
  const next = { ...state } as Record<Key, unknown>;
  for (const key of VIEW_KEYS) if (!keep.includes(key)) next[key] = base[key];
  return next as UrlState;
}

/** The canonical hash of the run alone (every view key at its default): what a checkpoint is filed under. */
export function runHash(state: UrlState): string {
  return formatHash(withViewDefaults(state));
}

/** Whether a reload of this demo continues from its checkpoint (`resume`, on by default in embed mode). */
export function resumes(state: UrlState): boolean {
  return state.resume === "auto" ? state.embed : state.resume === "1";
}

/** A rule between keys that a state breaks, and the values that repair it. */
export interface CrossProblem {
  /** The key to name: one the link (or the user) set. */
  key: Key;
  /** The rule alone, for a message beside a control: "low must be less than high". */
  rule: string;
  /** The rule and what is used instead, for a message about a link. */
  message: string;
  /** The preset's values for the keys involved. */
  fix: Partial<UrlState>;
}

/**
 * The rules that involve more than one key, or something outside the link (e.g. the 1D lab's
 * `low < high`; a drawn target needs a drawing; the user's own data must be loaded in the page):
 * the preset's lab's (labs/<lab>/descriptor.ts `crossCheck`). `given(key)` says which keys the
 * user set (the message names one of those).
 */
export function crossCheck(state: UrlState, preset: UrlState, context: LinkContext, given: (key: Key) => boolean = () => true): CrossProblem[] {
  return descriptorOf(labOf(state.preset)).crossCheck(state, preset, context, given);
}
