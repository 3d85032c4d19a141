/**
 * The live views (the densities with D(x), G's map, the overview graph with G's push along x,
 * the losses, W₁ and KS) and their changing captions. Snapshots arrive up to ~30 times a
 * second; the views redraw at display rate, at most once per animation frame, and only
 * what changed since the last frame. Their text alternatives (descriptions.ts) follow at a
 * modest rate.
 */

import { FrameViews } from "../../charts/frame-views";
import { describe1d } from "./descriptions";
import { DistributionChart, outsideNote } from "./distribution";
import { GeneratorMapChart } from "./generator-map";
import { LossChart } from "../../charts/history-charts";
import { MetricChart } from "./metric-chart";
import { PushChart } from "./push-chart";
import type { Gan1dSnapshot } from "../../protocol";
import type { RunHistory } from "../../state/history";
import type { Panel, UrlState } from "../../state/url";
import type { PlayerEvent } from "../../ui/player";
import type { StepGraph } from "../../ui/step-graph";

export interface ViewElements {
  distribution: HTMLElement;
  generator_map: HTMLElement;
  losses: HTMLElement;
  metrics: HTMLElement;
  push: HTMLElement;
  /** Caption parts that depend on the run. */
  outsideNote: HTMLElement;
  criticNote: HTMLElement;
  mapNote: HTMLElement;
}

export class Views extends FrameViews<Gan1dSnapshot> {
  private readonly distribution: DistributionChart;
  private readonly generator_map: GeneratorMapChart;
  private readonly losses: LossChart;
  private readonly metrics: MetricChart;
  private readonly push: PushChart;
  /** D is a wgan-gp critic (its scores are rescaled): the distribution's name says so. */
  private critic = false;

  constructor(
    private readonly el: ViewElements,
    private readonly history: RunHistory<Gan1dSnapshot>,
    private readonly graph: StepGraph,
  ) {
    super(history);
    this.distribution = new DistributionChart(el.distribution);
    this.generator_map = new GeneratorMapChart(el.generator_map);
    this.losses = new LossChart(el.losses);
    this.metrics = new MetricChart(el.metrics);
    this.push = new PushChart(el.push);
  }

  /** The player's events the graph follows. */
  receive(event: PlayerEvent): void {
    this.graph.receive(event);
  }

  /** Captions that depend on the settings. */
  describe(state: UrlState): void {
    const critic = state.loss === "wgan-gp";
    this.critic = critic;
    this.distribution.setCritic(critic);
    this.el.criticNote.textContent = critic
      ? "With wgan-gp, D is a critic that scores rather than judges: its scores are rescaled to 0–1 across this axis, so only the shape of the green curve matters, not the ½ line."
      : "";
    this.el.mapNote.textContent = state.latent > 1 ? `z has ${state.latent} dimensions: this is G along the first one, with the others held at 0.` : "";
  }

  /**
   * The panels the link shows: with `hist` alone the distribution chart leaves D(x) out, with
   * `dcurve` alone the densities (with both, or neither, it draws both).
   */
  setPanels(panels: ReadonlySet<Panel>): void {
    const densities = panels.has("hist");
    const discriminator = panels.has("dcurve");
    this.distribution.setLayers({ densities: densities || !discriminator, discriminator: discriminator || !densities });
  }

  protected override redrawHistory(): void {
    this.losses.update(this.history);
    this.metrics.update(this.history);
  }

  protected override drawSnapshot(snapshot: Gan1dSnapshot): void {
    this.distribution.update(snapshot);
    this.generator_map.update(snapshot);
    this.push.update(snapshot);
    this.el.outsideNote.textContent = outsideNote(snapshot);
    this.alternatives.request(() => {
      const names = describe1d(snapshot, this.critic);
      return [
        [this.el.distribution, names.distribution],
        [this.el.generator_map, names.generatorMap],
        [this.el.push, names.push],
        [this.el.losses, names.losses],
        [this.el.metrics, names.metrics],
      ];
    });
  }
}
