/**
 * What a lab is to the page: one object per lab (labs/<lab>/lab.ts) behind this interface, so
 * that the page (main.ts) never asks which lab runs. The registry (registry.ts) has one line
 * per lab.
 */

import type { RunData, Snapshot } from "../protocol";
import type { SavedHistory } from "../state/history";
import type { LinkContext, Panel, UrlState } from "../state/url";
import type { Messages } from "../ui/messages";
import type { LabPanel, PanelKit } from "../ui/settings-panel";
import type { Player, PlayerEvent } from "../ui/player";

/** What a lab needs from the page. */
export interface LabHost {
  /** An element of index.html (throws if it is missing). */
  element<T extends HTMLElement>(id: string): T;
  player: Player;
  messages: Messages;
  state(): UrlState;
  /**
   * A new link state from one of the lab's controls (the same run or a new one: the page
   * decides); `dataChanged`: what the run trains on changed too (a new run in any case).
   */
  apply(next: UrlState, dataChanged?: boolean): void;
  /** What the run trains on changed (or may now be loaded): configure the run again. */
  dataChanged(): void;
  /** Saves a file. */
  download(blob: Blob, name: string): void;
}

/** The data a run needs beyond its link: there (possibly none), or not yet (see {@link LabUi.prepare}). */
export type RunDataState = { ready: true; data?: RunData | undefined } | { ready: false };

/** What the page reads of a lab's history (state/history.ts `RunHistory`; the lab adds to it). */
export interface LabHistory {
  readonly iterations: number;
  toCsv(): string;
  save(): SavedHistory;
  /** As `save`, up to iteration `step`. */
  saveUpTo(step: number): SavedHistory;
  restore(saved: unknown): boolean;
}

export interface LabUi {
  /** `body[data-mode]` while the lab is on the page: style.css shows the lab's `[data-only]` parts by it. */
  readonly mode: string;
  /** The run's per-iteration history (Download history, resume). */
  readonly history: LabHistory;
  /** What the Download history button says it gives. */
  readonly historyTitle: string;
  /** The lab's part of the settings panel (labs/<lab>/panel.ts), made with the panel's builders. */
  panel(kit: PanelKit): LabPanel;
  /** Shows a state of this lab: captions, pickers, the panels `show=` leaves on. */
  describe(state: UrlState, panels: ReadonlySet<Panel>): void;
  /** What the lab adds to a link's context (the 1D lab: whether the user's numbers are loaded). */
  linkContext(): LinkContext;
  /** The data a run of `state` trains on beyond the link. */
  runData(state: UrlState): RunDataState;
  /** Fetches what a run needs before it can start (e.g. a built-in data set); resolves to whether it is there. */
  prepare(): Promise<boolean>;
  /** What the lab puts on `window` in every build, for the benchmarks (bench/) to read. */
  readonly pageGlobals?: Readonly<Record<string, unknown>>;
  /** The player's events while this lab's run is on the page. */
  receive(event: PlayerEvent): void;
  /**
   * Rewind (ui/rewind.ts): the views show `snapshot`, an earlier one of this run, and keep it
   * while the live ones arrive; `null`: the live views again.
   */
  showFrame(snapshot: Snapshot | null): void;
}
