/**
 * Entry point: parse the link → state → settings panel, controls and views → start the
 * training worker. The state lives here and only here; every change goes through `apply`,
 * which writes the link, shows the state and tells the player. An image preset puts the
 * page in image mode (ui/image-mode.ts): its views replace the 1D ones, and its run waits
 * for the built-in digits to download.
 */

import "./style.css";
import { TrainingHistory } from "./state/history";
import {
  KEYS,
  MAX_LISTED,
  VIEW_KEYS,
  formatHash,
  formatValue,
  clip,
  ignoredMessage,
  isImagePreset,
  viewDigit,
  parseHash,
  resumes,
  runSettingsOf,
  withViewDefaults,
  type Key,
  type ParsedUrl,
  type UrlState,
} from "./state/url";
import { bindControls } from "./ui/controls";
import { Messages } from "./ui/messages";
import { Player, type RunConfig } from "./ui/player";
import { SettingsPanel } from "./ui/settings-panel";
import { ImageMode } from "./ui/image-mode";
import { applyLayout } from "./ui/layout";
import type { LoadedData } from "./ui/target-editors";
import { Views } from "./ui/views";
import { Resume } from "./ui/resume";
import { pauseWhileHidden } from "./ui/visibility";
import { describeCrash, describeDeviceLost, describeDivergence } from "./ui/failures";
import { connectWidget } from "./ui/widget";

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html lacks #${id}`);
  return found as T;
}

/** How a change enters the browser's history: a new entry, in place of the last, or not at all (it came from there). */
type HistoryMode = "push" | "replace" | "none";

/** Typing into one control within this long of its last edit replaces that history entry. */
const TYPING_COALESCE_MS = 2000;

const messages = new Messages(element("messages"));
/** The user's own numbers (never in the link). */
let userData: LoadedData | null = null;
const firstLink = readLink();
let state = firstLink.state;
let lastTyping: { key: Key; at: number } | null = null;
/** Whether a run waits for the built-in digits to download. */
let waitingForDigits = false;
/** `autoplay`: play once the run that the link (or a `set-hash`) asked for is ready. */
let autoplayArmed = state.autoplay;
/** Identifies the latest `configure`, so that a slower checkpoint lookup for an older state is dropped. */
let configureToken = 0;
/** Removes the message of the current run's divergence. */
let dismissDivergence: (() => void) | null = null;

// The first run's config (its data, too) is given by `configure` below, once there is data.
const player = new Player({ backend: state.backend, settings: runSettingsOf(state) });
const history = new TrainingHistory();

const imageMode = new ImageMode(
  player,
  {
    state: () => state,
    messages,
    pickDigit: (digit) => apply({ ...state, digit }, "push"),
    imagesChanged: () => configure(state),
    download: (blob, name) => download(blob, name),
  },
  {
    progress: element("digits-progress"),
    progressBar: element("digits-progress-bar"),
    progressText: element("digits-progress-text"),
    generated: element("generated-grid"),
    real: element("real-grid"),
    walk: element("latent-walk"),
    digitRow: element("digit-row"),
    digitRowPanel: element("digit-row-panel"),
    losses: element("image-losses"),
    discriminator: element("image-discriminator"),
    judge: element("judge"),
    gridCaption: element("grid-caption"),
    walkCaption: element("walk-caption"),
    digitPicker: element("digit-picker"),
    walkButton: element("latent-walk-button"),
    downloadPng: element("download-png"),
    downloadGenerator: element("download-generator"),
    loadGenerator: element("load-generator"),
  },
);

const controls = bindControls(
  player,
  {
    play: element("play"),
    stepDiscriminator: element("step-d"),
    stepGenerator: element("step-g"),
    iteration: element("step"),
    speed: element("speed"),
    reset: element("reset"),
    newSeed: element("new-seed"),
    download: element("download-history"),
    copyLink: element("copy-link"),
    badge: element("backend"),
    readouts: {
      step: element("stat-step"),
      itPerSec: element("stat-rate"),
      dLoss: element("stat-dloss"),
      gLoss: element("stat-gloss"),
      w1: element("stat-w1"),
      ks: element("stat-ks"),
      dReal: element("stat-dreal"),
      dFake: element("stat-dfake"),
      judge: element("stat-judge"),
    },
  },
  {
    setSpeed: (speed) => apply({ ...state, speed }, "push"),
    newSeed: () => apply({ ...state, seed: crypto.getRandomValues(new Uint32Array(1))[0]! }, "push"),
    copyLink: () => copyLink(),
    downloadHistory: () => {
      const image = isImagePreset(state.preset);
      const csv = image ? imageMode.historyCsv() : history.toCsv();
      const iterations = image ? imageMode.history.iterations : history.iterations;
      download(new Blob([csv], { type: "text/csv" }), `gan-playground-${state.preset}-seed${state.seed}-${iterations}.csv`);
    },
  },
);

const panel = new SettingsPanel(
  element("settings"),
  {
  state: () => state,
  change: (next, edit) => {
    const now = performance.now();
    const coalesce = edit.typing && lastTyping?.key === edit.key && now - lastTyping.at < TYPING_COALESCE_MS;
    lastTyping = edit.typing ? { key: edit.key, at: now } : null;
    apply(next, coalesce ? "replace" : "push");
  },
  data: () => userData,
  useData: (data) => {
    userData = data;
    apply({ ...state, target: "data" }, "push", true);
  },
  },
  imageMode.dataElement,
);

const views = new Views(
  {
    distribution: element("distribution"),
    generatorMap: element("generator-map"),
    losses: element("losses"),
    metrics: element("metrics"),
    outsideNote: element("outside-note"),
    criticNote: element("critic-note"),
    mapNote: element("map-note"),
  },
  history,
);

const widget = connectWidget(player, {
  view: () => ({ preset: state.preset, hash: formatHash(state) }),
  setHash: (hash) => {
    window.history.replaceState(null, "", hash.startsWith("#") ? hash : `#${hash}`);
    fromLocation();
  },
});
reportToWidget(firstLink);


player.on((event) => {
  switch (event.type) {
    case "starting":
      history.clear();
      views.historyChanged();
      break;
    case "fresh":
      dismissDivergence?.();
      dismissDivergence = null;
      delete document.body.dataset.diverged;
      history.clear();
      views.historyChanged();
      if (autoplayArmed) {
        autoplayArmed = false;
        player.play();
      }
      break;
    case "snapshot":
      history.add(event.snapshot);
      views.show(event.snapshot);
      break;
    case "error":
      if (event.fatal) {
        messages.show(describeCrash(event.message, resume.restartStep), "error", { label: "Restart", run: () => resume.restart() });
      } else {
        messages.show(event.message, "warning");
      }
      break;
    case "diverged":
      // Once per divergence: Play or a step on a diverged run only repeats it.
      dismissDivergence?.();
      dismissDivergence = messages.show(describeDivergence(event.divergence), "error", { label: "Reset", run: () => player.reset() });
      document.body.dataset.diverged = String(event.divergence.step);
      break;
    case "device-lost": {
      const step = resume.restart({ cpu: true, play: event.wasRunning });
      messages.show(describeDeviceLost(event.message, step), "warning");
      break;
    }
    case "ready":
    case "running":
    case "samples":
      break;
  }
});

// After the listener above, so that a resumed run's history is put back after the clear.
const resume = new Resume(player, {
  state: () => state,
  history: () => (isImagePreset(state.preset) ? imageMode.history : history),
  notify: (message) => messages.show(message, "info"),
});
// A hidden tab (or a deck's iframe in one) does not train; shown again, it plays on.
pauseWhileHidden(player);

// Test hook for the failures the page must survive (tests/e2e/failures.spec.ts): only in the
// test build (vite.config.ts `__TEST_HOOKS__`), and there only from a script in this page.
if (__TEST_HOOKS__) {
  Object.assign(window, {
    ganPlaygroundFaults: {
      loseDevice: () => player.fault("lose-device"),
      panic: () => player.fault("panic"),
      workerError: () => player.fault("worker-error"),
      trapNextRestore: () => player.fault("trap-next-restore"),
      slowCheckpoint: () => player.fault("slow-checkpoint"),
      exhaustMemory: () => player.fault("exhaust-memory"),
    },
  });
}

// Back/forward and edits of the address apply without a reload. (pushState fires neither
// event, so the page's own changes do not come back here; back/forward fires both, and
// the second finds nothing changed.)
function fromLocation(): void {
  const link = readLink();
  reportToWidget(link);
  apply(link.state, "none");
}
window.addEventListener("popstate", fromLocation);
window.addEventListener("hashchange", fromLocation);

show(state);
player.setSpeed(state.speed);
configure(state);

/** Makes `next` the state: writes the link, shows it, and restarts the run if it changed. */
function apply(next: UrlState, mode: HistoryMode, dataChanged = false): void {
  const previous = state;
  state = next;
  const hash = formatHash(next);
  if (mode !== "none" && hash !== location.hash) {
    if (mode === "push") window.history.pushState(null, "", hash);
    else window.history.replaceState(null, "", hash);
  }
  show(next);
  if (previous.speed !== next.speed) player.setSpeed(next.speed);
  const restart = dataChanged || runChanged(previous, next);
  // The digit on view (conditional presets) is a view of the same run: nothing restarts.
  if (!restart && isImagePreset(next.preset) && viewDigit(previous) !== viewDigit(next)) player.viewDigit(viewDigit(next));
  if (restart) {
    // A link opened (or set by the deck) with autoplay plays its new run; a control changed here does not.
    if (mode === "none") autoplayArmed = next.autoplay;
    configure(next);
  }
}

/**
 * Gives the player a run of `current` (a fresh trainer, or the first start). An image run
 * first needs its images: the built-in digits download once, and the run starts when they
 * are in (with the state of that moment, which may have changed meanwhile).
 */
function configure(current: UrlState): void {
  if (isImagePreset(current.preset) && imageMode.data() === undefined) {
    // Nothing to train on yet: the previous run (a 1D one) must not go on unseen.
    player.pause();
    controls.hold(true);
    if (waitingForDigits) return;
    waitingForDigits = true;
    void imageMode.loadDigits().then((loaded) => {
      waitingForDigits = false;
      // After a failed download the image preset still has nothing to train (Retry is offered).
      controls.hold(!loaded && isImagePreset(state.preset));
      if (loaded && isImagePreset(state.preset)) configure(state);
    });
    return;
  }
  controls.hold(false);
  const token = ++configureToken;
  if (!resumes(current)) {
    player.configure(runConfig(current));
    return;
  }
  // A demo this browser has run before continues from its checkpoint (ui/resume.ts).
  void resume.checkpointFor(current).then(
    (saved) => token === configureToken && player.configure({ ...runConfig(current), checkpoint: saved?.bytes }),
    () => token === configureToken && player.configure(runConfig(current)),
  );
}

function show(current: UrlState): void {
  const image = isImagePreset(current.preset);
  document.body.dataset.mode = image ? "image" : "1d";
  element("download-history").title = image
    ? "Every iteration's D and G loss and mean D(real), D(fake), as CSV"
    : "Every iteration's D and G loss, with W₁ and KS where measured, as CSV";
  panel.show(current);
  controls.showSpeed(current.speed);
  views.describe(current);
  imageMode.describe(current);
  applyLayout(current, views);
}

function runChanged(a: UrlState, b: UrlState): boolean {
  return (Object.keys(KEYS) as Key[]).some((key) => !VIEW_KEYS.has(key) && formatValue(key, a[key]) !== formatValue(key, b[key]));
}

/** Reads the address; what cannot be used is said on the page (replacing older link messages). */
function readLink(): ParsedUrl {
  messages.clear();
  const result = parseHash(location.hash, { dataLoaded: userData !== null });
  for (const problem of result.problems) messages.show(problem.message, "warning");
  if (result.ignored.length > 0) messages.show(ignoredMessage(result.ignored), "info");
  return result;
}

/** Tells a parent frame what in the link could not be used. */
function reportToWidget(link: ParsedUrl): void {
  for (const problem of link.problems) widget.error(problem.message, problem.key);
  // One message per unknown key, so a deck's script can tell which (as many as the page lists).
  for (const name of link.ignored.slice(0, MAX_LISTED)) widget.error(`Ignored unknown link key: ${clip(name)}`, name);
}

/** The run `current` describes, with its data: the user's numbers, or the images (once loaded). */
function runConfig(current: UrlState): RunConfig {
  const config: RunConfig = { backend: current.backend, settings: runSettingsOf(current) };
  if (isImagePreset(current.preset)) return { ...config, data: imageMode.data() };
  return current.target === "data" && userData ? { ...config, data: userData.values } : config;
}

/**
 * Copies a link to this demo. In embed mode it is a link to the full page with the same run
 * (a student opening it wants the controls), elsewhere the address as it is.
 */
async function copyLink(): Promise<void> {
  const url = new URL(location.href);
  url.hash = formatHash(state.embed ? withViewDefaults(state, ["speed"]) : state);
  const text = url.href;
  try {
    await navigator.clipboard.writeText(text);
    controls.flash(element("copy-link"), "Copied ✓");
  } catch {
    // No clipboard here (an insecure origin, a frame without the permission): show it to copy by hand.
    messages.show(`Copy this link: ${text}`, "info");
  }
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
