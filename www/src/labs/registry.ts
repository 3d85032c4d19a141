/**
 * The registry of labs on the page: one line per lab. Adding a lab is a folder beside these
 * (its lab.ts implementing {@link LabUi}, its views) and a line here; its presets are entries
 * of crate/presets.json, its keys rows of the URL table.
 */

import type { LabId } from "../state/presets";
import { DigitsLab } from "./digits/lab";
import { Gan1dLab } from "./gan1d/lab";
import { Gan2dLab } from "./gan2d/lab";
import type { LabHost, LabUi } from "./lab";

/** Every lab's page object, made once for the page's life. */
export function createLabs(host: LabHost): { [L in LabId]: LabUi } {
  return {
    gan1d: new Gan1dLab(host),
    digits: new DigitsLab(host),
    gan2d: new Gan2dLab(host),
  };
}
