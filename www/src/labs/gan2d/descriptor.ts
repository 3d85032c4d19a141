/**
 * The 2D lab as the rest of the code sees it (labs/descriptor.ts): its panels (the plane's
 * layers, the losses, the modes), its settings projection, its one rule (the user's points are
 * not part of a link), its widget metrics. Data only: the worker reads it too.
 */

import type { LabDescriptor } from "../descriptor";
import { MLP_KEYS } from "../mlp-keys";
import { SHAPES, type SettingsOf } from "../../protocol";
import { training } from "../../state/key-rows";
import { decimal, integer, oneOf } from "../../state/values";

import type { CrossProblem } from "../../state/url";

/** Everything that defines a 2D GAN run (crate/src/labs/gan2d/settings.rs). */
export type Gan2dSettings = SettingsOf<"gan2d">;

/** The 2D lab's URL keys: its targets, PacGAN's packing, and the MLP labs' shared keys. */
const GAN2D_KEYS = {
  shape: training(
    oneOf(SHAPES),
    "2D: what G must learn: `ring8` (8 Gaussians on a circle of radius 2), `grid25` (5 × 5 Gaussians 1 apart), `moons`, `spiral`, `line`, `clusters`, `circle` (GAN Lab's); `points` is your own, which a link cannot carry (paint, paste or upload them again)",
  ),
  spread: training(
    decimal({ min: 0, max: 0.5, minOpen: true }),
    "2D: σ of each Gaussian of `ring8` and `grid25` (a generated point within 3σ of one is a high-quality sample)",
  ),
  pack: training(
    integer({ min: 1, max: 4 }),
    "2D: PacGAN's packing: D judges `pack` samples of one kind side by side (1 = an ordinary GAN); the batch is rounded up to whole packs",
  ),
  ...MLP_KEYS,
};

export const GAN2D_LAB: LabDescriptor<"gan2d", typeof GAN2D_KEYS> = {
  id: "gan2d",
  keys: GAN2D_KEYS,
  modelName: "2D",
  panels: ["stats", "points", "heat", "manifold", "arrows", "graph", "loss", "modes"],
  // A clip: the plane, and the losses.
  clipPanels: ["points", "loss"],
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
