/**
 * A hidden page pauses its run and plays on when shown (www/src/ui/visibility.ts), with real
 * hiding: another tab brought to the front of the same window.
 *
 * Playwright keeps every page it drives "visible" (it turns on CDP focus emulation, which holds
 * the tab as if captured), so these tests start their own Chromium and attach to it with
 * `connectOverCDP(…, { noDefaults: true })`, which leaves the browser's default context alone:
 * there a background tab reports `document.visibilityState === "hidden"`, as for a visitor.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, expect, test as base, type Browser, type Page } from "@playwright/test";
import { readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";

/** Our page, and how to put another tab in front of it and take it back. */
interface Tabs {
  page: Page;
  /** Opens `path` relative to the test server's base URL (the default context has none of its own). */
  open(path: string): Promise<void>;
  hide(): Promise<void>;
  show(): Promise<void>;
}

/** Starts the project's Chromium (same executable and flags) headless, for CDP on a free port. */
async function startChromium(userDataDir: string): Promise<{ process: ChildProcess; wsEndpoint: string }> {
  const launch = test.info().project.use.launchOptions ?? {};
  const args = [...(launch.args ?? []), "--headless", "--remote-debugging-port=0", `--user-data-dir=${userDataDir}`, "about:blank"];
  const child = spawn(launch.executablePath ?? "/usr/bin/chromium", args, { stdio: ["ignore", "ignore", "pipe"] });
  const wsEndpoint = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.once("exit", (code) => reject(new Error(`Chromium exited (${code}) before its DevTools endpoint was up: ${output.slice(-500)}`)));
  });
  return { process: child, wsEndpoint };
}

const test = base.extend<{ tabs: Tabs }>({
  tabs: async ({ baseURL }, use) => {
    // Before a browser is started for nothing.
    test.skip(webgpuProject(), "pausing on hiding is the page's, not the backend's");
    const userDataDir = mkdtempSync(join(tmpdir(), "gan-visibility-"));
    const started = await startChromium(userDataDir);
    let browser: Browser | undefined;
    try {
      browser = await chromium.connectOverCDP(started.wsEndpoint, { noDefaults: true });
      const context = browser.contexts()[0]!;
      const page = context.pages()[0] ?? (await context.newPage());
      let other: Page | undefined;
      const visibility = () => page.evaluate(() => document.visibilityState);
      await use({
        page,
        open: async (path) => void (await page.goto(new URL(path, baseURL).href)),
        hide: async () => {
          other ??= await context.newPage();
          await other.bringToFront();
          await expect.poll(visibility).toBe("hidden");
        },
        show: async () => {
          await page.bringToFront();
          await expect.poll(visibility).toBe("visible");
        },
      });
    } finally {
      // `close()` only disconnects from a browser it did not launch: shut Chromium down (with
      // its helper processes, which write to the profile until they end), then remove the profile.
      const exited = started.process.exitCode === null ? new Promise((resolve) => started.process.once("exit", resolve)) : Promise.resolve();
      const shutDown = browser?.newBrowserCDPSession().then((cdp) => cdp.send("Browser.close"));
      await (shutDown ?? Promise.reject(new Error("never connected"))).catch(() => started.process.kill());
      const killLater = setTimeout(() => started.process.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killLater);
      await browser?.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    }
  },
});

/** The step counter over `ms`: [before, after]. */
async function stepsOver(page: Page, ms: number): Promise<[number, number]> {
  const before = await readNumber(page, "#stat-step");
  await page.waitForTimeout(ms);
  return [before, await readNumber(page, "#stat-step")];
}

test("a hidden tab pauses the run; shown again it plays on, but a user's pause stays", async ({ tabs }) => {
  const { page } = tabs;
  const errors = watchErrors(page);
  await tabs.open("./#v=1&preset=tuned-1d&backend=cpu&seed=2");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  await page.locator("#play").click();
  await waitForStep(page, 100, 60_000);

  await tabs.hide();
  await expect(page.locator("#play")).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("body")).toHaveAttribute("data-paused-hidden", "");
  // The pause's final snapshot has landed once the button says so; from then on nothing moves.
  const [hiddenFrom, hiddenTo] = await stepsOver(page, 3000);
  expect(hiddenTo, "iterations while hidden").toBe(hiddenFrom);

  await tabs.show();
  await expect(page.locator("#play")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("body")).not.toHaveAttribute("data-paused-hidden");
  await waitForStep(page, hiddenTo + 100, 60_000);

  // The user pauses; hiding and showing the tab must not start it again.
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveAttribute("aria-pressed", "false");
  await tabs.hide();
  await page.waitForTimeout(500);
  await tabs.show();
  const [shownFrom, shownTo] = await stepsOver(page, 3000);
  expect(shownTo, "iterations after the user's pause").toBe(shownFrom);
  await expect(page.locator("#play")).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("body")).not.toHaveAttribute("data-paused-hidden");
  errors.assertNone();
});

interface Status {
  type: string;
  running?: boolean;
  step?: number;
}

test("an embedded widget follows its top-level page: the parent hears running=false while hidden", async ({ tabs }) => {
  const { page } = tabs;
  const errors = watchErrors(page);
  const parentHtml = readFileSync(new URL("../fixtures/embed-parent.html", import.meta.url), "utf8");
  await page.route("**/__fixtures__/embed-parent.html", (route) => route.fulfill({ contentType: "text/html", body: parentHtml }));
  await tabs.open("./__fixtures__/embed-parent.html#v=1&preset=tuned-1d&backend=cpu&seed=5");
  const statuses = () => page.evaluate(() => (window as unknown as { received: Status[] }).received.filter((m) => m.type === "status"));
  const last = async () => (await statuses()).at(-1);
  const command = (message: object) => page.evaluate((m) => (window as unknown as { command: (m: object) => void }).command(m), message);
  await expect.poll(async () => (await last())?.running, { timeout: 60_000 }).toBe(false);
  const frame = page.frameLocator("#widget");
  const widgetVisibility = () => frame.locator("body").evaluate(() => document.visibilityState);

  await command({ type: "play" });
  await expect.poll(async () => (await last())?.step ?? 0, { timeout: 60_000 }).toBeGreaterThan(100);
  // A frame merely out of sight (display: none, as a deck's other slides) is not hidden in
  // Chromium: it trains on; the deck pauses it through the protocol or unloads it.
  await page.locator("#widget").evaluate((f: HTMLElement) => (f.style.display = "none"));
  expect(await widgetVisibility()).toBe("visible");
  const undisplayedAt = (await last())!.step!;
  await expect.poll(async () => (await last())?.step ?? 0, { timeout: 60_000 }).toBeGreaterThan(undisplayedAt + 50);
  await page.locator("#widget").evaluate((f: HTMLElement) => (f.style.display = ""));

  await tabs.hide();
  expect(await widgetVisibility(), "the frame follows its top-level page").toBe("hidden");
  await expect.poll(async () => (await last())?.running).toBe(false);
  const pausedAt = (await last())!.step!;
  await page.waitForTimeout(2000);
  // Asked two seconds later, the widget is still paused at the same step.
  const asked = (await statuses()).length;
  await command({ type: "get-status" });
  await expect.poll(async () => (await statuses()).length).toBeGreaterThan(asked);
  expect(await last()).toMatchObject({ running: false, step: pausedAt });

  await tabs.show();
  await expect.poll(async () => (await last())?.running).toBe(true);
  await expect.poll(async () => (await last())?.step ?? 0, { timeout: 60_000 }).toBeGreaterThan(pausedAt + 100);
  errors.assertNone();
});

test("a link with autoplay opened in a background tab starts training when it is first seen", async ({ tabs }) => {
  const { page } = tabs;
  const errors = watchErrors(page);
  await tabs.hide();
  await tabs.open("./#v=1&preset=tuned-1d&backend=cpu&seed=3&autoplay=1");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  // Autoplay started it; hiding took it back at once (a step or a chunk may have run).
  await expect(page.locator("body")).toHaveAttribute("data-paused-hidden", "");
  await expect(page.locator("#play")).toHaveAttribute("aria-pressed", "false");
  const [from, to] = await stepsOver(page, 3000);
  expect(to, "iterations while never seen").toBe(from);

  await tabs.show();
  await expect(page.locator("#play")).toHaveAttribute("aria-pressed", "true");
  await waitForStep(page, to + 100, 60_000);
  errors.assertNone();
});
