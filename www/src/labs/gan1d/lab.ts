/**
 * The 1D lab on the page: its views (views.ts: the densities with D(x), G's map, the losses,
 * W₁ and KS), its history, and the user's own numbers, which a `target=data` run trains on
 * (they are never part of a link).
 */

import { RunHistory } from "../../state/history";
import type { LinkContext, Panel, UrlState } from "../../state/url";
import type { PlayerEvent } from "../../ui/player";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";
import type { LabHost, LabUi, RunDataState } from "../lab";
import { GAN1D_HISTORY } from "./history";
import { Gan1dPanel } from "./panel";
import type { LoadedData } from "./target-editors";
import { Views } from "./views";
import { StepGraph } from "../../ui/step-graph";

/** The lab's page object (labs/lab-uis.ts finds it by this name). */
export function createLabUi(host: LabHost): LabUi {
  return new Gan1dLab(host);
}

export class Gan1dLab implements LabUi {
  readonly mode = "1d";
  readonly historyTitle = "Every iteration's D and G loss, with W₁ and KS where measured, as CSV";
  readonly history = new RunHistory(GAN1D_HISTORY);
  /** The user's own numbers (never in the link). */
  userData: LoadedData | null = null;
  private readonly views: Views;

  constructor(private readonly host: LabHost) {
    const element = host.element.bind(host);
    this.views = new Views(
      {
        distribution: element("distribution"),
        generator_map: element("generator-map"),
        losses: element("losses"),
        metrics: element("metrics"),
        push: element("push-1d"),
        outsideNote: element("outside-note"),
        criticNote: element("critic-note"),
        mapNote: element("map-note"),
      },
      this.history,
      new StepGraph(element("graph-1d"), element("graph-1d-caption"), host.player),
    );
  }

  panel(kit: PanelKit): LabPanel {
    return new Gan1dPanel(kit, {
      data: () => this.userData,
      useData: (data) => {
        this.userData = data;
        this.host.apply({ ...this.host.state(), target: "data" }, true);
      },
    });
  }

  describe(state: UrlState, panels: ReadonlySet<Panel>): void {
    this.views.describe(state);
    this.views.setPanels(panels);
  }

  linkContext(): LinkContext {
    return { dataLoaded: this.userData !== null };
  }

  runData(state: UrlState): RunDataState {
    return { ready: true, data: state.target === "data" && this.userData ? this.userData.values : undefined };
  }

  prepare(): Promise<boolean> {
    return Promise.resolve(true);
  }

  receive(event: PlayerEvent): void {
    this.views.receive(event);
    switch (event.type) {
      case "starting":
      case "fresh":
        this.history.clear();
        this.views.historyChanged();
        break;
      case "snapshot":
        if (event.snapshot.lab !== "gan1d") break;
        this.history.add(event.snapshot);
        this.views.show(event.snapshot);
        break;
      default:
        break;
    }
  }
}
