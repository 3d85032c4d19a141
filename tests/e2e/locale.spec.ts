/**
 * A page that starts under any locale (issue 29, part 2). WebKitGTK under `LANG=C.UTF-8`
 * reports `navigator.language` as `C`, which `Intl` refuses; the charts' library formats by it
 * as it loads, and the page used to stay on "Starting…". Here Chromium is made to report such
 * languages (an init script, before any of the page's scripts), and is run under real unusual
 * locales (Playwright's `locale`: the browser's own language and `Intl` default): the page
 * starts, trains, draws its charts, and its numbers read as numbers.
 */

import { expect, test, type Page } from "@playwright/test";
import { drawnPixels, watchErrors, webgpuProject } from "./helpers";

async function trains(page: Page): Promise<void> {
  const errors = watchErrors(page);
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu&seed=3");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
  await expect(page.locator("#settings select").first()).toBeAttached();
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  // The page's own read-outs are plain digits whatever the locale; the charts are drawn.
  await expect(page.locator("#stat-dloss")).toHaveText(/^\d+\.\d{4}$/);
  await expect.poll(() => drawnPixels(page, "#distribution canvas")).toBeGreaterThan(1000);
  errors.assertNone();
}

for (const language of ["C", "", "en_US.UTF-8", "x-invalid-!"]) {
  test(`navigator.language = ${JSON.stringify(language)}: the page starts and trains`, async ({ page }) => {
    test.skip(webgpuProject(), "the locale does not depend on the backend");
    await page.addInitScript((tag) => Object.defineProperty(Navigator.prototype, "language", { configurable: true, get: () => tag }), language);
    await trains(page);
  });
}

for (const locale of ["de-DE", "ar", "en-US-u-nu-arab", "zh-Hant-TW"]) {
  test.describe(`locale ${locale}`, () => {
    test.use({ locale });
    test("the page starts and trains", async ({ page }) => {
      test.skip(webgpuProject(), "the locale does not depend on the backend");
      expect(await page.evaluate(() => navigator.language)).toBe(locale);
      await trains(page);
    });
  });
}
