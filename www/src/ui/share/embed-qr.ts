/**
 * `controls=…,qr`: a small QR code of the link in the controls bar, for a deck to show the room
 * (a student scans it from the slide and gets the full page of the same run). Pressing it shows
 * the code full screen (over the whole frame where full screen is refused); pressing again, or
 * Escape, puts it back.
 */

import { drawQr } from "./share-dialog";

export class EmbedQr {
  private shown = "";

  constructor(
    private readonly button: HTMLButtonElement,
    private readonly canvas: HTMLCanvasElement,
  ) {
    button.addEventListener("click", () => {
      if (document.fullscreenElement === canvas) {
        void document.exitFullscreen();
      } else if (button.getAttribute("aria-pressed") === "true") {
        this.zoom(false);
      } else if (document.fullscreenEnabled) {
        canvas.requestFullscreen().catch(() => this.zoom(true));
      } else {
        this.zoom(true);
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.zoom(false);
    });
  }

  /** The link the code holds (drawn again only when it changed, and only while the code is on show). */
  show(link: string, on: boolean): void {
    this.button.hidden = !on;
    if (!on || link === this.shown) return;
    this.shown = link;
    drawQr(this.canvas, link);
    this.button.setAttribute("aria-label", `QR code of this demo's link, to open it on a phone: ${link}. Press to enlarge.`);
    this.button.dataset.link = link;
  }

  private zoom(on: boolean): void {
    this.canvas.classList.toggle("embed-qr-zoomed", on);
    this.button.setAttribute("aria-pressed", String(on));
  }
}
