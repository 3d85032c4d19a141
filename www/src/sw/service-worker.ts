/**
 * The site's service worker (built to `sw.js` beside index.html by scripts/service-worker-plugin.mjs,
 * which puts the manifest of the build first in it). Two jobs:
 *
 * - **All cores on any static host.** Every same-origin response it serves — the page, its
 *   scripts, its workers' scripts, the wasm — carries the two cross-origin-isolation headers,
 *   so a host that sends none (GitHub Pages) still gives a cross-origin-isolated page, and the
 *   CPU backend runs its threaded build (www/src/worker/wasm.ts). The page reloads once when
 *   this worker first takes it over (www/src/ui/offline.ts).
 * - **Offline, for what this device uses.** A file of the build is kept in this version's cache
 *   when the device uses it — the page, the CPU build it runs, the built-in images once an image
 *   lab has opened, the WebGPU build only where WebGPU ran — and never before: a phone that opens the
 *   1D lab downloads what it runs, not the ≈ 58 MB of every build (issue 29); with any build,
 *   the one-thread CPU build it would fall back to (offline, a threaded start that fails
 *   must still find it). The page tells
 *   this worker what it loaded before the worker answered it (`keep`), and on request keeps
 *   every file (`keep-all`: "Save everything for offline", for a lecturer before class; a
 *   later version keeps everything too). A new version installs beside the old one with what
 *   the old one kept (unchanged files are copied over, changed ones downloaded) and waits until
 *   the page says so (the "new version" message); then it takes over and deletes the old caches.
 *
 * A file is kept only if its bytes hash to the revision the manifest names (a host half-way
 * through a deployment cannot put a mismatched file into this version's cache).
 *
 * One classic script, no imports: only types come from elsewhere (they vanish in the build).
 */

import type { PrecacheFile, PrecacheManifest } from "../../../scripts/service-worker-plugin.mjs";
import type { KeepReply, KeepRequest } from "./messages";

declare const self: ServiceWorkerGlobalScope;
/** Put first in `sw.js` by the build (service-worker-plugin.mjs `MANIFEST_GLOBAL`). */
declare const __GAN_PLAYGROUND_PRECACHE__: PrecacheManifest;

const manifest = __GAN_PLAYGROUND_PRECACHE__;

/**
 * Caches are per origin, and one origin may host several copies of the site (user.github.io/a/
 * and /b/): each copy's caches are named by its scope, so it deletes only its own old versions.
 */
const CACHE_PREFIX = `gan-playground ${self.registration.scope} `;
const CACHE_NAME = CACHE_PREFIX + manifest.version;
/** The cache entry that says "keep every file", carried from version to version. */
const EVERYTHING_KEY = new URL("gan-playground-keeps-everything", self.registration.scope).href;
/** How many files `keep-all` downloads at once. */
const PARALLEL_DOWNLOADS = 4;

/** The headers that make a page cross-origin isolated (vite.config.ts sends the same when it serves). */
const ISOLATION_HEADERS: Record<string, string> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** The build's files by their absolute URL. */
const files = new Map<string, PrecacheFile>(manifest.files.map((file) => [absolute(file), file]));
/** The one-thread CPU build, which every other build falls back to (the manifest's `fallback`). */
const fallback = (manifest.fallback ?? []).map((url) => files.get(new URL(url, self.location.href).href)).filter((file) => file !== undefined);

function absolute(file: PrecacheFile): string {
  return new URL(file.url, self.location.href).href;
}

/**
 * A kept file's cache key: its URL with its revision as a query, so a file unchanged between
 * two versions has the same key in both caches (and is copied, not downloaded again).
 */
function keyOf(file: PrecacheFile): string {
  return `${absolute(file)}?revision=${file.revision}`;
}

self.addEventListener("install", (event) => {
  event.waitUntil(carryOver());
});

/**
 * Fills this version's cache with what the versions before it kept: a file at the same
 * revision is copied, a changed one downloaded, and every file if one of them kept everything.
 * Any failure fails the install: the browser tries again later, and the current version goes
 * on serving meanwhile. The first version starts empty: the page says what it has used.
 */
async function carryOver(): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  const older = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME);
  const used = new Set<string>();
  let everything = false;
  for (const name of older) {
    for (const request of await (await caches.open(name)).keys()) {
      if (request.url === EVERYTHING_KEY) everything = true;
      const url = new URL(request.url);
      url.search = "";
      used.add(url.href);
    }
  }
  const wanted = manifest.files.filter((file) => everything || used.has(absolute(file)));
  await inBatches(wanted, (file) => keep(cache, file));
  if (everything) await cache.put(EVERYTHING_KEY, new Response("1"));
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)));
      // Takes over the open pages at once: on a host without the isolation headers the page
      // then reloads itself (offline.ts) to come back isolated.
      await self.clients.claim();
    })(),
  );
});

/**
 * The page's requests (www/src/sw/messages.ts): `keep` the files it loaded before this worker
 * answered it, `keep-all`, and `skip-waiting` (the Reload of the new-version message). The
 * answers go back through the port that came with the message.
 */
self.addEventListener("message", (event) => {
  const request = event.data as KeepRequest | { type?: unknown } | null;
  if (request?.type === "skip-waiting") return void self.skipWaiting();
  const port = event.ports[0];
  if (!port || (request?.type !== "keep" && request?.type !== "keep-all")) return;
  const reply = (message: KeepReply) => port.postMessage(message);
  event.waitUntil(
    answer(request as KeepRequest, reply).catch((error: unknown) => reply({ type: "failed", message: error instanceof Error ? error.message : String(error) })),
  );
});

async function answer(request: KeepRequest, reply: (message: KeepReply) => void): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  let wanted: PrecacheFile[];
  if (request.type === "keep-all") {
    wanted = manifest.files;
    await cache.put(EVERYTHING_KEY, new Response("1"));
  } else {
    const addresses = [precachedUrl(request.page, true), ...request.urls.map((url) => precachedUrl(url, false))];
    const found = addresses.map((url) => files.get(url)).filter((file) => file !== undefined);
    // A build kept: the one it falls back to as well (a threaded start that fails offline, a lost GPU).
    if (found.some((file) => file.url.endsWith(".wasm"))) found.push(...fallback);
    wanted = withScriptsUsed(found);
  }
  const missing = [];
  for (const file of wanted) if (!(await cache.match(keyOf(file)))) missing.push(file);
  let done = 0;
  let bytes = 0;
  const total = missing.reduce((sum, file) => sum + file.bytes, 0);
  await inBatches(missing, async (file) => {
    await keep(cache, file);
    done += 1;
    bytes += file.bytes;
    if (request.type === "keep-all") reply({ type: "progress", files: done, bytes, totalFiles: missing.length, totalBytes: total });
  });
  reply(await summary(cache));
}

/** `found` and every script they load, and those load (the manifest's `uses`), once each. */
function withScriptsUsed(found: PrecacheFile[]): PrecacheFile[] {
  const all = new Set<PrecacheFile>();
  const visit = (file: PrecacheFile) => {
    if (all.has(file)) return;
    all.add(file);
    for (const url of file.uses ?? []) {
      const used = files.get(new URL(url, self.location.href).href);
      if (used) visit(used);
    }
  };
  found.forEach(visit);
  return [...all];
}

/** What this version's cache holds, against the whole build. */
async function summary(cache: Cache): Promise<Extract<KeepReply, { type: "kept" }>> {
  let keptFiles = 0;
  let keptBytes = 0;
  for (const file of manifest.files) {
    if (await cache.match(keyOf(file))) {
      keptFiles += 1;
      keptBytes += file.bytes;
    }
  }
  const totalBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  return {
    type: "kept",
    files: keptFiles,
    bytes: keptBytes,
    totalFiles: manifest.files.length,
    totalBytes,
    everything: (await cache.match(EVERYTHING_KEY)) !== undefined,
  };
}

/**
 * Puts `file` into `cache`: copied from an older version's cache at the same revision, or else
 * fetched — from the HTTP cache when the browser holds it (the page has just downloaded it),
 * from the network otherwise — and checked against its revision.
 */
async function keep(cache: Cache, file: PrecacheFile): Promise<void> {
  const key = keyOf(file);
  if (await cache.match(key)) return;
  const kept = await caches.match(key);
  if (kept) return cache.put(key, kept);
  let response = await checked(file, await fetch(absolute(file), { cache: "force-cache" }));
  // The browser's copy is an older deployment's: ask the host.
  response ??= await checked(file, await fetch(absolute(file), { cache: "no-cache" }));
  if (!response) throw new Error(`${file.url}: the host serves other contents than this version's (revision ${file.revision})`);
  await cache.put(key, response);
}

/** `response` rebuilt from its bytes when they are `file`'s revision; null when they are not. */
async function checked(file: PrecacheFile, response: Response): Promise<Response | null> {
  if (!response.ok) throw new Error(`${file.url}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  if (!hex.startsWith(file.revision)) return null;
  // The bytes as they are now: decoded, whatever the host compressed them with.
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.set("Content-Length", String(bytes.byteLength));
  return new Response(bytes, { status: response.status, statusText: response.statusText, headers });
}

/** Runs `task` on each item, {@link PARALLEL_DOWNLOADS} at a time. */
async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, items.length) }, lane));
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  // Other origins' responses cannot be given our headers (and the page's policy asks for none).
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(event));
});

/** A file of the build from the cache, or from the network and kept for next time; anything else from the network. */
async function respond(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const file = files.get(precachedUrl(request.url, request.mode === "navigate"));
  if (!file) return isolated(await fetch(request));
  const cached = await caches.match(keyOf(file), { cacheName: CACHE_NAME });
  if (cached) return isolated(cached);
  const response = await fetch(request);
  // Kept on use (checked against its revision). A partial or redirected answer is not the file.
  if (response.status === 200 && !response.redirected) {
    const copy = response.clone();
    event.waitUntil(
      (async () => {
        const verified = await checked(file, copy);
        if (verified) await (await caches.open(CACHE_NAME)).put(keyOf(file), verified);
      })().catch((error: unknown) => console.warn(`GAN Playground's service worker could not keep ${file.url}:`, error)),
    );
  }
  return isolated(response);
}

/**
 * The build's URL a request is for: a page is the same page whatever its query (`?nowasm`)
 * and a folder is its index.html; other files are asked for by their exact URL (no fragment).
 */
function precachedUrl(address: string, navigation: boolean): string {
  const url = new URL(address, self.location.href);
  // A request's URL keeps the link's fragment (`#v=1&preset=…`): never part of what is fetched.
  url.hash = "";
  if (navigation) {
    url.search = "";
    if (url.pathname.endsWith("/")) url.pathname += "index.html";
  }
  return url.href;
}

/**
 * `response` with the isolation headers added. A response whose headers cannot be rewritten —
 * a redirect of a navigation (followed by the browser, which comes back here for the target),
 * an opaque one — passes as it is.
 */
function isolated(response: Response): Response {
  if (response.status === 0 || response.type === "opaque" || response.type === "opaqueredirect") return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
