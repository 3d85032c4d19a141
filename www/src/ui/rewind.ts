/**
 * Rewind: a slider under the views over the whole run so far. Dragging it back pauses the run
 * where it is and shows the views and read-outs as they were at that iteration (the lab's
 * views hold an earlier snapshot, labs/lab.ts `showFrame`); the slider's end is the live run
 * again (playing on, when it was). "Continue from here" starts a new branch of the run at that
 * iteration: from the nearest kept checkpoint at or before it, trained on to it and paused
 * there (ui/moment.ts); the branch it leaves stays in the branch picker until the page is left.
 *
 * Memory: frames (snapshots) and checkpoints are kept at a thinning interval (state/frames.ts)
 * within {@link FRAME_BUDGET} and {@link CHECKPOINT_BUDGET}; the bar says how many and how much.
 */

import type { JudgeScore, Snapshot } from "../protocol";
import type { SavedHistory } from "../state/history";
import { Thinned, sizeOf } from "../state/frames";
import type { Player, PlayerEvent } from "./player";

/** The snapshots' budget: a digit run's are ≈ 125 kB each (mnist-minute), so about 500 of them. */
export const FRAME_BUDGET = { budgetBytes: 64 * 2 ** 20, maxItems: 1000 } as const;
/** The checkpoints' budget: a digit GAN's is 5–25 MB (mnist-minute's ≈ 5 MB), so 6–30 of them; a 1D or 2D run's a few kB. */
export const CHECKPOINT_BUDGET = { budgetBytes: 160 * 2 ** 20, maxItems: 64 } as const;
/** Branches kept (the live one and the latest ones it came from); older ones are forgotten. */
export const MAX_BRANCHES = 3;
/** How long "Continue from here" waits for the checkpoint of the branch it leaves. */
const CHECKPOINT_WAIT_MS = 15_000;

/** One frame: a snapshot and the judge's verdict of its time (a digit run's). */
export interface Frame {
  snapshot: Snapshot;
  judge: JudgeScore | null;
}

/** A line of the run: its frames, checkpoints and (when not live) its history. */
interface Branch {
  readonly id: number;
  /** Where it came from: the iteration of its parent branch (none for the first). */
  readonly from: { branch: number; step: number } | null;
  frames: Thinned<Frame>;
  checkpoints: Thinned<Uint8Array>;
  /** The step it was left at, and its history then (set when another branch is live). */
  left: { step: number; history: SavedHistory } | null;
}

export interface RewindElements {
  box: HTMLElement;
  slider: HTMLInputElement;
  step: HTMLOutputElement;
  live: HTMLButtonElement;
  continueHere: HTMLButtonElement;
  branch: HTMLSelectElement;
  branchLabel: HTMLElement;
  kept: HTMLElement;
}

export interface RewindHooks {
  /** The lab on the page shows `snapshot` in its views (`null`: live). */
  showFrame(snapshot: Snapshot | null): void;
  /** The read-outs show `frame` (`null`: live). */
  freezeReadouts(frame: Frame | null): void;
  /** The history of the run on the page. */
  history(): { save(): SavedHistory; saveUpTo(step: number): SavedHistory; restore(saved: unknown): boolean };
  /** Trains from `from` to `step` at full speed and pauses there (ui/moment.ts). */
  trainTo(step: number, from: number): void;
  /** A drag back began: whatever trains the run on by itself (a moment on its way) stops. */
  rewinding(): void;
}

/** A switch of branch under way: the trainer was given `step`'s checkpoint, and this history goes with it. */
interface Switch {
  branch: Branch;
  step: number;
  history: SavedHistory;
  then: number;
}

export class Rewind {
  private branches: Branch[] = [];
  private live!: Branch;
  private nextId = 1;
  /** The step of the frame on show, or null when live. */
  private shown: number | null = null;
  /** The branch picker's options as last written. */
  private branchOptions = "";
  /** Whether the run was playing when a drag paused it (it plays on back at live). */
  private resume = false;
  private switching: Switch | null = null;
  private waiting: { step: number; resolve: (bytes: Uint8Array | null) => void } | null = null;

  constructor(
    private readonly player: Player,
    private readonly el: RewindElements,
    private readonly hooks: RewindHooks,
  ) {
    this.newRun();
    el.slider.addEventListener("input", () => this.seek(Number(el.slider.value)));
    el.live.addEventListener("click", () => this.goLive());
    el.continueHere.addEventListener("click", () => void this.continueHere());
    el.branch.addEventListener("change", () => void this.switchTo(Number(el.branch.value)));
    player.on((event) => this.receive(event));
  }

  /** The iteration the views show when rewound (null: live). */
  get shownStep(): number | null {
    return this.shown;
  }

  /** Whether the views show an earlier frame. */
  get rewound(): boolean {
    return this.shown !== null;
  }

  private receive(event: PlayerEvent): void {
    switch (event.type) {
      case "starting":
      case "resetting":
        if (!this.switching) this.newRun();
        break;
      case "fresh":
        this.fresh(event.resumed?.step ?? 0);
        break;
      case "snapshot": {
        const { snapshot } = event;
        this.live.frames.add(snapshot.step, { snapshot, judge: this.player.judge }, sizeOf(snapshot));
        this.render();
        break;
      }
      case "checkpoint":
        this.live.checkpoints.add(event.step, event.bytes, event.bytes.byteLength);
        if (this.waiting && event.step >= this.waiting.step) {
          this.waiting.resolve(event.bytes);
          this.waiting = null;
        }
        break;
      case "running":
        // Play (a button, a key, the deck) while rewound: back to the live run.
        if (event.running && this.rewound) this.goLive(false);
        break;
      case "stepping":
        if (this.rewound) this.goLive(false);
        break;
      default:
        break;
    }
  }

  /** A new run (a reset, new settings): every frame, checkpoint and branch of the old one is forgotten. */
  private newRun(): void {
    if (this.rewound) this.goLive(false);
    this.branches = [];
    this.nextId = 1;
    this.live = this.branch(null);
    this.waiting?.resolve(null);
    this.waiting = null;
    this.render();
  }

  private branch(from: Branch["from"]): Branch {
    const branch: Branch = { id: this.nextId++, from, frames: new Thinned(FRAME_BUDGET), checkpoints: new Thinned(CHECKPOINT_BUDGET), left: null };
    this.branches.push(branch);
    // The oldest branches beyond the limit are forgotten (never the live one).
    while (this.branches.length > MAX_BRANCHES) this.branches.splice(this.branches[0] === branch ? 1 : 0, 1);
    return branch;
  }

  /** A new trainer: the branch being switched to, when one is, took its checkpoint; else a new run. */
  private fresh(resumedStep: number): void {
    const switching = this.switching;
    this.switching = null;
    // A new trainer while rewound (new settings): the views, read-outs and page mark go back to live with it.
    this.goLive(false);
    this.hooks.showFrame(null);
    if (!switching) {
      // A run resumed from this browser's storage (or a restart) starts its frames where it is.
      if (this.live.frames.length > 0 || this.branches.length > 1) this.newRun();
      this.render();
      return;
    }
    this.live = switching.branch;
    if (resumedStep === switching.step) this.hooks.history().restore(switching.history);
    this.live.frames.dropFrom(resumedStep + 1);
    this.live.left = null;
    if (switching.then > resumedStep) this.hooks.trainTo(switching.then, resumedStep);
    this.render();
  }

  /** The slider moved to `index`: a frame, or (the end) the live run. */
  private seek(index: number): void {
    const frames = this.live.frames;
    const frame = frames.at(index);
    if (!frame || index >= frames.length - 1) {
      this.goLive();
      return;
    }
    if (this.shown === null) {
      this.resume = this.player.running;
      this.hooks.rewinding();
      this.player.pause();
    }
    this.shown = frame.step;
    this.hooks.showFrame(withJudge(frame.value));
    this.hooks.freezeReadouts(frame.value);
    document.body.dataset.rewound = String(frame.step);
    this.render();
  }

  /** Back to the live run; `playOn`: and playing again when a drag paused it. */
  goLive(playOn = true): void {
    const was = this.shown !== null;
    this.shown = null;
    delete document.body.dataset.rewound;
    if (was) {
      this.hooks.showFrame(null);
      this.hooks.freezeReadouts(null);
      if (playOn && this.resume) this.player.play();
    }
    this.resume = false;
    this.render();
  }

  /** "Continue from here": a new branch from the frame on show. */
  private async continueHere(): Promise<void> {
    const frame = this.shown === null ? undefined : this.live.frames.at(this.live.frames.indexAtOrBefore(this.shown));
    if (!frame) return;
    this.el.continueHere.disabled = true;
    const left = await this.leave();
    this.el.continueHere.disabled = false;
    const parent = this.live;
    parent.left = left;
    const checkpoint = parent.checkpoints.at(parent.checkpoints.indexAtOrBefore(frame.step));
    const start = checkpoint?.step ?? 0;
    const branch = this.branch({ branch: parent.id, step: frame.step });
    branch.frames = parent.frames.upTo(start);
    branch.checkpoints = parent.checkpoints.upTo(start);
    this.start(branch, start, checkpoint?.value, this.hooks.history().saveUpTo(start), frame.step);
  }

  /** Switches to an earlier branch, where it was left. */
  private async switchTo(id: number): Promise<void> {
    const branch = this.branches.find((b) => b.id === id);
    if (!branch || branch === this.live || !branch.left) {
      this.render();
      return;
    }
    this.el.branch.disabled = true;
    this.live.left = await this.leave();
    this.el.branch.disabled = false;
    const target = branch.left.step;
    const checkpoint = branch.checkpoints.at(branch.checkpoints.indexAtOrBefore(target));
    this.start(branch, checkpoint?.step ?? 0, checkpoint?.value, branch.left.history, target);
  }

  /** The live branch's step and history, with a checkpoint there to come back to; null when none came. */
  private async leave(): Promise<NonNullable<Branch["left"]>> {
    const step = this.player.snapshot?.step ?? 0;
    this.goLive(false);
    this.player.pause();
    const last = this.live.checkpoints.last;
    if (step > 0 && last?.step !== step) {
      const bytes = await new Promise<Uint8Array | null>((resolve) => {
        this.waiting?.resolve(null);
        this.waiting = { step, resolve };
        this.player.checkpoint();
        window.setTimeout(() => resolve(null), CHECKPOINT_WAIT_MS);
      });
      // Without it the branch still comes back, from its last checkpoint before (and trained on to `step`).
      if (!bytes) console.warn("gan-playground: no checkpoint of the branch left at", step);
    }
    return { step, history: this.hooks.history().save() };
  }

  private start(branch: Branch, step: number, checkpoint: Uint8Array | undefined, history: SavedHistory, then: number): void {
    this.switching = { branch, step, history, then };
    this.player.configure({ ...this.player.current, checkpoint });
  }

  /** The slider, its read-out, the buttons, the branch picker and what is kept. */
  private render(): void {
    const { slider, step, live, continueHere, branch, branchLabel, kept, box } = this.el;
    const frames = this.live.frames;
    const count = frames.length;
    const max = Math.max(0, count - 1);
    slider.max = String(max);
    slider.disabled = count < 2;
    const index = this.shown === null ? max : frames.indexAtOrBefore(this.shown);
    slider.value = String(index);
    const frame = frames.at(index);
    const iteration = frame ? frame.step.toLocaleString("en-US") : "0";
    const text = this.shown === null ? `live · iteration ${iteration}` : `iteration ${iteration} of ${(frames.last?.step ?? 0).toLocaleString("en-US")}`;
    step.value = text;
    slider.setAttribute("aria-valuetext", text);
    live.hidden = this.shown === null;
    continueHere.hidden = this.shown === null;
    box.dataset.state = this.shown === null ? "live" : "rewound";
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0);
    kept.textContent =
      `${count.toLocaleString("en-US")} frames (every ${frames.interval.toLocaleString("en-US")} it.), ${mb(frames.bytes)} of ${mb(FRAME_BUDGET.budgetBytes)} MB; ` +
      `${this.live.checkpoints.length} checkpoints, ${mb(this.live.checkpoints.bytes)} of ${mb(CHECKPOINT_BUDGET.budgetBytes)} MB`;
    // For the soak test (tests/e2e/soak.spec.ts) and anyone curious: what is kept, exactly.
    Object.assign(kept.dataset, {
      frames: String(count),
      frameBytes: String(frames.bytes),
      checkpoints: String(this.live.checkpoints.length),
      checkpointBytes: String(this.live.checkpoints.bytes),
      firstStep: String(frames.at(0)?.step ?? 0),
      lastStep: String(frames.last?.step ?? 0),
    });
    const others = this.branches.filter((b) => b !== this.live && b.left);
    branchLabel.hidden = others.length === 0;
    // The live branch's label says where it came from, not how far it is (it would change every frame).
    const labels = this.branches
      .filter((b) => b === this.live || b.left)
      .map((b) => {
        const origin = b.from ? `from iteration ${b.from.step.toLocaleString("en-US")} of run ${b.from.branch}` : "from iteration 0";
        const end = b === this.live ? "live" : `left at ${(b.left?.step ?? 0).toLocaleString("en-US")}`;
        return [String(b.id), `Run ${b.id} (${origin}; ${end})`] as const;
      });
    const signature = labels.map(([, text]) => text).join("\n");
    if (signature !== this.branchOptions) {
      this.branchOptions = signature;
      branch.replaceChildren(...labels.map(([id, text]) => new Option(text, id)));
    }
    branch.value = String(this.live.id);
  }
}

/** The frame's snapshot with its judge's verdict, for a lab that has one. */
function withJudge(frame: Frame): Snapshot {
  return "judge" in frame.snapshot ? { ...frame.snapshot, judge: frame.judge ?? undefined } : frame.snapshot;
}
