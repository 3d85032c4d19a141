/**
 * The 2D lab's part of the settings panel: the target on the plane (its noise, networks and
 * training groups are the MLP labs' shared ones, labs/mlp-training.ts). Choosing "Your own
 * points" opens the points editor (paint, paste or upload x, y pairs; labs/gan2d/points-editor.ts).
 */

import type { UrlState } from "../../state/url";
import { group, note } from "../../ui/fields";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";
import { PointsEditor } from "./points-editor";

type Words<T extends string> = ReadonlyArray<readonly [T, string]>;

const SHAPE_LABELS: Words<UrlState["shape"]> = [
  ["ring8", "Ring of 8 Gaussians"],
  ["grid25", "5 × 5 grid of Gaussians"],
  ["moons", "Two moons"],
  ["spiral", "Spiral"],
  ["line", "Line (GAN Lab)"],
  ["clusters", "Two clusters (GAN Lab)"],
  ["circle", "Circle (GAN Lab)"],
  ["points", "Your own points"],
];

/** What the panel needs of the 2D lab: the user's own points. */
export interface UserPointsHost {
  points(): Float32Array | null;
  /** New points from the user: the lab keeps them and the page trains on them (`shape=points`). */
  usePoints(points: Float32Array, summary: string): void;
}

export class Gan2dPanel implements LabPanel {
  readonly groups: HTMLFieldSetElement[];
  private readonly shapeSelect: HTMLSelectElement;
  private readonly editorRow: HTMLDivElement;
  private readonly editor: PointsEditor;
  /** The points in use the editor last showed. */
  private shownPoints: Float32Array | null = null;
  /** "Your own points" is chosen but none are in use yet: the run keeps its previous shape. */
  private waitingForPoints = false;

  constructor(
    private readonly kit: PanelKit,
    private readonly host: UserPointsHost,
  ) {
    this.shapeSelect = document.createElement("select");
    for (const [value, label] of SHAPE_LABELS) this.shapeSelect.append(new Option(label, value));
    const shapeRow = kit.row("Real data", this.shapeSelect, "set-shape", "The distribution on the plane G must learn to imitate").row;
    shapeRow.classList.add("stacked");
    this.shapeSelect.addEventListener("change", () => this.chooseShape(this.shapeSelect.value));

    this.editorRow = document.createElement("div");
    this.editorRow.className = "field points-field";
    this.editorRow.append(note("Paint points with the pointer (drag), or paste or upload x, y pairs, one per line; then use them."));
    this.editor = new PointsEditor(this.editorRow, (points, summary) => {
      this.waitingForPoints = false;
      host.usePoints(points, summary);
    });

    this.groups = [
      group("Target", "group-target-2d", shapeRow, kit.text("spread", "σ of each mode", { visible: kit.is("shape", "ring8", "grid25") }), this.editorRow),
    ];
  }

  /** While "Your own points" waits for points, the fields show it chosen (the run keeps its shape). */
  shown(state: UrlState): UrlState {
    if (state.shape === "points") this.waitingForPoints = false;
    return this.waitingForPoints ? { ...state, shape: "points" } : state;
  }

  show(state: UrlState): void {
    this.shapeSelect.value = state.shape;
    this.editorRow.hidden = state.shape !== "points";
    // The points in use, once each: the editor's own message about them stays.
    const points = this.host.points();
    if (points && points !== this.shownPoints && !this.editorRow.hidden) {
      this.shownPoints = points;
      if (!sameValues(points, this.editor.points())) this.editor.setPoints(points);
    }
  }

  private chooseShape(value: string): void {
    const state = this.kit.state();
    if (value === "points" && !this.host.points()) {
      // Nothing to train on yet: show the editor and keep the current run.
      this.waitingForPoints = true;
      this.kit.refresh();
      return;
    }
    this.waitingForPoints = false;
    const shape = SHAPE_LABELS.find(([word]) => word === value)?.[0];
    if (!shape) return;
    if (shape === state.shape) this.kit.refresh();
    else this.kit.change({ ...state, shape }, { key: "shape", typing: false });
  }
}

function sameValues(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
