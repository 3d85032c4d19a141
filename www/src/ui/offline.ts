/**
 * The page's side of the service worker (www/src/sw/service-worker.ts, built to `sw.js`): it
 * registers it, tells it what the page and its trainer loaded before it answered them (it keeps
 * those for offline use, and what is fetched through it after), reloads the page once when the
 * worker first takes it over on a host that sends no cross-origin-isolation headers (the
 * reloaded page is isolated: the CPU trains on all cores), says when the page is saved for
 * offline use, saves everything on request ({@link OfflineStore}: the Share dialog's "Save
 * everything for offline"), and offers a new version when one has been installed. Built pages only — the dev server (`npm start`) has no `sw.js` — and a
 * failure here is logged, never shown: the page works without the worker, on one thread and
 * online.
 */

import type { KeepReply, KeepRequest } from "../sw/messages";
import type { Messages } from "./messages";
import type { Player } from "./player";

/** What the service worker keeps for offline use, of the whole build. */
export type Kept = Omit<Extract<KeepReply, { type: "kept" }>, "type">;
/** `keep-all` under way: the files and bytes still missing when it began, and how many are in. */
export type SaveProgress = Omit<Extract<KeepReply, { type: "progress" }>, "type">;

/** The page's handle on what is kept for offline use (null where no service worker runs). */
export interface OfflineStore {
  /** What is kept now. */
  kept(): Promise<Kept>;
  /** Keeps every file of the build, now and in later versions; `progress` hears each file. */
  saveEverything(progress: (progress: SaveProgress) => void): Promise<Kept>;
}

/** What this module needs of the page. */
interface OfflineHost {
  messages: Messages;
  /** Whether the visitor has started training here: then the page is not reloaded under them. */
  trainingStarted(): boolean;
  /** What the page and its trainer have fetched so far. */
  loaded(): string[];
}

/** The session's mark of the one reload made for isolation: a second is never made (no loop). */
const RELOADED_KEY = "gan-playground:isolation-reload";

/** How often an open page asks whether a new version was deployed (a lecture lasts hours). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the worker once the page's first run is ready (what it keeps never competes with
 * what that run downloads), and after each start of a trainer tells it what was loaded. Null
 * where the page runs without one (the dev server, a browser without service workers).
 */
export function serveOffline(player: Player, messages: Messages): OfflineStore | null {
  if (import.meta.env.DEV || !("serviceWorker" in navigator)) return null;
  let started = false;
  let registered: Promise<ServiceWorkerRegistration | null> | null = null;
  const failed = (error: unknown) => {
    console.warn("GAN Playground: no service worker (the page works online, on one thread without the host's headers):", error);
    return null;
  };
  player.on((event) => {
    if (event.type === "ready") {
      const host = { messages, trainingStarted: () => started, loaded: () => loaded(player) };
      // A later start (another backend, a new trainer worker) may have loaded other builds.
      if (registered) void registered.then((registration) => registration && keepLoaded(registration, host.loaded())).catch(failed);
      else registered = register(host).catch(failed);
    }
    // Played or stepped (or a resumed run that plays on): the run is the visitor's now.
    if (event.type === "stepping" || (event.type === "running" && event.running)) started = true;
  });
  const registration = async () => {
    const found = registered ? await registered : null;
    if (!found) throw new Error("this page has no service worker yet: it registers once the first run is ready");
    return found;
  };
  return {
    kept: async () => ask(await registration(), { type: "keep", page: location.href, urls: [] }),
    saveEverything: async (progress) => ask(await registration(), { type: "keep-all" }, progress),
  };
}

/** What the page and its trainer worker have fetched (the worker's own list comes with its `ready`). */
function loaded(player: Player): string[] {
  const own = performance.getEntriesByType("resource").map((entry) => entry.name);
  return [...own, ...player.resources];
}

/** Tells the worker what was loaded: it keeps what is of the build. */
function keepLoaded(registration: ServiceWorkerRegistration, urls: string[]): Promise<Kept> {
  return ask(registration, { type: "keep", page: location.href, urls });
}

/** Asks the active (or activating) worker; resolves with its `kept`, rejects with its `failed`. */
async function ask(registration: ServiceWorkerRegistration, request: KeepRequest, progress?: (progress: SaveProgress) => void): Promise<Kept> {
  const worker = registration.active ?? (await navigator.serviceWorker.ready).active;
  if (!worker) throw new Error("the service worker is not running");
  const channel = new MessageChannel();
  const answer = new Promise<Kept>((resolve, reject) => {
    channel.port1.onmessage = (event: MessageEvent<KeepReply>) => {
      const reply = event.data;
      if (reply.type === "progress") return progress?.(reply);
      channel.port1.close();
      if (reply.type === "failed") reject(new Error(reply.message));
      else resolve(reply);
    };
  });
  worker.postMessage(request, [channel.port2]);
  return answer;
}

async function register(host: OfflineHost): Promise<ServiceWorkerRegistration | null> {
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
    // The first worker took this page over. Isolated already (the host sends the headers): once
    // it keeps what the page loaded, the page works offline. Or else a reload makes it so.
    if (crossOriginIsolated) void saveLoaded(host, false);
    else isolate(host);
  });
  // `sw.js` sits beside index.html, so its scope is the folder the site is served from.
  const registration = await container.register(new URL("sw.js", document.baseURI), { scope: "./" });
  // A browser driven with service workers blocked (the other e2e tests) resolves with nothing.
  if (!(registration instanceof ServiceWorkerRegistration)) return null;
  if (crossOriginIsolated) {
    // Reloaded for isolation (below): the first visit is complete once what it loaded is kept.
    // (All cores where the browser shares memory with its workers: not every isolated page's does.)
    if (forgetReload()) void saveLoaded(host, typeof SharedArrayBuffer === "function", registration);
    else if (container.controller) void keepLoaded(registration, host.loaded()).catch(warn);
  } else if (container.controller || registration.active) {
    // Taken over already (a reload was skipped), or this load bypassed the worker (Shift+Reload).
    if (registration.active) void keepLoaded(registration, host.loaded()).catch(warn);
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
  return registration;
}

const warn = (error: unknown) => console.warn("GAN Playground: the service worker could not keep this page's files for offline use:", error);

/** Has the worker keep what the page loaded, then tells the visitor the page works offline. */
async function saveLoaded(host: OfflineHost, allCores: boolean, registration?: ServiceWorkerRegistration): Promise<void> {
  try {
    await keepLoaded(registration ?? (await navigator.serviceWorker.ready), host.loaded());
    announceOffline(host, allCores);
  } catch (error) {
    warn(error);
  }
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
  // Not in a slide: the embedded widget's room is the views' (the lecturer's own page says it).
  if (document.body.dataset.embed !== undefined) return;
  const text = allCores
    ? "Saved for offline use, and training on all cores: this lab now works without a network. (Share → Save everything keeps the other labs too.)"
    : "Saved for offline use: this lab now works without a network. (Share → Save everything keeps the other labs too.)";
  host.messages.show(text, "info");
}

let updateOffered = false;

/** The small message of a new version, once per page; `reload` brings it in. */
function offerUpdate(host: OfflineHost, reload: () => void): void {
  if (updateOffered) return;
  updateOffered = true;
  host.messages.show("A new version of GAN Playground is ready.", "info", { label: "Reload", run: reload });
}
