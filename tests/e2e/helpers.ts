import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";

/** True in the projects that run Chromium with `--enable-unsafe-webgpu`. */
export function webgpuProject(): boolean {
  return test.info().project.name.startsWith("webgpu");
}

/** True in the projects whose pages are not cross-origin isolated (the one-thread build). */
export function plainProject(): boolean {
  return test.info().project.name.endsWith("-plain");
}

/** Collects console errors and uncaught exceptions; call `assertNone()` at the end. */
export function watchErrors(page: Page): { assertNone: () => void } {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("dialog", (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { assertNone: () => expect(errors, "console errors").toEqual([]) };
}

export async function readNumber(page: Page, selector: string): Promise<number> {
  const text = (await page.locator(selector).textContent()) ?? "";
  return Number(text.replace(/,/g, ""));
}

/** Waits until the step counter reaches `n`. */
export async function waitForStep(page: Page, n: number, timeout: number): Promise<void> {
  await expect.poll(() => readNumber(page, "#stat-step"), { timeout, intervals: [250] }).toBeGreaterThanOrEqual(n);
}

/** Number of pixels of a canvas that are not fully transparent. */
export function drawnPixels(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext("2d");
    if (!ctx || canvas.width === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
    return count;
  });
}

/** The generated-histogram pixels (orange-ish) only change when the generator learns. */
export function canvasSignature(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement) => canvas.toDataURL());
}

/**
 * Starts a 10 ms heartbeat on the page's main thread and records how late each beat is:
 * a beat late by 100 ms means the main thread was blocked that long (the Long Tasks API
 * reports nothing in headless Chromium, so this measures the same thing directly).
 */
export async function watchMainThread(page: Page): Promise<void> {
  await page.evaluate(startHeartbeat);
}

/**
 * The heartbeat of {@link watchMainThread}, run in the page (any driver's `evaluate`: the
 * Firefox tests' puppeteer too); late beats over 60 ms land in `window.blockedMs`.
 */
export function startHeartbeat(): void {
  const w = window as unknown as { blockedMs: number[] };
  w.blockedMs = [];
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 60) w.blockedMs.push(Math.round(now - last));
    last = now;
  }, 10);
}

/**
 * The page was not blocked while a worker trained: no beat of {@link startHeartbeat} over
 * 250 ms late, and at most two over 100 ms. On a 2-core machine the main thread shares the
 * cores with the trainer (and the threaded build's two rayon threads), so a beat now and then
 * comes late by the scheduler alone: in 36 runs of training.spec's window here (2026-12-07,
 * this build and the one before it alike) the latest beat came 46–149 ms late, and in the 12
 * counted no run had more than two beats over 100 ms. Work on the main thread shows as one
 * long block, or as late beats again and again.
 */
export function expectNotBlocked(stalls: readonly number[]): void {
  const shown = `main-thread stalls: ${JSON.stringify(stalls)}`;
  expect(
    stalls.filter((ms) => ms > 250),
    shown,
  ).toEqual([]);
  expect(stalls.filter((ms) => ms > 100).length, shown).toBeLessThanOrEqual(2);
}

/** The main-thread stalls (> 60 ms between 10 ms beats) since `watchMainThread`. */
export function mainThreadStalls(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { blockedMs: number[] }).blockedMs);
}

/**
 * The backend badge for the CPU: `why`, then how many threads it trains on. The test server
 * sends the cross-origin-isolation headers, so with two or more cores the threaded build runs.
 */
export async function cpuBadge(page: Page, why: string): Promise<RegExp> {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = plainProject()
    ? "1 thread: the page is not cross-origin isolated (COOP/COEP headers)"
    : cores >= 2
      ? `${Math.min(cores, 8)} threads`
      : "1 thread: this device reports one core";
  return new RegExp(`^${why.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(${threads}\\)$`);
}

/**
 * The images of a digit grid, read back from its canvas: each image's 28×28 grey levels
 * (0–255), sampled at the centre of every scaled pixel (the grid says its layout and scale).
 */
export function gridImages(page: Page, selector: string): Promise<number[][]> {
  return page.locator(selector).evaluate(gridImagesOf);
}

/** `gridImages`, run in the page on the canvas itself (the Firefox tests' puppeteer calls it too). */
export function gridImagesOf(canvas: HTMLCanvasElement): number[][] {
  const { count, columns, cell, gap, scale } = canvas.dataset;
  const [n, cols, side, space, s] = [count, columns, cell, gap, scale].map(Number) as [number, number, number, number, number];
  const context = canvas.getContext("2d");
  if (!context || !(n > 0)) return [];
  const { data, width } = context.getImageData(0, 0, canvas.width, canvas.height);
  return Array.from({ length: n }, (_, k) => {
    const left = (k % cols) * (side + space);
    const top = Math.floor(k / cols) * (side + space);
    return Array.from({ length: side * side }, (_, p) => {
      const x = (left + (p % side)) * s + Math.floor(s / 2);
      const y = (top + Math.floor(p / side)) * s + Math.floor(s / 2);
      return data[(y * width + x) * 4]!;
    });
  });
}

/** The test build's fault hooks (main.ts `window.ganPlaygroundFaults`; not in the shipped build). */
export interface Faults {
  loseDevice(): void;
  panic(): void;
  workerError(): void;
  /** The next restore calls the module's panic first: a real trap where a restore would meet one. */
  trapNextRestore(): void;
  /** The worker holds its next checkpoint's answer back 1.5 s. */
  slowCheckpoint(): void;
  /** The module allocates until none is left: the trap of an allocation failure. */
  exhaustMemory(): void;
}

/** Calls the page's fault hooks, each in the page. */
export function faults(page: Page): { [K in keyof Faults]: () => Promise<void> } {
  const call = (name: keyof Faults) => () => page.evaluate((n) => (window as unknown as { ganPlaygroundFaults: Faults }).ganPlaygroundFaults[n](), name);
  return {
    loseDevice: call("loseDevice"),
    panic: call("panic"),
    workerError: call("workerError"),
    trapNextRestore: call("trapNextRestore"),
    slowCheckpoint: call("slowCheckpoint"),
    exhaustMemory: call("exhaustMemory"),
  };
}

// ── a parent page that embeds the widget (tests/fixtures/embed-parent.html) ─────────────

/** A message the widget sent its parent. */
export interface Received {
  source: string;
  v: number;
  type: string;
  [field: string]: unknown;
}

const parentHtml = readFileSync(new URL("../fixtures/embed-parent.html", import.meta.url), "utf8");

/** The site's cross-origin-isolation headers (vite.config.ts), for a test's own page. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/**
 * Opens the parent page with the widget on `hash`. `isolated`: the parent is served with the
 * site's COOP/COEP headers, so that the widget in it is cross-origin isolated too (the threaded
 * build); without, the widget runs the one-thread build, as in most decks.
 */
export async function openParent(page: Page, hash: string, { isolated = false } = {}): Promise<void> {
  // Served from the same origin as the widget, as a deck on the same host would be.
  const headers: Record<string, string> = isolated ? ISOLATION_HEADERS : {};
  await page.route("**/__fixtures__/embed-parent.html", (route) => route.fulfill({ contentType: "text/html", headers, body: parentHtml }));
  await page.goto(`./__fixtures__/embed-parent.html${hash}`);
}

export function received(page: Page): Promise<Received[]> {
  return page.evaluate(() => (window as unknown as { received: Received[] }).received);
}

export async function lastStatus(page: Page): Promise<Received | undefined> {
  return (await received(page)).filter((m) => m.type === "status").at(-1);
}

export function command(page: Page, message: Record<string, unknown>): Promise<void> {
  return page.evaluate((m) => (window as unknown as { command: (m: unknown) => void }).command(m), message);
}

/**
 * A link with bad values, an unknown key and markup in a value (firefox.spec.ts, webkit.spec.ts):
 * the page must name each in its messages (`BAD_LINK_MESSAGES`), draw none of it, and keep seed=5.
 */
export const BAD_LINK = `#v=1&preset=tuned-1d&backend=cpu&g_lr=fast&batch=0&target=${encodeURIComponent("<img src=x onerror=alert(1)>")}&colour=red&seed=5`;
export const BAD_LINK_MESSAGES = expect.arrayContaining([
  expect.stringContaining("g_lr=fast is not valid"),
  expect.stringContaining("batch=0 is not valid"),
  expect.stringContaining("target=<img src=x onerror=alert(1)> is not valid"),
  "Ignored unknown link keys: colour",
]) as unknown;
