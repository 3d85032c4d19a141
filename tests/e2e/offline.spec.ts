/**
 * The service worker (www/src/sw/service-worker.ts, `sw.js` beside index.html) on a host that
 * sends no cross-origin-isolation headers, as GitHub Pages: the first visit runs on one thread,
 * the page reloads itself once when the worker takes it over and then trains on all cores; a
 * second visit with the network cut loads and trains the lab it used, the digits not (the
 * worker keeps what the device uses), until "Save everything for offline" keeps them too; a
 * 1D visit to a host that compresses what it sends transfers at most 3 MB, what the worker
 * fetches included, and never the WebGPU build or the digits; a run the visitor has started is
 * not reloaded under them (they are offered the reload); a new deployment is offered as "a new
 * version", keeps what the old one kept, and its Reload brings it in; on a host that sends the
 * headers nothing reloads, the page says when the lab is saved, and it then opens offline. The
 * other specs block service workers (playwright.config.ts), so that `cpu-plain` keeps testing
 * the one-thread build.
 */

import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { createGzip } from "node:zlib";
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
/** What the Share dialog's Offline section says once everything is kept (ui/share/offline-section.ts). */
const EVERYTHING = /^Everything is kept for offline use \(\d+ MB\)/;
/** The most a 1D visit may transfer from a host that compresses (issue 29). */
const FIRST_VISIT_BUDGET = 3_000_000;

/** The Share dialog's "Save everything for offline", to its end. */
async function saveEverything(page: Page): Promise<void> {
  await page.locator("#share").click();
  await page.locator("#save-offline").click();
  await expect(page.locator("#save-offline-status")).toHaveText(EVERYTHING, { timeout: 120_000 });
  await expect(page.locator("#messages .message", { hasText: "Everything is saved for offline use" })).toHaveCount(1);
  await page.keyboard.press("Escape");
}

test.beforeEach(() => {
  test.skip(test.info().project.name !== "cpu", "the service worker on Chromium's CPU backend: once is enough");
});

/** `crossOriginIsolated` of the page now; null while it is between two documents (a reload). */
function isolated(page: Page): Promise<boolean | null> {
  return page.evaluate(() => crossOriginIsolated).catch(() => null);
}

test("without the headers: one reload makes the page isolated (all cores); offline, the lab it used trains, and the digits once everything is saved", async ({
  context,
  page,
}) => {
  const errors = watchErrors(page);
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto(`${PLAIN}#v=1&preset=tuned-1d&backend=cpu`);
  expect(await isolated(page)).toBe(false);
  // The worker registers once this run is ready, so the one-thread badge comes first.
  await expect(page.locator("#backend")).toHaveText(ONE_THREAD, { timeout: 120_000 });
  // It then takes the page over (keeping what the page uses from then on), and the page reloads itself: once.
  await expect.poll(() => isolated(page), { timeout: 120_000, intervals: [500] }).toBe(true);
  await expect(page.locator("#messages .message", { hasText: SAVED })).toBeVisible({ timeout: 60_000 });
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
  expect(fromNetwork, "responses not from the service worker").toEqual([]);
  offlineErrors.assertNone();
  // The digits were never used here, so they are not kept: the page says they could not be downloaded.
  await offline.evaluate(() => (location.hash = "#v=1&preset=mnist-mlp&backend=cpu"));
  await expect(offline.getByText(/the built-in digits could not be downloaded/).first()).toBeVisible({ timeout: 60_000 });
  await offline.close();

  // Back online, the lecturer saves everything before class; then offline again, the digits train.
  await context.setOffline(false);
  await saveEverything(page);
  await context.setOffline(true);
  const lecture = await context.newPage();
  const lectureErrors = watchErrors(lecture);
  lecture.on("response", (response) => {
    if (!response.fromServiceWorker() && !response.url().startsWith("data:")) fromNetwork.push(response.url());
  });
  await lecture.goto(`${PLAIN}#v=1&preset=mnist-mlp&backend=cpu`);
  await expect(lecture.locator("#step")).toBeEnabled({ timeout: 120_000 });
  await expect(lecture.locator("#stat-step")).toHaveText("0", { timeout: 60_000 });
  await lecture.locator("#step").click();
  await expect(lecture.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  expect(fromNetwork, "responses not from the service worker").toEqual([]);
  lectureErrors.assertNone();
  // The network is really gone: what the worker has not cached fails (a console error, so after the check above).
  expect(
    await lecture.evaluate(() =>
      fetch("not-in-the-build.txt").then(
        (r) => `HTTP ${r.status}`,
        () => "failed",
      ),
    ),
  ).toBe("failed");
  await context.setOffline(false);
  errors.assertNone();
});

test("a run the visitor started is not reloaded (they are offered it); a new version is offered, and its Reload brings it in", async ({ page }) => {
  const site = await serveSite();
  try {
    const errors = watchErrors(page);
    await page.goto(`${site.url}#v=1&preset=tuned-1d&backend=cpu`);
    await expect(page.locator("#backend")).toHaveText(ONE_THREAD, { timeout: 120_000 });
    // Training starts before the worker takes the page over (the server holds sw.js back).
    await page.locator("#play").click();
    await waitForStep(page, 20, 60_000);
    site.releaseWorker();
    const allCores = page.locator("#messages .message", { hasText: "can now train on all of this computer's cores" });
    await expect(allCores).toBeVisible({ timeout: 120_000 });
    expect(await isolated(page), "not reloaded under the run").toBe(false);
    await allCores.getByRole("button", { name: "Reload" }).click();
    await expect.poll(() => isolated(page), { timeout: 60_000, intervals: [500] }).toBe(true);
    await expect(page.locator("#messages .message", { hasText: SAVED })).toBeVisible({ timeout: 60_000 });
    await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, CHOSEN), { timeout: 120_000 });
    const keptBefore = await keptFiles(page);
    expect(keptBefore, "what the isolated page used: the page, the threaded build").toEqual(expect.arrayContaining(["index.html"]));
    expect(keptBefore.filter((file) => file.endsWith(".wasm")).length, "the threaded build, and the one-thread build it falls back to").toBe(2);
    expect(keptBefore, "the digits were not used").not.toContain("data/mnist-10k.bin");

    // A new deployment: index.html changed (so sw.js names a new version).
    site.deploy();
    site.requests.length = 0;
    await page.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()));
    const newVersion = page.locator("#messages .message", { hasText: "A new version of GAN Playground is ready." });
    await expect(newVersion).toBeVisible({ timeout: 120_000 });
    // Only what changed was downloaded: the kept files that kept their revision were copied over.
    expect(site.requests.sort()).toEqual(["index.html", "sw.js"]);
    expect(await page.locator('meta[name="gan-playground-test-version"]').count()).toBe(0);
    await newVersion.getByRole("button", { name: "Reload" }).click();
    await expect(page.locator('meta[name="gan-playground-test-version"]')).toHaveCount(1, { timeout: 60_000 });
    expect(await isolated(page)).toBe(true);
    await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, CHOSEN), { timeout: 120_000 });
    // The old version's cache is gone; the new one holds what the old one held.
    const names = await page.evaluate(() => caches.keys());
    expect(names).toEqual([expect.stringContaining(site.nextVersion)]);
    expect(await keptFiles(page)).toEqual(keptBefore);
    errors.assertNone();
  } finally {
    await site.close();
  }
});

test("with the headers: no reload; the page says when the lab is saved for offline use, and it then opens offline", async ({ context, page }) => {
  const errors = watchErrors(page);
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
  expect(await isolated(page)).toBe(true);
  await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, CHOSEN), { timeout: 120_000 });
  await expect(page.locator("#messages .message", { hasText: "Saved for offline use: this lab now works without a network." })).toBeVisible({
    timeout: 120_000,
  });
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/demo\/sw\.js$/);
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");
  expect(loads, "no reload").toBe(1);
  errors.assertNone();
  // What the page and its trainer loaded before the worker answered them is kept (the page told
  // the worker): a new tab opens the lab offline.
  await context.setOffline(true);
  const offline = await context.newPage();
  const offlineErrors = watchErrors(offline);
  await offline.goto("./#v=1&preset=tuned-1d&backend=cpu&seed=3");
  await expect(offline.locator("#backend")).toHaveText(await cpuBadge(offline, CHOSEN), { timeout: 120_000 });
  await offline.locator("#step").click();
  await expect(offline.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  offlineErrors.assertNone();
  await context.setOffline(false);
});

test("a 1D visit to a host that compresses transfers at most 3 MB, what the service worker fetches included: never the WebGPU build or the digits", async ({
  page,
}) => {
  const host = await compressingHost(PLAIN);
  try {
    const errors = watchErrors(page);
    await page.goto(`${host.url}#v=1&preset=tuned-1d`);
    // No WebGPU in this project: the page runs the CPU, reloads once isolated, and keeps this lab.
    await expect(page.locator("#messages .message", { hasText: SAVED })).toBeVisible({ timeout: 180_000 });
    await page.locator("#step").click();
    await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
    const manifest = manifestOf(readFileSync(join(DIST, "sw.js"), "utf8"));
    const wasm = manifest.files.filter((file) => file.url.endsWith(".wasm")).sort((a, b) => b.bytes - a.bytes);
    const webgpu = wasm[0]!.url;
    const fetched = [...new Set(host.requests)].sort();
    console.log(`a 1D visit: ${(host.transferred() / 1e6).toFixed(2)} MB transferred (${host.requests.length} requests): ${fetched.join(", ")}`);
    expect(fetched, "the WebGPU build").not.toContain(webgpu);
    expect(fetched, "the digits").not.toContain("data/mnist-10k.bin");
    expect(fetched.filter((file) => file.endsWith(".wasm")).length, "the two CPU builds at most").toBeLessThanOrEqual(2);
    expect(host.transferred()).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
    expect(await keptFiles(page)).not.toContain(webgpu);
    errors.assertNone();
  } finally {
    await host.close();
  }
});

/** The build's files this version's cache keeps (paths relative to the site, without revisions). */
function keptFiles(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const names = await caches.keys();
    const base = new URL(".", document.baseURI).href;
    const keys = (await Promise.all(names.map(async (name) => (await caches.open(name)).keys()))).flat();
    return keys
      .map((request) => request.url.split("?")[0]!.replace(base, ""))
      .filter((file) => file !== "gan-playground-keeps-everything")
      .sort();
  });
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|wasm)|image\/svg)/;

/**
 * A static host that compresses what it sends, as GitHub Pages and most hosts do (gzip for
 * text, scripts and wasm): `upstream` behind it, every request's path (relative to the site)
 * noted, and the bytes it wrote to the browser counted.
 */
async function compressingHost(upstream: string) {
  const target = new URL(upstream);
  const requests: string[] = [];
  let written = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((request, response) => {
    requests.push((request.url ?? "").split("?")[0]!.replace(target.pathname, "").replace(/^$/, "index.html"));
    const headers = { ...request.headers };
    delete headers["accept-encoding"];
    const forward = httpRequest({ host: target.hostname, port: target.port, path: request.url, method: request.method, headers }, (answer: IncomingMessage) => {
      const type = String(answer.headers["content-type"] ?? "");
      const gzip = answer.statusCode === 200 && COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
      const out = { ...answer.headers };
      if (gzip) {
        delete out["content-length"];
        out["content-encoding"] = "gzip";
      }
      response.writeHead(answer.statusCode ?? 502, out);
      if (gzip) answer.pipe(createGzip()).pipe(response);
      else answer.pipe(response);
    });
    forward.on("error", () => response.writeHead(502).end());
    request.pipe(forward);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      written += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    requests,
    /** Every byte written to the browser so far, headers included. */
    transferred: () => written + [...sockets].reduce((sum, socket) => sum + socket.bytesWritten, 0),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}

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
 * its own: sw.js can be held back (the worker takes the page over later), and a new version
 * deployed — index.html with a marker, and sw.js naming it (a new version, index.html's new
 * revision), as a new build would.
 */
async function serveSite() {
  const original = { sw: readFileSync(join(DIST, "sw.js"), "utf8"), index: readFileSync(join(DIST, "index.html"), "utf8") };
  let served = original;
  const manifest = manifestOf(original.sw);
  const nextVersion = `${manifest.version}-next`;
  let releaseWorker = () => {};
  const workerReleased = new Promise<void>((resolve) => (releaseWorker = resolve));
  const requests: string[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://host").pathname);
      if (!path.startsWith("/demo/")) return response.writeHead(404).end();
      const file = path.slice("/demo/".length).replace(/(^|\/)$/, "$1index.html");
      requests.push(file);
      if (file === "sw.js") await workerReleased;
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
    releaseWorker: () => releaseWorker(),
    deploy() {
      const index = original.index.replace("<head>", '<head>\n    <meta name="gan-playground-test-version" content="next" />');
      const revision = createHash("sha256").update(index).digest("hex").slice(0, 16);
      const files = manifest.files.map((entry) => (entry.url === "index.html" ? { ...entry, revision, bytes: Buffer.byteLength(index) } : entry));
      const [, ...code] = original.sw.split("\n");
      served = { index, sw: [`const ${MANIFEST_GLOBAL} = ${JSON.stringify({ version: nextVersion, files })};`, ...code].join("\n") };
    },
    close: () => {
      releaseWorker();
      server.closeAllConnections();
      return new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
