#!/usr/bin/env node
/**
 * Image-GAN (and, given a 1D preset such as seed000-1d, 1D GAN) training speed in real Chromium, measured like shared/bench/peers (iterations per
 * second over timed windows that each end with a read-back; median, min, max):
 *
 *   node bench/image-rate.mjs [--presets mnist-mlp] [--backends cpu,webgpu] [--windows 7] [--soak 600]
 *                             [--builds pkg-cpu,pkg-threads] [--gpu-build pkg]
 *
 * The CPU runs once per build: `pkg-cpu` (one thread) and `pkg-threads` (all cores; the dev server
 * sends the cross-origin-isolation headers it needs). WebGPU runs on `pkg` (or `--gpu-build`, e.g.
 * an experimental build copied to www/pkg-fusion).
 * Needs the wasm (npm run build:wasm) and the digits asset (node scripts/mnist-asset.mjs).
 * `webgpu` runs with --enable-unsafe-webgpu: on a machine without a GPU that is SwiftShader,
 * a software adapter, not a GPU figure.
 */
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { serve } from "./serve.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const presets = (args.presets ?? "mnist-mlp").split(",");
const backends = (args.backends ?? "cpu").split(",");
const builds = (args.builds ?? "pkg-cpu,pkg-threads").split(",");
const gpuBuild = args["gpu-build"] ?? "pkg";
const windows = Number(args.windows ?? 7);
/** With --soak S: after the windows, train S seconds more and record memory every 30 s. */
const soakSec = Number(args.soak ?? 0);
const port = Number(args.port ?? 4182);
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** crate/presets.json: every lab's presets, each with its `lab`. */
const presetFile = JSON.parse(readFileSync(new URL("../crate/presets.json", import.meta.url), "utf8"));
const base = await serve([], { port, path: "/bench/image-rate.html" });

const results = [];
for (const backend of backends) {
  const common = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--enable-precise-memory-info"];
  // GAN_CHROMIUM_ARGS: the WebGPU flags for a real GPU (bench/gpu-machine.mjs passes them).
  const webgpuArgs = process.env.GAN_CHROMIUM_ARGS?.split(" ").filter(Boolean) ?? ["--enable-unsafe-webgpu"];
  const browser = await chromium.launch({ executablePath, args: backend === "webgpu" ? [...common, ...webgpuArgs] : common });
  for (const preset of presets)
    for (const pkg of backend === "webgpu" ? [gpuBuild] : builds) {
      const page = await browser.newPage({ serviceWorkers: "block" });
      await page.goto(`${base}/bench/image-rate.html`);
      await page.waitForFunction(() => window.benchReady === true);
      const label = `${preset} ${backend} (${pkg})`;
      try {
        // A 1D preset (model A) trains from crate/presets.json's settings.
        const settings1d = presetFile[preset]?.lab === "gan1d" ? presetFile[preset].settings : undefined;
        const digitSettings = presetFile[preset]?.lab === "digits" ? presetFile[preset].settings : undefined;
        const r = await page.evaluate((options) => window.bench(options), { pkg, preset, backend, windows, soakSec, settings1d, digitSettings });
        results.push({ ...r, pkg });
        console.log(
          `${label}: ${r.threads} thread(s), median ${r.median.toFixed(2)} it/s (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)}; ` +
            `${r.itersPerWindow} it per window; first iteration ${r.firstIterMs.toFixed(0)} ms; warm-up: ${r.warmRate.toFixed(2)} it/s)`,
        );
        for (const m of r.soak)
          console.log(
            `  soak ${m.s} s: step ${m.step}, wasm memory ${(m.wasmBytes / 2 ** 20).toFixed(1)} MiB, JS heap ${m.jsHeap == null ? "n/a (no performance.memory in a worker)" : `${(m.jsHeap / 2 ** 20).toFixed(1)} MiB`}`,
          );
      } catch (error) {
        console.log(`${label}: failed — ${String(error).split("\n")[0]}`);
      }
      await page.close();
    }
  await browser.close();
}
console.log(JSON.stringify(results, null, 1));
process.exit(0);
