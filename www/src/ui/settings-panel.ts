/**
 * The settings panel, grouped like TensorFlow Playground's: preset, target, noise, networks,
 * training. Every control shows its key's current value, validates an edit with the URL
 * table's parser and the rules between keys, and hands a valid state to its host (which
 * updates the link and restarts the run). Only the fields that matter for the current
 * choices are shown. The 1D groups carry `data-only="1d"` and the image group
 * `data-only="image"`: the page's mode (body[data-mode]) shows one family.
 */

import {
  BACKENDS,
  DEFAULT_PRESET,
  PRESETS,
  crossCheck,
  defaults,
  presetInfo,
  withPreset,
  type Key,
  type UrlState,
} from "../state/url";
import { DensityCanvas, startingDrawing } from "../labs/gan1d/density-canvas";
import { group, note, row, selectField, textField, type Field, type FieldContext } from "./fields";
import { dataEditor, mixtureEditor, type LoadedData } from "../labs/gan1d/target-editors";

/** What the panel needs from the page. */
export interface PanelHost {
  state(): UrlState;
  /** Applies a state; `key` is the control that changed (typing in it coalesces history). */
  change(next: UrlState, edit: { key: Key; typing: boolean }): void;
  /** The user's data, if any is loaded. */
  data(): LoadedData | null;
  /** New data from the user: the page keeps it and trains on it (`target=data`). */
  useData(data: LoadedData): void;
}

type Words<T extends string> = ReadonlyArray<readonly [T, string]>;

const TARGET_LABELS: Words<UrlState["target"]> = [
  ["gaussian", "Gaussian N(μ, σ²)"],
  ["mixture", "Mixture of Gaussians"],
  ["uniform", "Uniform U(a, b)"],
  ["lognormal", "Log-normal"],
  ["drawn", "Draw it yourself"],
  ["data", "Your own data"],
];
const OPTIMIZER_LABELS: Words<UrlState["g_opt"]> = [
  ["sgd", "SGD"],
  ["adam", "Adam"],
  ["rmsprop", "RMSprop"],
];

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
  private readonly density: DensityCanvas;
  private readonly data: ReturnType<typeof dataEditor>;
  private readonly targetSelect: HTMLSelectElement;
  /** "Your own data" is chosen but none is loaded yet: the run keeps its previous target. */
  private waitingForData = false;

  /** `labFields`: the labs' own fields (the digit presets' "Training images"), shown in the image group. */
  constructor(
    root: HTMLElement,
    private readonly host: PanelHost,
    labFields: readonly HTMLElement[],
  ) {
    const context: FieldContext = {
      state: () => host.state(),
      commit: (key, value, typing) => this.commit(key, value, typing),
    };
    const add = (field: Field) => {
      this.fields.push(field);
      return field.row;
    };
    const text = (key: Key, label: string, options: Parameters<typeof textField>[3] = {}) => add(textField(context, key, label, options));
    const select = <K extends Key>(key: K, label: string, words: Words<UrlState[K] & string>, visible?: (s: UrlState) => boolean) =>
      add(selectField(context, key, label, words, visible));

    // One optimiser per network; momentum only for SGD/RMSprop, β only for Adam.
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

    // Target: the kind decides which editor shows.
    this.targetSelect = document.createElement("select");
    for (const [value, label] of TARGET_LABELS) this.targetSelect.append(new Option(label, value));
    const targetRow = row("Real data", this.targetSelect, "set-target", "The distribution G must learn to imitate").row;
    targetRow.classList.add("stacked");
    this.targetSelect.addEventListener("change", () => this.chooseTarget(this.targetSelect.value));
    this.density = new DensityCanvas((heights) => {
      const next = { ...host.state(), target: "drawn" as const, density: heights };
      host.change(next, { key: "density", typing: false });
    });
    const drawing = document.createElement("div");
    drawing.className = "field drawing";
    drawing.append(note("Drag across the box to draw the density G should learn, over [low, high]."), this.density.element);
    this.data = dataEditor(
      () => host.data(),
      (data) => {
        this.waitingForData = false;
        host.useData(data);
      },
    );

    const oneD = (fieldset: HTMLFieldSetElement) => {
      fieldset.dataset.only = "1d";
      return fieldset;
    };
    const images = group(
      "Images",
      "group-images",
      text("grid", "Grid side (4–8 digits)", { mode: "numeric" }),
      select("opt", "Optimiser", [["adam", "Adam (the preset's)"], ["sgd", "SGD"]] as const),
      text("lr", "Learning rate", { mode: "decimal" }),
      ...labFields,
    );
    images.dataset.only = "image";

    root.replaceChildren(
      group(
        "Preset",
        "group-preset",
        presetRow,
        this.presetTitle,
        this.presetSummary,
        text("seed", "Seed", { mode: "numeric" }),
        select("backend", "Backend", BACKENDS.map((b) => [b, b === "auto" ? "auto (the faster here)" : b === "webgpu" ? "WebGPU" : "CPU"] as const)),
      ),
      images,
      oneD(group(
        "Target",
        "group-target",
        targetRow,
        text("mean", "Mean μ", { visible: is("target", "gaussian") }),
        text("std", "Std σ", { visible: is("target", "gaussian") }),
        add(mixtureEditor(context, is("target", "mixture"))),
        text("low", "Low a", { visible: is("target", "uniform", "drawn") }),
        text("high", "High b", { visible: is("target", "uniform", "drawn") }),
        text("logmean", "Mean of log", { visible: is("target", "lognormal") }),
        text("logstd", "Std of log", { visible: is("target", "lognormal") }),
        add({ row: drawing, show: (s) => this.showDrawing(drawing, s) }),
        text("density", "Heights", { visible: is("target", "drawn"), mode: "text", empty: "none" }),
        this.data.element,
      )),
      oneD(group(
        "Noise z",
        "group-noise",
        select("noise", "Distribution", [
          ["uniform", "Uniform U(−1, 1)"],
          ["normal", "Normal N(0, 1)"],
        ]),
        text("latent", "Dimensions (1–8)", { mode: "numeric" }),
      )),
      oneD(group(
        "Networks",
        "group-networks",
        text("g_hidden", "G hidden layers", { mode: "text", placeholder: "e.g. 8,16 or none", empty: "none" }),
        text("d_hidden", "D hidden layers", { mode: "text", placeholder: "e.g. 8 or none", empty: "none" }),
        select("activation", "Activation", [
          ["leakyrelu", "LeakyReLU"],
          ["relu", "ReLU"],
          ["tanh", "tanh"],
        ]),
        text("slope", "LeakyReLU slope", { visible: is("activation", "leakyrelu") }),
        select("g_output", "G output", [
          ["linear", "linear"],
          ["activation", "the activation too (seed 000)"],
        ]),
      )),
      oneD(group(
        "Training",
        "group-training",
        text("batch", "Batch size", { mode: "numeric" }),
        select("order", "Order", [
          ["d-first", "k D-steps, then a G-step"],
          ["g-first", "a G-step, then a D-step on the same fakes (seed 001)"],
        ]),
        text("k", "D-steps per G-step (k)", { mode: "numeric", visible: is("order", "d-first") }),
        select("loss", "Loss", [
          ["nonsaturating", "non-saturating: G maximises log D(G(z))"],
          ["minimax", "minimax: G minimises log(1 − D(G(z)))"],
          ["leastsquares", "least squares (LSGAN)"],
          ["wgan-gp", "Wasserstein + gradient penalty"],
        ]),
        text("gp", "Gradient penalty λ", { visible: is("loss", "wgan-gp") }),
        select(
          "d_reduce",
          "D loss of real and fake",
          [
            ["sum", "sum"],
            ["mean", "mean (seed 001)"],
          ],
          not("loss", "wgan-gp"),
        ),
        text("smooth", "Label smoothing", { visible: not("loss", "wgan-gp") }),
        ...optimiser("g", "G"),
        ...optimiser("d", "D"),
      )),
    );
  }

  /** Shows `state` in every control. */
  show(state: UrlState): void {
    if (state.target === "data") this.waitingForData = false;
    const shown = this.waitingForData ? { ...state, target: "data" as const } : state;
    for (const field of this.fields) field.show(shown);
    this.targetSelect.value = shown.target;
    const info = presetInfo(state.preset);
    this.presetTitle.textContent = info.title;
    this.presetSummary.textContent = info.summary;
    this.data.show(shown.target === "data");
  }

  private showDrawing(drawing: HTMLElement, state: UrlState): void {
    drawing.hidden = state.target !== "drawn";
    if (!drawing.hidden) this.density.show(state.density, state.low, state.high);
  }

  private chooseTarget(value: string): void {
    const state = this.host.state();
    if (value === "data" && !this.host.data()) {
      // Nothing to train on yet: show the data editor and keep the current run.
      this.waitingForData = true;
      this.show(state);
      return;
    }
    this.waitingForData = false;
    const target = TARGET_LABELS.find(([word]) => word === value)?.[0];
    if (!target) return;
    const next: UrlState = { ...state, target };
    // A first drawing to edit, rather than an empty (invalid) one.
    if (target === "drawn" && next.density.length === 0) next.density = startingDrawing();
    if (target === state.target) this.show(state);
    else this.host.change(next, { key: "target", typing: false });
  }

  private commit<K extends Key>(key: K, value: UrlState[K], typing: boolean): string | null {
    const state = this.host.state();
    const next: UrlState = { ...state, [key]: value };
    const base: UrlState = defaults(state.preset);
    const problem = crossCheck(next, base, { dataLoaded: this.host.data() !== null }, (k) => k === key).find((p) => p.key === key);
    if (problem) return `${problem.rule[0]!.toUpperCase()}${problem.rule.slice(1)}.`;
    this.host.change(next, { key, typing });
    return null;
  }
}
