/**
 * `mnist-minute`, the default digit preset (issue 15): it is the first digit preset offered,
 * trains on both backends, and in a short run the judge reads far more of its images as digits
 * than it read of the untrained G's; the grid shows a column per digit; and the grid's size is
 * a view: the same seed trains the same run at any size. (How good it is after 15–120 s is a
 * benchmark's question, not a test's: `node bench/first-minute.mjs`.)
 */
import { expect, test, type Page } from "@playwright/test";
import { readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";

/** The judge's read-out, "84 % · 10 cl." → share and digits. */
async function judge(page: Page): Promise<{ confident: number; classes: number }> {
  const text = (await page.textContent("#stat-judge")) ?? "";
  const m = /^(\d+) % · (\d+) cl\.$/.exec(text);
  expect(m, `the judge's read-out "${text}"`).not.toBeNull();
  return { confident: Number(m![1]) / 100, classes: Number(m![2]) };
}

/** Pauses and waits for the paused state (the worker judges the snapshot it posts on a pause). */
async function pause(page: Page): Promise<void> {
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveAttribute("aria-pressed", "false", { timeout: 60_000 });
}

test("mnist-minute is the first digit preset; in ~150 iterations the judge reads all but flat grey as digits @both-builds", async ({ page }) => {
  const errors = watchErrors(page);
  const webgpu = webgpuProject();
  await page.goto(`./#v=1&preset=tuned-1d&backend=${webgpu ? "webgpu" : "cpu"}`);
  const offered = await page.locator("#set-preset option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(offered.filter((id) => id.startsWith("mnist-"))[0], "the first digit preset offered").toBe("mnist-minute");
  await page.locator("#set-preset").selectOption("mnist-minute");
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#v=1&preset=mnist-minute&backend=${webgpu ? "webgpu" : "cpu"}`);
  await expect(page.locator(".preset-summary")).toContainText("projection discriminator");
  // Every digit: four rows of the ten digits (grid=4), beside real ones in the same layout.
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "40", { timeout: 180_000 });
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-columns", "10");
  await expect(page.locator("#real-grid")).toHaveAttribute("data-count", "40");
  await expect(page.locator("#digit-all")).toHaveAttribute("aria-pressed", "true");

  // One iteration: G is all but untrained, and the judge says so.
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1", { timeout: webgpu ? 300_000 : 60_000 });
  await expect(page.locator("#stat-judge")).toHaveText(/ cl\.$/, { timeout: 60_000 });
  const untrained = await judge(page);
  expect(untrained.confident).toBeLessThan(0.1);
  if (webgpu) {
    // Software WebGPU (SwiftShader) trains this model at well under an iteration a second: a
    // step that gives finite losses is the check here; the CPU below checks what it learns.
    for (const id of ["#stat-dloss", "#stat-gloss"]) expect(Number.isFinite(await readNumber(page, id)), id).toBe(true);
    errors.assertNone();
    return;
  }
  await page.locator("#play").click();
  await waitForStep(page, 150, 180_000);
  await pause(page);
  // Natively (seeds 0, 4, 5) 100–200 iterations give 37–64 % confident and 10 digits.
  const trained = await judge(page);
  expect(trained.confident, "confident share after ~150 iterations").toBeGreaterThan(untrained.confident + 0.2);
  expect(trained.classes, "digits among the confident verdicts").toBeGreaterThanOrEqual(8);
  errors.assertNone();
});

test("the grid's size is a view: the same seed trains the same run (the same losses) at grid 4 and grid 6", async ({ page }) => {
  test.skip(webgpuProject(), "the run's random streams are the same on every backend; the CPU is fast enough to step");
  const errors = watchErrors(page);
  const losses = async (hash: string) => {
    await page.goto(`./${hash}`);
    await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", /^\d+$/, { timeout: 180_000 });
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    for (let i = 1; i <= 3; i++) {
      await page.locator("#step").click();
      await expect(page.locator("#stat-step")).toHaveText(String(i), { timeout: 60_000 });
    }
    return [await page.textContent("#stat-dloss"), await page.textContent("#stat-gloss"), await page.getAttribute("#generated-grid", "data-count")];
  };
  const four = await losses("#v=1&preset=mnist-minute&backend=cpu&seed=3&digit=5");
  const six = await losses("#v=1&preset=mnist-minute&backend=cpu&seed=3&digit=5&grid=6");
  expect(four[2]).toBe("16");
  expect(six[2]).toBe("36");
  expect(six.slice(0, 2)).toEqual(four.slice(0, 2));
  errors.assertNone();
});
