/**
 * A start that does not finish says so (issue 29): when the trainer is not ready
 * {@link STARTUP_WATCHDOG_MS} after a (re)start, the page says what the worker is still doing
 * (its latest `stage`: loading a module, starting threads, asking for a WebGPU adapter) and
 * offers a reload; the message goes when the trainer is ready, and says the next stage if it
 * moves on meanwhile. (A thread pool that never starts is the worker's own watchdog's:
 * worker/wasm.ts falls back to one thread.)
 */

import type { Messages } from "./messages";
import type { Player } from "./player";

/** How long a start may take before the page says what it still waits for. */
export const STARTUP_WATCHDOG_MS = 20_000;
/**
 * The same in the test build unless a test sets its own: the suite runs two browsers on two
 * cores and WebGPU on a software adapter, where a start of 25 s is load, not a fault, and the
 * warning would be one more message in every test that counts the page's messages.
 */
export const TEST_STARTUP_WATCHDOG_MS = 120_000;

export function watchStartup(player: Player, messages: Messages, waitMs = STARTUP_WATCHDOG_MS): void {
  let timer = 0;
  let stage = "starting the trainer";
  let startedAt = 0;
  let dismiss: (() => void) | null = null;
  const clear = () => {
    window.clearTimeout(timer);
    timer = 0;
    dismiss?.();
    dismiss = null;
    delete document.body.dataset.slowStart;
  };
  const say = () => {
    dismiss?.();
    const seconds = Math.round((performance.now() - startedAt) / 1000);
    dismiss = messages.show(
      `Still starting after ${seconds} s: ${stage}… A slow connection or device can take a while; if nothing changes, reload the page.`,
      "warning",
      {
        label: "Reload",
        run: () => location.reload(),
      },
    );
    document.body.dataset.slowStart = stage;
  };
  player.on((event) => {
    switch (event.type) {
      case "starting":
        clear();
        stage = "starting the trainer";
        startedAt = performance.now();
        timer = window.setTimeout(say, waitMs);
        break;
      case "stage":
        stage = event.stage;
        // Already said: say where it is now.
        if (dismiss) say();
        break;
      case "ready":
      case "error":
        clear();
        break;
      default:
        break;
    }
  });
}
