/**
 * Widget protocol v1 (shared/DESIGN.md §4): how a parent frame (a slide deck, a test page)
 * drives this page and hears from it. Active only inside a frame.
 */

import { WIDGET_SOURCE, WIDGET_VERSION, parseWidgetCommand, type WidgetCommand, type WidgetMessage } from "../protocol";
import type { BackendInfo, Player } from "./player";
import { describeDeviceLost, describeDivergence } from "./failures";

/** While running, `status` goes out at most this often. */
const STATUS_INTERVAL_MS = 250;

/** What the parent is told the page shows: the preset and the canonical hash of the run. */
export interface WidgetView {
  preset: string;
  hash: string;
}

/**
 * The `samples` answer: 1D samples as one list; points (`dim` given) as one list of `dim`
 * coordinates per point; or images (`width`/`height` given) as one list of `width × height`
 * values in [0, 1] per image.
 */
export function samplesMessage(id: string | number, values: Float32Array, width?: number, height?: number, dim?: number): WidgetMessage {
  if (dim !== undefined && dim > 0) {
    const points = Array.from({ length: Math.floor(values.length / dim) }, (_, i) => Array.from(values.subarray(i * dim, (i + 1) * dim)));
    return { type: "samples", id, kind: "points", dim, points };
  }
  if (width === undefined || height === undefined) return { type: "samples", id, kind: "1d", values: Array.from(values) };
  const cell = width * height;
  const count = cell > 0 ? Math.floor(values.length / cell) : 0;
  const images = Array.from({ length: count }, (_, i) => Array.from(values.subarray(i * cell, (i + 1) * cell), (v) => Math.min(1, Math.max(0, v))));
  return { type: "samples", id, kind: "image", width, height, images };
}

/** What the widget needs from the page. */
export interface WidgetHooks {
  /** What runs now. */
  view(): WidgetView;
  /** `set-hash`: applies another demo's hash, as a link would. */
  setHash(hash: string): void;
}

/** What the page tells the parent beyond the player's events. */
export interface Widget {
  /** A bad link value (`key`) or another problem, as an `error` message. */
  error(message: string, key?: string): void;
}

/**
 * Speaks the widget protocol with the parent frame, if there is one (outside a frame the
 * bridge does nothing).
 */
export function connectWidget(player: Player, hooks: WidgetHooks): Widget {
  if (window.parent === window) return { error: () => {} };
  const parent = window.parent;
  const send = (message: WidgetMessage) => parent.postMessage({ source: WIDGET_SOURCE, v: WIDGET_VERSION, ...message }, "*");
  const current = () => hooks.view();
  let lastStatusAt = -Infinity;
  // Every status says which demo it is about (an addition to v1: a parent can tell that a
  // `set-hash` took effect without waiting for a `ready`).
  const sendStatus = () => {
    lastStatusAt = performance.now();
    send({ type: "status", ...player.status(), ...current() });
  };
  /** The hash the latest `ready` announced. */
  let announced: string | null = null;
  const sendReady = (info: BackendInfo) => {
    const view = current();
    announced = view.hash;
    send({ type: "ready", backend: info.backend, adapter: info.adapter, ...view });
    sendStatus();
  };

  player.on((event) => {
    switch (event.type) {
      case "ready":
        sendReady(event.info);
        break;
      case "running":
        sendStatus();
        break;
      case "fresh":
        // Another demo on the same trainer (a `set-hash` or an edited address: no new worker,
        // so no `ready` from it): announced as the protocol says, with a `ready` of its own.
        if (player.info && current().hash !== announced) sendReady(player.info);
        break;
      case "starting":
      case "resetting":
      case "real-images":
      case "latent-walk":
      case "generator-exported":
      case "pytorch-exported":
      case "generator-imported":
      case "checkpoint":
        break;
      case "snapshot":
        if (!player.running || performance.now() - lastStatusAt >= STATUS_INTERVAL_MS) sendStatus();
        break;
      case "samples":
        send(samplesMessage(event.id, event.values, event.width, event.height, event.dim));
        break;
      case "error":
        send(event.fatal ? { type: "error", message: event.message, code: "crashed" } : { type: "error", message: event.message });
        break;
      case "diverged":
        send({ type: "error", message: describeDivergence(event.divergence), code: "diverged" });
        sendStatus();
        break;
      case "device-lost":
        send({ type: "error", message: describeDeviceLost(event.message), code: "device-lost" });
        break;
    }
  });

  // `resize` whenever the content's height changes (a host without a fixed height follows it).
  let lastHeight = -1;
  const observer = new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (height === lastHeight) return;
    lastHeight = height;
    send({ type: "resize", height });
  });
  observer.observe(document.documentElement);
  observer.observe(document.body);

  let warned = false;
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (event.source !== parent) return;
    const command = parseWidgetCommand(event.data);
    if (!command) {
      if (!warned) console.warn("gan-playground: ignoring a message that is not a widget command", event.data);
      warned = true;
      return;
    }
    run(command);
  });

  function run(command: WidgetCommand): void {
    switch (command.type) {
      case "play":
        return player.play();
      case "pause":
        return player.pause();
      case "reset":
        return player.reset();
      case "step":
        return player.step(command.n);
      case "get-status":
        return sendStatus();
      case "get-samples":
        return player.requestSamples(command.id, command.n);
      case "set-hash":
        return hooks.setHash(command.hash);
    }
  }

  return { error: (message, key) => send(key === undefined ? { type: "error", message } : { type: "error", message, key }) };
}
