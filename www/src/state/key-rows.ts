/**
 * A URL key's row as a lab declares it (labs/<lab>/descriptor.ts `keys`): its value type, its
 * default (the preset's, or one fixed value), what a change of it does and its doc line. The
 * URL contract (state/url.ts) gathers every lab's rows into its one table, and a key's labs are
 * the labs whose descriptors list it: a lab's keys live in its folder, and a key two labs
 * share is one row both list (labs/mlp-keys.ts). Data only, like the descriptors.
 */

import type { ValueType } from "./values";

/**
 * What a change of a key does: `run` starts a new run (the preset, the backend, the seed, every
 * training setting); `view` changes what the views draw of the same run; `page` changes how
 * the page looks or behaves. Only `run` keys name a run: a checkpoint is filed without the rest.
 */
export type Scope = "run" | "view" | "page";

/** A training key: its default is the preset's value (`settings.<key>` in `crate/presets.json`). */
export interface TrainingRow<T> extends ValueType<T> {
  /** One line for docs/url-keys.md and for the settings panel. */
  readonly doc: string;
  readonly fromPreset: true;
  readonly scope: "run";
  readonly requires?: undefined;
}

/** A key with one default for every preset. */
export interface FixedRow<T> extends ValueType<T> {
  /** One line for docs/url-keys.md and for the settings panel. */
  readonly doc: string;
  readonly fromPreset: false;
  readonly scope: Scope;
  readonly value: T;
  /** A further condition on the preset: `conditional`, only presets whose G is asked for a digit. */
  readonly requires?: "conditional";
}

export type KeyRow<T> = TrainingRow<T> | FixedRow<T>;

/** A lab's rows, by key. */
export type KeyRows = Readonly<Record<string, KeyRow<unknown>>>;

/** The value type of a row. */
export type ValueOfRow<R> = R extends KeyRow<infer T> ? T : never;

/** A training key (its default the preset's value). */
export function training<T>(type: ValueType<T>, doc: string): TrainingRow<T> {
  return { ...type, doc, fromPreset: true, scope: "run" };
}

/** A key with one default, `value`, for every preset. */
export function fixed<T>(type: ValueType<T>, value: T, scope: Scope, doc: string, requires?: "conditional"): FixedRow<T> {
  return { ...type, doc, fromPreset: false, scope, value, ...(requires ? { requires } : {}) };
}
