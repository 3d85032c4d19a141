#!/usr/bin/env node
/**
 * Where the CPU fallback spends an iteration: samples Chromium's JS/wasm profiler while
 * bench/image-rate.html trains on the main thread (one CPU thread), and prints self time per
 * function (top N). Digit presets (model B: `mnist-mlp`) and 1D presets (model A:
 * `seed000-1d`, from crate/presets.json's settings) alike.
 *
 *   node bench/profile.mjs [--preset mnist-mlp] [--seconds 10] [--top 40]
 *
 * Needs a wasm-bindgen output that keeps function names in www/pkg-prof/ (scripts/build-wasm.sh
 * --names writes it); the page's own build drops them to save bytes.
 */
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { serve } from "./serve.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const preset = args.preset ?? "mnist-mlp";
const seconds = Number(args.seconds ?? 10);
const top = Number(args.top ?? 40);
const port = Number(args.port ?? 4183);

const base = await serve([], { port, path: "/bench/image-rate.html" });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ serviceWorkers: "block" });
await page.goto(`${base}/bench/image-rate.html`);
await page.waitForFunction(() => window.benchReady === true);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
// A 1D preset trains from crate/presets.json's settings; a digit preset is built by the crate from its id.
const entry = JSON.parse(readFileSync(new URL("../crate/presets.json", import.meta.url), "utf8"))[preset];
const settings1d = entry?.lab === "gan1d" ? entry.settings : undefined;
const r = await page.evaluate((o) => window.bench(o), {
  pkg: "pkg-prof",
  main: true,
  preset,
  backend: "cpu",
  settings1d,
  windows: Math.max(1, Math.round(seconds / 2)),
  warmupSec: 1,
});
const { profile } = await cdp.send("Profiler.stop");
console.log(`${preset} cpu: median ${r.median.toFixed(2)} it/s while profiled`);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
let total = 0;
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  const name = node.callFrame.functionName || `(${node.callFrame.url.split("/").pop() || "program"})`;
  const ms = (dt[i + 1] ?? 0) / 1000;
  self.set(name, (self.get(name) ?? 0) + ms);
  total += ms;
});
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [name, ms] of rows) console.log(`${((100 * ms) / total).toFixed(1).padStart(5)} %  ${ms.toFixed(0).padStart(7)} ms  ${name.slice(0, 160)}`);
await browser.close();
process.exit(0);
