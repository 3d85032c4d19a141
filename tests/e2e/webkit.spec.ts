/**
 * The page in WebKit, the engine of Safari: Debian's WebKitGTK (MiniBrowser) driven through
 * WebDriver classic by selenium-webdriver (webkit.ts; scripts/webkit.sh finds the driver), the
 * `webkit` project's only file. MiniBrowser has no WebGPU and no relaxed SIMD; it has
 * SharedArrayBuffer on an isolated page only with JavaScriptCore's `useSharedArrayBuffer` on,
 * as Safari has (webkit.ts sets it). So the page runs the one-thread CPU build on the server
 * without COOP/COEP (PLAIN_PORT), where most tests run, and the threaded build on an isolated
 * page: the isolated server, or the plain one once the service worker has reloaded it.
 *
 * - One WebKitWebDriver (and Xvfb) for the file, a WebDriver session per test: a session is a
 *   fresh MiniBrowser with empty storage, and starts in under a second. Each test's page is
 *   served through a proxy of its own (proxy.ts), so each test is also an origin of its own.
 * - The driver runs under `LANG=C.UTF-8`, where WebKitGTK reports `navigator.language` as `C`,
 *   a tag `Intl` refuses (www/src/locale-guard.ts): the first test checks that this is still
 *   what WebKit says, and that the page's read-outs still read as plain numbers.
 * - WebDriver classic has no console events: the proxy puts an error collector first in every
 *   page the browser navigates to (webkit.ts), and a test fails on any error or console error
 *   that any page said; a failed test prints what the page said. (The page the service worker
 *   answers offline is the page as built — the worker keeps only files that match the build's
 *   hashes — so the offline test installs the collector there itself, after the load.)
 * - The service worker is kept out (the proxy answers `sw.js` with 404, as the config's
 *   `serviceWorkers: "block"` does for Chromium) except in the offline test: on a page without
 *   COOP/COEP it takes the page over and reloads it once (www/src/ui/offline.ts), which would
 *   land in the middle of the other tests at a time of the browser's choosing.
 */

import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { PLAIN_PORT } from "../../playwright.config";
import { drivesTheWidget, widgetParent } from "./widget-parent";
import { BAD_LINK, BAD_LINK_MESSAGES, expectNotBlocked, gridImagesOf, startHeartbeat } from "./helpers";
import { ISOLATION } from "./proxy";
import { miniBrowser, startWebKitDriver, WEBKIT_DRIVER, WebKitPage, type WebKitDriver } from "./webkit";

const parentHtml = readFileSync(new URL("../fixtures/embed-parent.html", import.meta.url), "utf8");
const PARENT = "__fixtures__/embed-parent.html";

/** The built-in digits (scripts/mnist-asset.mjs): a 20-byte header, then u8 pixels. */
const asset = readFileSync(new URL("../../public/data/mnist-10k.bin", import.meta.url));
const FIRST_DIGIT = Array.from(asset.subarray(20, 20 + 28 * 28));

/** tuned-1d, seed 0: W₁ below 0.05 within 3,000 iterations (learning.spec.ts, the native test). */
const ITERATIONS = 3000;
const W1_BOUND = 0.05;

/** What the page says once the service worker has the site (www/src/ui/offline.ts). */
const SAVED = "Saved for offline use";
/** A read-out of the page in en-US digits: "3,000", "0.0421". */
const EN_US_NUMBER = /^-?\d{1,3}(,\d{3})*(\.\d+)?$/;

let webkit: WebKitDriver;
/** This test's session (`session()`). */
let page: WebKitPage;
/** The sessions to close after this test. */
const opened: WebKitPage[] = [];
/** The site without COOP/COEP (PLAIN_PORT), which each test's proxy forwards. */
let plainURL: string;

test.beforeAll(async () => {
  expect(miniBrowser(), "no MiniBrowser (libwebkit2gtk-4.1-0): run scripts/webkit.sh (npm test does), or set WEBKIT_BROWSER").toBeTruthy();
  webkit = await startWebKitDriver();
  console.log(`webkit: ${WEBKIT_DRIVER}, ${miniBrowser()}`);
});

test.afterAll(async () => {
  await webkit?.stop();
});

test.beforeEach(({ baseURL }) => {
  plainURL = baseURL!.replace(/:\d+\//, `:${PLAIN_PORT}/`);
});

/** A failed test says what the page said; every session is closed. */
test.afterEach(async () => {
  const { status, expectedStatus } = test.info();
  if (opened.length > 0 && status !== expectedStatus) {
    const said = await page.said();
    const shown = await page
      .evaluate(() => ({
        url: location.href,
        badge: document.querySelector("#backend")?.textContent,
        play: document.querySelector("#play")?.textContent,
        step: document.querySelector("#stat-step")?.textContent,
        visibility: document.visibilityState,
        focus: document.hasFocus(),
      }))
      .catch(String);
    console.log(`webkit: the page said ${JSON.stringify({ ...said, messages: await page.messages().catch(String), shown }, null, 2)}`);
    console.log(`webkit: the driver and MiniBrowser wrote:\n${webkit.output() || "(nothing)"}`);
  }
  await Promise.all(opened.splice(0).map((session) => session.close()));
});

/** A session on a proxy of its own (webkit.ts); the parent page is among its fixtures. */
async function session(options: { serviceWorker?: boolean } = {}): Promise<WebKitPage> {
  page = await WebKitPage.open(webkit.url, plainURL, { ...options, fixtures: { [PARENT]: { body: parentHtml } } });
  opened.push(page);
  return page;
}

/** No page of this session said an error (console warnings are allowed, as in helpers.ts). */
async function expectNoErrors(): Promise<void> {
  expect((await page.said()).errors, "what the pages said as errors").toEqual([]);
}

async function waitForStep(n: number, timeout: number): Promise<void> {
  await expect.poll(() => page.number("#stat-step"), { timeout, intervals: [250] }).toBeGreaterThanOrEqual(n);
}

/** Opens the page at `hash` and waits until it can train. */
async function open(hash: string): Promise<void> {
  await page.goto(hash);
  await expect.poll(() => page.enabled("#play"), { timeout: 60_000 }).toBe(true);
}

/** Play until step `n`, then pause. */
async function train(n: number): Promise<void> {
  await page.click("#play");
  await expect.poll(() => page.text("#play")).toBe("Pause");
  await waitForStep(n, 120_000);
  await page.click("#play");
  await expect.poll(() => page.text("#play")).toBe("Play");
}

// ── a parent page with the widget in an iframe (tests/fixtures/embed-parent.html) ─────

const parent = widgetParent((script, arg) => page.evaluate(script, arg));
const { command, waitForReady, w1At } = parent;

/** Runs `read` in the widget's frame. */
async function inWidget<T>(read: () => Promise<T>): Promise<T> {
  await page.driver.switchTo().frame(await page.element("#widget"));
  try {
    return await read();
  } finally {
    await page.driver.switchTo().defaultContent();
  }
}

// ── the tests ─────────────────────────────────────────────────────────────────────────

test(`tuned-1d, seed 0, on the one-thread build: W₁ falls below ${W1_BOUND} within ${ITERATIONS.toLocaleString("en-US")} iterations; under LANG=C.UTF-8 the read-outs are en-US numbers`, async () => {
  await session();
  await page.goto(`${PARENT}#v=1&preset=tuned-1d&backend=cpu&seed=0&embed=1`);
  const ready = await waitForReady();
  const facts = await page.evaluate(() => ({
    language: (window as unknown as { pageSaid: { language: string } }).pageSaid.language,
    isolated: crossOriginIsolated,
    webgpu: "gpu" in navigator,
  }));
  console.log(`webkit: ${JSON.stringify(facts)}; ${String(ready.adapter)}`);
  // The locale trap (locale-guard.ts): if WebKitGTK stops reporting `C` here, this test no longer checks the guard.
  expect(facts.language, "WebKitGTK's navigator.language under LANG=C.UTF-8").toBe("C");
  expect(facts).toMatchObject({ isolated: false, webgpu: false });
  expect(ready.adapter).toBe("CPU (WebAssembly, 1 thread)");
  const initial = await w1At(0, 30_000);
  expect(initial, "the untrained generator is far from N(4, 1.25)").toBeGreaterThan(1);
  const started = Date.now();
  await command({ type: "step", n: ITERATIONS });
  const trained = await w1At(ITERATIONS, 150_000);
  const seconds = (Date.now() - started) / 1000;
  console.log(`webkit, ${String(ready.adapter)}: W₁ ${initial.toFixed(4)} at 0 → ${trained.toFixed(4)} at ${ITERATIONS} (${seconds.toFixed(1)} s)`);
  expect(trained).toBeLessThan(W1_BOUND);

  // The widget's page replaced the language Intl refuses (and said so), and its read-outs are en-US numbers.
  const shown = await inWidget(async () => ({
    language: await page.evaluate(() => navigator.language),
    step: await page.text("#stat-step"),
    w1: await page.text("#stat-w1"),
  }));
  expect(shown).toMatchObject({ language: "en-US", step: "3,000" });
  expect(shown.w1).toMatch(EN_US_NUMBER);
  expect(Math.abs(Number(shown.w1) - trained), `the W₁ read-out ${shown.w1}`).toBeLessThan(0.01);
  expect((await page.said()).warnings).toContainEqual(expect.stringContaining(`the browser's language "C" is not a locale Intl takes; the charts use en-US`));
  await expectNoErrors();
});

test(`tuned-1d, seed 0, on the threaded build (an isolated page, as Safari gives one): W₁ below ${W1_BOUND} within ${ITERATIONS.toLocaleString("en-US")} iterations`, async ({
  baseURL,
}) => {
  // The parent and the widget on the isolated server (the config's baseURL), the parent isolated too.
  page = await WebKitPage.open(webkit.url, baseURL!, { fixtures: { [PARENT]: { body: parentHtml, headers: ISOLATION } } });
  opened.push(page);
  await page.goto(`${PARENT}#v=1&preset=tuned-1d&backend=cpu&seed=0&embed=1`);
  const ready = await waitForReady();
  expect(await page.evaluate(() => crossOriginIsolated && typeof SharedArrayBuffer === "function")).toBe(true);
  expect(ready.adapter).toMatch(/^CPU \(WebAssembly, [2-8] threads\)$/);
  const initial = await w1At(0, 30_000);
  const started = Date.now();
  await command({ type: "step", n: ITERATIONS });
  const trained = await w1At(ITERATIONS, 150_000);
  console.log(
    `webkit, ${String(ready.adapter)}: W₁ ${initial.toFixed(4)} at 0 → ${trained.toFixed(4)} at ${ITERATIONS} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  expect(trained).toBeLessThan(W1_BOUND);
  await expectNoErrors();
});

test("backend=webgpu says why it runs on the CPU (WebKitGTK has no WebGPU), which trains without blocking the page @alone", async () => {
  await session();
  await open("#v=1&preset=tuned-1d&backend=webgpu&seed=3");
  // The browser table (README.md) says WebKitGTK has no WebGPU; when it gains it, the table and this test change together.
  expect(await page.evaluate(() => "gpu" in navigator), "WebKitGTK now has navigator.gpu: update README.md's browser table and this test").toBe(false);
  await expect
    .poll(() => page.text("#backend"))
    .toBe("CPU — WebGPU unavailable: this browser has no WebGPU (1 thread: the page is not cross-origin isolated (COOP/COEP headers))");
  expect(await page.messages()).toContain("backend=webgpu: WebGPU unavailable (this browser has no WebGPU); training on the CPU instead");

  // Long tasks: a 10 ms heartbeat on the main thread (helpers.ts `watchMainThread`) while the
  // worker trains; the same bound as training.spec.ts in Chromium.
  await page.evaluate(startHeartbeat);
  await train(200);
  expectNotBlocked(await page.evaluate(() => (window as unknown as { blockedMs: number[] }).blockedMs));
  for (const id of ["#stat-dloss", "#stat-gloss", "#stat-w1"]) expect(Number.isFinite(await page.number(id)), id).toBe(true);
  await expectNoErrors();
});

test("a bad link names each bad key in the page, draws nothing it says, and the page still trains", async () => {
  await session();
  await open(BAD_LINK);
  await expect.poll(() => page.messages()).toEqual(BAD_LINK_MESSAGES);
  expect(await page.evaluate(() => document.querySelectorAll("#messages img, #messages [onerror]").length)).toBe(0);
  expect(await page.evaluate(() => (document.querySelector("#set-seed") as HTMLInputElement).value)).toBe("5");
  await train(100);
  expect(Number.isFinite(await page.number("#stat-w1"))).toBe(true);
  await expectNoErrors();
});

test("mnist-mlp: the real digits are drawn exactly, and G's grid changes as it trains", async () => {
  await session();
  await open("#v=1&preset=mnist-mlp&backend=cpu");
  const count = (selector: string) => page.evaluate((s: string) => (document.querySelector(s) as HTMLCanvasElement).dataset.count ?? null, selector);
  const grid = async (selector: string) => page.driver.executeScript<number[][]>(gridImagesOf, await page.element(selector));
  await expect.poll(() => count("#real-grid"), { timeout: 120_000 }).toBe("16");
  expect((await grid("#real-grid"))[0]).toEqual(FIRST_DIGIT);
  await expect.poll(() => count("#generated-grid"), { timeout: 120_000 }).toBe("16");
  const untrained = JSON.stringify(await grid("#generated-grid"));
  expect((JSON.parse(untrained) as number[][]).flat().some((v) => v > 0)).toBe(true);
  await train(30);
  await expect.poll(async () => JSON.stringify(await grid("#generated-grid")), { timeout: 30_000 }).not.toBe(untrained);
  for (const id of ["#stat-dloss", "#stat-gloss", "#stat-dreal", "#stat-dfake"]) expect(Number.isFinite(await page.number(id)), id).toBe(true);
  await expectNoErrors();
});

test("a parent page drives the widget: ready, play, pause, get-status, step", async () => {
  await session();
  await page.goto(`${PARENT}#v=1&backend=cpu&seed=5`);
  await drivesTheWidget(parent);
  await expectNoErrors();
});

test("a run reloaded in the same browser resumes from its checkpoint (IndexedDB): the step, the read-outs and the views come back", async () => {
  await session();
  await open("#v=1&preset=tuned-1d&backend=cpu&resume=1&seed=4");
  await train(1000);
  // The pause files the final step (ui/resume.ts).
  const paused = await page.number("#stat-step");
  await expect.poll(() => page.bodyData("savedStep"), { timeout: 20_000 }).toBe(String(paused));
  const readOuts = async () => ({ step: await page.text("#stat-step"), w1: await page.text("#stat-w1") });
  const views = () =>
    page.evaluate(() => Array.from(document.querySelectorAll<HTMLCanvasElement>('[data-panel="hist dcurve"] canvas'), (canvas) => canvas.toDataURL()));
  const left = await readOuts();
  expect(left.step, "the step counter in en-US digits").toBe(paused.toLocaleString("en-US"));
  expect(left.w1).toMatch(EN_US_NUMBER);
  const drawn = await views();
  const blank = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLCanvasElement>('[data-panel="hist dcurve"] canvas'), (canvas) =>
      Object.assign(document.createElement("canvas"), { width: canvas.width, height: canvas.height }).toDataURL(),
    ),
  );
  expect(drawn.length, "the distribution panel's canvases").toBeGreaterThan(0);
  expect(drawn, "the distribution panel is drawn").not.toEqual(blank);

  await page.driver.navigate().refresh();
  await expect.poll(() => page.enabled("#play"), { timeout: 60_000 }).toBe(true);
  await expect.poll(() => page.bodyData("resumedStep")).toBe(String(paused));
  await expect.poll(readOuts).toEqual(left);
  await expect.poll(views, { timeout: 20_000 }).toEqual(drawn);
  // It trains on from there.
  await page.click("#step");
  await expect.poll(() => page.number("#stat-step")).toBe(paused + 1);
  await expectNoErrors();
});

test("offline: once the page says it is saved for offline use, it reloads and trains with the network gone (the service worker)", async () => {
  await session({ serviceWorker: true });
  await page.goto("#v=1&preset=tuned-1d&backend=cpu");
  // The worker registers once the first run is ready, saves the site, and (on this plain host)
  // reloads the page once; the page then says so.
  await expect.poll(() => page.messages(), { timeout: 120_000, intervals: [500] }).toContainEqual(expect.stringContaining(SAVED));
  await expect.poll(() => page.enabled("#play"), { timeout: 60_000 }).toBe(true);
  // The reloaded page is cross-origin isolated (the worker's headers): all cores, as in Safari.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect.poll(() => page.text("#backend")).toMatch(/^CPU — chosen in the link \(backend=cpu\) \([2-8] threads\)$/);
  expect(await page.messages()).toContainEqual(expect.stringContaining("Saved for offline use, and training on all cores"));
  await expectNoErrors();

  // The network is gone: the proxy, the page's only way to the site, refuses connections.
  await page.site.close();
  expect(
    await page.evaluate(() =>
      fetch("not-in-the-build.txt").then(
        (response) => `HTTP ${response.status}`,
        () => "failed",
      ),
    ),
  ).toBe("failed");
  await page.driver.navigate().refresh();
  // WebKitGTK's service worker answers the page and its trainer worker, but not the workers that
  // one starts (the threads): offline their imports fail, the threaded start fails, and the
  // trainer falls back to the one-thread build, which the service worker keeps with any other.
  await expect.poll(() => page.enabled("#play"), { timeout: 90_000 }).toBe(true);
  await expect.poll(() => page.text("#backend")).toMatch(/\(1 thread: /);
  console.log(`webkit offline: ${await page.text("#backend")}`);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), "the reloaded page is the service worker's").toBe(true);
  // The page as built, from the worker's cache: no collector in it until now.
  await page.collect();
  await train(100);
  expect(Number.isFinite(await page.number("#stat-w1"))).toBe(true);
  await expectNoErrors();
});
