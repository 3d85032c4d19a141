/**
 * The settings groups the 1D and the 2D lab share, grouped like TensorFlow Playground's: the
 * noise, the networks, the training (with the 2D lab's PacGAN packing). One part of the panel
 * shown in both labs' modes, so that each key has one control; the labs' own parts hold their
 * targets, and labs/optimisers.ts each network's optimiser (every lab's).
 */

import { keyApplies, type UrlState } from "../state/url";
import { group } from "../ui/fields";
import type { LabPanel, PanelKit, PanelLab } from "../ui/settings-panel";

/** The shared groups as a part of the settings panel, shown in the 1D and the 2D mode. */
export const MLP_TRAINING: PanelLab = { mode: "1d 2d", panel: (kit) => new MlpTrainingPanel(kit) };

class MlpTrainingPanel implements LabPanel {
  readonly groups: HTMLFieldSetElement[];

  constructor(kit: PanelKit) {
    const { text, select, is, not } = kit;
    const packs = (state: UrlState) => keyApplies("pack", state.preset);

    this.groups = [
      group(
        "Noise z",
        "group-noise",
        select("noise", "Distribution", [
          ["uniform", "Uniform U(−1, 1)"],
          ["normal", "Normal N(0, 1)"],
        ]),
        text("latent", "Dimensions (1–8)", { mode: "numeric" }),
      ),
      group(
        "Networks",
        "group-networks",
        text("g_hidden", "G hidden layers", { mode: "text", placeholder: "e.g. 8,16 or none", empty: "none" }),
        text("d_hidden", "D hidden layers", { mode: "text", placeholder: "e.g. 8 or none", empty: "none" }),
        select("activation", "Activation", [
          ["leakyrelu", "LeakyReLU"],
          ["relu", "ReLU"],
          ["tanh", "tanh"],
        ]),
        text("slope", "LeakyReLU slope", { visible: is("activation", "leakyrelu") }),
        select("g_output", "G output", [
          ["linear", "linear"],
          ["activation", "the activation too (seed 000)"],
        ]),
      ),
      group(
        "Training",
        "group-training",
        text("batch", "Batch size", { mode: "numeric" }),
        text("pack", "Pack: samples D judges at once (PacGAN)", { mode: "numeric", visible: packs }),
        select("order", "Order", [
          ["d-first", "k D-steps, then a G-step"],
          ["g-first", "a G-step, then a D-step on the same fakes (seed 001)"],
        ]),
        text("k", "D-steps per G-step (k)", { mode: "numeric", visible: is("order", "d-first") }),
        select("loss", "Loss", [
          ["nonsaturating", "non-saturating: G maximises log D(G(z))"],
          ["minimax", "minimax: G minimises log(1 − D(G(z)))"],
          ["leastsquares", "least squares (LSGAN)"],
          ["wgan-gp", "Wasserstein + gradient penalty"],
        ]),
        text("gp", "Gradient penalty λ", { visible: is("loss", "wgan-gp") }),
        select(
          "d_reduce",
          "D loss of real and fake",
          [
            ["sum", "sum"],
            ["mean", "mean (seed 001)"],
          ],
          not("loss", "wgan-gp"),
        ),
        text("smooth", "Label smoothing", { visible: not("loss", "wgan-gp") }),
        text("ema", "Views by an average of G (decay; 0 = off)"),
      ),
    ];
  }

  show(): void {}
}
