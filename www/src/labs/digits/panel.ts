/**
 * The digit lab's part of the settings panel: the grid's size and the training images (the
 * built-in digits or the user's own files); each network's optimiser is every lab's part
 * (labs/optimisers.ts).
 */

import { group } from "../../ui/fields";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";

export class DigitsPanel implements LabPanel {
  readonly groups: HTMLFieldSetElement[];

  /** `images`: the "Training images" field (data-panel.ts). */
  constructor(kit: PanelKit, images: HTMLElement) {
    const { text } = kit;
    this.groups = [group("Images", "group-images", text("grid", "Grid side (4–8 digits)", { mode: "numeric" }), images)];
  }

  show(): void {}
}
