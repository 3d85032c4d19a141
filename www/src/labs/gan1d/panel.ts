/**
 * The 1D lab's part of the settings panel: the target (its noise, networks and training groups
 * are the MLP labs' shared ones, labs/mlp-training.ts). Every control is a row of the URL
 * table (ui/fields.ts); the target's kind decides which editor shows (a mixture, a drawing,
 * the user's own numbers).
 */

import type { UrlState } from "../../state/url";
import { group, note, type FieldContext } from "../../ui/fields";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";
import { DensityCanvas, startingDrawing } from "./density-canvas";
import { dataEditor, mixtureEditor, type LoadedData } from "./target-editors";

type Words<T extends string> = ReadonlyArray<readonly [T, string]>;

const TARGET_LABELS: Words<UrlState["target"]> = [
  ["gaussian", "Gaussian N(μ, σ²)"],
  ["mixture", "Mixture of Gaussians"],
  ["uniform", "Uniform U(a, b)"],
  ["lognormal", "Log-normal"],
  ["drawn", "Draw it yourself"],
  ["data", "Your own data"],
];

/** What the panel needs of the 1D lab: the user's own numbers. */
export interface UserDataHost {
  data(): LoadedData | null;
  /** New numbers from the user: the lab keeps them and the page trains on them (`target=data`). */
  useData(data: LoadedData): void;
}

export class Gan1dPanel implements LabPanel {
  readonly groups: HTMLFieldSetElement[];
  private readonly density: DensityCanvas;
  private readonly data: ReturnType<typeof dataEditor>;
  private readonly targetSelect: HTMLSelectElement;
  /** "Your own data" is chosen but none is loaded yet: the run keeps its previous target. */
  private waitingForData = false;

  constructor(
    private readonly kit: PanelKit,
    private readonly host: UserDataHost,
  ) {
    const { text, add, is } = kit;

    // Target: the kind decides which editor shows.
    this.targetSelect = document.createElement("select");
    for (const [value, label] of TARGET_LABELS) this.targetSelect.append(new Option(label, value));
    const targetRow = kit.row("Real data", this.targetSelect, "set-target", "The distribution G must learn to imitate").row;
    targetRow.classList.add("stacked");
    this.targetSelect.addEventListener("change", () => this.chooseTarget(this.targetSelect.value));
    this.density = new DensityCanvas((heights) => {
      const next = { ...kit.state(), target: "drawn" as const, density: heights };
      kit.change(next, { key: "density", typing: false });
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
    const context: FieldContext = kit;

    this.groups = [
      group(
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
      ),
    ];
  }

  /** While "Your own data" waits for numbers, the fields show it chosen (the run keeps its target). */
  shown(state: UrlState): UrlState {
    if (state.target === "data") this.waitingForData = false;
    return this.waitingForData ? { ...state, target: "data" } : state;
  }

  show(state: UrlState): void {
    this.targetSelect.value = state.target;
    this.data.show(state.target === "data");
  }

  private showDrawing(drawing: HTMLElement, state: UrlState): void {
    drawing.hidden = state.target !== "drawn";
    if (!drawing.hidden) this.density.show(state.density, state.low, state.high);
  }

  private chooseTarget(value: string): void {
    const state = this.kit.state();
    if (value === "data" && !this.host.data()) {
      // Nothing to train on yet: show the data editor and keep the current run.
      this.waitingForData = true;
      this.kit.refresh();
      return;
    }
    this.waitingForData = false;
    const target = TARGET_LABELS.find(([word]) => word === value)?.[0];
    if (!target) return;
    const next: UrlState = { ...state, target };
    // A first drawing to edit, rather than an empty (invalid) one.
    if (target === "drawn" && next.density.length === 0) next.density = startingDrawing();
    if (target === state.target) this.kit.refresh();
    else this.kit.change(next, { key: "target", typing: false });
  }
}
