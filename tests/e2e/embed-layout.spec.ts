/**
 * The look the view keys give the page (ui/layout.ts, style.css): embed mode without page
 * chrome and with the panels sharing the frame, `show=`, `controls=`, `theme=` and `scale=`.
 * Layout does not depend on the backend: these run in the CPU project only.
 */

import { expect, test, type Page } from "@playwright/test";
import { watchErrors, webgpuProject } from "./helpers";

/** Whether the page scrolls sideways (it never should, down to a 320-pixel frame). */
function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Opens `hash` and waits for the trainer (the controls come on when it is ready). */
async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
}

/** Changes the link in place, as a deck's `set-hash` or an edited address would (view keys restart nothing). */
async function setHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((next) => {
    location.hash = next;
  }, hash);
}

/** The distribution chart's legend entry for `label`. */
function legendEntry(page: Page, label: string) {
  return page.locator("#distribution .u-legend .u-series").filter({ has: page.locator("th", { hasText: label }) });
}

/** Opaque pixels of `selector`'s canvas within 2 of `rgb` in every channel (axis text is drawn in --ink-soft). */
function pixelsOf(page: Page, selector: string, rgb: [number, number, number]): Promise<number> {
  return page.locator(selector).evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 255 && Math.abs(data[i]! - r) <= 2 && Math.abs(data[i + 1]! - g) <= 2 && Math.abs(data[i + 2]! - b) <= 2) count++;
    }
    return count;
  }, rgb);
}

/** style.css's --ink-soft, light and dark. */
const INK_SOFT = { light: [101, 109, 118], dark: [154, 164, 174] } as const;

test.beforeEach(() => {
  test.skip(webgpuProject(), "the layout does not depend on the backend");
});

test("embed=1&show=hist,loss&controls=min: no page chrome, only those panels, the frame shared, never scrolling sideways", async ({ page }) => {
  const errors = watchErrors(page);
  for (const [width, height] of [
    [320, 240],
    [1280, 720],
  ] as const) {
    await page.setViewportSize({ width, height });
    await open(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1&show=hist,loss&controls=min");
    const size = `${width}×${height}`;

    for (const hidden of [".bar", "#settings", "#distribution-title ~ .caption", ".stats", "#generator-map", "#metrics"]) {
      await expect(page.locator(hidden), `${hidden} at ${size}`).toBeHidden();
    }
    await expect(page.locator("#distribution")).toBeVisible();
    await expect(page.locator("#losses")).toBeVisible();
    for (const button of ["#play", "#step", "#reset"]) await expect(page.locator(button), `${button} at ${size}`).toBeVisible();
    for (const control of ["#step-d", "#step-g", "#speed", "#new-seed", "#download-history", "#copy-link", "#share"]) {
      await expect(page.locator(control), `${control} at ${size}`).toBeHidden();
    }
    // `hist` without `dcurve`: the densities without D(x), whose legend entry goes too.
    await expect(legendEntry(page, "real density")).toBeVisible();
    await expect(legendEntry(page, "D(x)")).toBeHidden();
    expect(await overflowsSideways(page), `sideways scroll at ${size}`).toBe(false);
    // No chart is wider than the frame.
    for (const chart of ["#distribution .uplot", "#losses .uplot"]) {
      const box = (await page.locator(chart).boundingBox())!;
      expect(box.x + box.width, `${chart} at ${size}`).toBeLessThanOrEqual(width);
    }
  }

  // 1280×720: the two panels side by side, as tall as the frame below the controls, the charts with them.
  const distribution = (await page.locator('[data-panel="hist dcurve"]').boundingBox())!;
  const losses = (await page.locator('#views-1d [data-panel="loss"]').boundingBox())!;
  expect(Math.abs(distribution.y - losses.y)).toBeLessThan(2);
  expect(distribution.width + losses.width).toBeGreaterThan(1200);
  expect(distribution.y + distribution.height).toBeGreaterThan(700);
  expect((await page.locator("#distribution canvas").boundingBox())!.height).toBeGreaterThan(450);
  errors.assertNone();
});

test("show=dcurve draws D(x) alone, and hist,dcurve both; show= works outside embed mode too", async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1&show=dcurve");
  await expect(legendEntry(page, "D(x)")).toBeVisible();
  await expect(legendEntry(page, "real density")).toBeHidden();
  await expect(legendEntry(page, "generated density")).toBeHidden();

  await setHash(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1&show=hist,dcurve");
  for (const label of ["real density", "generated density", "D(x)"]) await expect(legendEntry(page, label)).toBeVisible();

  // The normal page: chrome and settings stay; only the panels listed (and no read-outs: `stats` is not listed).
  await setHash(page, "#v=1&preset=tuned-1d&backend=cpu&show=map,metrics");
  await expect(page.locator(".bar")).toBeVisible();
  await expect(page.locator("#settings")).toBeVisible();
  await expect(page.locator("#step-d")).toBeVisible();
  await expect(page.locator("#generator-map")).toBeVisible();
  await expect(page.locator("#metrics")).toBeVisible();
  await expect(page.locator("#distribution")).toBeHidden();
  await expect(page.locator("#losses")).toBeHidden();
  await expect(page.locator(".stats")).toBeHidden();

  // A panel of the other kind of run only (`grid`) is ignored: every panel shows.
  await setHash(page, "#v=1&preset=tuned-1d&backend=cpu&show=grid");
  for (const view of ["#distribution", "#generator-map", "#losses", "#metrics", ".stats"]) await expect(page.locator(view)).toBeVisible();

  // controls=none, outside embed mode: no settings, and with no read-outs, no control bar at all.
  await setHash(page, "#v=1&preset=tuned-1d&backend=cpu&controls=none&show=hist");
  await expect(page.locator("#settings")).toBeHidden();
  await expect(page.locator(".controls")).toBeHidden();
  await expect(page.locator(".bar")).toBeVisible();
  errors.assertNone();
});

test("theme=dark and theme=light override the system's preference, charts included; auto follows it", async ({ page }) => {
  const errors = watchErrors(page);
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: "light" });
  await open(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1&show=loss&theme=dark");
  expect(await background()).toBe("rgb(15, 17, 21)");
  // The loss chart's axis text is in the dark palette's --ink-soft, not the light one's.
  await expect.poll(() => pixelsOf(page, "#losses canvas", [...INK_SOFT.dark])).toBeGreaterThan(20);
  expect(await pixelsOf(page, "#losses canvas", [...INK_SOFT.light])).toBe(0);

  await page.emulateMedia({ colorScheme: "dark" });
  await setHash(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1&show=loss&theme=light");
  await expect.poll(background).toBe("rgb(251, 251, 250)");
  await expect.poll(() => pixelsOf(page, "#losses canvas", [...INK_SOFT.light])).toBeGreaterThan(20);
  expect(await pixelsOf(page, "#losses canvas", [...INK_SOFT.dark])).toBe(0);

  // auto (the default): the system's dark, then its light, as it changes.
  await setHash(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1&show=loss");
  await expect.poll(background).toBe("rgb(15, 17, 21)");
  await expect.poll(() => pixelsOf(page, "#losses canvas", [...INK_SOFT.dark])).toBeGreaterThan(20);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(background).toBe("rgb(251, 251, 250)");
  await expect.poll(() => pixelsOf(page, "#losses canvas", [...INK_SOFT.light])).toBeGreaterThan(20);
  errors.assertNone();
});

test("scale=2 doubles the text and the controls, and the charts with them", async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  const fontSize = () => page.locator("#play").evaluate((button) => Number.parseFloat(getComputedStyle(button).fontSize));
  const chartHeight = async () => (await page.locator("#distribution canvas").boundingBox())!.height;
  await open(page, "#v=1&preset=tuned-1d&backend=cpu");
  const normal = { font: await fontSize(), chart: await chartHeight() };
  await setHash(page, "#v=1&preset=tuned-1d&backend=cpu&scale=2");
  await expect.poll(fontSize).toBeCloseTo(2 * normal.font, 5);
  await expect.poll(chartHeight).toBeCloseTo(2 * normal.chart, 0);
  expect(await overflowsSideways(page)).toBe(false);
  errors.assertNone();
});

test("an image preset with embed=1&show=grid shows only G's grid, filling the frame", async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 320, height: 240 });
  await open(page, "#v=1&preset=mnist-mlp&backend=cpu&embed=1&show=grid");
  await expect(page.locator("#generated-grid")).toBeVisible();
  for (const hidden of [
    ".bar",
    "#settings",
    "#real-grid",
    "#judge",
    "#image-losses",
    "#image-discriminator",
    "#latent-walk",
    "#download-png",
    "#load-generator",
    ".stats",
    "#views-1d",
  ]) {
    await expect(page.locator(hidden), hidden).toBeHidden();
  }
  expect(await overflowsSideways(page)).toBe(false);

  // Without the control bar, the grid takes most of the frame's height.
  await setHash(page, "#v=1&preset=mnist-mlp&backend=cpu&embed=1&show=grid&controls=none");
  await expect(page.locator(".controls")).toBeHidden();
  await expect.poll(async () => (await page.locator("#generated-grid").boundingBox())?.height ?? 0).toBeGreaterThan(0.7 * 240);
  const grid = (await page.locator("#generated-grid").boundingBox())!;
  expect(grid.x).toBeGreaterThanOrEqual(0);
  expect(grid.x + grid.width).toBeLessThanOrEqual(320);
  expect(grid.y + grid.height).toBeLessThanOrEqual(240);
  expect(await overflowsSideways(page)).toBe(false);
  errors.assertNone();
});
