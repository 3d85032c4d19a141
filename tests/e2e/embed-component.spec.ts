/**
 * The `<gan-playground>` element (www/src/embed/gan-playground.ts, built as dist/gan-playground.js)
 * on a host page, and the example reveal.js deck (examples/reveal/), both from the build served
 * under /demo/.
 */

import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import type { GanPlaygroundElement } from "../../www/src/embed/gan-playground";
import { watchErrors, webgpuProject } from "./helpers";

/** A message the element re-emitted, as the host fixture records it. */
interface HostEvent {
  type: string;
  detail: { type: string; source: string; v: number; [field: string]: unknown };
}

/** What the host fixture (and the test) keep on its window. */
interface HostGlobals {
  events: HostEvent[];
  earlyStatus?: Promise<unknown>;
}

const hostHtml = readFileSync(new URL("../fixtures/component-host.html", import.meta.url), "utf8");
/** The host page is cross-origin isolated, like the preview server's pages (vite.config.ts). */
const ISOLATION = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

/** Opens the host fixture (same origin as the build) with `hash` for its element. */
async function openHost(page: Page, hash: string): Promise<void> {
  await page.route("**/__fixtures__/component-host.html", (route) => route.fulfill({ contentType: "text/html", headers: ISOLATION, body: hostHtml }));
  await page.goto(`./__fixtures__/component-host.html${hash}`);
}

function events(page: Page, type: string): Promise<HostEvent["detail"][]> {
  return page.evaluate((t) => (window as unknown as HostGlobals).events.filter((e) => e.type === t).map((e) => e.detail), type);
}

async function waitForReady(page: Page, timeout = 120_000): Promise<HostEvent["detail"]> {
  await expect.poll(async () => (await events(page, "ready")).length, { timeout }).toBeGreaterThan(0);
  return (await events(page, "ready"))[0]!;
}

/** The element's answer to `getStatus()`. */
function getStatus(page: Page): Promise<{ running: boolean; step: number }> {
  return page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.getStatus());
}

test("the element loads the page beside its module, in an isolated frame, and fires ready", async ({ page }) => {
  const errors = watchErrors(page);
  const hash = "#v=1&preset=tuned-1d&seed=5";
  await openHost(page, hash);
  const frame = page.locator("gan-playground").locator("iframe");
  await expect(frame).toHaveAttribute("src", new URL(`../index.html${hash}`, page.url()).href);
  await expect(frame).toHaveAttribute("allow", "cross-origin-isolated");
  await expect(frame).toHaveAttribute("title", "GAN Playground");

  // On software WebGPU the backend trial takes a while.
  const ready = await waitForReady(page, 180_000);
  expect(ready).toMatchObject({ source: "gan-playground", v: 1, preset: "tuned-1d" });
  expect(["cpu", "webgpu"]).toContain(ready.backend);
  expect(ready.hash as string).toMatch(/^#v=1&/);
  expect(await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.ready)).toBe(true);
  // The isolated host lends its isolation to the frame: the CPU backend may use threads there.
  const widget = page.frames().find((f) => f.url().includes("/demo/index.html"))!;
  expect(await widget.evaluate(() => crossOriginIsolated)).toBe(true);
  errors.assertNone();
});

test("play, pause, step, reset, samples and a new hash through the element's methods", async ({ page }) => {
  test.skip(webgpuProject(), "the element's plumbing does not depend on the backend");
  const errors = watchErrors(page);
  await openHost(page, "#v=1&preset=tuned-1d&backend=cpu&seed=5");

  // A command given before `ready` waits in the queue; a message from another window is not ours.
  const early = await page.evaluate(() => {
    const gan = document.querySelector<GanPlaygroundElement>("gan-playground")!;
    (window as unknown as HostGlobals).earlyStatus = gan.getStatus();
    window.postMessage({ source: "gan-playground", v: 1, type: "error", message: "not from the frame" }, "*");
    return gan.ready;
  });
  expect(early).toBe(false);
  await waitForReady(page);
  expect(await page.evaluate(() => (window as unknown as HostGlobals).earlyStatus)).toMatchObject({ type: "status", step: 0, running: false });
  expect(await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.lastStatus)).toMatchObject({
    type: "status",
    step: 0,
  });

  await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.play());
  await expect
    .poll(async () => (await events(page, "status")).filter((s) => s.running).map((s) => s.step as number))
    .toEqual(expect.arrayContaining([expect.any(Number), expect.any(Number), expect.any(Number)]));
  await expect.poll(async () => ((await events(page, "status")).at(-1)?.step as number) ?? 0).toBeGreaterThan(50);
  const running = (await events(page, "status")).filter((s) => s.running).map((s) => s.step as number);
  for (let i = 1; i < running.length; i++) expect(running[i]).toBeGreaterThanOrEqual(running[i - 1]!);
  expect(running.at(-1)!).toBeGreaterThan(running[0]!);

  await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.pause());
  await expect.poll(async () => (await events(page, "status")).at(-1)?.running).toBe(false);
  const paused = await getStatus(page);
  expect(paused.running).toBe(false);

  await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.step(3));
  await expect.poll(async () => (await getStatus(page)).step).toBe(paused.step + 3);
  const refused = await page.evaluate(async () => {
    const gan = document.querySelector<GanPlaygroundElement>("gan-playground")!;
    const names: string[] = [];
    try {
      gan.step(0);
    } catch (error) {
      names.push((error as Error).name);
    }
    await gan.getSamples(1.5).catch((error: Error) => names.push(error.name));
    return names;
  });
  expect(refused).toEqual(["RangeError", "RangeError"]);

  const samples = await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.getSamples(16));
  expect(samples).toMatchObject({ type: "samples", kind: "1d" });
  const values = (samples as { values: number[] }).values;
  expect(values).toHaveLength(16);
  expect(values.every(Number.isFinite)).toBe(true);
  expect((await events(page, "samples")).map((s) => s.id)).toEqual([samples.id]);

  await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.reset());
  await expect.poll(async () => (await getStatus(page)).step).toBe(0);

  // A new hash goes to the live page as `set-hash`: the same document, another run.
  const widget = page.frames().find((f) => f.url().includes("/demo/index.html"))!;
  await widget.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.evaluate(() => {
    document.querySelector<GanPlaygroundElement>("gan-playground")!.hash = "#v=1&preset=tuned-1d&backend=cpu&seed=6";
  });
  await expect.poll(() => widget.evaluate(() => location.hash)).toContain("seed=6");
  expect(await widget.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  expect(await events(page, "error")).toEqual([]);
  errors.assertNone();
});

test("getSamples answers 16 digit images of 784 values for mnist-mlp", async ({ page }) => {
  test.skip(webgpuProject(), "the answer's shape does not depend on the backend");
  await openHost(page, "#v=1&preset=mnist-mlp&backend=cpu");
  await waitForReady(page, 180_000);
  await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.step(2));
  const samples = await page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.getSamples(16));
  expect(samples).toMatchObject({ type: "samples", kind: "image", width: 28, height: 28 });
  const images = (samples as { images: number[][] }).images;
  expect(images).toHaveLength(16);
  for (const image of images) {
    expect(image).toHaveLength(784);
    expect(image.every((v) => v >= 0 && v <= 1)).toBe(true);
  }
});

test("the frame's height: the height attribute, else the widget's resize messages", async ({ page }) => {
  test.skip(webgpuProject(), "sizes do not depend on the backend");
  await openHost(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1&show=hist");
  await waitForReady(page);
  const frame = page.locator("gan-playground").locator("iframe");
  const height = async () => (await frame.boundingBox())!.height;
  const setHeight = (value: string | null) =>
    page.evaluate((v) => {
      const gan = document.querySelector("gan-playground")!;
      if (v === null) gan.removeAttribute("height");
      else gan.setAttribute("height", v);
    }, value);

  await setHeight("300");
  expect(await height()).toBeCloseTo(300, 0);
  await setHeight("50vh");
  expect(await height()).toBeCloseTo(page.viewportSize()!.height / 2, 0);

  // Needs the widget's `resize` messages (widget.ts): without a height attribute the frame
  // follows the content height they report.
  await setHeight(null);
  await expect.poll(async () => (await events(page, "resize")).length).toBeGreaterThan(0);
  const reported = (await events(page, "resize")).at(-1)!.height as number;
  expect(await height()).toBeCloseTo(Math.ceil(reported), 0);
});

// ── the example deck (examples/reveal) ──────────────────────────────────────────────────

/** What the deck (deck.ts) and the test keep on its window. */
interface DeckGlobals {
  deck: { isReady(): boolean; getIndices(): { h: number; v: number }; slide(h: number): void };
}

async function openDeck(page: Page): Promise<void> {
  await page.goto("./examples/reveal/index.html");
  await expect.poll(() => page.evaluate(() => (window as unknown as DeckGlobals).deck?.isReady() ?? false)).toBe(true);
}

function slideIndex(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as DeckGlobals).deck.getIndices().h);
}

/** Gives the keyboard to the deck (not to a widget's frame) and checks that it has it. */
async function focusDeck(page: Page): Promise<void> {
  await page.locator(".reveal .slides section.present h2, .reveal .slides section.present h1").first().click();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("BODY");
}

test("the deck: arrow keys and Space move the slides and never reach the widget", async ({ page }) => {
  test.skip(webgpuProject(), "the deck's keyboard does not depend on the backend");
  const errors = watchErrors(page);
  await openDeck(page);
  // The <gan-playground> slide (its widget is paused until someone presses Train).
  await page.evaluate(() => (window as unknown as DeckGlobals).deck.slide(2));
  await expect.poll(() => page.evaluate(() => document.querySelector<GanPlaygroundElement>("gan-playground")!.ready), { timeout: 180_000 }).toBe(true);
  await expect(page.locator("#digits-play")).toBeEnabled();
  expect(await getStatus(page)).toMatchObject({ running: false, step: 0 });

  await focusDeck(page);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => slideIndex(page)).toBe(3);
  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => slideIndex(page)).toBe(2);
  // Space plays/pauses the widget when it has the focus; here it belongs to the deck.
  await page.keyboard.press(" ");
  await expect.poll(() => slideIndex(page)).toBe(3);
  expect(await getStatus(page)).toMatchObject({ running: false, step: 0 });
  errors.assertNone();
});

test("the deck: the 1D slide trains, is unloaded when left, and resumes when shown again @both-builds", async ({ page }) => {
  test.skip(webgpuProject(), "reveal.js's lazy loading does not depend on the backend");
  const errors = watchErrors(page);
  await openDeck(page);
  const iframe = page.locator("#gan-1d");
  await expect(iframe).not.toHaveAttribute("src", /./);

  await focusDeck(page);
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => slideIndex(page)).toBe(1);
  await expect(iframe).toHaveAttribute("src", /index\.html#v=1&preset=tuned-1d&embed=1&autoplay=1/);
  const widget = page.frameLocator("#gan-1d");
  const step = async () => Number(((await widget.locator("#stat-step").textContent()) ?? "").replace(/,/g, ""));
  /** A step the page wrote on its <body> (ui/resume.ts): the last checkpoint filed, the one resumed from. */
  const bodyStep = async (name: string) => {
    const value = await widget.locator("body").getAttribute(name);
    return value === null || value === "" ? null : Number(value);
  };
  // autoplay=1: it trains without a click.
  await expect.poll(step, { timeout: 120_000 }).toBeGreaterThan(300);
  if (process.env.DECK_SCREENSHOT) await page.screenshot({ path: process.env.DECK_SCREENSHOT });
  // Depends on `resume` (on by default with embed=1): checkpoints are filed every 2 s while a
  // 1D run trains.
  await expect.poll(async () => (await bodyStep("data-saved-step")) ?? 0, { timeout: 20_000 }).toBeGreaterThan(300);
  const saved = (await bodyStep("data-saved-step"))!;
  const left = await step();

  await page.keyboard.press("ArrowRight");
  await expect.poll(() => slideIndex(page)).toBe(2);
  // reveal.js unloads the frame: `src` goes back into `data-src`.
  await expect(iframe).not.toHaveAttribute("src", /./);
  await expect(iframe).toHaveAttribute("data-src", /preset=tuned-1d/);

  await page.keyboard.press("ArrowLeft");
  await expect.poll(() => slideIndex(page)).toBe(1);
  await expect(iframe).toHaveAttribute("src", /preset=tuned-1d/);
  // Depends on `resume` (on by default with embed=1): the reloaded page continues from its last
  // checkpoint — the one read above or a later one — rather than from step 0.
  await expect.poll(() => bodyStep("data-resumed-step"), { timeout: 120_000 }).not.toBeNull();
  const resumed = (await bodyStep("data-resumed-step"))!;
  expect(resumed, `resumed at ${resumed}: checkpoint ${saved} seen, left at ${left}`).toBeGreaterThanOrEqual(saved);
  expect(resumed).toBeLessThanOrEqual(left);
  // …and trains on from there (autoplay again).
  await expect.poll(step).toBeGreaterThan(resumed);
  errors.assertNone();
});
