/**
 * The digit lab's part of the settings panel: the grid's size, both networks' optimiser and
 * learning rate, and the training images (the built-in digits or the user's own files).
 */

import { group } from "../../ui/fields";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";

export class DigitsPanel implements LabPanel {
  readonly groups: HTMLFieldSetElement[];

  /** `images`: the "Training images" field (data-panel.ts). */
  constructor(kit: PanelKit, images: HTMLElement) {
    const { text, select } = kit;
    this.groups = [
      group(
        "Images",
        "group-images",
        text("grid", "Grid side (4–8 digits)", { mode: "numeric" }),
        select("opt", "Optimiser", [
          ["adam", "Adam (the preset's)"],
          ["sgd", "SGD"],
        ] as const),
        text("lr", "Learning rate", { mode: "decimal" }),
        images,
      ),
    ];
  }

  show(): void {}
}
