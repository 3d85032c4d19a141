/**
 * The service worker (www/src/sw/service-worker.ts, `sw.js` beside index.html) on a host that
 * sends no cross-origin-isolation headers, as GitHub Pages: the first visit runs on one thread,
 * the page reloads itself once when the worker takes it over and then trains on all cores; a
 * second visit with the network cut loads and trains, the digits too; a run the visitor has
 * started is not reloaded under them (they are offered the reload); a new deployment is offered
 * as "a new version", and its Reload brings it in; on a host that sends the headers nothing
 * reloads, and the page says when the site is cached. The other specs block service workers
 * (playwright.config.ts), so that `cpu-plain` keeps testing the one-thread build.
 */

import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { PLAIN_PORT } from "../../playwright.config";
import { MANIFEST_GLOBAL, manifestOf } from "../../scripts/service-worker-plugin.mjs";
import { cpuBadge, waitForStep, watchErrors } from "./helpers";

test.use({ serviceWorkers: "allow" });

/** The built site without the headers (playwright.config.ts `PLAIN_PORT`), from a sub-path. */
const PLAIN = `http://127.0.0.1:${PLAIN_PORT}/demo/`;
/** The build the servers serve (playwright.config.ts `E2E_DIST`). */
const DIST = resolve(new URL("../../", import.meta.url).pathname, process.env.GAN_E2E_DIST ?? "dist-test");
const ONE_THREAD = /\(1 thread: the page is not cross-origin isolated \(COOP\/COEP headers\)\)$/;
const CHOSEN = "CPU — chosen in the link (backend=cpu)";
/** What the page says once the first visit is complete (www/src/ui/offline.ts). */
const SAVED = "Saved for offline use, and training on all cores";

test.beforeEach(() => {
  test.skip(test.info().project.name !== "cpu", "the service worker on Chromium's CPU backend: once is enough");
});

/** `crossOriginIsolated` of the page now; null while it is between two documents (a reload). */
function isolated(page: Page): Promise<boolean | null> {
  return page.evaluate(() => crossOriginIsolated).catch(() => null);
}

test("without the headers: one reload makes the page isolated (all cores); a second visit offline trains, the digits too", async ({ context, page }) => {
  const errors = watchErrors(page);
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto(`${PLAIN}#v=1&preset=tuned-1d&backend=cpu`);
  expect(await isolated(page)).toBe(false);
  // The worker registers once this run is ready, so the one-thread badge comes first.
  await expect(page.locator("#backend")).toHaveText(ONE_THREAD, { timeout: 120_000 });
  // It then downloads the whole site, takes the page over, and the page reloads itself: once.
  await expect.poll(() => isolated(page), { timeout: 120_000, intervals: [500] }).toBe(true);
  await expect(page.locator("#messages .message", { hasText: SAVED })).toBeVisible();
  await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, CHOSEN), { timeout: 120_000 });
  await page.locator("#play").click();
  await waitForStep(page, 200, 60_000);
  await page.locator("#play").click();
  expect(loads, "page loads: the first visit and the one reload").toBe(2);
  const cached = await page.evaluate(async () => Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).length)));
  expect(cached.length, "one cache: this version's").toBe(1);
  errors.assertNone();

  // A lecture hall without Wi-Fi: a new tab, the network cut.
  await context.setOffline(true);
  const offline = await context.newPage();
  const offlineErrors = watchErrors(offline);
  const fromNetwork: string[] = [];
  offline.on("response", (response) => {
    if (!response.fromServiceWorker() && !response.url().startsWith("data:")) fromNetwork.push(response.url());
  });
  const navigation = await offline.goto(`${PLAIN}#v=1&preset=tuned-1d&backend=cpu&seed=7`);
  expect(navigation?.fromServiceWorker()).toBe(true);
  expect(await isolated(offline)).toBe(true);
  await expect(offline.locator("#backend")).toHaveText(await cpuBadge(offline, CHOSEN), { timeout: 120_000 });
  await offline.locator("#play").click();
  await waitForStep(offline, 100, 60_000);
  await offline.locator("#play").click();
  // A digit preset: the digits come from the cache.
  await offline.evaluate(() => (location.hash = "#v=1&preset=mnist-mlp&backend=cpu"));
  await expect(offline.locator("#step")).toBeEnabled({ timeout: 120_000 });
  await expect(offline.locator("#stat-step")).toHaveText("0", { timeout: 60_000 });
  await offline.locator("#step").click();
  await expect(offline.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  expect(fromNetwork, "responses not from the service worker").toEqual([]);
  offlineErrors.assertNone();
  // The network is really gone: what the worker has not cached fails (a console error, so after the check above).
  expect(
    await offline.evaluate(() =>
      fetch("not-in-the-build.txt").then(
        (r) => `HTTP ${r.status}`,
        () => "failed",
      ),
    ),
  ).toBe("failed");
  await context.setOffline(false);
});

test("a run the visitor started is not reloaded (they are offered it); a new version is offered, and its Reload brings it in", async ({ page }) => {
  const site = await serveSite();
  try {
    const errors = watchErrors(page);
    await page.goto(`${site.url}#v=1&preset=tuned-1d&backend=cpu`);
    await expect(page.locator("#backend")).toHaveText(ONE_THREAD, { timeout: 120_000 });
    // Training starts while the worker still downloads (the server holds the digits back).
    await page.locator("#play").click();
    await waitForStep(page, 20, 60_000);
    site.releaseDigits();
    const allCores = page.locator("#messages .message", { hasText: "can now train on all of this computer's cores" });
    await expect(allCores).toBeVisible({ timeout: 120_000 });
    expect(await isolated(page), "not reloaded under the run").toBe(false);
    await allCores.getByRole("button", { name: "Reload" }).click();
    await expect.poll(() => isolated(page), { timeout: 60_000, intervals: [500] }).toBe(true);
    await expect(page.locator("#messages .message", { hasText: SAVED })).toBeVisible();
    await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, CHOSEN), { timeout: 120_000 });

    // A new deployment: index.html changed (so sw.js names a new version).
    site.deploy();
    site.requests.length = 0;
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()));
    const newVersion = page.locator("#messages .message", { hasText: "A new version of GAN Playground is ready." });
    await expect(newVersion).toBeVisible({ timeout: 120_000 });
    // Only what changed was downloaded: the files that kept their revision were copied over.
    expect(site.requests.sort()).toEqual(["index.html", "sw.js"]);
    expect(await page.locator('meta[name="gan-playground-test-version"]').count()).toBe(0);
    await newVersion.getByRole("button", { name: "Reload" }).click();
    await expect(page.locator('meta[name="gan-playground-test-version"]')).toHaveCount(1, { timeout: 60_000 });
    expect(await isolated(page)).toBe(true);
    await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, CHOSEN), { timeout: 120_000 });
    // The old version's cache is gone; the new one holds every file.
    const names = await page.evaluate(() => caches.keys());
    expect(names).toEqual([expect.stringContaining(site.nextVersion)]);
    errors.assertNone();
  } finally {
    await site.close();
  }
});

test("with the headers: no reload; the page says when the site is saved for offline use", async ({ page }) => {
  const errors = watchErrors(page);
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
  expect(await isolated(page)).toBe(true);
  await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, CHOSEN), { timeout: 120_000 });
  await expect(page.locator("#messages .message", { hasText: "Saved for offline use: this page now works without a network." })).toBeVisible({
    timeout: 120_000,
  });
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/demo\/sw\.js$/);
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
  expect(loads, "no reload").toBe(1);
  errors.assertNone();
});

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

/**
 * The build served as a static host would, without the headers, from `/demo/`, on a port of
 * its own: the digits can be held back (the worker's download waits), and a new version
 * deployed — index.html with a marker, and sw.js naming it (a new version, index.html's new
 * revision), as a new build would.
 */
async function serveSite() {
  const original = { sw: readFileSync(join(DIST, "sw.js"), "utf8"), index: readFileSync(join(DIST, "index.html"), "utf8") };
  let served = original;
  const manifest = manifestOf(original.sw);
  const nextVersion = `${manifest.version}-next`;
  let releaseDigits = () => {};
  const digitsReleased = new Promise<void>((resolve) => (releaseDigits = resolve));
  const requests: string[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://host").pathname);
      if (!path.startsWith("/demo/")) return response.writeHead(404).end();
      const file = path.slice("/demo/".length).replace(/(^|\/)$/, "$1index.html");
      requests.push(file);
      if (file === "data/mnist-10k.bin") await digitsReleased;
      const onDisk = join(DIST, file);
      const body =
        file === "sw.js"
          ? served.sw
          : file === "index.html"
            ? served.index
            : onDisk.startsWith(DIST + sep) && existsSync(onDisk) && statSync(onDisk).isFile()
              ? readFileSync(onDisk)
              : null;
      if (body === null) return response.writeHead(404).end();
      response.writeHead(200, { "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-cache" }).end(body);
    })();
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/demo/`,
    requests,
    nextVersion,
    releaseDigits: () => releaseDigits(),
    deploy() {
      const index = original.index.replace("<head>", '<head>\n    <meta name="gan-playground-test-version" content="next" />');
      const revision = createHash("sha256").update(index).digest("hex").slice(0, 16);
      const files = manifest.files.map((entry) => (entry.url === "index.html" ? { ...entry, revision, bytes: Buffer.byteLength(index) } : entry));
      const [, ...code] = original.sw.split("\n");
      served = { index, sw: [`const ${MANIFEST_GLOBAL} = ${JSON.stringify({ version: nextVersion, files })};`, ...code].join("\n") };
    },
    close: () => {
      releaseDigits();
      server.closeAllConnections();
      return new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
