import { expect, test, type Page } from "@playwright/test";
import { readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";

/** The step the page last filed a checkpoint at (ui/resume.ts), or 0. */
async function savedStep(page: Page): Promise<number> {
  return Number((await page.locator("body").getAttribute("data-saved-step")) ?? 0);
}

test.describe("share and resume", () => {
  test.beforeEach(() => {
    test.skip(webgpuProject(), "the page logic is the same on both backends; the CPU trains fast enough to test it");
  });

  test("a demo reloaded in the same browser continues from its checkpoint; Reset forgets it", async ({ page }) => {
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
    const rows = (await (await import("node:fs/promises")).readFile((await download.path())!, "utf8")).trim().split("\n");
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

  test("a digit GAN resumes too: single steps are filed, and the grid and step come back", async ({ page }) => {
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

  test("without resume, a reload starts at step 0", async ({ page }) => {
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
