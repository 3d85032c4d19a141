/**
 * The digit lab as the rest of the code sees it (labs/descriptor.ts): its panels (`row` only
 * for the conditional presets), its settings projection (the preset, the grid, the digit the
 * views draw, each network's optimiser), its widget metrics (mean D(real), D(fake)). Data only: the worker
 * reads it too.
 */

import type { LabDescriptor } from "../descriptor";
import type { SettingsOf } from "../../protocol";
import { fixed } from "../../state/key-rows";
import type { PresetOf } from "../../state/presets";
import { integer, oneOf } from "../../state/values";

/** What `digit=` can show: one digit, or `all` (a column of each). */
export const DIGIT_VIEWS = ["all", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;

/** The digit lab's URL keys: the grid's size and the digit it shows (its training keys are each network's optimiser, every lab's). */
const DIGITS_KEYS = {
  grid: fixed(
    integer({ min: 4, max: 8 }),
    4,
    "run",
    "the generated digits (from fixed noise) and the real ones beside them are `grid` × `grid` images (a conditional preset showing every digit: `grid` rows of the ten). The grid's noise has a random stream of its own: the same seed trains the same run at any size",
  ),
  digit: fixed(
    oneOf(DIGIT_VIEWS),
    "all",
    "view",
    "the digit the grid shows, or `all`: a column of each digit 0–9, every row one fixed noise vector. A view of the same run: a new digit does not restart training",
    "conditional",
  ),
};

/**
 * Everything that defines a digit-GAN run besides its data (crate/src/labs/digits/settings.rs);
 * its preset is one of the digit presets of crate/presets.json.
 */
export type DigitsSettings = SettingsOf<"digits"> & { preset: PresetOf<"digits"> };

export const DIGITS_LAB: LabDescriptor<"digits", typeof DIGITS_KEYS> = {
  id: "digits",
  keys: DIGITS_KEYS,
  modelName: "digit",
  panels: ["stats", "grid", "real", "judge", "loss", "dout", "walk"],
  conditionalPanels: ["row"],
  // A clip: G's grid, and the losses.
  clipPanels: ["grid", "loss"],
  // A checkpoint of a digit GAN is ≈ 25 MB (and a pause of about one iteration in the worker).
  saveIntervalMs: 8000,
  runSettings(state, { applies, trainingKeys }): DigitsSettings {
    // `digit` applies only to a conditional preset; `all` (or none) draws every digit.
    const digit = applies("digit") && state.digit !== "all" ? Number(state.digit) : undefined;
    // The training keys: each network's optimiser.
    const optimizers = Object.fromEntries(trainingKeys.map((key) => [key, state[key]])) as Omit<DigitsSettings, "lab" | "preset" | "seed" | "grid" | "digit">;
    return { lab: "digits", ...optimizers, preset: state.preset as PresetOf<"digits">, seed: state.seed, grid: state.grid, digit };
  },
  crossCheck: () => [],
  widgetMetrics(snapshot) {
    // Each measure under the crate's name, and (widget protocol v1) under its first name too.
    const metrics: Record<string, number> = {};
    if (snapshot.real_probability != null) Object.assign(metrics, { real_probability: snapshot.real_probability, dReal: snapshot.real_probability });
    if (snapshot.fake_probability != null) Object.assign(metrics, { fake_probability: snapshot.fake_probability, dFake: snapshot.fake_probability });
    return metrics;
  },
};
