/**
 * The digit lab as the rest of the code sees it (labs/descriptor.ts): its panels (`row` only
 * for the conditional presets), its settings projection (the preset, the grid, the digit the
 * views draw, each network's optimiser), its widget metrics (mean D(real), D(fake)). Data only: the worker
 * reads it too.
 */

import type { LabDescriptor } from "../descriptor";
import type { SettingsOf } from "../../protocol";
import type { PresetOf } from "../../state/presets";

/**
 * Everything that defines a digit-GAN run besides its data (crate/src/labs/digits/settings.rs);
 * its preset is one of the digit presets of crate/presets.json.
 */
export type DigitsSettings = SettingsOf<"digits"> & { preset: PresetOf<"digits"> };

export const DIGITS_LAB: LabDescriptor<"digits"> = {
  id: "digits",
  modelName: "digit",
  panels: ["stats", "grid", "real", "judge", "loss", "dout", "walk"],
  conditionalPanels: ["row"],
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
