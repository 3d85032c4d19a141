/**
 * Entry point: parse the link → state → settings panel, controls and views → start the
 * training worker. The state lives here and only here; every change goes through `apply`,
 * which writes the link, shows the state and tells the player.
 */

import "./style.css";
import { TrainingHistory } from "./state/history";
import { KEYS, formatHash, formatValue, parseHash, settingsOf, type Key, type ParsedUrl, type UrlState } from "./state/url";
import { bindControls } from "./ui/controls";
import { Messages } from "./ui/messages";
import { Player, type RunConfig } from "./ui/player";
import { SettingsPanel } from "./ui/settings-panel";
import type { LoadedData } from "./ui/target-editors";
import { Views } from "./ui/views";
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
/** Keys that change the view, not the run. */
const VIEW_KEYS: ReadonlySet<Key> = new Set(["v", "preset", "speed"]);

const messages = new Messages(element("messages"));
/** The user's own numbers (never in the link). */
let userData: LoadedData | null = null;
let state = readLink().state;
let lastTyping: { key: Key; at: number } | null = null;

const player = new Player(runConfig(state));
const history = new TrainingHistory();

const showSpeed = bindControls(
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
    badge: element("backend"),
    readouts: {
      step: element("stat-step"),
      itPerSec: element("stat-rate"),
      dLoss: element("stat-dloss"),
      gLoss: element("stat-gloss"),
      w1: element("stat-w1"),
      ks: element("stat-ks"),
    },
  },
  {
    setSpeed: (speed) => apply({ ...state, speed }, "push"),
    newSeed: () => apply({ ...state, seed: crypto.getRandomValues(new Uint32Array(1))[0]! }, "push"),
    downloadHistory: () => download(history.toCsv(), `gan-playground-${state.preset}-seed${state.seed}-${history.iterations}.csv`),
  },
);

const panel = new SettingsPanel(element("settings"), {
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
});

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

connectWidget(player, () => ({ preset: state.preset, hash: formatHash(state) }));

player.on((event) => {
  switch (event.type) {
    case "starting":
    case "fresh":
      history.clear();
      views.historyChanged();
      break;
    case "snapshot":
      history.add(event.snapshot);
      views.show(event.snapshot);
      break;
    case "error":
      messages.show(
        event.message,
        event.fatal ? "error" : "warning",
        event.fatal ? { label: "Restart", run: () => player.start() } : undefined,
      );
      break;
    case "ready":
    case "running":
    case "samples":
      break;
  }
});

// Back/forward and edits of the address apply without a reload. (pushState fires neither
// event, so the page's own changes do not come back here; back/forward fires both, and
// the second finds nothing changed.)
const fromLocation = () => apply(readLink().state, "none");
window.addEventListener("popstate", fromLocation);
window.addEventListener("hashchange", fromLocation);

show(state);
player.setSpeed(state.speed);
player.start();

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
  if (dataChanged || runChanged(previous, next)) player.configure(runConfig(next));
}

function show(current: UrlState): void {
  panel.show(current);
  showSpeed(current.speed);
  views.describe(current);
}

function runChanged(a: UrlState, b: UrlState): boolean {
  return (Object.keys(KEYS) as Key[]).some((key) => !VIEW_KEYS.has(key) && formatValue(key, a[key]) !== formatValue(key, b[key]));
}

/** Reads the address; what cannot be used is said on the page (replacing older link messages). */
function readLink(): ParsedUrl {
  messages.clear();
  const result = parseHash(location.hash, { dataLoaded: userData !== null });
  for (const problem of result.problems) messages.show(problem.message, "warning");
  if (result.ignored.length > 0) {
    messages.show(`Ignored unknown link keys: ${result.ignored.join(", ")}`, "info");
  }
  return result;
}

function runConfig(current: UrlState): RunConfig {
  const config: RunConfig = { backend: current.backend, settings: settingsOf(current) };
  return current.target === "data" && userData ? { ...config, data: userData.values } : config;
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
