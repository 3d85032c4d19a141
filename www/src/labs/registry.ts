/**
 * The registry of labs: one line per lab, in the order the page lists them. Adding a lab is a
 * folder beside these (its descriptor.ts, its lab.ts implementing {@link LabUi} with a
 * `createLabUi`, its views) and a line here; its presets are entries of crate/presets.json.
 * Data only (the descriptors): the worker reads it too; the page's objects come from
 * lab-uis.ts, which finds each lab's lab.ts by the lab's id.
 */

import type { LabDescriptor, LabId } from "./descriptor";
import { DIGITS_LAB } from "./digits/descriptor";
import { GAN1D_LAB } from "./gan1d/descriptor";
import { GAN2D_LAB } from "./gan2d/descriptor";

export type { LabDescriptor, LabId };

/** Every lab's descriptor, by id (the compiler checks that every lab of the crate has one). */
export const LAB_DESCRIPTORS = {
  gan1d: GAN1D_LAB,
  digits: DIGITS_LAB,
  gan2d: GAN2D_LAB,
} as const satisfies { readonly [L in LabId]: LabDescriptor<L> };

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/** Every lab's URL key rows together, with their value types (state/url.ts builds its table from them). */
export type LabKeyRows = Intersection<(typeof LAB_DESCRIPTORS)[LabId]["keys"]>;

/** The labs, in the order the page lists them. */
export const LAB_IDS = Object.keys(LAB_DESCRIPTORS) as LabId[];

/** A lab's descriptor. */
export function descriptorOf(lab: LabId): LabDescriptor {
  return LAB_DESCRIPTORS[lab] as LabDescriptor;
}
