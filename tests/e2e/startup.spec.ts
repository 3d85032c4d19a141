/**
 * A start that does not finish (issue 29, part 2): a thread pool that never starts (the test
 * build's `stallThreadPool`; Firefox with WebDriver attached stalls about 1 load in 10) must not
 * leave the page on "Starting…": the page says what it still waits for once the start takes
 * long, and the worker's watchdog falls back to the one-thread build, which trains.
 */

import { expect, test } from "@playwright/test";
import { plainProject, watchErrors, webgpuProject } from "./helpers";

test("a thread pool that never starts: the page says what it waits for, then trains on one thread", async ({ page }) => {
  test.skip(webgpuProject() || plainProject(), "the threaded build: a cross-origin-isolated page, the CPU");
  const errors = watchErrors(page);
  await page.addInitScript(() => Object.assign(window, { ganPlaygroundTest: { stallThreadPool: true, threadPoolStartMs: 6000, startupWatchdogMs: 1500 } }));
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu&seed=3");
  // Said while it waits, with what it waits for.
  await expect(page.locator("body")).toHaveAttribute("data-slow-start", /^starting \d+ threads$/, { timeout: 60_000 });
  await expect(page.locator("#messages")).toContainText(/Still starting after \d+ s: starting \d+ threads…/);
  await expect(page.locator("#backend")).toHaveText("Starting…");
  // The watchdog's fallback: one thread, and why.
  await expect(page.locator("#backend")).toContainText("the thread pool did not start within 6 s", { timeout: 60_000 });
  await expect(page.locator("#backend")).toContainText(/1 thread/);
  await expect(page.locator("body")).not.toHaveAttribute("data-slow-start");
  await expect(page.locator("#messages")).not.toContainText("Still starting");
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  errors.assertNone();
});

test("a start that finishes in time says nothing", async ({ page }) => {
  test.skip(webgpuProject() || plainProject(), "the threaded build: a cross-origin-isolated page, the CPU");
  await page.addInitScript(() => Object.assign(window, { ganPlaygroundTest: { startupWatchdogMs: 1500 } }));
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu&seed=3");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  await expect(page.locator("#backend")).toContainText(/threads\)/);
  await page.waitForTimeout(2000);
  await expect(page.locator("#messages")).not.toContainText("Still starting");
});
