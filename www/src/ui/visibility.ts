/**
 * A hidden page does not train: when the page becomes hidden (another tab in front, a
 * minimised window, a locked screen) a running run pauses, and when it is shown again a run
 * that *hiding* paused plays on. A run the user (or a parent frame) paused stays paused.
 *
 * What counts as hidden is the browser's `document.visibilityState`. In Chromium an iframe
 * follows its top-level page: the widget in a slide deck is hidden when the deck's tab is,
 * but not when its slide is merely scrolled off or its frame is `display: none` (the deck
 * pauses it through the widget protocol then, or unloads it, as reveal.js's `data-src` does).
 *
 * Uses only the player's public API, so the worker, the controls and the widget protocol see
 * ordinary pauses and plays: a parent frame's `status` says `running: false` while hidden.
 */

import type { Player } from "./player";

/** Pauses `player`'s run while `doc` is hidden and plays it again when shown, if hiding paused it. */
export function pauseWhileHidden(player: Player, doc: Document = document): void {
  /** Whether the run now paused was paused by hiding (and so plays again when shown). */
  let pausedByHiding = false;
  /** Our pauses whose `running: false` has not come back yet (told apart from someone else's). */
  let ownPauses = 0;

  const hidden = () => doc.visibilityState === "hidden";
  const mark = () => {
    if (pausedByHiding) doc.body.dataset.pausedHidden = "";
    else delete doc.body.dataset.pausedHidden;
  };
  const pauseForHiding = () => {
    pausedByHiding = true;
    ownPauses++;
    player.pause();
    mark();
  };

  doc.addEventListener("visibilitychange", () => {
    if (hidden()) {
      if (player.running) pauseForHiding();
      return;
    }
    // A pause still in flight may never answer: a `play` right behind it wins in the worker.
    ownPauses = 0;
    if (pausedByHiding) {
      pausedByHiding = false;
      mark();
      player.play();
    }
  });

  player.on((event) => {
    switch (event.type) {
      case "running":
        if (!hidden()) return;
        if (event.running) {
          // Started while hidden (autoplay in a background tab, a parent frame's `play`):
          // it starts for real once the page is seen.
          pauseForHiding();
        } else if (ownPauses > 0) {
          ownPauses--;
        } else {
          // Someone else paused it meanwhile (a parent frame, an error): it stays paused.
          pausedByHiding = false;
          mark();
        }
        break;
      case "starting":
        // A new worker: the old one's answers never come.
        ownPauses = 0;
        pausedByHiding = false;
        mark();
        break;
      case "fresh":
        // A new run is not running; what hiding paused was the run before it.
        pausedByHiding = false;
        mark();
        break;
      default:
        break;
    }
  });
}
