/**
 * Every preset of every lab, as `crate/presets.json` (the one file both sides of the wasm
 * boundary read) declares them: the ids in the order the page lists them, each one's lab,
 * title and summary, its training keys' values, and the digit presets' facts (conditional or
 * not; their networks, batch and average, which only the crate reads). Nothing here names a preset by hand but the 1D default; a new preset is one
 * entry in the file.
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
/** A 1D preset (`"lab": "gan1d"`). */
export type Preset1d = PresetOf<"gan1d">;
/** A digit preset (`"lab": "digits"`). */
export type ImagePreset = PresetOf<"digits">;
/** A 2D preset (`"lab": "gan2d"`). */
export type Preset2d = PresetOf<"gan2d">;

/** One entry of the file, as this module reads it. */
interface PresetEntry {
  readonly lab: string;
  readonly title: string;
  readonly summary: string;
  /** Digit presets: whether G is asked for a digit. */
  readonly conditional?: boolean;
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

/** Every 1D preset, in the file's order. */
export const PRESETS_1D = presetsOf("gan1d");
/** Every digit preset, in the file's order; the first is the digits' default. */
export const IMAGE_PRESETS = presetsOf("digits");
/** Every 2D preset, in the file's order. */
export const PRESETS_2D = presetsOf("gan2d");

/** Whether `preset` trains the 1D GAN (the 1D settings apply). */
export function isPreset1d(preset: PresetId): preset is Preset1d {
  return isPresetOf("gan1d", preset);
}
/** Whether `preset` trains the 2D GAN (the 2D settings apply). */
export function isPreset2d(preset: PresetId): preset is Preset2d {
  return isPresetOf("gan2d", preset);
}
/** Whether `preset` trains a digit GAN (the digit views, the image keys). */
export function isImagePreset(preset: PresetId): preset is ImagePreset {
  return isPresetOf("digits", preset);
}

/** What a first-time visitor (an empty link) gets. */
export const DEFAULT_PRESET: Preset1d = checked("gan1d", "tuned-1d");
/** The 2D lab's default: the file's first 2D preset. */
export const DEFAULT_PRESET_2D: Preset2d = firstOf(PRESETS_2D, "a 2D preset");
/** The digits' default: the file's first digit preset (`mnist-minute`). */
export const DEFAULT_IMAGE_PRESET: ImagePreset = firstOf(IMAGE_PRESETS, "a digit preset");

/** `preset`, known to be of `lab` (a file that moved it elsewhere fails here, loudly). */
function checked<L extends LabId>(lab: L, preset: PresetId): PresetOf<L> {
  if (!isPresetOf(lab, preset)) throw new Error(`crate/presets.json: ${preset} is not a ${lab} preset`);
  return preset;
}

function firstOf<P>(presets: readonly P[], what: string): P {
  const first = presets[0];
  if (first === undefined) throw new Error(`crate/presets.json has no ${what}`);
  return first;
}

/** The digit presets whose G is asked for a digit (`"conditional": true`). */
export const CONDITIONAL_PRESETS: readonly ImagePreset[] = IMAGE_PRESETS.filter((preset) => entryOf(preset).conditional === true);

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
