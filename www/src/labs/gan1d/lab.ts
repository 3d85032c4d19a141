/**
 * The 1D lab on the page: its views (views.ts: the densities with D(x), G's map, the losses,
 * W₁ and KS), its history, and the user's own numbers, which a `target=data` run trains on
 * (they are never part of a link).
 */

import type { Gan1dSnapshot } from "../../protocol";
import { RunHistory } from "../../state/history";
import type { LinkContext, UrlState } from "../../state/url";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";
import type { LabHost, LabUi, RunDataState } from "../lab";
import { MlpLabUi } from "../mlp-lab";
import { GAN1D_HISTORY } from "./history";
import { Gan1dPanel } from "./panel";
import type { LoadedData } from "./target-editors";
import { Views } from "./views";
import { StepGraph } from "../../ui/step-graph";

/** The lab's page object (labs/lab-uis.ts finds it by this name). */
export function createLabUi(host: LabHost): LabUi {
  return new Gan1dLab(host);
}

export class Gan1dLab extends MlpLabUi<"gan1d", Gan1dSnapshot> implements LabUi {
  readonly mode = "1d";
  readonly historyTitle = "Every iteration's D and G loss, with W₁ and KS where measured, as CSV";
  readonly history = new RunHistory(GAN1D_HISTORY);
  /** The user's own numbers (never in the link). */
  userData: LoadedData | null = null;
  protected readonly views: Views;

  constructor(host: LabHost) {
    super("gan1d", host);
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

  linkContext(): LinkContext {
    return { dataLoaded: this.userData !== null };
  }

  runData(state: UrlState): RunDataState {
    return { ready: true, data: state.target === "data" && this.userData ? this.userData.values : undefined };
  }
}
