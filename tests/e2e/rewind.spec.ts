/**
 * Rewind (issue 28, part 3): the slider under the views, over the whole run so far. Each lab's
 * views and read-outs at an earlier iteration are recorded live (the run paused there by a
 * link to that moment), the run goes on, and the slider — by keyboard — brings back exactly
 * what was on show then (the same pixels, the same numbers), without moving the run. "Continue
 * from here" starts a branch there on both CPU builds, which reaches the same numbers again,
 * and the branch left behind comes back from the Run picker where it was left.
 */

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { watchErrors, webgpuProject } from "./helpers";

/** What the page shows of a run: the read-outs, and each snapshot view's pixels. */
async function onShow(page: Page, views: readonly string[]): Promise<{ readouts: Record<string, string>; views: Record<string, string> }> {
  // Two animation frames: whatever was scheduled is drawn.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate((selectors) => {
    const readouts: Record<string, string> = {};
    for (const dd of document.querySelectorAll<HTMLElement>(".stats dd")) {
      if (dd.id !== "stat-rate" && dd.offsetParent !== null) readouts[dd.id] = dd.textContent ?? "";
    }
    const drawn: Record<string, string> = {};
    for (const selector of selectors) {
      const canvas = document.querySelector(selector);
      if (!(canvas instanceof HTMLCanvasElement)) {
        drawn[selector] = `no canvas at ${selector}`;
        continue;
      }
      // The size and a hash (FNV-1a) of the pixels as PNG: short enough to read in a failure.
      const png = canvas.toDataURL();
      let hash = 0x811c9dc5;
      for (let i = 0; i < png.length; i++) hash = Math.imul(hash ^ png.charCodeAt(i), 0x01000193) >>> 0;
      drawn[selector] = `${canvas.width}×${canvas.height} ${hash.toString(16)}`;
    }
    return { readouts, views: drawn };
  }, views);
}

/** The run's own step (the trainer's latest snapshot), whatever the views show. */
function runStep(page: Page): Promise<number> {
  return page.evaluate(
    () => (window as unknown as { ganPlaygroundFaults: { latestSnapshot(): { step: number } | null } }).ganPlaygroundFaults.latestSnapshot()?.step ?? -1,
  );
}

/** Trains to `at` through the link (a moment) and waits until it is paused there. */
async function momentAt(page: Page, hash: string, at: number): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `${hash}&at=${at}`);
  await expect(page.locator("#stat-step")).toHaveText(at.toLocaleString("en-US"), { timeout: 120_000 });
  await expect(page.locator("#moment")).toBeHidden();
  await expect(page.locator("#play")).toHaveText("Play");
  await expect.poll(() => runStep(page)).toBe(at);
}

/** Moves the rewind slider by keyboard (Home, then →) to the frame of iteration `step`. */
async function rewindTo(page: Page, step: number): Promise<void> {
  const slider = page.locator("#rewind-slider");
  await slider.focus();
  await page.keyboard.press("Home");
  const wanted = `iteration ${step.toLocaleString("en-US")} of`;
  for (let i = 0; i < 2000; i++) {
    const text = (await slider.getAttribute("aria-valuetext")) ?? "";
    if (text.startsWith(wanted)) return;
    if (!text.startsWith("iteration") || Number(text.split(" ")[1]!.replace(/,/g, "")) > step) break;
    await page.keyboard.press("ArrowRight");
  }
  throw new Error(`no frame of iteration ${step}: ${await slider.getAttribute("aria-valuetext")}`);
}

const LABS = [
  {
    name: "1D",
    hash: "#v=1&preset=tuned-1d&backend=cpu&seed=5",
    early: 300,
    later: 900,
    views: ["#distribution canvas", "#generator-map canvas", "#push-1d canvas"],
  },
  { name: "2D", hash: "#v=1&preset=ring8-pack&backend=cpu&seed=5", early: 200, later: 500, views: ["#plane canvas"] },
  { name: "digits", hash: "#v=1&preset=mnist-mlp&backend=cpu&seed=5", early: 40, later: 100, views: ["#generated-grid"] },
] as const;

for (const lab of LABS) {
  test(`${lab.name}: the slider brings back the views and numbers of an earlier iteration, and the run stays where it is`, async ({ page }) => {
    test.skip(webgpuProject(), "the views' frames do not depend on the backend: the CPU builds here, WebGPU below");
    const errors = watchErrors(page);
    await page.goto(`./${lab.hash}`);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    await momentAt(page, lab.hash, lab.early);
    const then = await onShow(page, lab.views);
    await momentAt(page, lab.hash, lab.later);
    const now = await onShow(page, lab.views);
    expect(now.views, "the run moved on: its views changed").not.toEqual(then.views);

    await rewindTo(page, lab.early);
    await expect(page.locator("body")).toHaveAttribute("data-rewound", String(lab.early));
    await expect(page.locator("#rewind-step")).toHaveText(`iteration ${lab.early.toLocaleString("en-US")} of ${lab.later.toLocaleString("en-US")}`);
    const rewound = await onShow(page, lab.views);
    expect(rewound.readouts, "the read-outs of that iteration").toEqual(then.readouts);
    expect(rewound.views, "the views of that iteration, to the pixel").toEqual(then.views);
    expect(await runStep(page), "the run itself stays where it was").toBe(lab.later);
    await expect(page.locator("#play")).toHaveText("Play");

    // The slider's end is live again: the views and numbers of now.
    await page.keyboard.press("End");
    await expect(page.locator("body")).not.toHaveAttribute("data-rewound");
    await expect(page.locator("#rewind-step")).toHaveText(`live · iteration ${lab.later.toLocaleString("en-US")}`);
    expect(await onShow(page, lab.views)).toEqual(now);
    errors.assertNone();
  });
}

test("1D: dragging back while it plays pauses the run, the end plays it on; Play while rewound goes back to live", async ({ page }) => {
  test.skip(webgpuProject(), "the WebGPU test below");
  const errors = watchErrors(page);
  const hash = LABS[0].hash;
  await page.goto(`./${hash}&speed=10`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
  await page.locator("#play").click();
  await expect.poll(() => runStep(page), { timeout: 60_000 }).toBeGreaterThan(200);
  const slider = page.locator("#rewind-slider");
  await slider.focus();
  await page.keyboard.press("Home");
  await expect(page.locator("#play")).toHaveText("Play");
  const paused = await runStep(page);
  await expect(page.locator("#rewind-step")).toHaveText(/^iteration 0 of /);
  await page.waitForTimeout(500);
  expect(await runStep(page), "paused while rewound").toBe(paused);
  await page.keyboard.press("End");
  await expect(page.locator("#play")).toHaveText("Pause");
  await expect.poll(() => runStep(page)).toBeGreaterThan(paused);

  await slider.focus();
  await page.keyboard.press("PageDown");
  await expect(page.locator("body")).toHaveAttribute("data-rewound", /\d+/);
  await page.locator("#play").click();
  await expect(page.locator("body")).not.toHaveAttribute("data-rewound");
  await expect(page.locator("#play")).toHaveText("Pause");
  errors.assertNone();
});

test("1D: Continue from here branches the run at that iteration (the same numbers again), and the branch left comes back @both-builds", async ({ page }) => {
  test.skip(webgpuProject(), "the CPU builds");
  const errors = watchErrors(page);
  const hash = LABS[0].hash;
  const views = LABS[0].views;
  await page.goto(`./${hash}`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
  await momentAt(page, hash, 400);
  const at400 = await onShow(page, views);
  await momentAt(page, hash, 1200);
  const at1200 = await onShow(page, views);

  // A frame between checkpoints: the one after 400 (the moment's next chunk).
  await rewindTo(page, 400);
  await page.keyboard.press("ArrowRight");
  const between = Number((await page.locator("body").getAttribute("data-rewound")) ?? NaN);
  expect(between).toBeGreaterThan(400);
  expect(between).toBeLessThan(1200);
  const shown = await onShow(page, views);
  await page.locator("#rewind-continue").click();
  await expect.poll(() => runStep(page), { timeout: 120_000 }).toBe(between);
  await expect(page.locator("#moment")).toBeHidden();
  await expect(page.locator("#play")).toHaveText("Play");
  expect(await onShow(page, views), "the branch starts where the frame was: the same numbers and views").toEqual(shown);
  await expect(page.locator("#rewind-branch-label")).toBeVisible();
  await expect(page.locator("#rewind-branch option")).toHaveText([
    /^Run 1 \(from iteration 0; left at 1,200\)$/,
    `Run 2 (from iteration ${between.toLocaleString("en-US")} of run 1; live)`,
  ]);
  // Its past is the old run's: rewinding it to 400 shows 400.
  await rewindTo(page, 400);
  expect(await onShow(page, views)).toEqual(at400);
  await page.keyboard.press("End");

  // The branch trains on from there.
  await page.locator("#play").click();
  await expect.poll(() => runStep(page), { timeout: 60_000 }).toBeGreaterThan(between + 50);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");

  // Run 1 comes back where it was left.
  await page.locator("#rewind-branch").selectOption({ label: "Run 1 (from iteration 0; left at 1,200)" });
  await expect.poll(() => runStep(page), { timeout: 120_000 }).toBe(1200);
  await expect(page.locator("#moment")).toBeHidden();
  expect(await onShow(page, views)).toEqual(at1200);
  await expect(page.locator("#rewind-branch option")).toHaveText([
    /^Run 1 \(from iteration 0; live\)$/,
    /^Run 2 \(from iteration [\d,]+ of run 1; left at [\d,]+\)$/,
  ]);
  errors.assertNone();
});

test("Rewind is reachable by keyboard and axe-clean in both themes, rewound", async ({ page }) => {
  test.skip(webgpuProject(), "the CPU project");
  for (const theme of ["light", "dark"]) {
    // A new document for each (a change of the hash alone would keep the page, rewound).
    await page.goto("about:blank");
    await page.goto(`./${LABS[0].hash}&theme=${theme}`);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    await momentAt(page, `${LABS[0].hash}&theme=${theme}`, 200);
    await rewindTo(page, 0);
    await expect(page.locator("#rewind-continue")).toBeVisible();
    // Tab from the slider reaches Live and Continue from here.
    await page.keyboard.press("Tab");
    await expect(page.locator("#rewind-live")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.locator("#rewind-continue")).toBeFocused();
    const results = await new AxeBuilder({ page }).include("#rewind").analyze();
    expect(results.violations, theme).toEqual([]);
  }
});

test("WebGPU: the slider brings back an earlier iteration's numbers and the run stays", async ({ page }) => {
  test.skip(!webgpuProject(), "the WebGPU project");
  const hash = "#v=1&preset=tuned-1d&backend=webgpu&seed=5";
  await page.goto(`./${hash}`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 180_000 });
  await expect(page.locator("#backend")).toHaveAttribute("data-backend", "webgpu");
  await momentAt(page, hash, 10);
  const then = await onShow(page, LABS[0].views);
  await momentAt(page, hash, 30);
  await rewindTo(page, 10);
  const rewound = await onShow(page, LABS[0].views);
  expect(rewound).toEqual(then);
  expect(await runStep(page)).toBe(30);
});

test("embed mode: the rewind slider and the QR code come with controls=…,rewind,qr, and not without", async ({ page }) => {
  test.skip(webgpuProject(), "the CPU project");
  const errors = watchErrors(page);
  const run = "#v=1&preset=tuned-1d&backend=cpu&seed=5";
  // The full page has the slider; embed mode and fewer controls leave it out unless asked.
  await page.goto(`./${run}`);
  await expect(page.locator("#rewind")).toBeVisible();
  await expect(page.locator("#embed-qr")).toBeHidden();
  for (const hash of [`${run}&embed=1`, `${run}&controls=min`, `${run}&embed=1&controls=none`]) {
    await page.goto("about:blank");
    await page.goto(`./${hash}`);
    await expect(page.locator("#play")).toBeAttached();
    await expect(page.locator("#rewind"), hash).toBeHidden();
    await expect(page.locator("#embed-qr"), hash).toBeHidden();
  }

  const embed = `${run}&embed=1&controls=min,rewind,qr`;
  await page.goto("about:blank");
  await page.goto(`./${embed}`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
  await expect(page.locator("#rewind")).toBeVisible();
  await expect(page.locator("#settings")).toBeHidden();
  const qr = page.locator("#embed-qr");
  await expect(qr).toBeVisible();
  // The code holds the link to the full page of this run (no embed mode), as a phone reads it.
  const image = await page.locator("#embed-qr-code").evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, pixels: Array.from(data.data) };
  });
  const text = jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data;
  expect(text).toBe(new URL(`./${run}`, page.url()).href);
  await expect(qr).toHaveAccessibleName(/QR code of this demo's link/);
  // Pressed, it fills the frame (full screen, or the whole window where that is refused); pressed again, back.
  await qr.click();
  await expect
    .poll(() =>
      page.evaluate(
        () => document.fullscreenElement?.id === "embed-qr-code" || document.getElementById("embed-qr-code")!.classList.contains("embed-qr-zoomed"),
      ),
    )
    .toBe(true);
  await page.locator("#embed-qr-code").click();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement === null && !document.getElementById("embed-qr-code")!.classList.contains("embed-qr-zoomed")))
    .toBe(true);

  // The slider works in the frame as on the page.
  await momentAt(page, embed, 300);
  const then = await onShow(page, LABS[0].views);
  await momentAt(page, embed, 600);
  await rewindTo(page, 300);
  expect(await onShow(page, LABS[0].views)).toEqual(then);
  errors.assertNone();
});

for (const lab of LABS.slice(1)) {
  test(`${lab.name}: Continue from here starts at the frame's iteration with its numbers and views`, async ({ page }) => {
    test.skip(webgpuProject(), "the CPU builds");
    const errors = watchErrors(page);
    await page.goto(`./${lab.hash}`);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    await momentAt(page, lab.hash, lab.early);
    await momentAt(page, lab.hash, lab.later);
    await rewindTo(page, lab.early);
    await page.keyboard.press("ArrowRight");
    const step = Number((await page.locator("body").getAttribute("data-rewound")) ?? NaN);
    const shown = await onShow(page, lab.views);
    // From the keyboard: Tab to Live, Tab to Continue from here, Enter.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.locator("#rewind-continue")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect.poll(() => runStep(page), { timeout: 120_000 }).toBe(step);
    await expect(page.locator("#moment")).toBeHidden();
    expect(await onShow(page, lab.views)).toEqual(shown);
    errors.assertNone();
  });
}
