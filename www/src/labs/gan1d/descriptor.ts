/**
 * The 1D lab as the rest of the code sees it (labs/descriptor.ts): its panels, its settings
 * projection, its rules between keys (the target's range, a drawing, the user's numbers), its
 * widget metrics (W₁, KS). Data only: the worker reads it too.
 */

import type { LabDescriptor } from "../descriptor";
import { MLP_KEYS } from "../mlp-keys";
import { TARGETS, type MixtureComponent, type SettingsOf } from "../../protocol";
import { training } from "../../state/key-rows";
import { componentList, decimal, heightList, oneOf } from "../../state/values";

import type { CrossProblem, UrlState } from "../../state/url";

/** Everything that defines a 1D GAN run (crate/src/labs/gan1d/settings.rs). */
export type Gan1dSettings = SettingsOf<"gan1d">;

// The targets' ranges.
const X = { min: -100, max: 100 };
const SPREAD = { min: 0, max: 100, minOpen: true };

/** The 1D lab's URL keys: its targets, and the MLP labs' shared keys. */
const GAN1D_KEYS = {
  target: training(
    oneOf(TARGETS),
    "what G must learn; `drawn` uses `density`; `data` is your own numbers, which a link cannot carry (paste or upload them again)",
  ),
  mean: training(decimal(X), "Gaussian target N(mean, std²)"),
  std: training(decimal(SPREAD), "Gaussian target's σ"),
  mixture: training(componentList<MixtureComponent>(5, SPREAD, X, SPREAD), "mixture of Gaussians (weights are normalised), e.g. `0.5:-2:0.5,0.5:2:0.5`"),
  low: training(decimal(X), "uniform target U(low, high), and the x range of a drawn density; low < high"),
  high: training(decimal(X), "see `low`"),
  logmean: training(decimal({ min: -5, max: 5 }), "log-normal target exp(N(logmean, logstd²))"),
  logstd: training(decimal({ min: 0, max: 2, minOpen: true }), "log-normal target's σ of the log"),
  density: training(heightList(2, 64, { min: 0, max: 1e6 }), "drawn target: relative heights of equal bins over [low, high], e.g. `0,40,100,20`"),
  ...MLP_KEYS,
};

export const GAN1D_LAB: LabDescriptor<"gan1d", typeof GAN1D_KEYS> = {
  id: "gan1d",
  keys: GAN1D_KEYS,
  modelName: "1D",
  panels: ["stats", "hist", "dcurve", "map", "graph", "loss", "metrics"],
  // A clip: the densities with D(x), and the losses.
  clipPanels: ["hist", "loss"],
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
