/**
 * The example deck (examples/reveal/index.html): reveal.js from npm, one slide with the
 * playground in a lazy-loaded iframe, one with the <gan-playground> element driven through its
 * methods and events. The element's module is loaded by a script tag of its own (the built
 * dist/gan-playground.js), so only its types are imported here.
 */

import Reveal from "reveal.js";
import "reveal.js/reveal.css";
import "reveal.js/theme/white.css";
import "./deck.css";
import type { GanPlaygroundElement, GanPlaygroundStatus } from "../../www/src/embed/gan-playground";

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the deck lacks #${id}`);
  return found as T;
}

const deck = new Reveal({
  // The slide is in the address (#/2): a reload, or a link, opens the same slide.
  hash: true,
  // Defaults, stated because the demos depend on them: iframes with `data-src` load when their
  // slide is shown and unload when it is left (`preloadIframes: null` + no `data-preload`),
  // slides within `viewDistance` are kept in the DOM, and an iframe that takes focus on load
  // gives it back, so the arrow keys keep driving the deck.
  preloadIframes: null,
  viewDistance: 3,
  preventIframeAutoFocus: true,
});

const digits = byId<GanPlaygroundElement>("gan-digits");
const play = byId<HTMLButtonElement>("digits-play");
const reset = byId<HTMLButtonElement>("digits-reset");
const statusLine = byId("digits-status");

function showStatus(status: GanPlaygroundStatus): void {
  play.textContent = status.running ? "Pause" : "Train";
  const rate = status.running ? ` · ${Math.round(status.itPerSec)} it/s` : "";
  statusLine.textContent = `iteration ${status.step.toLocaleString("en")}${rate} · ${status.backend === "webgpu" ? "WebGPU" : "CPU"}`;
}

digits.addEventListener("ready", () => {
  play.disabled = false;
  reset.disabled = false;
});
digits.addEventListener("status", (event) => showStatus(event.detail));
digits.addEventListener("error", (event) => {
  statusLine.textContent = event.detail.message;
});
play.addEventListener("click", () => (digits.lastStatus?.running ? digits.pause() : digits.play()));
reset.addEventListener("click", () => digits.reset());

// The element stays in the page on every slide; leaving its slide pauses it, so that it does
// not compete for the CPU with the next demo.
deck.on("slidechanged", (event) => {
  const { previousSlide } = event as Event & { previousSlide?: HTMLElement | null };
  if (previousSlide?.contains(digits) && digits.matches(":defined")) digits.pause();
});

await deck.initialize();
// For tests and the console: the deck's API.
(window as unknown as { deck: typeof deck }).deck = deck;
