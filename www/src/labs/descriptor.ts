/**
 * What a lab says about itself to the code that never names it (TensorBoard's plugins): one
 * data-only descriptor per lab (labs/<lab>/descriptor.ts), listed in registry.ts. The page,
 * the URL contract, the player, the resume and the worker loop over the registry and ask the
 * descriptor; none of them branches on a lab's id. Data only, with type-only imports: the
 * worker reads it too, and it must not pull in the page.
 */

import type { LabSettings, Snapshot } from "../../pkg/gan_playground.js";
import type { RunSettings } from "../protocol";
import type { KeyRows } from "../state/key-rows";
import type { CrossProblem, Key, LinkContext, Panel, UrlState } from "../state/url";

/** A lab's id: a tag of the crate's `LabSettings` (crate/src/labs/mod.rs has one per lab). */
export type LabId = LabSettings["lab"];

/** What the URL contract gives a lab's settings projection besides the state. */
export interface SettingsSource {
  /** The lab's training keys whose default is the preset's value, in the table's order. */
  readonly trainingKeys: readonly Key[];
  /** Whether `key` means anything for the state's preset (url.ts `keyApplies`). */
  readonly applies: (key: Key) => boolean;
}

/** One lab, as the code outside its folder sees it; `K`, its URL keys' rows. */
export interface LabDescriptor<L extends LabId = LabId, K extends KeyRows = KeyRows> {
  readonly id: L;
  /**
   * The lab's URL keys (besides the keys of every lab: the preset, the backend, the seed, each
   * network's optimiser and the page's), in the order links write them: the URL contract's
   * table is every lab's rows (state/url.ts), and a key applies to the labs that list it.
   */
  readonly keys: K;
  /** How the backend badge names the lab's models: "faster … on the {model} model". */
  readonly modelName: string;
  /** The panels `show=` can pick for the lab's presets, in the page's order. */
  readonly panels: readonly Panel[];
  /** Panels added after {@link panels} for a conditional preset (G asked for a digit). */
  readonly conditionalPanels?: readonly Panel[];
  /**
   * The views a recorded clip shows unless the user ticks others (ui/record): the lab's main
   * view and its losses, as panels of {@link panels} (a view holding any of them is ticked).
   */
  readonly clipPanels: readonly Panel[];
  /** While running, a checkpoint at most this often (ms): its size decides (ui/resume.ts). */
  readonly saveIntervalMs: number;
  /** The settings the trainer gets for a state of one of the lab's presets (url.ts `runSettingsOf`). */
  runSettings(state: UrlState, source: SettingsSource): Extract<RunSettings, { lab: L }>;
  /**
   * The lab's rules between keys, or between a key and something outside the link (url.ts
   * `crossCheck`): `preset` holds the preset's values, `given(key)` whether the user set `key`.
   */
  crossCheck(state: UrlState, preset: UrlState, context: LinkContext, given: (key: Key) => boolean): CrossProblem[];
  /** The widget protocol's metrics of one of the lab's snapshots (besides the judge's, which the player adds). */
  widgetMetrics(snapshot: Extract<Snapshot, { lab: L }>): Record<string, number>;
}
