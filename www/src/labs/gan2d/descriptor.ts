/**
 * The 2D lab as the rest of the code sees it (labs/descriptor.ts): its panels (the plane's
 * layers, the losses, the modes), its settings projection, its one rule (the user's points are
 * not part of a link), its widget metrics. Data only: the worker reads it too.
 */

import type { LabDescriptor } from "../descriptor";
import type { SettingsOf } from "../../protocol";

import type { CrossProblem } from "../../state/url";

/** Everything that defines a 2D GAN run (crate/src/labs/gan2d/settings.rs). */
export type Gan2dSettings = SettingsOf<"gan2d">;

export const GAN2D_LAB: LabDescriptor<"gan2d"> = {
  id: "gan2d",
  modelName: "2D",
  panels: ["stats", "points", "heat", "manifold", "arrows", "graph", "loss", "modes"],
  // A checkpoint of a 2D run is a few kB, like a 1D run's.
  saveIntervalMs: 2000,
  runSettings(state, { trainingKeys }) {
    const settings = Object.fromEntries(trainingKeys.map((key) => [key, state[key]])) as Omit<Gan2dSettings, "seed" | "lab">;
    return { lab: "gan2d", ...settings, seed: state.seed };
  },
  crossCheck(state, preset, context): CrossProblem[] {
    if (state.shape !== "points" || context.dataLoaded) return [];
    const rule = "your own points are not part of a link; paint, paste or upload them again (Target → Your own points)";
    return [{ key: "shape", rule, message: `shape=points: ${rule}; using shape=${preset.shape}`, fix: { shape: preset.shape } }];
  },
  widgetMetrics(snapshot) {
    const metrics: Record<string, number> = { sliced_w1: snapshot.sliced_w1 };
    if (snapshot.modes_covered != null) metrics["modes_covered"] = snapshot.modes_covered;
    if (snapshot.high_quality != null) metrics["high_quality"] = snapshot.high_quality;
    return metrics;
  },
};
