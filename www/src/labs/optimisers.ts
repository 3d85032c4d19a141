/**
 * Each network's optimiser, a part of the settings panel every lab shows (the keys `g_opt` to
 * `d_beta2` are every lab's, docs/url-keys.md): one optimiser per network, its momentum only
 * for SGD and RMSprop, its β only for Adam.
 */

import type { UrlState } from "../state/url";
import { group } from "../ui/fields";
import type { LabPanel, PanelKit, PanelLab } from "../ui/settings-panel";

const OPTIMIZER_LABELS: ReadonlyArray<readonly [UrlState["g_opt"], string]> = [
  ["sgd", "SGD"],
  ["adam", "Adam"],
  ["rmsprop", "RMSprop"],
];

/** The optimisers' group, shown in the modes `modes` (every lab's: the page passes them from the registry). */
export function optimisersPart(modes: readonly string[]): PanelLab {
  return { mode: modes.join(" "), panel: (kit) => new OptimisersPanel(kit) };
}

class OptimisersPanel implements LabPanel {
  readonly groups: HTMLFieldSetElement[];

  constructor(kit: PanelKit) {
    const { text, select, is } = kit;
    const optimiser = (who: "g" | "d", name: string): HTMLElement[] => {
      const opt = who === "g" ? "g_opt" : "d_opt";
      return [
        select(opt, `${name} optimiser`, OPTIMIZER_LABELS),
        text(`${who}_lr`, `${name} learning rate`),
        text(`${who}_momentum`, `${name} momentum`, { visible: is(opt, "sgd", "rmsprop") }),
        text(`${who}_beta1`, `${name} Adam β1`, { visible: is(opt, "adam") }),
        text(`${who}_beta2`, `${name} Adam β2`, { visible: is(opt, "adam") }),
      ];
    };
    this.groups = [group("Optimisers", "group-optimisers", ...optimiser("g", "G"), ...optimiser("d", "D"))];
  }

  show(): void {}
}
