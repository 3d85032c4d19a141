import { statSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { PLAIN_PORT } from "../../playwright.config";
import {
  canvasSignature,
  cpuBadge,
  drawnPixels,
  expectNotBlocked,
  mainThreadStalls,
  readNumber,
  waitForStep,
  watchErrors,
  watchMainThread,
  webgpuProject,
} from "./helpers";

test("trains on the requested backend and draws what it learns @alone", async ({ page }) => {
  const errors = watchErrors(page);
  const webgpu = webgpuProject();
  await page.goto(`./#v=1&backend=${webgpu ? "webgpu" : "cpu"}&seed=3`);
  const badge = page.locator("#backend");
  await expect(badge).toHaveText(webgpu ? /^WebGPU — / : /^CPU — /, { timeout: 120_000 });
  await expect(page.locator("#play")).toBeEnabled();
  // The first snapshot (step 0) follows `ready`; on WebGPU it waits for shader compilation.
  await expect.poll(() => drawnPixels(page, "#distribution canvas"), { timeout: 120_000 }).toBeGreaterThan(1000);
  const before = await canvasSignature(page, "#distribution canvas");

  await watchMainThread(page);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Pause");
  // The software WebGPU adapter here manages well under one iteration per second.
  await waitForStep(page, webgpu ? 20 : 200, webgpu ? 200_000 : 60_000);
  expect(await readNumber(page, "#stat-rate")).toBeGreaterThan(0);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
  // Training runs in the worker: the main thread only renders, so it never blocks for long.
  expectNotBlocked(await mainThreadStalls(page));
  // The probe itself works: a deliberate 150 ms block is seen.
  await page.evaluate(() => {
    const start = performance.now();
    while (performance.now() - start < 150);
  });
  await expect.poll(async () => Math.max(0, ...(await mainThreadStalls(page)))).toBeGreaterThanOrEqual(150);

  for (const id of ["#stat-dloss", "#stat-gloss", "#stat-w1"]) {
    const value = await readNumber(page, id);
    expect(Number.isFinite(value), `${id} = ${value}`).toBe(true);
  }
  await expect.poll(() => canvasSignature(page, "#distribution canvas")).not.toBe(before);
  expect(await drawnPixels(page, "#distribution canvas")).toBeGreaterThan(1000);
  expect(await drawnPixels(page, "#generator-map canvas")).toBeGreaterThan(200);
  errors.assertNone();
});

test("auto explains which backend it chose and why", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("./#v=1");
  const badge = page.locator("#backend");
  // With --enable-unsafe-webgpu Chromium offers SwiftShader, a software adapter: auto must
  // not pick it. Without the flag there is no adapter at all.
  await expect(badge).toHaveText(
    webgpuProject()
      ? /^CPU — WebGPU adapter is software \(.*SwiftShader.*\), slower than the CPU here \(\d+ threads?.*\)$/i
      : await cpuBadge(page, "CPU — WebGPU unavailable: no adapter"),
    { timeout: 60_000 },
  );
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
  errors.assertNone();
});

test("backend=auto times each lab's own model: the 1D trial does not decide for the digits, and the badge says which", async ({ page }) => {
  test.skip(!webgpuProject(), "the trial needs a WebGPU adapter (SwiftShader here, timed as a real GPU through the test build's option)");
  const errors = watchErrors(page);
  // The test build times the software adapter as it would a real GPU, so the trial runs here.
  await page.addInitScript(() => Object.assign(window, { ganPlaygroundTest: { trustSoftwareAdapter: true } }));
  await page.goto("./#v=1&preset=tuned-1d");
  const badge = page.locator("#backend");
  await expect(badge).toHaveText(/faster than (WebGPU \(.*\)|the CPU) on the 1D model here/, { timeout: 120_000 });
  // Another lab under the same worker: a trial of its own, said in the badge.
  await page.locator("#set-preset").selectOption("mnist-minute");
  await expect(badge).toHaveText(/faster than (WebGPU \(.*\)|the CPU) on the digit model here/, { timeout: 200_000 });
  await expect(page.locator("#step")).toBeEnabled({ timeout: 60_000 });
  // Back to 1D: its answer is remembered, not timed again on the digit model.
  await page.locator("#set-preset").selectOption("tuned-1d");
  await expect(badge).toHaveText(/on the 1D model here/, { timeout: 60_000 });
  errors.assertNone();
});

test("backend=webgpu without an adapter falls back to the CPU and says so", async ({ page }) => {
  test.skip(webgpuProject(), "needs a browser without WebGPU");
  await page.goto("./#v=1&backend=webgpu");
  await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, "CPU — WebGPU unavailable: no adapter"));
  await expect(page.locator("#messages")).toContainText("backend=webgpu: WebGPU unavailable (no adapter)");
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
});

test("reset returns to the same initial weights: the same losses again on the CPU", async ({ page }) => {
  test.skip(webgpuProject(), "CPU determinism; the WebGPU project covers training above");
  await page.goto("./#v=1&backend=cpu&seed=11");
  await expect(page.locator("#play")).toBeEnabled();
  const run = async () => {
    for (let i = 1; i <= 3; i++) {
      await page.locator("#step").click();
      await expect(page.locator("#stat-step")).toHaveText(String(i));
    }
    return [await page.locator("#stat-dloss").textContent(), await page.locator("#stat-gloss").textContent()];
  };
  const first = await run();
  await page.locator("#reset").click();
  await expect(page.locator("#stat-step")).toHaveText("0");
  expect(await run()).toEqual(first);
});

test("bad link values are named and replaced by defaults; the page still trains", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("./#v=1&seed=-5&backend=gpu&preset=%3Cimg%20src%3Dx%3E&color=red&v=%E0%A4%A");
  const messages = page.locator("#messages");
  await expect(messages).toContainText("seed=-5 is not valid");
  await expect(messages).toContainText("backend=gpu is not valid");
  await expect(messages).toContainText("preset=<img src=x> is not valid");
  await expect(messages).toContainText("Ignored unknown link keys: color");
  await expect(messages).toContainText("v=%E0%A4%A is not a version number");
  // The payload is shown as text, never parsed as HTML.
  expect(await page.locator("#messages img").count()).toBe(0);
  await expect(page.locator("#backend")).toHaveText(/^CPU — /, { timeout: 60_000 });
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
  // A message can be dismissed.
  const count = await messages.locator(".message").count();
  await messages.locator(".message .dismiss").first().click();
  await expect(messages.locator(".message")).toHaveCount(count - 1);
  errors.assertNone();
});

test("a trainer that cannot start says so and offers a restart that works", async ({ page }) => {
  test.skip(webgpuProject(), "a loading failure does not depend on the backend");
  await page.route("**/*.wasm", (route) => route.fulfill({ status: 404, body: "not here" }));
  await page.goto("./#v=1&backend=cpu");
  const message = page.locator("#messages .message.error");
  await expect(message).toContainText("the trainer could not start");
  await expect(page.locator("#backend")).toHaveText("Stopped");
  await expect(page.locator("#play")).toBeDisabled();

  await page.unroute("**/*.wasm");
  await message.getByRole("button", { name: "Restart" }).click();
  await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, "CPU — chosen in the link (backend=cpu)"));
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
});

test("editing the link applies it without a reload", async ({ page }) => {
  test.skip(webgpuProject(), "URL handling does not depend on the backend");
  await page.goto("./#v=1&backend=cpu&seed=3");
  await expect(page.locator("#play")).toBeEnabled();
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
  const first = await page.locator("#stat-dloss").textContent();
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  await page.evaluate(() => (location.hash = "#v=1&backend=cpu&seed=4&backend=nope"));
  await expect(page.locator("#stat-step")).toHaveText("0");
  await expect(page.locator("#messages")).toContainText("backend=nope is not valid");
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
  expect(await page.locator("#stat-dloss").textContent()).not.toBe(first);

  await page.goBack();
  await expect(page.locator("#stat-step")).toHaveText("0");
  await expect(page.locator("#messages")).toBeEmpty();
  await page.locator("#step").click();
  await expect(page.locator("#stat-dloss")).toHaveText(first!);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
});

test("a static host without cross-origin isolation still trains, on one CPU thread, and says why", async ({ page }) => {
  test.skip(webgpuProject(), "the threaded module is for the CPU backend");
  // The same build, served without COOP/COEP headers (playwright.config.ts).
  await page.goto(`http://127.0.0.1:${PLAIN_PORT}/demo/#v=1&backend=cpu`);
  await expect(page.locator("#backend")).toHaveText(
    "CPU — chosen in the link (backend=cpu) (1 thread: the page is not cross-origin isolated (COOP/COEP headers))",
    { timeout: 60_000 },
  );
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
});

/**
 * The wasm modules a page fetched, each with its size in the served build (read from the
 * build's files: a 30 MB body does not stay in the browser's inspector cache).
 */
function watchWasm(page: import("@playwright/test").Page): Array<Promise<{ url: string; bytes: number }>> {
  const assets = join(fileURLToPath(new URL("../..", import.meta.url)), process.env.GAN_E2E_DIST ?? "dist-test", "assets");
  const fetched: Array<Promise<{ url: string; bytes: number }>> = [];
  page.on("response", (response) => {
    const url = response.url();
    if (!url.endsWith(".wasm")) return;
    fetched.push(Promise.resolve({ url, bytes: statSync(join(assets, basename(new URL(url).pathname))).size }));
  });
  return fetched;
}

/**
 * The largest wasm module a CPU-only build may be (unpacked): the CPU builds are ≈ 3 MB, the
 * WebGPU build ≈ 18 MB (its kernel compiler). A CPU page that fetched the WebGPU build fails here.
 */
const CPU_BUILD_MAX_BYTES = 8 * 2 ** 20;

test("a page that trains on the CPU never fetches the WebGPU build, isolated or not @both-builds", async ({ page }) => {
  test.skip(webgpuProject(), "without an adapter, every page here trains on the CPU");
  const fetched = watchWasm(page);
  await page.goto("./#v=1&preset=tuned-1d");
  await expect(page.locator("#backend")).toHaveText(/^CPU — /, { timeout: 60_000 });
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
  const modules = await Promise.all(fetched);
  expect(modules.length, "one wasm module").toBe(1);
  expect(modules[0]!.bytes, `${modules[0]!.url} is a CPU build`).toBeLessThan(CPU_BUILD_MAX_BYTES);
});

test("a run on WebGPU fetches the WebGPU build, and only for that", async ({ page }) => {
  test.skip(!webgpuProject(), "needs a WebGPU adapter");
  const fetched = watchWasm(page);
  await page.goto("./#v=1&preset=tuned-1d&backend=webgpu");
  await expect(page.locator("#backend")).toHaveText(/^WebGPU — /, { timeout: 120_000 });
  const modules = await Promise.all(fetched);
  expect(modules.length, "one wasm module").toBe(1);
  expect(modules[0]!.bytes, "the WebGPU build holds burn's GPU kernel compiler").toBeGreaterThan(CPU_BUILD_MAX_BYTES);
});
