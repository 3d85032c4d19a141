#!/usr/bin/env node
/**
 * The 2D lab's targets (issue 18), in real Chromium on the CPU fallback, through the page itself
 * (the production build, served with the cross-origin-isolation headers, so the CPU trains on
 * every core):
 *
 *   node bench/ring2d.mjs [--seeds 1,2,3] [--presets ring8-tuned,ring8-collapse,ring8-pack] [--seconds 30,60]
 *
 * For each preset and seed it opens `#preset=…&seed=…&backend=cpu`, presses Play and reads the
 * page's read-outs (iterations, modes covered, high-quality share, sliced W₁) at each mark after
 * Play; then the plane's drawing times over the run (`window.ganPlaygroundDrawTimes`, measured in
 * the page around each draw). Targets: ring8-tuned at 8 / 8 modes and ≥ 80 % high quality by
 * 30 s; ring8-collapse against ring8-pack: the difference by 60 s; drawing under 8 ms a frame.
 * Needs the site built (npm run build).
 */
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { startVite } from "./serve.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const seeds = (args.seeds ?? "1,2,3").split(",").map(Number);
const presets = (args.presets ?? "ring8-tuned,ring8-collapse,ring8-pack").split(",");
const marks = (args.seconds ?? "30,60").split(",").map(Number);
const port = Number(args.port ?? 4195);
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync("dist/index.html")) throw new Error("dist/ is missing: run npm run build first");

const server = await startVite(["preview", "--base", "/demo/"], { port, path: "/demo/" });
const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-background-networking", "--no-first-run"] });
const rows = [];
const readouts = ["stat-step", "stat-modes", "stat-hq", "stat-sw1"];
for (const preset of presets) {
  for (const seed of seeds) {
    const page = await browser.newPage({ serviceWorkers: "block", viewport: { width: 1400, height: 1000 } });
    await page.goto(`${server.url}/demo/#v=1&preset=${preset}&seed=${seed}&backend=cpu`);
    await page.waitForFunction(() => !document.querySelector("#play").disabled, null, { timeout: 120_000 });
    const badge = await page.locator("#backend").textContent();
    await page.click("#play");
    const start = Date.now();
    const at = {};
    for (const mark of marks) {
      await page.waitForTimeout(Math.max(0, start + mark * 1000 - Date.now()));
      const [step, modes, quality, sliced] = await page.evaluate((ids) => ids.map((id) => document.getElementById(id)?.textContent ?? ""), readouts);
      at[mark] = { step: Number(step.replace(/,/g, "")), modes, quality, sliced };
    }
    const times = await page.evaluate(() => [...(window.ganPlaygroundDrawTimes ?? [])]);
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
    const draw = { frames: times.length, median: q(0.5), p95: q(0.95), max: times.at(-1) ?? NaN };
    rows.push({ preset, seed, at, draw });
    const marksText = marks
      .map((m) => `${m} s: ${at[m].step.toLocaleString("en-US")} it, modes ${at[m].modes}, high quality ${at[m].quality}, sliced W₁ ${at[m].sliced}`)
      .join("; ");
    console.log(
      `${preset} seed ${seed} (${badge.trim()}): ${marksText}; drawing ${draw.median.toFixed(2)} ms median, ${draw.p95.toFixed(2)} ms p95, ${draw.max.toFixed(2)} ms max over ${draw.frames} frames`,
    );
    await page.close();
  }
}
await browser.close();
server.stop();

console.log(
  "\n| preset | seed | " + marks.map((m) => `@ ${m} s: iterations · modes · high quality · sliced W₁`).join(" | ") + " | drawing median / p95 (ms) |",
);
console.log("|---|---|" + marks.map(() => "---").join("|") + "|---|");
for (const r of rows) {
  const cells = marks.map((m) => `${r.at[m].step.toLocaleString("en-US")} · ${r.at[m].modes} · ${r.at[m].quality} · ${r.at[m].sliced}`);
  console.log(`| ${r.preset} | ${r.seed} | ${cells.join(" | ")} | ${r.draw.median.toFixed(2)} / ${r.draw.p95.toFixed(2)} |`);
}
process.exit(0);
