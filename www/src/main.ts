/** Entry point: parse the link → mount the UI → start the training worker. */

import "./style.css";
import { drawDistribution } from "./charts/distribution";
import { drawGeneratorMap } from "./charts/generator-map";
import type { Snapshot1d } from "./protocol";
import { formatHash, parseHash, type ParsedUrl } from "./state/url";
import { bindControls } from "./ui/controls";
import { Messages } from "./ui/messages";
import { Player, type RunConfig } from "./ui/player";
import { connectWidget } from "./ui/widget";

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html lacks #${id}`);
  return found as T;
}

const messages = new Messages(element("messages"));
let parsed = readLink();
const player = new Player(runConfig(parsed));

bindControls(player, {
  play: element("play"),
  step: element("step"),
  reset: element("reset"),
  badge: element("backend"),
  readouts: {
    step: element("stat-step"),
    itPerSec: element("stat-rate"),
    dLoss: element("stat-dloss"),
    gLoss: element("stat-gloss"),
    w1: element("stat-w1"),
  },
});
connectWidget(player, () => formatHash(parsed.state));

// Charts redraw at display rate from the latest snapshot, never more than once per frame.
const distribution = element<HTMLCanvasElement>("distribution");
const generatorMap = element<HTMLCanvasElement>("generator-map");
let pending: Snapshot1d | null = null;
player.on((event) => {
  if (event.type === "snapshot") {
    if (pending === null) requestAnimationFrame(draw);
    pending = event.snapshot;
  } else if (event.type === "error") {
    messages.show(
      event.message,
      event.fatal ? "error" : "warning",
      event.fatal ? { label: "Restart", run: () => player.start() } : undefined,
    );
  }
});
function draw(): void {
  if (!pending) return;
  drawDistribution(distribution, pending);
  drawGeneratorMap(generatorMap, pending);
  pending = null;
}
new ResizeObserver(() => {
  if (player.snapshot && pending === null) {
    pending = player.snapshot;
    requestAnimationFrame(draw);
  }
}).observe(distribution);

// Editing the link (or back/forward) applies it without a reload.
window.addEventListener("hashchange", () => {
  messages.clear();
  parsed = readLink();
  player.start(runConfig(parsed));
});

player.start();

function readLink(): ParsedUrl {
  const result = parseHash(location.hash);
  for (const problem of result.problems) messages.show(problem.message, "warning");
  if (result.ignored.length > 0) {
    messages.show(`Ignored unknown link keys: ${result.ignored.join(", ")}`, "info");
  }
  return result;
}

function runConfig({ state }: ParsedUrl): RunConfig {
  return { preset: state.preset, seed: state.seed, backend: state.backend };
}
