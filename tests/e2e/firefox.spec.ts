/**
 * The page in Firefox: Debian's firefox-esr (scripts/firefox.sh, `$FIREFOX`). Playwright's own
 * Firefox is a patched build that is not installed here, so these tests leave Playwright's
 * `page` fixture alone and drive firefox-esr themselves, two ways:
 *
 * - Through WebDriver BiDi with puppeteer-core (one Firefox for the file, a fresh browser
 *   context for each test, everything closed after), on the page without COOP/COEP (the
 *   one-thread build): the 1D lab learns; a digit preset draws the real digits exactly and G's,
 *   which change as it trains; a bad link is named in the page, which still trains; a parent
 *   page drives the widget; backend=webgpu says why it runs on the CPU; clips recorded of the 1D
 *   lab decode (a WebM in Firefox's own decoder, every frame; a GIF; an MP4 in its <video>).
 * - Without WebDriver, on the cross-origin-isolated page (the threaded build): Firefox started
 *   on a parent page that embeds the widget, drives it through the widget protocol and posts
 *   what it heard to a small server in front of the site (proxy.ts). Under a WebDriver BiDi session Firefox
 *   stalls a worker that starts workers now and then — every BiDi session registers a worker
 *   listener in the content process (the remote agent's WebDriverWorkerListener actor, on the
 *   WorkerDebuggerManager), and with it about one threaded start in ten here (three in a row on
 *   a busy machine) blocked for good in the trainer worker's `new Worker` for the rayon pool
 *   (wasm-bindgen-rayon's startWorkers), the badge at "Starting…". The same page in the same
 *   firefox-esr without a WebDriver session (remote agent on, puppeteer's profile, or neither)
 *   started 150 times out of 150: the stall is the harness's, and the threaded build is checked
 *   where the harness cannot reach it.
 */

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import jsQR from "jsqr";
import puppeteer, { type Browser, type BrowserContext, type Page } from "puppeteer-core";
import { PLAIN_PORT } from "../../playwright.config";
import { counterRegion, decodeFrames, playVideo, readGif, readMp4, readWebm, webCodec } from "./clips";
import { drivesTheWidget, widgetParent } from "./widget-parent";
import { BAD_LINK, BAD_LINK_MESSAGES, expectNotBlocked, gridImagesOf, startHeartbeat } from "./helpers";
import { ISOLATION, proxyServer } from "./proxy";

const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";
const parentHtml = readFileSync(new URL("../fixtures/embed-parent.html", import.meta.url), "utf8");

/** The built-in digits (scripts/mnist-asset.mjs): a 20-byte header, then u8 pixels. */
const asset = readFileSync(new URL("../../public/data/mnist-10k.bin", import.meta.url));
const FIRST_DIGIT = Array.from(asset.subarray(20, 20 + 28 * 28));

/** tuned-1d, seed 0: W₁ below 0.05 within 3,000 iterations (learning.spec.ts, the native test). */
const ITERATIONS = 3000;
const W1_BOUND = 0.05;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
/** The page without COOP/COEP (PLAIN_PORT), where the WebDriver tests run. */
let plainURL: string;

test.beforeAll(async () => {
  expect(existsSync(FIREFOX), `no Firefox at ${FIREFOX}: run scripts/firefox.sh (npm test does), or set FIREFOX`).toBe(true);
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    // Service workers blocked, as the config's `serviceWorkers: "block"` does for Chromium: the
    // page's worker reloads a plain page into an isolated one (ui/offline.ts; offline.spec.ts).
    extraPrefsFirefox: { "dom.serviceWorkers.enabled": false },
  });
  console.log(`firefox: ${await browser.version()}`);
});

test.afterAll(async () => {
  await browser?.close();
});

/** A page in a fresh browser context (its own storage), its errors collected. */
test.beforeEach(async ({ baseURL }) => {
  plainURL = baseURL!.replace(/:\d+\//, `:${PLAIN_PORT}/`);
  context = await browser.createBrowserContext();
  page = await context.newPage();
  errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${String(error)}`));
  page.on("dialog", (dialog) => {
    errors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
});

test.afterEach(async () => {
  await context?.close();
});

// ── small puppeteer equivalents of helpers.ts ──────────────────────────────────────────

const text = (selector: string) => page.$eval(selector, (el) => el.textContent ?? "");
const number = async (selector: string) => Number((await text(selector)).replace(/,/g, ""));
const enabled = (selector: string) => page.$eval(selector, (el) => !(el as HTMLButtonElement).disabled);
/** helpers.ts's grid reader, passed to the page as it is (it is self-contained). */
const readGrid = gridImagesOf as (canvas: Element) => number[][];
const messages = () => page.$$eval("#messages .message > span", (spans) => spans.map((span) => span.textContent ?? ""));

async function waitForStep(n: number, timeout: number): Promise<void> {
  await expect.poll(() => number("#stat-step"), { timeout, intervals: [250] }).toBeGreaterThanOrEqual(n);
}

/** Opens the plain page at `hash` and waits until it can train. */
async function open(hash: string): Promise<void> {
  await page.goto(`${plainURL}${hash}`);
  await expect.poll(() => enabled("#play"), { timeout: 60_000 }).toBe(true);
}

/** Play until step `n`, then pause. */
async function train(n: number): Promise<void> {
  await page.click("#play");
  await expect.poll(() => text("#play")).toBe("Pause");
  await waitForStep(n, 120_000);
  await page.click("#play");
  await expect.poll(() => text("#play")).toBe("Play");
}

// ── a parent page with the widget in an iframe (tests/fixtures/embed-parent.html) ─────

/** The parent on the plain page's host (same origin as the widget; no COOP/COEP). */
async function openParent(hash: string): Promise<void> {
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (!request.url().includes("/__fixtures__/embed-parent.html")) return void request.continue();
    void request.respond({ status: 200, contentType: "text/html", body: parentHtml });
  });
  await page.goto(`${plainURL}__fixtures__/embed-parent.html${hash}`);
}

const parent = widgetParent((script, arg) => page.evaluate(script, arg));
const { command, waitForReady, w1At } = parent;

// ── Firefox without WebDriver: a parent page that reports to this file's server ─────────

/** A fresh profile's settings: no service worker (as above), no first-run chores. */
const PREFS: Record<string, boolean | string> = {
  "dom.serviceWorkers.enabled": false,
  "browser.shell.checkDefaultBrowser": false,
  "browser.startup.homepage_override.mstone": "ignore",
  "datareporting.policy.dataSubmissionEnabled": false,
  "app.update.disabledForTesting": true,
};

/**
 * The parent (isolated: the widget runs the threaded build): it reports what this Firefox has,
 * the widget's `ready` and errors, and W₁ before and after ITERATIONS single steps.
 */
const REPORTING_PARENT = `<!doctype html><meta charset="utf-8"><title>parent (firefox.spec.ts)</title>
<iframe id="widget" width="900" height="700"></iframe>
<script>
  const report = (message) => fetch("/report", { method: "POST", body: JSON.stringify(message) });
  const widget = document.getElementById("widget");
  let initial;
  addEventListener("message", (event) => {
    const m = event.data;
    if (!m || m.source !== "gan-playground") return;
    if (m.type === "ready") report({ type: "ready", adapter: m.adapter, backend: m.backend });
    if (m.type === "error") report({ type: "error", message: m.message });
    const w1 = m.type === "status" && m.metrics ? m.metrics.w1 : undefined;
    if (w1 === undefined) return;
    if (m.step === 0 && initial === undefined) {
      initial = w1;
      widget.contentWindow.postMessage({ target: "gan-playground", type: "step", n: ${ITERATIONS} }, "*");
    }
    if (m.step === ${ITERATIONS}) report({ type: "trained", initial, w1 });
  });
  (async () => {
    const gpu = "gpu" in navigator && navigator.gpu ? navigator.gpu : null;
    const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
    report({ type: "facts", crossOriginIsolated, cores: navigator.hardwareConcurrency, webgpu: gpu !== null, adapter: adapter !== null });
  })();
  widget.src = "../" + location.hash;
</script>`;

// ── the tests ─────────────────────────────────────────────────────────────────────────

test(`tuned-1d, seed 0, on the one-thread build (a plain page): W₁ falls below ${W1_BOUND} within ${ITERATIONS.toLocaleString("en-US")} iterations`, async () => {
  await openParent("#v=1&preset=tuned-1d&backend=cpu&seed=0&embed=1");
  const ready = await waitForReady();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  expect(ready.adapter).toBe("CPU (WebAssembly, 1 thread)");
  const initial = await w1At(0, 30_000);
  expect(initial, "the untrained generator is far from N(4, 1.25)").toBeGreaterThan(1);
  await command({ type: "step", n: ITERATIONS });
  const trained = await w1At(ITERATIONS, 150_000);
  console.log(`firefox, ${String(ready.adapter)}: W₁ ${initial.toFixed(4)} at 0 → ${trained.toFixed(4)} at ${ITERATIONS}`);
  expect(trained).toBeLessThan(W1_BOUND);
  expect(errors).toEqual([]);
});

test(`tuned-1d, seed 0, on the threaded build (an isolated page, Firefox without WebDriver): W₁ below ${W1_BOUND} within ${ITERATIONS.toLocaleString("en-US")} iterations`, async ({
  baseURL,
}) => {
  // The parent on the widget's origin (tests/e2e/proxy.ts), which keeps what it reports.
  const server = await proxyServer(baseURL!, { fixtures: { "__fixtures__/firefox-parent.html": { body: REPORTING_PARENT, headers: ISOLATION } } });
  const profile = mkdtempSync(join(tmpdir(), "gan-firefox-"));
  writeFileSync(
    join(profile, "user.js"),
    Object.entries(PREFS)
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`)
      .join("\n"),
  );
  const firefox = spawn(
    FIREFOX,
    ["--headless", "--no-remote", "--profile", profile, `${server.url}__fixtures__/firefox-parent.html#v=1&preset=tuned-1d&backend=cpu&seed=0&embed=1`],
    { stdio: "ignore" },
  );
  const exited = new Promise((resolve) => firefox.once("exit", resolve));
  try {
    const report = (type: string) => server.reports.find((r) => r.type === type);
    const heard = () => server.reports.some((r) => r.type === "error") || ["facts", "ready", "trained"].every((type) => report(type));
    await expect
      .poll(heard, { timeout: 150_000, intervals: [250] })
      .toBe(true)
      .catch((error: unknown) => {
        throw new Error(`no result from Firefox; the parent reported ${JSON.stringify(server.reports)}`, { cause: error });
      });
    expect(server.reports.filter((r) => r.type === "error")).toEqual([]);
    const [facts, ready, trained] = [report("facts")!, report("ready")!, report("trained")!];
    console.log(
      `firefox without WebDriver: ${JSON.stringify(facts)}; ${String(ready.adapter)}: W₁ ${Number(trained.initial).toFixed(4)} at 0 → ${Number(trained.w1).toFixed(4)} at ${ITERATIONS}`,
    );
    expect(facts).toMatchObject({ crossOriginIsolated: true, webgpu: false });
    const cores = facts.cores as number;
    expect(ready.adapter).toBe(cores >= 2 ? `CPU (WebAssembly, ${Math.min(cores, 8)} threads)` : "CPU (WebAssembly, 1 thread)");
    expect(trained.initial, "the untrained generator is far from N(4, 1.25)").toBeGreaterThan(1);
    expect(trained.w1).toBeLessThan(W1_BOUND);
  } finally {
    firefox.kill();
    await exited;
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test("backend=webgpu says why it runs on the CPU (this Firefox has no WebGPU), which trains without blocking the page @alone", async () => {
  await open("#v=1&preset=tuned-1d&backend=webgpu&seed=3");
  const facts = await page.evaluate(async () => ({
    webgpu: "gpu" in navigator && navigator.gpu !== undefined,
    adapter: "gpu" in navigator && navigator.gpu ? (await navigator.gpu.requestAdapter()) !== null : false,
  }));
  console.log(`firefox: ${JSON.stringify(facts)}; badge: ${await text("#backend")}`);
  // The browser table (docs/users.md) says firefox-esr on Linux has no WebGPU; when it gains it,
  // the table and this test change together.
  expect(facts.webgpu, "firefox-esr now has navigator.gpu: update docs/users.md's browser table and this test").toBe(false);
  await expect
    .poll(() => text("#backend"))
    .toBe("CPU — WebGPU unavailable: this browser has no WebGPU (1 thread: the page is not cross-origin isolated (COOP/COEP headers))");
  expect(await messages()).toContain("backend=webgpu: WebGPU unavailable (this browser has no WebGPU); training on the CPU instead");

  // Long tasks: a 10 ms heartbeat on the main thread (helpers.ts `watchMainThread`) while the
  // worker trains; the same bound as training.spec.ts in Chromium.
  await page.evaluate(startHeartbeat);
  await train(200);
  expectNotBlocked(await page.evaluate(() => (window as unknown as { blockedMs: number[] }).blockedMs));
  for (const id of ["#stat-dloss", "#stat-gloss", "#stat-w1"]) expect(Number.isFinite(await number(id)), id).toBe(true);
  expect(errors).toEqual([]);
});

test("a bad link names each bad key in the page, draws nothing it says, and the page still trains", async () => {
  await open(BAD_LINK);
  await expect.poll(messages).toEqual(BAD_LINK_MESSAGES);
  expect(await page.$$eval("#messages img, #messages [onerror]", (found) => found.length)).toBe(0);
  expect(await page.$eval("#set-seed", (input) => (input as HTMLInputElement).value)).toBe("5");
  await train(100);
  expect(Number.isFinite(await number("#stat-w1"))).toBe(true);
  expect(errors).toEqual([]);
});

test("mnist-mlp: the real digits are drawn exactly, and G's grid changes as it trains", async () => {
  await open("#v=1&preset=mnist-mlp&backend=cpu");
  await expect.poll(() => page.$eval("#real-grid", (canvas) => (canvas as HTMLCanvasElement).dataset.count), { timeout: 120_000 }).toBe("16");
  const real = await page.$eval("#real-grid", readGrid);
  expect(real[0]).toEqual(FIRST_DIGIT);
  await expect.poll(() => page.$eval("#generated-grid", (canvas) => (canvas as HTMLCanvasElement).dataset.count), { timeout: 120_000 }).toBe("16");
  const grid = async () => JSON.stringify(await page.$eval("#generated-grid", readGrid));
  const untrained = await grid();
  expect((JSON.parse(untrained) as number[][]).flat().some((v) => v > 0)).toBe(true);
  await train(30);
  await expect.poll(grid, { timeout: 30_000 }).not.toBe(untrained);
  for (const id of ["#stat-dloss", "#stat-gloss", "#stat-dreal", "#stat-dfake"]) expect(Number.isFinite(await number(id)), id).toBe(true);
  expect(errors).toEqual([]);
});

test("a parent page drives the widget: ready, play, pause, get-status, step", async () => {
  await openParent("#v=1&backend=cpu&seed=5");
  await drivesTheWidget(parent);
  expect(errors).toEqual([]);
});

test("the Share dialog: its QR code reads back as the link; a link to a moment trains there and pauses", async () => {
  await open("#v=1&preset=tuned-1d&seed=3");
  await page.click("#share");
  expect(await page.$eval("#share-dialog", (dialog) => (dialog as HTMLDialogElement).open)).toBe(true);
  const link = await page.$eval("#share-link", (input) => (input as HTMLInputElement).value);
  expect(link).toBe(page.url());
  const image = await page.$eval("#share-qr", (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
    return { width: data.width, height: data.height, pixels: Array.from(data.data) };
  });
  expect(jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data).toBe(link);
  await page.select("#share-tool", "html");
  expect(await page.$eval("#share-code", (code) => (code as HTMLTextAreaElement).value)).toContain('width="100%" height="540"');
  await page.keyboard.press("Escape");
  expect(await page.$eval("#share-dialog", (dialog) => (dialog as HTMLDialogElement).open)).toBe(false);

  await open("#v=1&preset=tuned-1d&seed=3&at=500");
  await expect.poll(() => number("#stat-step"), { timeout: 60_000 }).toBe(500);
  expect(await page.$eval("#moment", (box) => (box as HTMLElement).hidden)).toBe(true);
  expect(await text("#play")).toBe("Play");
  expect(errors).toEqual([]);
});

test("clips recorded of the 1D lab (WebM, GIF, and MP4 where offered) decode in Firefox with their frames and the size asked", async () => {
  await open("#v=1&preset=tuned-1d&backend=cpu&seed=3");
  // The page's download (an anchor's click on the file's blob URL) is caught here: the file is read back from the page.
  await page.evaluate(() => {
    const w = window as unknown as { clip: { name: string; blob: Blob | null } };
    w.clip = { name: "", blob: null };
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      if (blob instanceof Blob) w.clip.blob = blob;
      return create(blob);
    };
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      w.clip.name = this.download;
    };
  });
  await page.click("#share");
  // MP4 joins the formats once its test encode has worked (or never, where this Firefox has no encoder).
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const formats = await page.$$eval("#record-format option", (options) => options.map((option) => option.value));
  console.log(`firefox offers: ${(await page.$$eval("#record-format option", (options) => options.map((option) => option.textContent))).join(", ")}`);
  expect(formats).toEqual(expect.arrayContaining(["webm", "gif"]));
  await page.keyboard.press("Escape");

  const size = { width: 640, height: 360 };
  const files: { format: string; bytes: Uint8Array }[] = [];
  for (const format of formats) {
    await page.click("#share");
    await page.select("#record-format", format);
    await page.select("#record-resolution", "0");
    await page.click("#record-start");
    await expect.poll(() => page.$eval("#recorder", (bar) => (bar as HTMLElement).hidden)).toBe(false);
    const from = await number("#stat-step");
    await page.click("#play");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await waitForStep(from + 3, 60_000);
    await page.click("#play");
    await expect.poll(() => text("#play")).toBe("Play");
    await page.evaluate(() => ((window as unknown as { clip: { name: string } }).clip.name = ""));
    await page.click("#record-stop");
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { clip: { name: string } }).clip.name), { timeout: 30_000 })
      .toMatch(new RegExp(`^gan-playground-tuned-1d-seed3-\\d+\\.${format}$`));
    const file = await page.evaluate(async () => {
      const bytes = new Uint8Array(await (window as unknown as { clip: { blob: Blob } }).clip.blob.arrayBuffer());
      let binary = "";
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    });
    files.push({ format, bytes: new Uint8Array(Buffer.from(file, "base64")) });
  }
  expect(errors).toEqual([]);

  // Read back on a page of the same origin without the app's Content-Security-Policy (which forbids `blob:` media).
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (!request.url().includes("/__fixtures__/decode.html")) return void request.continue();
    void request.respond({
      status: 200,
      contentType: "text/html",
      body: '<!doctype html><html lang="en"><head><title>Decode</title></head><body></body></html>',
    });
  });
  await page.goto(`${plainURL}__fixtures__/decode.html`);
  const region = counterRegion(size);
  for (const { format, bytes } of files) {
    if (format === "gif") {
      const gif = readGif(bytes);
      expect({ width: gif.width, height: gif.height }, "the GIF's size").toEqual(size);
      expect(gif.frames, "the GIF's frames").toBeGreaterThan(1);
      expect(gif.counterChange, "the iteration counter changes between the first and the last frame").toBeGreaterThan(20);
      console.log(`firefox: GIF ${gif.width}×${gif.height}, ${gif.frames} frames, ${gif.durationMs} ms`);
    } else if (format === "webm") {
      const webm = readWebm(bytes);
      expect({ width: webm.width, height: webm.height }, "the WebM track's size").toEqual(size);
      expect(webm.frames.length, "the WebM's frames").toBeGreaterThan(1);
      expect(webm.durationMs, "the WebM's duration is in its header").toBeGreaterThan(1000);
      // Every frame decoded by Firefox's own decoder.
      const decoded = await page.evaluate(decodeFrames, { codec: webCodec(webm.codecId), frames: webm.frames, region });
      expect(decoded.error).toBeNull();
      expect(decoded.frames).toBe(webm.frames.length);
      expect(decoded.sizes).toEqual([`${size.width}×${size.height}`]);
      expect(decoded.counterChange, "the iteration counter changes between the first and the last frame").toBeGreaterThan(20);
      console.log(`firefox: WebM ${webm.codecId} ${webm.width}×${webm.height}, ${webm.frames.length} frames, ${Math.round(webm.durationMs!)} ms`);
    } else {
      const mp4 = readMp4(bytes);
      expect({ width: mp4.width, height: mp4.height }, "the MP4 track's size").toEqual(size);
      expect(mp4.samples, "the MP4's frames").toBeGreaterThan(1);
      // Played by Firefox's own <video>.
      const played = await page.evaluate(playVideo, { file: Buffer.from(bytes).toString("base64"), type: "video/mp4", region });
      expect(played.error).toBeNull();
      expect({ width: played.width, height: played.height }).toEqual(size);
      expect(played.counterChange, "the iteration counter changes between the first and the last frame").toBeGreaterThan(20);
      console.log(`firefox: MP4 ${mp4.codec} ${mp4.width}×${mp4.height}, ${mp4.samples} frames, ${played.duration.toFixed(2)} s`);
    }
  }
  expect(errors).toEqual([]);
});
