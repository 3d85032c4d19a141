/**
 * The digit lab's history columns: per iteration D's and G's loss, mean D(real) and D(fake), named as the snapshot names
 * them (the CSV's header is these names; state/history.ts keeps the values).
 */

import type { DigitsSnapshot } from "../../protocol";
import type { HistoryColumns } from "../../state/history";

/** The digit history: per iteration D's and G's loss, mean D(real) and D(fake) (the CSV's columns). */
export const DIGITS_HISTORY: HistoryColumns<DigitsSnapshot> = {
  perIteration: [
    ["discriminator_loss", "discriminator_losses"],
    ["generator_loss", "generator_losses"],
    ["real_probability", "real_probabilities"],
    ["fake_probability", "fake_probabilities"],
  ],
  perSnapshot: [],
};
