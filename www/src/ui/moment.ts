/**
 * A link to a moment (`at=<iteration>`): the page trains its run to that iteration as fast as
 * the backend goes, with a progress bar, and pauses there — "look at iteration 4,000 of this
 * run". It asks the worker for steps in chunks sized to about {@link CHUNK_MS} each, so that the
 * bar moves and Stop answers; the worker trains each chunk's iterations exactly as Play or the
 * Iteration button would, so the run paused there is the run paused there by hand.
 */

import type { Player } from "./player";

/** How long one chunk of steps should take: the bar's pace, and how soon Stop is heard. */
const CHUNK_MS = 150;
/** The first chunk, before the pace is known. */
const FIRST_CHUNK = 8;
/** The most iterations one step command may ask for (protocol.ts `MAX_STEPS_PER_COMMAND`). */
const MAX_CHUNK = 100_000;

export interface MomentElements {
  /** The box: hidden while no moment is being reached. */
  box: HTMLElement;
  progress: HTMLProgressElement;
  label: HTMLElement;
  stop: HTMLButtonElement;
}

export class Moment {
  private target = 0;
  private chunk = FIRST_CHUNK;
  private asked: { at: number; from: number } | null = null;

  constructor(
    private readonly player: Player,
    private readonly el: MomentElements,
  ) {
    el.stop.addEventListener("click", () => this.cancel());
    this.show(false);
  }

  /** Whether the page is on its way to a moment. */
  get active(): boolean {
    return this.target > 0;
  }

  /** Trains the run on from `step` to iteration `at` and pauses there; nothing if it is there already. */
  go(at: number, step: number): void {
    if (at <= step) return;
    this.target = at;
    this.chunk = FIRST_CHUNK;
    this.asked = null;
    this.player.pause();
    this.el.progress.max = at;
    this.show(true);
    this.update(step);
    this.next(step);
  }

  /** A snapshot of the run at `step` came: the next chunk, or the moment reached. */
  stepped(step: number): void {
    if (!this.active || !this.asked || step < this.asked.from + 1) return;
    const elapsed = Math.max(1, performance.now() - this.asked.at);
    const done = step - this.asked.from;
    this.chunk = Math.min(MAX_CHUNK, Math.max(1, Math.round((done * CHUNK_MS) / elapsed)));
    this.asked = null;
    this.update(step);
    if (step >= this.target) this.cancel();
    else this.next(step);
  }

  /** Stops on the way (Stop, Play, a reset, another run): the run stays where it got to. */
  cancel(): void {
    this.target = 0;
    this.asked = null;
    this.show(false);
  }

  private next(step: number): void {
    const n = Math.min(this.chunk, this.target - step);
    this.asked = { at: performance.now(), from: step };
    this.player.step(n);
  }

  private update(step: number): void {
    this.el.progress.value = step;
    this.el.label.textContent = `Training to iteration ${this.target.toLocaleString("en-US")}: ${step.toLocaleString("en-US")}`;
  }

  private show(on: boolean): void {
    this.el.box.hidden = !on;
    document.body.toggleAttribute("data-moment", on);
  }
}
