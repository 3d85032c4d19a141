/**
 * The training controls — play/pause, one D-step, one G-step, one iteration, speed, reset,
 * new seed, history download — and the read-outs and backend badge, bound to a Player.
 * The read-outs follow a snapshot of any lab: each measure it carries goes to the read-out of
 * its name (W₁, KS, sliced W₁, modes, high-quality share, D(real), D(fake), the judge); the
 * page shows the ones of its mode.
 */

import { SPEEDS, type JudgeScore, type Snapshot, type Speed } from "../protocol";
import type { Player } from "./player";

/** The measures a snapshot may carry that have a read-out of their own, named as the snapshot names them. */
const MEASURES = ["w1", "ks", "sliced_w1", "real_probability", "fake_probability"] as const;
type Measure = (typeof MEASURES)[number];

export interface ControlElements {
  play: HTMLButtonElement;
  stepDiscriminator: HTMLButtonElement;
  stepGenerator: HTMLButtonElement;
  iteration: HTMLButtonElement;
  speed: HTMLSelectElement;
  reset: HTMLButtonElement;
  newSeed: HTMLButtonElement;
  download: HTMLButtonElement;
  exportPytorch: HTMLButtonElement;
  copyLink: HTMLButtonElement;
  badge: HTMLElement;
  readouts: {
    step: HTMLElement;
    itPerSec: HTMLElement;
    discriminator_loss: HTMLElement;
    generator_loss: HTMLElement;
    w1: HTMLElement;
    ks: HTMLElement;
    sliced_w1: HTMLElement;
    /** 2D ring and grid: modes covered of the target's, and the share of high-quality samples. */
    modes: HTMLElement;
    high_quality: HTMLElement;
    real_probability: HTMLElement;
    fake_probability: HTMLElement;
    judge: HTMLElement;
  };
}

/** What the page can change in the controls after binding them. */
export interface Controls {
  /** Shows a speed chosen elsewhere (a link). */
  showSpeed(speed: Speed): void;
  /** While `waiting` (a lab fetching its data), nothing can be trained: the buttons are off. */
  hold(waiting: boolean): void;
  /** Shows `text` on `button` for a moment (e.g. "Copied ✓"), then its label again. */
  flash(button: HTMLButtonElement, text: string): void;
  /**
   * Rewind: the read-outs show `frame` (an earlier snapshot, with the judge's verdict of its
   * time) and ignore the live ones until `null` brings the latest back.
   */
  freeze(frame: { snapshot: Snapshot; judge: JudgeScore | null } | null): void;
}

/** What the controls change beyond the player: the link's `speed` and `seed`, the history. */
export interface ControlActions {
  setSpeed(speed: Speed): void;
  newSeed(): void;
  downloadHistory(): void;
  /** "Export for PyTorch": `run.py` and `weights.safetensors` of the run now, as a zip. */
  exportPytorch(): void;
  copyLink(): void;
}

const SPEED_LABELS: Record<Speed, string> = {
  max: "Max",
  "100": "100 / frame",
  "10": "10 / frame",
  "1": "1 / frame",
  slow: "Slow motion",
};

/** The button each key presses (see the keydown handler in `bindControls`). */
const KEY_BUTTONS: Partial<Record<string, (el: ControlElements) => HTMLButtonElement>> = {
  " ": (el) => el.play,
  ArrowRight: (el) => el.iteration,
  r: (el) => el.reset,
  R: (el) => el.reset,
};

/** Wires the controls. */
export function bindControls(player: Player, el: ControlElements, actions: ControlActions): Controls {
  const steppers = [el.stepDiscriminator, el.stepGenerator, el.iteration];
  let held = false;
  // Whether a trainer is there to command (between `ready` and a fatal error).
  let enabled = false;
  const setEnabled = (on: boolean) => {
    enabled = on;
    for (const button of [el.play, el.reset, el.exportPytorch, ...steppers]) button.disabled = !enabled || held;
  };
  const showRunning = (running: boolean) => {
    el.play.textContent = running ? "Pause" : "Play";
    el.play.title = running ? "Pause training (Space)" : "Train continuously (Space)";
    el.play.setAttribute("aria-pressed", String(running));
    // Single steps are for a paused run: while it trains they would be lost in the stream.
    // (And never before a trainer is there: a step would be lost.)
    for (const button of steppers) button.disabled = !enabled || running || held;
  };
  setEnabled(false);
  el.badge.textContent = "Starting…";
  el.speed.replaceChildren(...SPEEDS.map((speed) => new Option(SPEED_LABELS[speed], speed)));

  el.play.addEventListener("click", () => (player.running ? player.pause() : player.play()));
  el.stepDiscriminator.addEventListener("click", () => player.step(1, "discriminator"));
  el.stepGenerator.addEventListener("click", () => player.step(1, "generator"));
  el.iteration.addEventListener("click", () => player.step(1, "iteration"));
  el.reset.addEventListener("click", () => player.reset());
  el.newSeed.addEventListener("click", () => actions.newSeed());
  el.download.addEventListener("click", () => actions.downloadHistory());
  el.exportPytorch.addEventListener("click", () => actions.exportPytorch());
  el.copyLink.addEventListener("click", () => actions.copyLink());
  el.speed.addEventListener("change", () => {
    const speed = SPEEDS.find((s) => s === el.speed.value);
    if (speed) actions.setSpeed(speed);
  });
  // Keys, when this page has the focus (in a slide deck: when the widget was clicked, so the
  // deck's own keys keep working otherwise): Space plays/pauses, → one iteration, R resets —
  // except where a key types or presses a focused control, and never with a modifier (Ctrl+R
  // still reloads).
  document.addEventListener("keydown", (event) => {
    if (event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement | null;
    // A focused button or link (a chart's legend toggle too) takes Space itself; fields take every key.
    const owner = event.key === " " ? "input, textarea, select, button, a, [role='button'], [contenteditable]" : "input, textarea, select, [contenteditable]";
    // A modal dialog (Share) holds the keys: none of them trains the run behind it.
    if (target && (target.closest(owner) || target.closest("dialog"))) return;
    const button = KEY_BUTTONS[event.key]?.(el);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });

  /**
   * The read-outs of a snapshot of any lab: the step, the speed, the losses, every measure of
   * the snapshot that has a read-out of the same name (W₁, KS, D(real), D(fake)), the judge.
   */
  let frozen = false;
  const showSnapshot = (s: Snapshot, judge = player.judge) => {
    el.readouts.step.textContent = s.step.toLocaleString("en-US");
    el.readouts.itPerSec.textContent = player.running && !frozen ? formatRate(player.itPerSec) : "—";
    el.readouts.discriminator_loss.textContent = formatLoss(s.discriminator_loss);
    el.readouts.generator_loss.textContent = formatLoss(s.generator_loss);
    for (const name of MEASURES) {
      const value = (s as Partial<Record<Measure, number>>)[name];
      if (name in s) el.readouts[name].textContent = value == null ? "—" : formatMetric(value);
    }
    // A snapshot with a sliced W₁ (always there, unlike the optional mode counts) has the modes' read-outs.
    if ("sliced_w1" in s) {
      el.readouts.modes.textContent = s.modes_covered != null && s.mode_count != null ? `${s.modes_covered} / ${s.mode_count}` : "—";
      el.readouts.high_quality.textContent = s.high_quality != null ? `${Math.round(s.high_quality * 100)} %` : "—";
    }
    if ("judge" in s) el.readouts.judge.textContent = judge ? `${Math.round(judge.confident * 100)} % · ${judge.classes} cl.` : "—";
  };

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
      case "fresh":
        frozen = false;
        showRunning(player.running);
        for (const readout of Object.values(el.readouts)) readout.textContent = "—";
        el.readouts.step.textContent = "0";
        break;
      case "running":
        showRunning(event.running);
        if (!event.running) el.readouts.itPerSec.textContent = "—";
        break;
      case "snapshot":
        if (!frozen) showSnapshot(event.snapshot);
        break;
      case "error":
        if (event.fatal) {
          setEnabled(false);
          el.badge.textContent = "Stopped";
        }
        break;
      default:
        break;
    }
  });

  return {
    showSpeed: (speed) => {
      el.speed.value = speed;
    },
    hold: (waiting) => {
      held = waiting;
      setEnabled(player.info !== null);
      showRunning(player.running);
    },
    flash: (button, text) => {
      const label = button.dataset.label ?? button.textContent ?? "";
      button.dataset.label = label;
      button.textContent = text;
      window.setTimeout(() => (button.textContent = label), 1500);
    },
    freeze: (frame) => {
      frozen = frame !== null;
      const shown = frame?.snapshot ?? player.snapshot;
      if (shown) showSnapshot(shown, frame ? frame.judge : player.judge);
    },
  };
}

function formatLoss(loss: number | undefined): string {
  return loss === undefined ? "—" : loss.toFixed(4);
}

function formatMetric(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "—";
}

function formatRate(rate: number): string {
  return rate >= 100 ? Math.round(rate).toLocaleString("en-US") : rate.toFixed(rate >= 10 ? 1 : 2);
}
