/**
 * What the page objects of the labs of small MLPs on points share (the 1D and the 2D lab's
 * lab.ts): views that follow the player, draw each snapshot and its history, and describe the
 * settings; a run that needs nothing fetched. Each lab adds its own data (the user's numbers or
 * points), its panel and its views.
 */

import type { Snapshot } from "../protocol";
import type { HistoryInput, RunHistory } from "../state/history";
import type { Panel, UrlState } from "../state/url";
import type { PlayerEvent } from "../ui/player";
import type { LabId } from "./descriptor";
import type { LabHost } from "./lab";

/** The views of such a lab (labs/<lab>/views.ts, a charts/frame-views.ts `FrameViews`). */
export interface MlpViews<S> {
  /** The player's events the overview graph follows. */
  receive(event: PlayerEvent): void;
  show(snapshot: S): void;
  /** Shows an earlier snapshot in place of the latest (`null`: the latest again). */
  hold(snapshot: S | null): void;
  historyChanged(): void;
  /** Captions that depend on the settings. */
  describe(state: UrlState): void;
  /** The panels (or the layers of one) the link shows. */
  setPanels(panels: ReadonlySet<Panel>): void;
}

/** Lab `L`'s page object, whose snapshots are `S` (the crate's snapshot of the lab). */
export abstract class MlpLabUi<L extends LabId, S extends HistoryInput> {
  abstract readonly history: RunHistory<S>;
  protected abstract readonly views: MlpViews<S>;

  protected constructor(
    private readonly lab: L,
    protected readonly host: LabHost,
  ) {}

  describe(state: UrlState, panels: ReadonlySet<Panel>): void {
    this.views.describe(state);
    this.views.setPanels(panels);
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
      case "snapshot": {
        const { snapshot } = event;
        if (!this.owns(snapshot)) break;
        this.history.add(snapshot);
        this.views.show(snapshot);
        break;
      }
      default:
        break;
    }
  }

  showFrame(snapshot: Snapshot | null): void {
    if (snapshot === null || this.owns(snapshot)) this.views.hold(snapshot);
  }

  /** Whether `snapshot` is of this lab's run (another lab's is not drawn). */
  private owns(snapshot: Snapshot): snapshot is Snapshot & S {
    return snapshot.lab === this.lab;
  }
}
