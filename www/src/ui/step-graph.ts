/**
 * The model overview graph (charts/overview-graph.ts) driven by the run: a D-step lights D's
 * step, a G-step G's, one iteration D's and then G's, and in slow motion every iteration the
 * page sees does the same, so the diagram shows which part of the algorithm is running. A
 * caption under it says it in words. Used by the 1D and the 2D lab. Where the reader asks for
 * reduced motion, slow motion does not blink D's step and G's in turn several times a second:
 * the diagram holds the iteration's last step (G's) while it plays.
 */

import { OverviewGraph, caption, type GraphPhase } from "../charts/overview-graph";
import type { Player, PlayerEvent } from "./player";

/** How long an iteration's D-step stays lit before its G-step (half the slow-motion pace). */
export const PHASE_MS = 125;

/** Whether the reader asked for reduced motion (read at each event: the setting can change). */
function prefersReducedMotion(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

export class StepGraph {
  private readonly graph: OverviewGraph;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    container: HTMLElement,
    private readonly captionElement: HTMLElement,
    private readonly player: Pick<Player, "running" | "currentSpeed">,
  ) {
    this.graph = new OverviewGraph(container);
    this.show("idle");
  }

  /** The phase lit now (tests read it through the svg's `data-phase`). */
  get phase(): GraphPhase {
    return this.graph.phase;
  }

  /** The player's events: what runs next. */
  receive(event: PlayerEvent): void {
    switch (event.type) {
      case "stepping":
        if (event.what === "iteration") this.iteration();
        else this.show(event.what);
        break;
      case "snapshot":
        // In slow motion every iteration is shown: light its two steps in turn (with reduced
        // motion, its G-step alone: the same phase again changes nothing on the page).
        if (event.running && this.player.currentSpeed === "slow") {
          if (prefersReducedMotion()) this.show("generator");
          else this.iteration();
        }
        break;
      case "running":
        if (event.running && this.player.currentSpeed !== "slow") this.show("idle");
        // The caption is a live region for single steps; while the run plays (in slow motion it
        // changes several times a second) a screen reader would never stop reading it.
        this.captionElement.setAttribute("aria-live", event.running ? "off" : "polite");
        break;
      case "starting":
      case "fresh":
        this.show("idle");
        break;
      default:
        break;
    }
  }

  /** D's step now, G's a moment later. */
  private iteration(): void {
    this.show("discriminator");
    this.timer = setTimeout(() => this.show("generator"), PHASE_MS);
  }

  private show(phase: GraphPhase): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.graph.highlight(phase);
    this.captionElement.textContent =
      phase === "idle" ? "Step through the run (D step, G step, Iteration, or Slow motion) to see which part of the algorithm each step runs." : caption(phase);
  }
}
