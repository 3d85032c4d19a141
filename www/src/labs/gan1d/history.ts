/**
 * The 1D lab's history columns: D's and G's loss per iteration, W₁ and KS per snapshot, named as the snapshot names
 * them (the CSV's header is these names; state/history.ts keeps the values).
 */

import type { Gan1dSnapshot } from "../../protocol";
import type { HistoryColumns } from "../../state/history";

/** The 1D history: D's and G's loss per iteration, W₁ and KS per snapshot (the CSV's columns). */
export const GAN1D_HISTORY: HistoryColumns<Gan1dSnapshot> = {
  perIteration: [
    ["discriminator_loss", "discriminator_losses"],
    ["generator_loss", "generator_losses"],
  ],
  perSnapshot: ["w1", "ks"],
};
