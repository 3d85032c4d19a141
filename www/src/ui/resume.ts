/**
 * Checkpoints: while a run trains, the page asks the worker for one every few seconds and on
 * every pause, and keeps the latest with the loss history — in memory always (a crashed
 * trainer's Restart, and a lost GPU's move to the CPU, continue from it), and, for reload-safe
 * demos (`resume`, on by default in embed mode), in IndexedDB under the run's canonical
 * hash, so that a page opened on the same run starts from there. Reset (or any fresh start
 * of the run) forgets it.
 */

import { CheckpointStore, type SavedRun } from "../state/checkpoints";
import type { SavedHistory } from "../state/history";
import { descriptorOf } from "../labs/registry";
import { labOf, resumes, runHash, type UrlState } from "../state/url";
import type { Player } from "./player";

/** After single steps, a checkpoint this long after the last one. */
const STEP_SAVE_DELAY_MS = 1000;

/** What the page keeps per run besides the trainer: its loss history. */
export interface ResumableHistory {
  readonly iterations: number;
  save(): SavedHistory;
  restore(saved: unknown): boolean;
}

export interface ResumeHooks {
  state(): UrlState;
  /** The history of the run now shown (its lab's). */
  history(): ResumableHistory;
  /** Tells the user something about resuming (it is off here, a saved state was dropped). */
  notify(message: string): void;
}

export class Resume {
  private store: Promise<CheckpointStore | null> | null = null;
  /** The checkpoint the run being started was given, until its `fresh` says whether it took it. */
  private pending: SavedRun | null = null;
  /** The run (hash) whose checkpoint was asked for; `null` after a fresh start. */
  private asking: string | null = null;
  private lastSavedStep = 0;
  private lastAskedAt = -Infinity;
  private stepTimer = 0;
  /** The current run's latest checkpoint, whatever `resume` says. */
  private latest: SavedRun | null = null;
  /** Play once the restarted run is in place (it was playing when its worker was lost). */
  private playAfterRestart = false;
  /**
   * Set by Reset until the new run's `fresh`: a checkpoint that arrives meanwhile is of the run
   * Reset forgot (asked for before it), and is never filed.
   */
  private forgetting = false;
  /** Every write to the store, in the order they were made (a delete never overtakes a put). */
  private writes: Promise<void> = Promise.resolve();
  /** Why resuming is off in this browser, once said. */
  private unavailableSaid = false;

  constructor(
    private readonly player: Player,
    private readonly hooks: ResumeHooks,
  ) {
    player.on((event) => {
      switch (event.type) {
        case "resetting":
          this.forget();
          break;
        case "fresh":
          this.fresh(event.resumed);
          break;
        case "running":
          if (!event.running) this.save();
          break;
        case "snapshot":
          if (this.player.running) {
            if (performance.now() - this.lastAskedAt >= this.interval()) this.save();
          } else {
            // Single steps: once the clicking stops.
            window.clearTimeout(this.stepTimer);
            this.stepTimer = window.setTimeout(() => this.save(), STEP_SAVE_DELAY_MS);
          }
          break;
        case "checkpoint":
          void this.keep(event.step, event.bytes);
          break;
        default:
          break;
      }
    });
    // A tab switched away (or a slide left) may never come back: save what there is.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.save();
    });
  }

  /** The checkpoint to start `state`'s run from: one saved in this browser, where `resume` is on. */
  async checkpointFor(state: UrlState): Promise<SavedRun | undefined> {
    this.pending = null;
    if (!resumes(state)) return undefined;
    const store = await this.open();
    if (!store) return undefined;
    const key = runHash(state);
    let saved: SavedRun | undefined;
    try {
      saved = await store.get(key);
    } catch (error) {
      this.hooks.notify(`The saved state of this demo could not be read (${describe(error)}); starting from step 0.`);
      this.write((s) => s.delete(key)).catch(() => undefined);
      return undefined;
    }
    // Reset forgot this run, perhaps just before a reload that its delete did not outlive.
    if (saved && saved.savedAt <= resetAt(key)) {
      this.write((s) => s.delete(key)).then(
        () => clearResetMark(key),
        () => undefined,
      );
      return undefined;
    }
    this.pending = saved ?? null;
    return saved;
  }

  private open(): Promise<CheckpointStore | null> {
    this.store ??= CheckpointStore.open().then(
      (store) => {
        if (!store) this.unavailable("this browser keeps no IndexedDB here (a private window?)");
        return store;
      },
      (error: unknown) => {
        this.unavailable(describe(error));
        return null;
      },
    );
    return this.store;
  }

  /** Says once, where this run resumes, that it cannot, and why. */
  private unavailable(why: string): void {
    if (this.unavailableSaid || !resumes(this.hooks.state())) return;
    this.unavailableSaid = true;
    this.hooks.notify(`Resume is off: ${why}. The demo trains, but a reload starts it from step 0.`);
  }

  /** Runs `change` on the store after every write before it; resolves when it is done. */
  private write(change: (store: CheckpointStore) => Promise<void>): Promise<void> {
    const next = this.writes.then(async () => {
      const store = await this.open();
      if (store) await change(store);
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  /**
   * Reset: the current run's checkpoint is forgotten at once — marked in localStorage before
   * anything else (a reload a moment later cannot bring it back), deleted from the store after
   * every write already made, and any checkpoint still on its way is refused.
   */
  private forget(): void {
    const state = this.hooks.state();
    this.forgetting = true;
    this.latest = null;
    this.lastSavedStep = 0;
    window.clearTimeout(this.stepTimer);
    delete document.body.dataset.savedStep;
    if (!resumes(state)) return;
    const key = runHash(state);
    markReset(key);
    this.write((store) => store.delete(key)).then(
      () => {
        clearResetMark(key);
        document.body.dataset.forgotten = key;
      },
      (error: unknown) => console.warn("gan-playground: the saved state could not be deleted", error),
    );
  }

  /** A checkpoint while running at most this often: the lab's interval, by the size of its checkpoint (labs/<lab>/descriptor.ts). */
  private interval(): number {
    return descriptorOf(labOf(this.hooks.state().preset)).saveIntervalMs;
  }

  /**
   * The run again in a new worker, from its latest checkpoint (step 0 without one), on the
   * CPU from now on when `cpu`; `play`: and playing. Returns the step it continues from.
   */
  restart(options: { cpu?: boolean; play?: boolean } = {}): number {
    const saved = this.latest?.key === runHash(this.hooks.state()) ? this.latest : null;
    this.pending = saved;
    this.playAfterRestart = options.play ?? false;
    this.player.restart(saved?.bytes, { cpu: options.cpu ?? false });
    return saved?.step ?? 0;
  }

  /** The step a restart would continue from. */
  get restartStep(): number {
    return this.latest?.key === runHash(this.hooks.state()) ? this.latest.step : 0;
  }

  /** A new trainer: it took the pending checkpoint (restore its history) or starts at 0 (forget any). */
  private fresh(resumed: { step: number } | undefined): void {
    const state = this.hooks.state();
    const pending = this.pending;
    this.pending = null;
    this.asking = null;
    this.forgetting = false;
    this.lastAskedAt = performance.now();
    document.body.dataset.resumedStep = resumed ? String(resumed.step) : "";
    if (this.playAfterRestart) {
      this.playAfterRestart = false;
      this.player.play();
    }
    if (resumed && pending?.step === resumed.step && this.hooks.history().restore(pending.history)) {
      this.lastSavedStep = resumed.step;
      this.latest = pending;
      document.body.dataset.savedStep = String(resumed.step);
      return;
    }
    this.lastSavedStep = 0;
    this.latest = null;
    delete document.body.dataset.savedStep;
    if (!resumed && resumes(state)) void this.write((store) => store.delete(runHash(state))).catch(() => undefined);
  }

  /** Asks the worker for a checkpoint when the run has moved on since the last one. */
  private save(): void {
    const state = this.hooks.state();
    const step = this.player.status().step;
    if (this.forgetting || !this.player.info || this.player.crashed || step <= this.lastSavedStep) return;
    this.lastAskedAt = performance.now();
    this.asking = runHash(state);
    document.body.dataset.checkpointAsked = String(step);
    this.player.checkpoint();
  }

  private async keep(step: number, bytes: Uint8Array): Promise<void> {
    const state = this.hooks.state();
    const key = runHash(state);
    const history = this.hooks.history();
    // Asked for before a Reset; the run changed since it was asked for; the history does not
    // end at this step; or a new run's first step, which is not worth keeping.
    if (this.forgetting || this.asking !== key || history.iterations !== step || step === 0) return;
    this.lastSavedStep = step;
    const saved: SavedRun = { key, step, bytes, history: history.save(), savedAt: Date.now() }; // now: later snapshots belong to later steps
    this.latest = saved;
    document.body.dataset.checkpointStep = String(step);
    if (!resumes(state)) return;
    try {
      await this.write((store) => store.put(saved));
      if (this.latest === saved) document.body.dataset.savedStep = String(step);
    } catch (error) {
      this.unavailable(`this demo's state could not be saved (${describe(error)})`);
      console.warn("gan-playground: the checkpoint could not be saved", error);
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof DOMException && error.name === "QuotaExceededError") return "the browser's storage for this site is full";
  return error instanceof Error ? error.message : String(error);
}

/** localStorage's key for the time Reset forgot `key`'s run (until the store's delete is done). */
const resetMarkKey = (key: string) => `gan-playground:reset:${key}`;

function markReset(key: string): void {
  try {
    localStorage.setItem(resetMarkKey(key), String(Date.now()));
  } catch {
    // No localStorage (some private modes): the store's delete alone has to do.
  }
}

function clearResetMark(key: string): void {
  try {
    localStorage.removeItem(resetMarkKey(key));
  } catch {
    // As above.
  }
}

/** When Reset last forgot `key`'s run and its delete may not have finished (0: never). */
function resetAt(key: string): number {
  try {
    return Number(localStorage.getItem(resetMarkKey(key)) ?? 0) || 0;
  } catch {
    return 0;
  }
}
