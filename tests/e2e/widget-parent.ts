/**
 * A parent page's side of the widget (tests/fixtures/embed-parent.html: an iframe, the messages
 * it heard in `window.received`, `window.command` to send one), read through whichever driver a
 * spec has: puppeteer's page in firefox.spec.ts, WebDriver's in webkit.spec.ts. Chromium's specs
 * have helpers.ts's, on Playwright's page.
 */

import { expect } from "@playwright/test";
import type { Received } from "./helpers";

/** Runs `script` (with `arg`) in the parent page and gives back what it returns. */
export type Evaluate = <T>(script: (arg: Record<string, unknown>) => T, arg: Record<string, unknown>) => Promise<T>;

export interface WidgetParent {
  /** Every message the parent heard from the widget, oldest first. */
  received: () => Promise<Received[]>;
  /** Sends a widget-protocol command. */
  command: (message: Record<string, unknown>) => Promise<void>;
  lastStatus: () => Promise<Received | undefined>;
  /** The widget's `ready`, once it came. */
  waitForReady: () => Promise<Received>;
  /** The latest status at step `step` that carries W₁ (one sent at `ready` has the step, not W₁). */
  w1At: (step: number, timeout: number) => Promise<number>;
}

export function widgetParent(evaluate: Evaluate): WidgetParent {
  const received = () => evaluate(() => (window as unknown as { received: Received[] }).received, {});
  const parent: WidgetParent = {
    received,
    command: (message) => evaluate((m) => void (window as unknown as { command: (m: unknown) => void }).command(m), message),
    lastStatus: async () => (await received()).filter((m) => m.type === "status").at(-1),
    waitForReady: async () => {
      await expect.poll(async () => (await received()).some((m) => m.type === "ready"), { timeout: 120_000 }).toBe(true);
      return (await received()).find((m) => m.type === "ready")!;
    },
    w1At: async (step, timeout) => {
      const measured = (m: Received) => m.type === "status" && m.step === step && (m.metrics as { w1?: number } | undefined)?.w1 !== undefined;
      await expect.poll(async () => (await received()).some(measured), { timeout, intervals: [250] }).toBe(true);
      return ((await received()).filter(measured).at(-1)!.metrics as { w1: number }).w1;
    },
  };
  return parent;
}

/**
 * The widget protocol from a parent page opened at `#v=1&backend=cpu&seed=5`: `ready` names the
 * run, play trains, pause stops, get-status answers, step n moves n iterations.
 */
export async function drivesTheWidget(parent: WidgetParent): Promise<void> {
  const { received, command, lastStatus } = parent;
  expect(await parent.waitForReady()).toMatchObject({
    source: "gan-playground",
    v: 1,
    backend: "cpu",
    preset: "tuned-1d",
    hash: "#v=1&preset=tuned-1d&backend=cpu&seed=5",
  });
  await expect.poll(lastStatus).toMatchObject({ running: false, step: 0, backend: "cpu" });
  await command({ type: "play" });
  await expect.poll(async () => (await lastStatus())?.step as number, { timeout: 60_000 }).toBeGreaterThan(50);
  expect(await lastStatus()).toMatchObject({ running: true });
  await command({ type: "pause" });
  await expect.poll(async () => (await lastStatus())?.running).toBe(false);

  const before = (await received()).length;
  await command({ type: "get-status" });
  await expect.poll(async () => (await received()).slice(before).some((m) => m.type === "status")).toBe(true);
  const paused = (await received()).slice(before).find((m) => m.type === "status")!;
  expect(paused.running).toBe(false);
  expect(Number.isFinite(paused.discriminator_loss) && Number.isFinite(paused.generator_loss)).toBe(true);
  await command({ type: "step", n: 5 });
  await expect.poll(async () => (await lastStatus())?.step).toBe((paused.step as number) + 5);
}
