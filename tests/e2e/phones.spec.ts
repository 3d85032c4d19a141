/**
 * Phones as first-class (issue 29, part 5): the page on a phone's screen (Playwright's emulation
 * of a Pixel 7 and an iPhone 14: viewport, device pixel ratio, touch, a mobile user agent, in
 * Chromium) in each lab — nothing wider than the screen, every control big enough for a finger
 * (WCAG 2.2's 24 × 24 CSS px), the settings reachable by scrolling — a 1D density drawn and
 * 2D points painted by touch, and the widget in a 16:9 slide a phone shows 360 px wide (the
 * views first: style.css shrinks the controls of so small a frame).
 */

import { devices, expect, test, type Page } from "@playwright/test";
import { webgpuProject } from "./helpers";

const PHONES = {
  "Pixel 7": devices["Pixel 7"],
  "iPhone 14": devices["iPhone 14"],
} as const;

const PRESETS = ["tuned-1d", "ring8-pack", "mnist-minute"] as const;

/** A phone's emulation in the browser of the project (Chromium): its screen, touch and user agent, not its browser. */
function emulation(device: (typeof PHONES)[keyof typeof PHONES]) {
  const { viewport, deviceScaleFactor, isMobile, hasTouch, userAgent } = device;
  return { viewport, deviceScaleFactor, isMobile, hasTouch, userAgent };
}

/** Controls on show smaller than 24 × 24 CSS px (WCAG 2.2 SC 2.5.8), by a name to find them. */
function smallControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("button, select, input, textarea, a[href], [role='button'], summary")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
      // A checkbox, a radio or a visually hidden file input inside its label: the label is the target.
      const inLabel = el.matches("input[type=checkbox], input[type=radio]") || (el.matches("input[type=file]") && box.width <= 1);
      const target = inLabel ? (el.closest("label")?.getBoundingClientRect() ?? box) : box;
      if (target.width < 24 || target.height < 24)
        small.push(
          `${el.tagName.toLowerCase()}#${el.id || el.className || el.textContent?.trim().slice(0, 20)} ${Math.round(target.width)}×${Math.round(target.height)}`,
        );
    }
    return small;
  });
}

for (const [name, device] of Object.entries(PHONES)) {
  test.describe(name, () => {
    test.use(emulation(device));

    for (const preset of PRESETS) {
      test(`${preset}: fits the screen, every control is big enough, the settings are reachable`, async ({ page }) => {
        test.skip(webgpuProject(), "the layout does not depend on the backend");
        await page.goto(`./#v=1&preset=${preset}&backend=cpu`);
        await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, "wider than the screen").toBeLessThanOrEqual(0);
        expect(await smallControls(page)).toEqual([]);
        const settings = page.locator("#settings");
        await settings.scrollIntoViewIfNeeded();
        await expect(settings).toBeInViewport();
      });
    }
  });
}

/** A finger's stroke from (x0, y0) to (x1, y1) in `steps` moves: touch events, as a phone's screen sends them (DevTools protocol). */
async function swipe(page: Page, from: [number, number], to: [number, number], steps = 12): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const point = (t: number) => [{ x: from[0] + (to[0] - from[0]) * t, y: from[1] + (to[1] - from[1]) * t, id: 1 }];
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: point(0) });
  for (let i = 1; i <= steps; i++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: point(i / steps) });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

/** The link's keys, as the page wrote them. */
const linkKey = (page: Page, key: string) => page.evaluate((k) => new URLSearchParams(location.hash.slice(1)).get(k), key);

test.describe("by touch", () => {
  test.use(emulation(PHONES["Pixel 7"]));

  test("a 1D density drawn with a finger becomes the target", async ({ page }) => {
    test.skip(webgpuProject(), "drawing does not depend on the backend");
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu&low=0&high=8");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    await page.locator("#set-target").selectOption("drawn");
    const canvas = page.locator(".density-canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const scrolled = await page.evaluate(() => window.scrollY);
    await swipe(page, [box.x + 2, box.y + box.height - 2], [box.x + box.width - 2, box.y + 2]);
    // The stroke drew; it did not scroll the page.
    const rising = (heights: number[]) =>
      heights.length === 32 && heights[0]! < 10 && heights[31]! > 90 && heights.every((h, i) => i === 0 || h >= heights[i - 1]!);
    await expect.poll(async () => rising((await linkKey(page, "density"))?.split(",").map(Number) ?? [])).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  });

  test("2D points painted with a finger become the target", async ({ page }) => {
    test.skip(webgpuProject(), "painting does not depend on the backend");
    await page.goto("./#v=1&preset=ring8-tuned&backend=cpu&seed=2");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    await page.locator("#set-shape").selectOption("points");
    const canvas = page.getByTestId("points-canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const y = box.y + box.height * 0.3;
    const scrolled = await page.evaluate(() => window.scrollY);
    await swipe(page, [box.x + box.width * 0.25, y], [box.x + box.width * 0.75, y], 20);
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    await expect(page.getByTestId("points-use")).toBeEnabled();
    await page.getByTestId("points-use").click();
    await expect.poll(() => linkKey(page, "shape")).toBe("points");
  });
});

/** A 16:9 slide 360 px wide (a phone showing the deck): the widget as the slide's iframe sees it. */
const SLIDE = { width: 360, height: 203 } as const;

test.describe("the widget in a 16:9 slide 360 px wide", () => {
  test.use({ viewport: SLIDE });

  for (const preset of PRESETS) {
    test(`${preset}: the main view and Play fit the frame, nothing scrolls sideways, the controls are big enough`, async ({ page }) => {
      test.skip(webgpuProject(), "the layout does not depend on the backend");
      await page.goto(`./#v=1&preset=${preset}&backend=cpu&embed=1`);
      await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), "wider than the slide").toBeLessThanOrEqual(0);
      expect(await smallControls(page)).toEqual([]);
      const play = (await page.locator("#play").boundingBox())!;
      expect(play.y + play.height, "Play within the frame").toBeLessThanOrEqual(SLIDE.height);
      // The lab's first view on show: a canvas of a useful size, wholly inside the frame.
      const view = page.locator(".views > .panel:not([hidden]):not([data-left-out]) canvas:visible").first();
      const box = (await view.boundingBox())!;
      expect(box.width, "the view's width").toBeGreaterThanOrEqual(100);
      expect(box.height, "the view's height").toBeGreaterThanOrEqual(48);
      expect(box.x + box.width, "inside the frame").toBeLessThanOrEqual(SLIDE.width + 0.5);
      expect(box.y + box.height, "inside the frame").toBeLessThanOrEqual(SLIDE.height + 0.5);
    });
  }
});
