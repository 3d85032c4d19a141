/**
 * Every preset of every lab, as `crate/presets.json` (the one file both sides of the wasm
 * boundary read) declares them: the ids in the order the page lists them, each one's lab,
 * title and summary, its training keys' values, and the digit presets' facts (conditional or
 * not; their networks, batch and average, which only the crate reads), and which preset an
 * empty link opens. Nothing here names a preset or a lab by hand: a new preset is one entry in
 * the file.
 */

import presetFile from "../../../crate/presets.json";
import { LAB_IDS, type LabId } from "../labs/registry";

/** The labs, in the order the page lists them (labs/registry.ts). */
export const LABS: readonly LabId[] = LAB_IDS;
export type { LabId };

/** Every preset id: the keys of `crate/presets.json`. */
export type PresetId = keyof typeof presetFile;

declare const labBrand: unique symbol;
/**
 * A preset of lab `L`. The JSON's `lab` fields are plain strings to the compiler, so the lab
 * is a brand that only this module gives, after reading the file ({@link presetsOf}).
 */
export type PresetOf<L extends LabId> = PresetId & { readonly [labBrand]: L };

/** One entry of the file, as this module reads it. */
interface PresetEntry {
  readonly lab: string;
  readonly title: string;
  readonly summary: string;
  /** Digit presets: whether G is asked for a digit. */
  readonly conditional?: boolean;
  /** The preset an empty link opens (one in the file). */
  readonly default?: boolean;
  /** Every training key of the preset's lab (a digit preset's: each network's optimiser). */
  readonly settings: Readonly<Record<string, unknown>>;
}

const FILE: Readonly<Record<PresetId, PresetEntry>> = presetFile;

/** A preset's entry (a function, as a preset of one lab is a branded id that cannot index the file). */
function entryOf(preset: PresetId): PresetEntry {
  return FILE[preset];
}

/** Every preset, in the file's order (the order the page lists them). */
export const PRESETS = Object.keys(FILE) as PresetId[];

function isLab(lab: string): lab is LabId {
  return (LABS as readonly string[]).includes(lab);
}

/** The lab `preset` belongs to. */
export function labOf(preset: PresetId): LabId {
  const { lab } = entryOf(preset);
  if (!isLab(lab)) throw new Error(`crate/presets.json: ${preset}.lab = ${JSON.stringify(lab)} is not one of ${LABS.join(", ")}`);
  return lab;
}

/** Whether `preset` belongs to lab `lab`. */
export function isPresetOf<L extends LabId>(lab: L, preset: PresetId): preset is PresetOf<L> {
  return labOf(preset) === lab;
}

/** The presets of one lab, in the file's order. */
export function presetsOf<L extends LabId>(lab: L): PresetOf<L>[] {
  return PRESETS.filter((preset): preset is PresetOf<L> => isPresetOf(lab, preset));
}

/** What a first-time visitor (an empty link) gets: the file's preset marked `"default": true`. */
export const DEFAULT_PRESET: PresetId = only(
  PRESETS.filter((preset) => entryOf(preset).default === true),
  'one preset marked "default": true',
);

/** A lab's default preset: the file's default where it is the lab's, else the lab's first. */
export function defaultPresetOf<L extends LabId>(lab: L): PresetOf<L> {
  return isPresetOf(lab, DEFAULT_PRESET) ? DEFAULT_PRESET : only(presetsOf(lab).slice(0, 1), `a ${lab} preset`);
}

function only<P>(presets: readonly P[], what: string): P {
  const [first] = presets;
  if (first === undefined || presets.length > 1) throw new Error(`crate/presets.json has not exactly ${what}`);
  return first;
}

/** The digit presets whose G is asked for a digit (`"conditional": true`). */
export const CONDITIONAL_PRESETS: readonly PresetId[] = PRESETS.filter((preset) => entryOf(preset).conditional === true);

/** Whether `preset`'s G is asked for a digit (and `digit` picks the view). */
export function isConditional(preset: PresetId): boolean {
  return (CONDITIONAL_PRESETS as readonly string[]).includes(preset);
}

/**
 * A preset's training settings as the file holds them, unchecked: every training key of its
 * lab (state/url.ts reads them through its parsers).
 */
export function presetSettingsJson(preset: PresetId): Readonly<Record<string, unknown>> {
  return entryOf(preset).settings;
}

/** A preset's title and summary, for the page (the summary states the choices a seed left open). */
export function presetInfo(preset: PresetId): { title: string; summary: string } {
  const { title, summary } = entryOf(preset);
  return { title, summary };
}
