/**
 * The page's side of the service worker (www/src/sw/service-worker.ts, built to `sw.js`): it
 * registers it, reloads the page once when the worker first takes it over on a host that sends
 * no cross-origin-isolation headers (the reloaded page is isolated: the CPU trains on all
 * cores), says when the site is saved for offline use, and offers a new version when one has
 * been installed. Built pages only — the dev server (`npm start`) has no `sw.js` — and a
 * failure here is logged, never shown: the page works without the worker, on one thread and
 * online.
 */

import type { Messages } from "./messages";
import type { Player } from "./player";

/** What this module needs of the page. */
interface OfflineHost {
  messages: Messages;
  /** Whether the visitor has started training here: then the page is not reloaded under them. */
  trainingStarted(): boolean;
}

/** The session's mark of the one reload made for isolation: a second is never made (no loop). */
const RELOADED_KEY = "gan-playground:isolation-reload";

/** How often an open page asks whether a new version was deployed (a lecture lasts hours). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the worker once the page's first run is ready (the precache, ≈ 58 MB, never
 * competes with what that run downloads).
 */
export function serveOffline(player: Player, messages: Messages): void {
  if (import.meta.env.DEV || !("serviceWorker" in navigator)) return;
  let started = false;
  const ready = new Promise<void>((resolve) =>
    player.on((event) => {
      if (event.type === "ready") resolve();
      // Played or stepped (or a resumed run that plays on): the run is the visitor's now.
      if (event.type === "stepping" || (event.type === "running" && event.running)) started = true;
    }),
  );
  void ready
    .then(() => register({ messages, trainingStarted: () => started }))
    .catch((error: unknown) => console.warn("GAN Playground: no service worker (the page works online, on one thread without the host's headers):", error));
}

async function register(host: OfflineHost): Promise<void> {
  const container = navigator.serviceWorker;
  let controlled = container.controller !== null;
  let updating = false;
  container.addEventListener("controllerchange", () => {
    const first = !controlled;
    controlled = true;
    // The visitor asked for the new version (below): it now answers, so the page reloads into it.
    if (updating) return location.reload();
    // Another tab took the new version: this page's files may be gone from the new cache.
    if (!first) return offerUpdate(host, () => location.reload());
    // The first worker took this page over: the site is cached. Isolated already (the host
    // sends the headers), or a reload makes it so.
    if (crossOriginIsolated) announceOffline(host, false);
    else isolate(host);
  });
  // `sw.js` sits beside index.html, so its scope is the folder the site is served from.
  const registration = await container.register(new URL("sw.js", document.baseURI), { scope: "./" });
  // A browser driven with service workers blocked (the other e2e tests) resolves with nothing.
  if (!(registration instanceof ServiceWorkerRegistration)) return;
  if (crossOriginIsolated) {
    // Reloaded for isolation (below): the first visit is complete.
    if (forgetReload()) announceOffline(host, true);
  } else if (container.controller || registration.active) {
    // Taken over already (a reload was skipped), or this load bypassed the worker (Shift+Reload).
    isolate(host);
  }

  const offer = (worker: ServiceWorker) =>
    offerUpdate(host, () => {
      updating = true;
      worker.postMessage({ type: "skip-waiting" });
    });
  // A new version is one installed while an older one answers this page.
  const watch = (worker: ServiceWorker) =>
    worker.addEventListener("statechange", () => {
      if (worker.state === "installed" && container.controller) offer(worker);
    });
  if (registration.waiting && container.controller) offer(registration.waiting);
  if (registration.installing) watch(registration.installing);
  registration.addEventListener("updatefound", () => registration.installing && watch(registration.installing));
  setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
}

/**
 * The page is not cross-origin isolated although the worker (which adds the headers) answers
 * it, or could: a reload makes it isolated. Not in a frame (a page framed by one that is not
 * isolated cannot be), not twice in a session, and not under a run the visitor has started —
 * then they are offered the reload.
 */
function isolate(host: OfflineHost): void {
  if (crossOriginIsolated || window.top !== window.self) return;
  if (host.trainingStarted()) {
    const reload = () => {
      markReload();
      location.reload();
    };
    host.messages.show("This page can now train on all of this computer's cores.", "info", { label: "Reload", run: reload });
    return;
  }
  if (reloadedBefore()) {
    console.warn("GAN Playground: still not cross-origin isolated after a reload; training on one thread");
    return;
  }
  // Without session storage there is no guard against a loop, so no reload.
  if (markReload()) location.reload();
}

/** Marks a reload for isolation in this session; says whether the mark could be kept. */
function markReload(): boolean {
  try {
    sessionStorage.setItem(RELOADED_KEY, "1");
    return true;
  } catch {
    return false;
  }
}

function reloadedBefore(): boolean {
  try {
    return sessionStorage.getItem(RELOADED_KEY) !== null;
  } catch {
    return true;
  }
}

/** Forgets the reload's mark (the page is isolated now); says whether there was one. */
function forgetReload(): boolean {
  try {
    const marked = sessionStorage.getItem(RELOADED_KEY) !== null;
    sessionStorage.removeItem(RELOADED_KEY);
    return marked;
  } catch {
    return false;
  }
}

/** Tells the visitor (a lecturer checking before class) that the site is now cached. */
function announceOffline(host: OfflineHost, allCores: boolean): void {
  const text = allCores
    ? "Saved for offline use, and training on all cores: this page now works without a network."
    : "Saved for offline use: this page now works without a network.";
  host.messages.show(text, "info");
}

let updateOffered = false;

/** The small message of a new version, once per page; `reload` brings it in. */
function offerUpdate(host: OfflineHost, reload: () => void): void {
  if (updateOffered) return;
  updateOffered = true;
  host.messages.show("A new version of GAN Playground is ready.", "info", { label: "Reload", run: reload });
}
