/**
 * The site's service worker (built to `sw.js` beside index.html by scripts/service-worker-plugin.mjs,
 * which puts the precache manifest first in it). Two jobs:
 *
 * - **All cores on any static host.** Every same-origin response it serves — the page, its
 *   scripts, its workers' scripts, the wasm — carries the two cross-origin-isolation headers,
 *   so a host that sends none (GitHub Pages) still gives a cross-origin-isolated page, and the
 *   CPU backend runs its threaded build (www/src/worker/wasm.ts). The page reloads once when
 *   this worker first takes it over (www/src/ui/offline.ts).
 * - **Offline after the first visit.** Installing downloads every file of the build (the three
 *   wasm builds and the built-in images, ≈ 58 MB) into one cache named by the build's version; those
 *   are answered from the cache, anything else from the network. A new version installs beside
 *   the old one (unchanged files are copied over, not downloaded) and waits until the page
 *   says so (the "new version" message); then it takes over and deletes the old caches.
 *
 * One classic script, no imports: only types come from elsewhere (they vanish in the build).
 */

import type { PrecacheFile, PrecacheManifest } from "../../../scripts/service-worker-plugin.mjs";

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

/** The headers that make a page cross-origin isolated (vite.config.ts sends the same when it serves). */
const ISOLATION_HEADERS: Record<string, string> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/**
 * Each precached file's cache key: its URL with its revision as a query, so a file unchanged
 * between two versions has the same key in both caches (and is copied, not downloaded again).
 */
const cacheKeys = new Map<string, string>(manifest.files.map((file) => [absolute(file), keyOf(file)]));

function absolute(file: PrecacheFile): string {
  return new URL(file.url, self.location.href).href;
}

function keyOf(file: PrecacheFile): string {
  return `${absolute(file)}?revision=${file.revision}`;
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

/**
 * Fills this version's cache with every file of the build. A file that an older version of
 * this site already holds at the same revision is copied from there; the rest are fetched,
 * revalidated against the HTTP cache (a file the page has just downloaded is not downloaded
 * again). Any failure fails the install: the browser tries again on a later visit, and the
 * current version (if any) goes on serving meanwhile.
 */
async function precache(): Promise<void> {
  const cache = await caches.open(CACHE_NAME);
  await Promise.all(
    manifest.files.map(async (file) => {
      const key = keyOf(file);
      if (await cache.match(key)) return;
      const kept = await caches.match(key);
      if (kept) return cache.put(key, kept);
      const response = await fetch(absolute(file), { cache: "no-cache" });
      if (!response.ok) throw new Error(`${file.url}: HTTP ${response.status}`);
      return cache.put(key, response);
    }),
  );
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

/** The page's "Reload" on the new-version message: this (waiting) version takes over now. */
self.addEventListener("message", (event) => {
  if ((event.data as { type?: unknown } | null)?.type === "skip-waiting") void self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  // Other origins' responses cannot be given our headers (and the page's policy asks for none).
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});

async function respond(request: Request): Promise<Response> {
  const key = cacheKeys.get(precachedUrl(request));
  if (key) {
    const cached = await caches.match(key, { cacheName: CACHE_NAME });
    if (cached) return isolated(cached);
  }
  return isolated(await fetch(request));
}

/**
 * The precached URL a request is for: a page is the same page whatever its query (`?nowasm`)
 * and a folder is its index.html; other files are asked for by their exact URL (no fragment).
 */
function precachedUrl(request: Request): string {
  const url = new URL(request.url);
  // A request's URL keeps the link's fragment (`#v=1&preset=…`): never part of what is fetched.
  url.hash = "";
  if (request.mode === "navigate") {
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
