import { expect, test, type Page } from "@playwright/test";
import { faults, readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";

/** The step the page last filed a checkpoint at (ui/resume.ts), or 0. */
async function savedStep(page: Page): Promise<number> {
  return Number((await page.locator("body").getAttribute("data-saved-step")) ?? 0);
}

/** A step the page wrote on its <body> (ui/resume.ts), or 0. */
async function bodyStep(page: Page, name: string): Promise<number> {
  return Number((await page.locator("body").getAttribute(name)) ?? 0);
}

/**
 * tuned-1d with resume on, trained to at least 200 and paused (the pause files its step), then
 * one single step more, whose checkpoint the page asks for a second later (ui/resume.ts) — the
 * worker holding that answer back 1.5 s (the test hook `slowCheckpoint`). Returns the paused step.
 */
async function pausedWithACheckpointInFlight(page: Page, hash: string): Promise<number> {
  await page.goto(hash);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  await page.locator("#play").click();
  await waitForStep(page, 200, 60_000);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
  const paused = await readNumber(page, "#stat-step");
  await expect.poll(() => savedStep(page)).toBe(paused);
  await faults(page).slowCheckpoint();
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText((paused + 1).toLocaleString("en-US"));
  // The request goes out about a second after the step; its answer is held back 1.5 s.
  await expect.poll(() => bodyStep(page, "data-checkpoint-asked"), { intervals: [20] }).toBe(paused + 1);
  return paused;
}

test.describe("share and resume", () => {
  test.beforeEach(() => {
    test.skip(webgpuProject(), "the page logic is the same on both backends; the CPU trains fast enough to test it");
  });

  test("a demo reloaded in the same browser continues from its checkpoint; Reset forgets it @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    // resume=1 outside embed mode (embed mode has it on by default: see embed-component.spec.ts).
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu&resume=1");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await page.locator("#play").click();
    await waitForStep(page, 300, 60_000);
    await expect.poll(() => savedStep(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(300);
    await page.locator("#play").click();
    await expect(page.locator("#play")).toHaveText("Play");
    // The pause files the final step.
    const paused = await readNumber(page, "#stat-step");
    await expect.poll(() => savedStep(page)).toBe(paused);

    await page.reload();
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator("#stat-step")).toHaveText(paused.toLocaleString("en-US"));
    await expect(page.locator("body")).toHaveAttribute("data-resumed-step", String(paused));
    // The loss history came back too: the CSV has a row per iteration.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-history").click()]);
    const rows = (await (await import("node:fs/promises")).readFile(await download.path(), "utf8")).trim().split("\n");
    expect(rows.filter((r) => /^\d+,-?\d/.test(r)).length).toBe(paused);
    // It trains on from there.
    await page.locator("#step").click();
    await expect(page.locator("#stat-step")).toHaveText((paused + 1).toLocaleString("en-US"));

    // Reset starts over, and a reload then starts at 0 as well.
    await page.keyboard.press("r");
    await expect(page.locator("#stat-step")).toHaveText("0");
    await page.reload();
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator("#stat-step")).toHaveText("0");
    await expect(page.locator("body")).toHaveAttribute("data-resumed-step", "");
    errors.assertNone();
  });

  test("Reset while a checkpoint is on its way, then an immediate reload: the page starts at 0 @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    await pausedWithACheckpointInFlight(page, "./#v=1&preset=tuned-1d&backend=cpu&resume=1&seed=21");
    // Reset and reload at once: the worker is still holding the old run's checkpoint back, the
    // reset waits behind it, and the page is gone before either answers.
    await page.keyboard.press("r");
    await page.reload();
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator("#stat-step")).toHaveText("0");
    await expect(page.locator("body")).toHaveAttribute("data-resumed-step", "");
    errors.assertNone();
  });

  test("a checkpoint asked for before Reset and answered after it is never filed @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    const paused = await pausedWithACheckpointInFlight(page, "./#v=1&preset=tuned-1d&backend=cpu&resume=1&seed=22");
    await page.keyboard.press("r");
    // The old run's checkpoint (paused + 1) arrives after the click, then the new run's `fresh`.
    await expect(page.locator("#stat-step")).toHaveText("0", { timeout: 10_000 });
    expect(await bodyStep(page, "data-checkpoint-step"), "the old run's late checkpoint was refused").toBe(paused);
    expect(await savedStep(page)).toBe(0);
    await expect(page.locator("body")).toHaveAttribute("data-forgotten", /v=1/);
    await page.reload();
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator("#stat-step")).toHaveText("0");
    await expect(page.locator("body")).toHaveAttribute("data-resumed-step", "");
    errors.assertNone();
  });

  test("a restore that traps the module: the run starts at 0 in a new module, says so, trains, and forgets the state @both-builds", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("console", (message) => {
      // The panic hook's report of the trap the hook provoked, and nothing else.
      if (message.type() === "error" && !/^panicked at .*test hook: a panic in the training module/s.test(message.text())) errors.push(message.text());
    });
    const saved = "./#v=1&preset=tuned-1d&backend=cpu&resume=1&seed=23";
    await page.goto(saved);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    for (let i = 1; i <= 3; i++) await page.locator("#step").click();
    await expect(page.locator("#stat-step")).toHaveText("3");
    await expect.poll(() => savedStep(page), { timeout: 20_000 }).toBe(3);
    // Another run, then back: the same trainer restores the saved one — and the hook traps it.
    await page.evaluate(() => (location.hash = "#v=1&preset=tuned-1d&backend=cpu&resume=1&seed=24"));
    await expect(page.locator("#stat-step")).toHaveText("0");
    await faults(page).trapNextRestore();
    await page.evaluate((hash) => (location.hash = hash.slice(1)), saved.slice(1));
    const notice = page.locator("#messages .message", { hasText: "the saved state of this demo could not be used" });
    await expect(notice).toHaveCount(1, { timeout: 60_000 });
    await expect(notice).toContainText("starting from step 0");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator("#stat-step")).toHaveText("0");
    await expect(page.locator("body")).toHaveAttribute("data-resumed-step", "");
    // The new module trains (the poisoned one would refuse: "recursive use of an object").
    await page.locator("#play").click();
    await waitForStep(page, 50, 60_000);
    await page.locator("#play").click();
    await expect(page.locator("#play")).toHaveText("Play");
    expect(errors).toEqual([]);
  });

  test("two tabs on the same run: the newer checkpoint wins and neither fails @both-builds", async ({ page, context }) => {
    const errors = watchErrors(page);
    const hash = "./#v=1&preset=tuned-1d&backend=cpu&resume=1&seed=25";
    await page.goto(hash);
    const other = await context.newPage();
    const otherErrors = watchErrors(other);
    await other.goto(hash);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(other.locator("#play")).toBeEnabled({ timeout: 60_000 });
    for (let i = 1; i <= 2; i++) await page.locator("#step").click();
    await expect.poll(() => savedStep(page), { timeout: 20_000 }).toBe(2);
    for (let i = 1; i <= 5; i++) await other.locator("#step").click();
    await expect.poll(() => savedStep(other), { timeout: 20_000 }).toBe(5);
    // The first tab files again, later: its checkpoint (step 3) is now the newer one.
    await page.locator("#step").click();
    await expect.poll(() => savedStep(page), { timeout: 20_000 }).toBe(3);
    const third = await context.newPage();
    await third.goto(hash);
    await expect(third.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(third.locator("body")).toHaveAttribute("data-resumed-step", "3");
    // Both tabs still train.
    await page.locator("#step").click();
    await other.locator("#step").click();
    await expect(page.locator("#stat-step")).toHaveText("4");
    await expect(other.locator("#stat-step")).toHaveText("6");
    errors.assertNone();
    otherErrors.assertNone();
  });

  test("a digit GAN resumes too: single steps are filed, and the grid and step come back @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto("./#v=1&preset=mnist-mlp&backend=cpu&resume=1");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    for (let i = 1; i <= 3; i++) {
      await page.locator("#step").click();
      await expect(page.locator("#stat-step")).toHaveText(String(i));
    }
    await expect.poll(() => savedStep(page), { timeout: 20_000 }).toBe(3);
    const grid = await page.locator("#generated-grid").evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.reload();
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    await expect(page.locator("#stat-step")).toHaveText("3");
    await expect.poll(() => page.locator("#generated-grid").evaluate((c: HTMLCanvasElement) => c.toDataURL()), { timeout: 20_000 }).toBe(grid);
    errors.assertNone();
  });

  test("without resume, a reload starts at step 0 @both-builds", async ({ page }) => {
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await page.locator("#step").click();
    await page.locator("#step").click();
    await expect(page.locator("#stat-step")).toHaveText("2");
    await page.reload();
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator("#stat-step")).toHaveText("0");
  });

  test("keys: Space plays and pauses, → steps, R resets; typing in a field presses nothing", async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("#stat-step")).toHaveText("2");
    await page.keyboard.press(" ");
    await expect(page.locator("#play")).toHaveText("Pause");
    await waitForStep(page, 20, 30_000);
    await page.keyboard.press(" ");
    await expect(page.locator("#play")).toHaveText("Play");
    await page.keyboard.press("r");
    await expect(page.locator("#stat-step")).toHaveText("0");
    // In a text field the keys type.
    const field = page.locator("#settings input[type=text], #settings input:not([type])").first();
    await field.focus();
    await page.keyboard.press("r");
    await page.keyboard.press("ArrowRight");
    await expect(page.locator("#stat-step")).toHaveText("0");
    await expect(page.locator("#play")).toHaveText("Play");
    errors.assertNone();
  });

  test("Copy link copies the address that reproduces the demo", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu&g_lr=0.0042&seed=9");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await page.locator("#copy-link").click();
    await expect(page.locator("#copy-link")).toHaveText("Copied ✓");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).hash).toBe("#v=1&preset=tuned-1d&backend=cpu&seed=9&g_lr=0.0042");
    await expect(page.locator("#copy-link")).toHaveText("Copy link", { timeout: 5_000 });

    // In embed mode it is a link to the full page of the same run.
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu&seed=9&embed=1&show=hist&controls=full&scale=1.5&autoplay=1");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await page.locator("#play").click(); // autoplay started it
    await page.locator("#copy-link").click();
    const full = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(full).hash).toBe("#v=1&preset=tuned-1d&backend=cpu&seed=9");
  });

  test("a garbled link names each bad key, still opens, and an edited hash applies without a reload", async ({ page }) => {
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu&g_lr=fast&batch=0&colour=red&seed=5");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    const messages = page.locator("#messages .message");
    await expect(messages.filter({ hasText: "g_lr=fast is not valid" })).toHaveCount(1);
    await expect(messages.filter({ hasText: "batch=0 is not valid" })).toHaveCount(1);
    await expect(messages.filter({ hasText: "Ignored unknown link keys: colour" })).toHaveCount(1);
    // Dismissible.
    await messages.filter({ hasText: "batch=0" }).getByRole("button", { name: "Dismiss" }).click();
    await expect(messages.filter({ hasText: "batch=0" })).toHaveCount(0);
    await expect(page.locator("#set-seed")).toHaveValue("5");
    const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.evaluate(() => (location.hash = "#v=1&preset=seed001-mixture&backend=cpu"));
    await expect(page.locator("#set-preset")).toHaveValue("seed001-mixture");
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(marker);
  });
});
