/**
 * The 2D lab on the page: its views (views.ts: the plane, the losses, the mode measures, the
 * overview graph), its history, and the user's own points, which a `shape=points` run trains
 * on (they are never part of a link).
 */

import type { Gan2dSnapshot } from "../../protocol";
import { RunHistory } from "../../state/history";
import type { LinkContext, UrlState } from "../../state/url";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";
import { StepGraph } from "../../ui/step-graph";
import type { LabHost, LabUi, RunDataState } from "../lab";
import { MlpLabUi } from "../mlp-lab";
import { GAN2D_HISTORY } from "./history";
import { Gan2dPanel } from "./panel";
import { Views, drawTimes } from "./views";

/** The lab's page object (labs/lab-uis.ts finds it by this name). */
export function createLabUi(host: LabHost): LabUi {
  return new Gan2dLab(host);
}

export class Gan2dLab extends MlpLabUi<"gan2d", Gan2dSnapshot> implements LabUi {
  /** The plane's drawing times (ms, the latest 600): what bench/ring2d.mjs reads. */
  readonly pageGlobals = { ganPlaygroundDrawTimes: drawTimes };
  readonly mode = "2d";
  readonly historyTitle = "Every iteration's D and G loss, with the sliced W₁, modes covered and high-quality share where measured, as CSV";
  readonly history = new RunHistory(GAN2D_HISTORY);
  /** The user's own points, x, y pairs (never in the link). */
  userPoints: Float32Array | null = null;
  protected readonly views: Views;

  constructor(host: LabHost) {
    super("gan2d", host);
    const element = host.element.bind(host);
    this.views = new Views(
      {
        plane: element("plane"),
        losses: element("losses-2d"),
        modes: element("modes-2d"),
        planeNote: element("plane-note"),
        modesNote: element("modes-note"),
      },
      this.history,
      new StepGraph(element("graph-2d"), element("graph-2d-caption"), host.player),
    );
  }

  panel(kit: PanelKit): LabPanel {
    return new Gan2dPanel(kit, {
      points: () => this.userPoints,
      usePoints: (points, summary) => {
        this.userPoints = points;
        this.host.messages.show(summary, "info");
        this.host.apply({ ...this.host.state(), shape: "points" }, true);
      },
    });
  }

  linkContext(): LinkContext {
    return { dataLoaded: this.userPoints !== null };
  }

  runData(state: UrlState): RunDataState {
    return { ready: true, data: state.shape === "points" && this.userPoints ? this.userPoints : undefined };
  }
}
