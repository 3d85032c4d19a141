/**
 * Issue 8: the failures the page must survive, each provoked for real — learning rates that
 * send every preset to NaN, a WebGPU device destroyed mid-training, a panic inside the wasm
 * module, a worker that throws — and what the page does: says what happened, keeps the link,
 * and goes on (paused at the divergence with Reset offered; on the CPU from the last
 * checkpoint; after Restart from the last checkpoint).
 */

import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { faults, readNumber, waitForStep, watchErrors, webgpuProject, type Faults } from "./helpers";

function fault(page: Page, which: keyof Faults): Promise<void> {
  return faults(page)[which]();
}

/** The iteration of the latest checkpoint the page holds (ui/resume.ts). */
async function checkpointStep(page: Page): Promise<number> {
  return Number((await page.locator("body").getAttribute("data-checkpoint-step")) ?? 0);
}

/** A marker that a reload would lose. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
}
async function sameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { marker?: number }).marker === 42);
}

/**
 * The one console error a provoked failure prints: the panic hook's report of the test hook's
 * panic (its message, then a stack). A worker that throws prints none (the page hears of it
 * through the worker's `error` event).
 */
const EXPECTED_CONSOLE = {
  panic: /^panicked at crate\/src\/api\.rs:\d+:\d+:\ntest hook: a panic in the training module\n/,
  workerError: null,
  // An allocation failure aborts without a panic: nothing reaches the console.
  exhaustMemory: null,
} as const;

const DIVERGING = {
  "tuned-1d": "g_opt=sgd&d_opt=sgd&g_lr=1000&d_lr=1000",
  "seed000-1d": "g_opt=sgd&d_opt=sgd&g_lr=1000&d_lr=1000",
  "seed001-mixture": "g_opt=sgd&d_opt=sgd&g_lr=1000&d_lr=1000",
  // A digit link of before the per-network keys: `opt` and `lr` stand for both networks' (state/url.ts).
  "mnist-mlp": "opt=sgd&lr=1000",
  "mnist-cgan": "g_opt=sgd&d_opt=sgd&g_lr=1000&d_lr=1000",
  "mnist-dcgan": "g_opt=sgd&d_opt=sgd&g_lr=1000&d_lr=1000",
} as const;

for (const [preset, rates] of Object.entries(DIVERGING)) {
  test(`${preset} with an absurd learning rate: pauses itself, names the network and the iteration, Reset starts again`, async ({ page }) => {
    const webgpu = webgpuProject();
    // The software WebGPU adapter takes seconds per step: there tuned-1d stands for every
    // preset: every lab's snapshot reads the losses and samples back through one check
    // (crate/src/error.rs `check_finite`), and the page's handling of a divergence is the same
    // on every backend (the CPU project runs every preset).
    test.skip(webgpu && preset !== "tuned-1d", "on SwiftShader tuned-1d stands for every lab: one check for divergence");
    const image = preset.startsWith("mnist-");
    const errors = watchErrors(page);
    const hash = `#v=1&preset=${preset}&backend=${webgpu ? "webgpu" : "cpu"}&${rates}`;
    await page.goto(`./${hash}`);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 180_000 });
    const canonical = await page.evaluate(() => location.hash);
    await page.locator("#play").click();

    const alert = page.locator("#messages .message.error");
    await expect(alert).toHaveCount(1, { timeout: 180_000 });
    await expect(alert).toContainText(
      /Training diverged at iteration \d+: the (discriminator \(D\)|generator \(G\))'s (loss became NaN|loss became infinite|output is not finite)/,
    );
    await expect(page.locator("#play")).toHaveText("Play");
    const step = await readNumber(page, "#stat-step");
    // The first bad iteration (the counter shows the last good snapshot, which may be earlier).
    const diverged = Number(await page.locator("body").getAttribute("data-diverged"));
    expect(diverged).toBeGreaterThanOrEqual(Math.max(1, step));
    expect(diverged).toBeLessThan(50);

    // Play again: refused, the same message (not a second one), the counter stays.
    await page.locator("#play").click();
    await page.waitForTimeout(500);
    await expect(alert).toHaveCount(1);
    await expect(page.locator("#play")).toHaveText("Play");
    expect(await readNumber(page, "#stat-step")).toBe(step);
    expect(await page.evaluate(() => location.hash)).toBe(canonical);

    // Reset, offered in the message: step 0, the message gone, training works again.
    await alert.getByRole("button", { name: "Reset" }).click();
    await expect(alert).toHaveCount(0);
    await expect(page.locator("#stat-step")).toHaveText("0");
    await expect(page.locator("body")).not.toHaveAttribute("data-diverged", /.*/);
    await expect(page.locator("#play")).toBeEnabled();
    if (!(webgpu && image)) {
      await page.locator("#step").click();
      await waitForStep(page, 1, 120_000);
    }
    errors.assertNone();
  });
}

test("a divergence reaches a parent frame as an error with code diverged", async ({ page }) => {
  test.skip(webgpuProject(), "the protocol does not depend on the backend");
  const parentHtml = readFileSync(new URL("../fixtures/embed-parent.html", import.meta.url), "utf8");
  await page.route("**/__fixtures__/embed-parent.html", (route) => route.fulfill({ contentType: "text/html", body: parentHtml }));
  await page.goto(`./__fixtures__/embed-parent.html#v=1&preset=tuned-1d&backend=cpu&${DIVERGING["tuned-1d"]}`);
  const received = () => page.evaluate(() => (window as unknown as { received: Array<Record<string, unknown>> }).received);
  await expect.poll(async () => (await received()).some((m) => m.type === "ready"), { timeout: 60_000 }).toBe(true);
  await page.evaluate(() => (window as unknown as { command: (m: unknown) => void }).command({ type: "play" }));
  await expect
    .poll(async () => (await received()).find((m) => m.type === "error"), { timeout: 60_000 })
    .toMatchObject({ source: "gan-playground", code: "diverged", message: expect.stringMatching(/^Training diverged at iteration \d+/) });
  await expect.poll(async () => (await received()).filter((m) => m.type === "status").at(-1)).toMatchObject({ running: false });
});

test("a lost GPU: training goes on on the CPU from the last checkpoint, without a reload @webgpu-plain", async ({ page }) => {
  test.skip(!webgpuProject(), "needs a WebGPU device to lose");
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto("./#v=1&preset=tuned-1d&backend=webgpu&seed=4");
  await expect(page.locator("#backend")).toHaveText(/^WebGPU — /, { timeout: 120_000 });
  const hash = await page.evaluate(() => location.hash);
  await markPage(page);
  await page.locator("#play").click();
  // A checkpoint first (every 2 s while a 1D run trains).
  await expect.poll(() => checkpointStep(page), { timeout: 200_000 }).toBeGreaterThanOrEqual(3);
  const saved = await checkpointStep(page);

  await fault(page, "loseDevice");
  const notice = page.locator("#messages .message.warning", { hasText: "WebGPU stopped working" });
  await expect(notice).toHaveCount(1, { timeout: 60_000 });
  await expect(notice).toContainText("the GPU device was lost");
  await expect(page.locator("#backend")).toHaveText(/^CPU — /, { timeout: 60_000 });
  // From the checkpoint (not from 0), and it was playing, so it plays on.
  await expect(page.locator("body")).toHaveAttribute("data-resumed-step", /^[1-9]\d*$/);
  const resumed = Number(await page.locator("body").getAttribute("data-resumed-step"));
  expect(resumed).toBeGreaterThanOrEqual(saved);
  await expect(page.locator("#play")).toHaveText("Pause");
  await waitForStep(page, resumed + 100, 60_000);
  expect(await sameDocument(page)).toBe(true);
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  expect(errors).toEqual([]);
});

const CRASHES = {
  panic: { title: "a panic in the wasm module", message: /^The trainer stopped: the training module crashed/ },
  workerError: { title: "a worker that throws", message: /^The trainer stopped: the training worker failed/ },
  exhaustMemory: {
    title: "an allocation failure (the module's memory full)",
    message: /^The trainer stopped: the training module ran out of memory \([\d,]+ MB in use\); lower the batch size/,
  },
} as const;

for (const which of ["panic", "workerError", "exhaustMemory"] as const) {
  test(`${CRASHES[which].title}: a readable message, Restart continues from the last checkpoint, the link untouched @both-builds`, async ({ page }) => {
    test.skip(which === "exhaustMemory" && webgpuProject(), "the CPU module's memory; WebGPU's tensors live on the adapter");
    const webgpu = webgpuProject();
    const unexpected: string[] = [];
    let expectedSeen = 0;
    page.on("pageerror", (error) => unexpected.push(String(error)));
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      if (EXPECTED_CONSOLE[which]?.test(message.text())) expectedSeen++;
      else unexpected.push(message.text());
    });
    await page.goto(`./#v=1&preset=tuned-1d&backend=${webgpu ? "webgpu" : "cpu"}&seed=6`);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    const hash = await page.evaluate(() => location.hash);
    await markPage(page);
    await page.locator("#play").click();
    await expect.poll(() => checkpointStep(page), { timeout: 200_000 }).toBeGreaterThanOrEqual(webgpu ? 3 : 200);
    await page.locator("#play").click();
    await expect(page.locator("#play")).toHaveText("Play");
    const paused = await readNumber(page, "#stat-step");
    await expect.poll(() => checkpointStep(page)).toBe(paused); // a pause saves one

    await fault(page, which);
    const alert = page.locator("#messages .message.error");
    await expect(alert).toHaveCount(1, { timeout: 60_000 });
    await expect(alert).toContainText(CRASHES[which].message);
    await expect(alert).toContainText(`Restart continues from iteration ${paused.toLocaleString("en-US")}`);
    await expect(page.locator("#backend")).toHaveText("Stopped");
    expect(await page.evaluate(() => location.hash)).toBe(hash);

    await alert.getByRole("button", { name: "Restart" }).click();
    await expect(alert).toHaveCount(0);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    await expect(page.locator("body")).toHaveAttribute("data-resumed-step", String(paused));
    // (On WebGPU the first snapshot waits for the shaders to compile.)
    await expect.poll(() => readNumber(page, "#stat-step"), { timeout: 120_000 }).toBe(paused);
    await page.locator("#step").click();
    await waitForStep(page, paused + 1, 120_000);
    expect(await sameDocument(page)).toBe(true);
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(unexpected).toEqual([]);
    expect(expectedSeen, "the provoked failure's own console error").toBe(EXPECTED_CONSOLE[which] ? 1 : 0);
  });
}
