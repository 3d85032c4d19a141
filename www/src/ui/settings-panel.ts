/**
 * The settings panel: the preset group (preset, seed, backend) and each lab's groups
 * (labs/<lab>/panel.ts). Every control shows its key's current value, validates an edit with
 * the URL table's parser and the rules between keys, and hands a valid state to its host
 * (which updates the link and restarts the run). Only the fields that matter for the current
 * choices are shown. A lab's groups carry `data-only` with the lab's mode: the page's mode
 * (body[data-mode]) shows one lab's.
 */

import { BACKENDS, DEFAULT_PRESET, PRESETS, crossCheck, defaults, presetInfo, withPreset, type Key, type LinkContext, type UrlState } from "../state/url";
import { group, note, row, selectField, textField, type Field, type FieldContext } from "./fields";

/** What the panel needs from the page. */
export interface PanelHost {
  state(): UrlState;
  /** Applies a state; `key` is the control that changed (typing in it coalesces history). */
  change(next: UrlState, edit: { key: Key; typing: boolean }): void;
  /** What a link's rules between keys need to know besides the link (the user's data loaded?). */
  linkContext(): LinkContext;
}

type Words<T extends string> = ReadonlyArray<readonly [T, string]>;
type Visible = (state: UrlState) => boolean;

/**
 * The builders a lab's part of the panel makes its fields with (each field is a row of the URL
 * table). Closures, not methods: the labs take them apart (`const { text, select } = kit`).
 */
export interface PanelKit extends FieldContext, Pick<PanelHost, "change"> {
  text: (key: Key, label: string, options?: Parameters<typeof textField>[3]) => HTMLElement;
  select: <K extends Key>(key: K, label: string, words: Words<UrlState[K] & string>, visible?: Visible) => HTMLElement;
  /** Adds a field of the lab's own making; returns its row. */
  add: (field: Field) => HTMLElement;
  row: typeof row;
  is: <K extends Key>(key: K, ...values: Array<UrlState[K]>) => Visible;
  not: <K extends Key>(key: K, ...values: Array<UrlState[K]>) => Visible;
  /** Shows the state again (after a change the panel keeps to itself). */
  refresh: () => void;
}

/** A lab's part of the panel. */
export interface LabPanel {
  /** Its groups of fields, in order. */
  readonly groups: readonly HTMLFieldSetElement[];
  /** The state as the fields show it (the 1D lab: "your own data" chosen, none loaded yet). */
  shown?(state: UrlState): UrlState;
  /** Shows `state` in what the fields do not show themselves (the target's editors). */
  show(state: UrlState): void;
}

/** A lab as the panel sees it: its mode (the groups' `data-only`) and its part. */
export interface PanelLab {
  readonly mode: string;
  panel(kit: PanelKit): LabPanel;
}

const is =
  <K extends Key>(key: K, ...values: Array<UrlState[K]>) =>
  (state: UrlState) =>
    values.includes(state[key]);
const not =
  <K extends Key>(key: K, ...values: Array<UrlState[K]>) =>
  (state: UrlState) =>
    !values.includes(state[key]);

export class SettingsPanel {
  private readonly fields: Field[] = [];
  private readonly presetTitle = note("", "preset-title");
  private readonly presetSummary = note("", "preset-summary");
  private readonly parts: LabPanel[];

  constructor(
    root: HTMLElement,
    private readonly host: PanelHost,
    labs: readonly PanelLab[],
  ) {
    const add = (field: Field) => {
      this.fields.push(field);
      return field.row;
    };
    const kit: PanelKit = {
      state: () => host.state(),
      commit: (key, value, typing) => this.commit(key, value, typing),
      change: (next, edit) => host.change(next, edit),
      text: (key, label, options = {}) => add(textField(kit, key, label, options)),
      select: (key, label, words, visible) => add(selectField(kit, key, label, words, visible)),
      add,
      row,
      is,
      not,
      refresh: () => this.show(host.state()),
    };

    // Preset: a select of its own, since choosing one replaces every training key.
    const presetSelect = document.createElement("select");
    const ordered = [DEFAULT_PRESET, ...PRESETS.filter((p) => p !== DEFAULT_PRESET)];
    for (const id of ordered) presetSelect.append(new Option(id, id));
    const presetRow = row("Preset", presetSelect, "set-preset", "Choosing a preset sets every training setting to its values").row;
    presetSelect.addEventListener("change", () => {
      const preset = PRESETS.find((p) => p === presetSelect.value);
      if (preset) host.change(withPreset(host.state(), preset), { key: "preset", typing: false });
    });
    this.fields.push({ row: presetRow, show: (s) => (presetSelect.value = s.preset) });
    const presetGroup = group(
      "Preset",
      "group-preset",
      presetRow,
      this.presetTitle,
      this.presetSummary,
      kit.text("seed", "Seed", { mode: "numeric" }),
      kit.select(
        "backend",
        "Backend",
        BACKENDS.map((b) => [b, b === "auto" ? "auto (the faster here)" : b === "webgpu" ? "WebGPU" : "CPU"] as const),
      ),
    );

    this.parts = [];
    const groups: HTMLFieldSetElement[] = [];
    for (const lab of labs) {
      const part = lab.panel(kit);
      for (const fieldset of part.groups) fieldset.dataset.only = lab.mode;
      this.parts.push(part);
      groups.push(...part.groups);
    }
    root.replaceChildren(presetGroup, ...groups);
  }

  /** Shows `state` in every control. */
  show(state: UrlState): void {
    const shown = this.parts.reduce((s, part) => part.shown?.(s) ?? s, state);
    for (const field of this.fields) field.show(shown);
    for (const part of this.parts) part.show(shown);
    const info = presetInfo(state.preset);
    this.presetTitle.textContent = info.title;
    this.presetSummary.textContent = info.summary;
  }

  private commit<K extends Key>(key: K, value: UrlState[K], typing: boolean): string | null {
    const state = this.host.state();
    const next: UrlState = { ...state, [key]: value };
    const base: UrlState = defaults(state.preset);
    const problem = crossCheck(next, base, this.host.linkContext(), (k) => k === key).find((p) => p.key === key);
    if (problem) return `${problem.rule[0]!.toUpperCase()}${problem.rule.slice(1)}.`;
    this.host.change(next, { key, typing });
    return null;
  }
}
