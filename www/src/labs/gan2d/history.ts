/**
 * The 2D lab's history columns: D's and G's loss per iteration; the sliced W₁, the modes
 * covered and the high-quality share per snapshot, named as the snapshot names them (the
 * CSV's header is these names; state/history.ts keeps the values).
 */

import type { Gan2dSnapshot } from "../../protocol";
import type { HistoryColumns } from "../../state/history";

/** The 2D history (the CSV's columns); targets without modes leave those two columns empty. */
export const GAN2D_HISTORY: HistoryColumns<Gan2dSnapshot> = {
  perIteration: [
    ["discriminator_loss", "discriminator_losses"],
    ["generator_loss", "generator_losses"],
  ],
  perSnapshot: ["sliced_w1", "modes_covered", "high_quality"],
};
