#!/usr/bin/env node
/**
 * The issue-5 check as a new user does it: open `#v=1&preset=mnist-mlp` on the CPU backend,
 * press play, and after each checkpoint (default 60 s and 300 s of training) record the
 * iteration, it/s, the judge's verdict, and a screenshot of the generated grid.
 *
 *   node bench/first-minute.mjs [--at 60,300] [--out /tmp/first-minute] [--plain]
 *
 * Serves dist/ (npm run build) with `vite preview`; --plain serves it without the
 * cross-origin-isolation headers (one CPU thread).
 */
import { mkdirSync } from "node:fs";
import { chromium } from "@playwright/test";
import { serve } from "./serve.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1] ?? "1"]] : pairs), []),
);
const at = (args.at ?? "60,300").split(",").map(Number);
const out = args.out ?? "/tmp/first-minute";
const port = Number(args.port ?? 4185);
mkdirSync(out, { recursive: true });

const base = await serve(["preview"], { port, env: args.plain ? { GAN_PLAIN_HEADERS: "1" } : {} });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const opened = Date.now();
await page.goto(`${base}/#v=1&preset=mnist-mlp&backend=cpu`);
await page.locator("#play").waitFor({ state: "visible" });
await page.waitForFunction(() => !document.querySelector("#play")?.hasAttribute("disabled"), null, { timeout: 120_000 });
const ready = Date.now();
await page.locator("#play").click();
const started = Date.now();
console.log(`backend: ${await page.locator("#backend").textContent()}`);
console.log(`ready to play ${((ready - opened) / 1000).toFixed(1)} s after navigation`);
for (const seconds of at) {
  await page.waitForTimeout(Math.max(0, started + seconds * 1000 - Date.now()));
  const step = await page.locator("#stat-step").textContent();
  const rate = await page.locator("#stat-rate").textContent();
  // The judge speaks every ~2 s: wait for a verdict newer than this checkpoint.
  await page.waitForTimeout(2500);
  const judge = await page.locator("#stat-judge").textContent();
  await page.locator("#generated-grid").screenshot({ path: `${out}/grid-${seconds}s.png` });
  console.log(`${seconds} s: iteration ${step}, ${rate} it/s, judge ${judge} → ${out}/grid-${seconds}s.png`);
}
await browser.close();
process.exit(0);
