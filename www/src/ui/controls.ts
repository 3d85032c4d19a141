/** Play/pause, step, reset, the read-outs and the backend badge, bound to a Player. */

import type { Player } from "./player";

export interface ControlElements {
  play: HTMLButtonElement;
  step: HTMLButtonElement;
  reset: HTMLButtonElement;
  badge: HTMLElement;
  readouts: { step: HTMLElement; itPerSec: HTMLElement; dLoss: HTMLElement; gLoss: HTMLElement; w1: HTMLElement };
}

export function bindControls(player: Player, el: ControlElements): void {
  const setEnabled = (enabled: boolean) => {
    for (const button of [el.play, el.step, el.reset]) button.disabled = !enabled;
  };
  const showRunning = (running: boolean) => {
    el.play.textContent = running ? "Pause" : "Play";
    el.play.setAttribute("aria-pressed", String(running));
    el.step.disabled = running;
  };
  setEnabled(false);
  el.badge.textContent = "Starting…";

  el.play.addEventListener("click", () => (player.running ? player.pause() : player.play()));
  el.step.addEventListener("click", () => player.step(1));
  el.reset.addEventListener("click", () => player.reset());

  player.on((event) => {
    switch (event.type) {
      case "starting":
        setEnabled(false);
        showRunning(false);
        el.badge.textContent = "Starting…";
        delete el.badge.dataset.backend;
        for (const readout of Object.values(el.readouts)) readout.textContent = "—";
        break;
      case "ready":
        el.badge.textContent = event.info.reason;
        el.badge.dataset.backend = event.info.backend;
        setEnabled(true);
        showRunning(player.running);
        break;
      case "running":
        showRunning(event.running);
        if (!event.running) el.readouts.itPerSec.textContent = "—";
        break;
      case "snapshot": {
        const s = event.snapshot;
        el.readouts.step.textContent = s.step.toLocaleString("en-US");
        el.readouts.itPerSec.textContent = player.running ? formatRate(player.itPerSec) : "—";
        el.readouts.dLoss.textContent = formatLoss(s.dLoss);
        el.readouts.gLoss.textContent = formatLoss(s.gLoss);
        el.readouts.w1.textContent = s.w1.toFixed(3);
        break;
      }
      case "error":
        if (event.fatal) {
          setEnabled(false);
          el.badge.textContent = "Stopped";
        }
        break;
    }
  });
}

function formatLoss(loss: number | null): string {
  return loss === null ? "—" : loss.toFixed(4);
}

function formatRate(rate: number): string {
  return rate >= 100 ? Math.round(rate).toLocaleString("en-US") : rate.toFixed(rate >= 10 ? 1 : 2);
}
