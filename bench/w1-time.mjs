#!/usr/bin/env node
/**
 * Time to a target W1 in real Chromium, as a user would see it: open a link, press Play, read
 * the page's W1 read-out until it reaches the goal (or a time cap). Needs a built page (`npx vite
 * build`); serves `dist/` itself.
 *
 *   node bench/w1-time.mjs [--preset tuned-1d] [--goal 0.06] [--seeds 1,2,3] [--backends cpu,webgpu] [--cap 60]
 *
 * Prints one line per run and a JSON summary. `webgpu` runs with --enable-unsafe-webgpu (on a
 * machine without a GPU that is SwiftShader, a software adapter: not a GPU figure).
 */
import { chromium } from "@playwright/test";
import { serve } from "./serve.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const preset = args.preset ?? "tuned-1d";
const goal = Number(args.goal ?? 0.06);
const seeds = (args.seeds ?? "1,2,3").split(",").map(Number);
const backends = (args.backends ?? "cpu,webgpu").split(",");
const capSeconds = Number(args.cap ?? 60);
const port = Number(args.port ?? 4181);
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

async function run(backend, seed) {
  const common = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
  const browser = await chromium.launch({
    executablePath,
    args: backend === "webgpu" ? [...common, "--enable-unsafe-webgpu"] : common,
  });
  try {
    const page = await browser.newPage({ serviceWorkers: "block" });
    await page.goto(`${base}/#v=1&preset=${preset}&backend=${backend}&seed=${seed}`);
    await page.locator("#play:not([disabled])").waitFor({ timeout: 120_000 });
    const badge = await page.locator("#backend").textContent();
    const start = Date.now();
    await page.click("#play");
    const result = await page
      .waitForFunction(
        (goal) => {
          const w1 = Number(document.querySelector("#stat-w1")?.textContent);
          return Number.isFinite(w1) && w1 <= goal ? { w1 } : null;
        },
        goal,
        { timeout: capSeconds * 1000, polling: 20 },
      )
      .then((h) => h.jsonValue())
      .catch(() => null);
    const seconds = (Date.now() - start) / 1000;
    const step = await page.locator("#stat-step").textContent();
    const w1 = Number(await page.locator("#stat-w1").textContent());
    return { backend, seed, badge, reached: result !== null, seconds, step: Number(step?.replace(/,/g, "")), w1 };
  } finally {
    await browser.close();
  }
}

const base = await serve(["preview"], { port });
const results = [];
for (const backend of backends) {
  for (const seed of seeds) {
    const r = await run(backend, seed);
    results.push(r);
    const what = r.reached ? `W1 ≤ ${goal} after ${r.seconds.toFixed(1)} s` : `not reached in ${capSeconds} s (W1 ${r.w1})`;
    console.log(`${preset} ${backend} seed ${seed}: ${what}, step ${r.step} — ${r.badge}`);
  }
}
console.log(JSON.stringify({ preset, goal, results }, null, 1));
process.exit(0); // serve.mjs stops the preview server on exit
