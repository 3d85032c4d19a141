/**
 * The project's models in Chromium, measured like the peers (bench/image-rate-core.js in a
 * worker, as the page trains): model A (`seed000-1d`) and B (`mnist-mlp`) on the CPU — one
 * thread (`www/pkg-cpu`) and all cores (`www/pkg-threads`, the build the page loads for the CPU on
 * a cross-origin-isolated page) — and on WebGPU (`www/pkg`). Also the memory soak: B on
 * `pkg-threads` in a worker, the wasm memory and the renderer's resident memory over time.
 */
import { existsSync, readFileSync } from "node:fs";
import { launch, rendererRss, withTimeout } from "./browser.mjs";
import { serveStatic } from "./static-server.mjs";

/** The peers' models: A is seed 000's 1D GAN, B seed 003's MNIST MLP GAN. */
export const MODELS = { A: "seed000-1d", B: "mnist-mlp" };

/** Where the project runs in Chromium. */
export const CONFIGS = [
  { id: "cpu-1", backend: "cpu", pkg: "pkg-cpu", where: "Chromium, CPU fallback, 1 thread (`pkg-cpu`, what a page without cross-origin isolation loads)" },
  { id: "cpu-threads", backend: "cpu", pkg: "pkg-threads", where: "Chromium, CPU fallback, all cores (`pkg-threads`, what the page loads)" },
  { id: "webgpu", backend: "webgpu", pkg: "pkg", where: "Chromium, WebGPU" },
];

const PAGE = "/bench/image-rate.html";

/** Opens the bench page in a fresh browser for one config and runs `work(page)`. */
async function withBenchPage(base, { webgpu }, work) {
  const browser = await launch({ webgpu, memory: true });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e).slice(0, 300)));
    await page.goto(base + PAGE);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    return await work(page, browser, errors);
  } finally {
    await browser.close().catch(() => {});
  }
}

/** The WebGPU adapter Chromium offers this page (SwiftShader on a machine without a GPU). */
function adapterInfo(page) {
  return page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    if (!adapter) return null;
    const { vendor, architecture, device, description } = adapter.info ?? {};
    return { vendor, architecture, device, description };
  });
}

/**
 * Throughput rows: `plan` is [{ config, model }]; `skip` lists "config model" pairs to leave
 * out with a reason. Each config runs in its own fresh browser (as run-tfjs.mjs does).
 */
export async function measureProject({ port, timing, skip = {}, log }) {
  const presets = JSON.parse(readFileSync(new URL("../../crate/presets.json", import.meta.url), "utf8"));
  const server = await serveStatic(port);
  const rows = [];
  try {
    for (const config of CONFIGS) {
      if (!existsSync(new URL(`../../www/${config.pkg}/gan_playground_bg.wasm`, import.meta.url))) {
        for (const model of Object.keys(MODELS)) rows.push({ config: config.id, where: config.where, model, skipped: `www/${config.pkg} is not built` });
        continue;
      }
      await withBenchPage(server.url, { webgpu: config.backend === "webgpu" }, async (page, browser, errors) => {
        const adapter = config.backend === "webgpu" ? await adapterInfo(page) : null;
        const where = adapter
          ? `${config.where} (${/swiftshader/i.test(JSON.stringify(adapter)) ? "SwiftShader, software" : adapter.description || adapter.vendor})`
          : config.where;
        for (const [model, preset] of Object.entries(MODELS)) {
          const why = skip[`${config.id} ${model}`];
          if (why) {
            rows.push({ config: config.id, where, model, preset, skipped: why });
            log(`  ${model} ${config.id}: skipped (${why})`);
            continue;
          }
          // A 1D preset trains from crate/presets.json's settings; a digit preset is built by the crate from its id.
          const settings1d = presets[preset]?.lab === "gan1d" ? presets[preset].settings : undefined;
          const options = { pkg: config.pkg, preset, backend: config.backend, settings1d, ...timing };
          const started = Date.now();
          try {
            const r = await withTimeout(
              page.evaluate((o) => window.bench(o), options),
              timing.capSec ?? 900,
              `${model} on ${config.id}`,
            );
            rows.push({ config: config.id, where, model, preset, adapter, wallSec: (Date.now() - started) / 1000, ...r, soak: undefined });
            log(
              `  ${model} ${config.id}: median ${r.median.toPrecision(4)} it/s (min ${r.min.toPrecision(4)}, max ${r.max.toPrecision(4)}; ${r.windows.length} × ${r.itersPerWindow} it; first iteration ${r.firstIterMs.toFixed(0)} ms; ${r.threads} thread(s))`,
            );
          } catch (error) {
            rows.push({ config: config.id, where, model, preset, error: String(error.message ?? error).split("\n")[0], pageErrors: errors.slice() });
            log(`  ${model} ${config.id}: FAILED — ${String(error.message ?? error).split("\n")[0]}`);
            if (/timed out/.test(String(error))) break; // the page is wedged
          }
        }
      });
    }
  } finally {
    server.stop();
  }
  return rows;
}

/**
 * Memory over a long run: B on the CPU (`pkg-threads`) in a worker for `seconds`, the wasm
 * memory recorded in the worker every `everySec`, and with each record the renderer
 * processes' resident memory (read from /proc as the record reaches the page).
 */
export async function soakProject({ port, seconds, everySec, timing, log }) {
  const server = await serveStatic(port);
  try {
    return await withBenchPage(server.url, { webgpu: false }, async (page, browser) => {
      const rss = [];
      let polling = true;
      const poll = (async () => {
        while (polling) {
          const n = await page.evaluate(() => window.soakSamples?.length ?? 0).catch(() => 0);
          while (rss.length < n) rss.push(await rendererRss(browser));
          await new Promise((r) => setTimeout(r, 500));
        }
      })();
      const options = { pkg: "pkg-threads", preset: MODELS.B, backend: "cpu", ...timing, soakSec: seconds, soakEverySec: everySec };
      try {
        const r = await withTimeout(
          page.evaluate((o) => window.bench(o), options),
          seconds + 300,
          "soak",
        );
        const samples = r.soak.map((x, i) => ({ ...x, rendererRss: rss[i] ?? null }));
        const [first, last] = [samples[0], samples.at(-1)];
        log(
          `  soak: ${last.s} s, iteration ${first.step} → ${last.step}; wasm memory ${mib(first.wasmBytes)} → ${mib(last.wasmBytes)} MiB; renderer RSS ${mib(first.rendererRss)} → ${mib(last.rendererRss)} MiB`,
        );
        return {
          model: "B",
          preset: MODELS.B,
          pkg: "pkg-threads",
          threads: r.threads,
          seconds,
          samples,
          rendererRss: { start: first.rendererRss, end: last.rendererRss },
        };
      } finally {
        polling = false;
        await poll;
      }
    });
  } finally {
    server.stop();
  }
}

export const mib = (bytes) => (bytes == null ? "n/a" : (bytes / 2 ** 20).toFixed(1));
