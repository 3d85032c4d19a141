/**
 * The 1D lab as the rest of the code sees it (labs/descriptor.ts): its panels, its settings
 * projection, its rules between keys (the target's range, a drawing, the user's numbers), its
 * widget metrics (W₁, KS). Data only: the worker reads it too.
 */

import type { LabDescriptor } from "../descriptor";
import type { SettingsOf } from "../../protocol";

import type { CrossProblem, UrlState } from "../../state/url";

/** Everything that defines a 1D GAN run (crate/src/labs/gan1d/settings.rs). */
export type Gan1dSettings = SettingsOf<"gan1d">;

export const GAN1D_LAB: LabDescriptor<"gan1d"> = {
  id: "gan1d",
  modelName: "1D",
  panels: ["stats", "hist", "dcurve", "map", "graph", "loss", "metrics"],
  // A checkpoint of a 1D run is a few kB.
  saveIntervalMs: 2000,
  runSettings(state, { trainingKeys }) {
    const settings = Object.fromEntries(trainingKeys.map((key) => [key, state[key]])) as Omit<Gan1dSettings, "seed" | "lab">;
    return { lab: "gan1d", ...settings, seed: state.seed };
  },
  crossCheck(state: UrlState, preset: UrlState, context, given): CrossProblem[] {
    const problems: CrossProblem[] = [];
    if (!(state.low < state.high)) {
      const key = given("high") || !given("low") ? "high" : "low";
      const rule = "low must be less than high";
      problems.push({
        key,
        rule,
        message: `low=${state.low} and high=${state.high}: ${rule}; using low=${preset.low}, high=${preset.high}`,
        fix: { low: preset.low, high: preset.high },
      });
    }
    if (state.target === "drawn" && state.density.length === 0) {
      const rule = "a drawn target needs a drawn density (at least 2 heights)";
      problems.push({
        key: given("density") ? "density" : "target",
        rule,
        message: `target=drawn: ${rule}; using target=${preset.target}`,
        fix: { target: preset.target },
      });
    }
    if (state.target === "data" && !context.dataLoaded) {
      const rule = "your own data is not part of a link; paste or upload the data again (Target → Your own data)";
      problems.push({
        key: "target",
        rule,
        message: `target=data: ${rule}; using target=${preset.target}`,
        fix: { target: preset.target },
      });
    }
    return problems;
  },
  widgetMetrics: (snapshot) => ({ w1: snapshot.w1, ks: snapshot.ks }),
};
