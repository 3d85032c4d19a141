/**
 * The 2D lab's live views and their changing captions: the plane (D's heat map, G's manifold,
 * the real and generated points, the gradient arrows), the losses, the mode measures and the
 * overview graph. Snapshots arrive up to ~30 times a second; the views redraw at most once per
 * animation frame, and the plane's drawing time is kept for the page's own benchmark
 * (`window.ganPlaygroundDrawTimes`, main.ts). Their text alternatives (descriptions.ts) follow
 * at a modest rate.
 */

import { FrameViews } from "../../charts/frame-views";
import { LossChart } from "../../charts/history-charts";
import type { Gan2dSnapshot } from "../../protocol";
import type { RunHistory } from "../../state/history";
import type { Panel, UrlState } from "../../state/url";
import type { PlayerEvent } from "../../ui/player";
import type { StepGraph } from "../../ui/step-graph";
import { describe2d, planeSummary } from "./descriptions";
import { ModesChart } from "./modes-chart";
import { PlaneView, type PlaneLayers } from "./plane";

export interface ViewElements {
  plane: HTMLElement;
  losses: HTMLElement;
  modes: HTMLElement;
  /** Caption parts that depend on the run. */
  planeNote: HTMLElement;
  modesNote: HTMLElement;
}

/** The plane's most recent drawing times (ms), newest last: what the 8 ms target is measured on. */
export const drawTimes: number[] = [];
const KEPT_DRAW_TIMES = 600;

export class Views extends FrameViews<Gan2dSnapshot> {
  private readonly plane: PlaneView;
  private readonly losses: LossChart;
  private readonly modes: ModesChart;
  /** The target's shape, for the plane's name. */
  private shape = "";

  constructor(
    private readonly el: ViewElements,
    private readonly history: RunHistory<Gan2dSnapshot>,
    private readonly graph: StepGraph,
  ) {
    super(history);
    this.plane = new PlaneView(el.plane);
    this.losses = new LossChart(el.losses);
    this.modes = new ModesChart(el.modes);
  }

  /** A new snapshot (its losses are already in the history): drawn at the next frame. */
  override show(snapshot: Gan2dSnapshot): void {
    this.modes.setModeCount(snapshot.mode_count ?? 0);
    super.show(snapshot);
  }

  /** The player's events the graph follows. */
  receive(event: PlayerEvent): void {
    this.graph.receive(event);
  }

  /** Captions that depend on the settings. */
  describe(state: UrlState): void {
    const critic = state.loss === "wgan-gp";
    const shape = state.shape === "ring8" || state.shape === "grid25";
    this.el.planeNote.textContent = [
      critic ? "With wgan-gp, D is a critic: its scores are rescaled to the colour scale across this view, so only where it is higher or lower matters." : "",
      state.latent > 2 ? `z has ${state.latent} dimensions: the manifold is G over the first two, the others held at 0.` : "",
      state.latent === 1 ? "z has 1 dimension: the manifold is a single curve." : "",
      state.pack > 1 ? `D judges ${state.pack} points at a time (PacGAN); its colour at a point is its verdict on ${state.pack} copies of that point.` : "",
    ]
      .filter(Boolean)
      .join(" ");
    this.el.modesNote.textContent = shape
      ? `A mode is covered when at least 0.8 % of the generated points lie within 3σ (3 × ${state.spread}) of it; a point that does is a high-quality sample.`
      : "This target has no modes to count: the sliced W₁ is the measure.";
    if (state.shape !== this.shape) this.plane.setDescription(planeSummary(state.shape));
    this.shape = state.shape;
  }

  /** The plane's layers the link shows (`points`, `heat`, `manifold`, `arrows`; none named: all). */
  setPanels(panels: ReadonlySet<Panel>): void {
    const named = ["points", "heat", "manifold", "arrows"].some((panel) => panels.has(panel as Panel));
    const on = (panel: Panel) => !named || panels.has(panel);
    const layers: PlaneLayers = { real: on("points"), fake: on("points"), heat: on("heat"), manifold: on("manifold"), arrows: on("arrows") };
    this.plane.setLayers(layers);
  }

  protected override redrawHistory(): void {
    this.losses.update(this.history);
    this.modes.update(this.history);
  }

  protected override drawSnapshot(snapshot: Gan2dSnapshot): void {
    this.plane.update(snapshot);
    drawTimes.push(this.plane.lastDrawMs);
    if (drawTimes.length > KEPT_DRAW_TIMES) drawTimes.splice(0, drawTimes.length - KEPT_DRAW_TIMES);
    this.alternatives.request(() => {
      const names = describe2d(snapshot, this.shape);
      return [
        [this.plane.element, names.plane],
        [this.el.losses, names.losses],
        [this.el.modes, names.modes],
      ];
    });
  }
}
