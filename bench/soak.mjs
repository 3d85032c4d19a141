#!/usr/bin/env node
/**
 * `npm run soak`: does the page stay good over long training, in memory and in quality? Each
 * preset trains in the built page (`vite build`, `vite preview`: cross-origin isolated, as `npm
 * start` serves it) in headless Chromium, one fresh browser per preset and backend, as a
 * visitor's link would (`#v=1&preset=…&backend=…&autoplay=1`), while it is sampled:
 *
 *   npm run soak -- [--minutes 60] [--presets tuned-1d,ring8-tuned,mnist-minute]
 *                   [--backends cpu] [--every 60] [--warmup 60] [--port 4590]
 *                   [--dist /tmp/gan-soak-dist] [--no-build] [--out-dir bench/results]
 *
 * (the defaults are the hour of the three default presets on the CPU; the MLP defaults' half
 * hour on WebGPU is `--backends webgpu --presets tuned-1d,ring8-tuned --minutes 30`)
 *
 * - every `--every` seconds: the preset's own quality (its lab's read-outs: W₁; modes covered
 *   and high-quality share; the judge's confident share and classes), the page's JS heap and
 *   the trainer worker's, each after a forced garbage collection (DevTools
 *   `HeapProfiler.collectGarbage`, `Runtime.getHeapUsage`), the worker's wasm memory
 *   (bench/suite/memory.mjs) and, for information, the page's ArrayBuffer backing stores (the
 *   loss history grows there by design: 16 bytes per iteration), the renderer processes'
 *   resident memory and the GPU process's, and what the rewind keeps;
 * - per preset and backend, after `--warmup` seconds: start → end (the floors, i.e. smallest
 *   samples, of the first and last thirds: a heap after a GC still jumps by up to a third
 *   between samples and falls back, and what a leak raises is the floor under those spikes;
 *   tests/e2e/soak.spec.ts judges the same way), growth, the thirds' medians for information,
 *   the least-squares trend per 10 minutes, and PASS when the floors of the JS heaps and of the
 *   wasm memory grew less than 10 %, the rewind stayed within its budgets, training went on,
 *   and a default preset kept its promise (PROMISES below) at every sample.
 *
 * WebGPU here is SwiftShader (software, ≈ 0.1 it/s for the digits): memory and quality, not
 * speed. Results: bench/results/<date>-<time>-soak.json and .md (printed too); the exit status
 * is 1 if any run failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumPath, gpuProcessRss, launch, rendererRss } from "./suite/browser.mjs";
import { summarise, watchMemory } from "./suite/memory.mjs";
import { buildPage } from "./suite/page.mjs";
import { startVite } from "./serve.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
/** crate/presets.json: every lab's presets, each with its `lab`. */
const PRESET_FILE = JSON.parse(readFileSync(join(REPO, "crate/presets.json"), "utf8"));
const labOf = (preset) => PRESET_FILE[preset]?.lab;
const BACKENDS = ["cpu", "webgpu"];
/** Growth (start → end, after the warm-up) that fails a run. */
const MAX_GROWTH_PCT = 10;
/** The measures that decide PASS; the others are shown for information. */
const GATED = ["pageHeap", "workerHeap", "wasmBytes"];
const MEASURES = {
  pageHeap: "page JS heap (after GC)",
  workerHeap: "trainer worker JS heap (after GC)",
  wasmBytes: "wasm memory (the worker's)",
  pageBuffers: "page ArrayBuffers (the loss history grows here by design: 16 B per iteration, doubling)",
  rendererRss: "renderer processes' RSS",
  gpuRss: "GPU process RSS (WebGPU's buffers)",
  rewindFrameBytes: "rewind's frames (grows to its budget by design, then stays)",
  rewindCheckpointBytes: "rewind's checkpoints (as above)",
};
/** Rewind's budgets (www/src/ui/rewind.ts `FRAME_BUDGET`, `CHECKPOINT_BUDGET`): every sample must be within them. */
const REWIND_BUDGET = { frames: 1000, frameBytes: 64 * 2 ** 20, checkpointBytes: 160 * 2 ** 20 };

/**
 * Each lab's own measure of quality, read from its read-outs at every sample: the 1D lab's W₁ to
 * the target, the 2D lab's modes covered and share of high-quality points, the digit judge's
 * confident share and classes. `null` where the page shows none yet.
 */
const QUALITY = {
  gan1d: { columns: { w1: "W₁" }, read: async (page) => ({ w1: numberIn(await page.textContent("#stat-w1")) }) },
  gan2d: {
    columns: { modes: "modes", highQuality: "high quality %" },
    read: async (page) => ({ modes: numberIn(await page.textContent("#stat-modes")), highQuality: numberIn(await page.textContent("#stat-hq")) }),
  },
  digits: {
    columns: { confident: "judge: confident %", classes: "judge: classes" },
    read: async (page) => {
      const [confident, classes] = ((await page.textContent("#stat-judge")) ?? "").match(/\d+(\.\d+)?/g)?.map(Number) ?? [];
      return { confident: confident ?? null, classes: classes ?? null };
    },
  },
};
/** The first number in a read-out's text, `null` for "—". */
const numberIn = (text) => {
  const match = /-?\d+(\.\d+)?(e-?\d+)?/.exec((text ?? "").replace(/,/g, ""));
  return match ? Number(match[0]) : null;
};

/**
 * What the default presets promise while left running (issue 32), judged at every sample after
 * the warm-up: `holds(sample, samples so far)` says why a sample falls short, or nothing. The
 * seeds' presets have none: their drift is part of their lesson.
 */
const PROMISES = {
  "tuned-1d": { what: "W₁ ≤ 0.05", holds: (q) => (q.w1 != null && q.w1 <= 0.05 ? null : `W₁ ${q.w1}`) },
  "ring8-tuned": {
    what: "8 / 8 modes and ≥ 80 % high quality",
    holds: (q) => (q.modes === 8 && q.highQuality >= 80 ? null : `${q.modes} / 8 modes, ${q.highQuality} % high quality`),
  },
  "mnist-minute": {
    what: "the judge's confident share never 5 points below its best so far",
    holds: (q, before) => {
      const best = Math.max(...before.map((x) => x.confident ?? -Infinity), q.confident ?? -Infinity);
      return q.confident != null && q.confident >= best - 5 ? null : `judge ${q.confident} % against a best of ${best} %`;
    },
  },
};

/** What the rewind keeps now (the page's `#rewind-kept` figures). */
async function rewindKept(page) {
  const figures = await page.evaluate(() => ({ ...(document.getElementById("rewind-kept")?.dataset ?? {}) }));
  return {
    rewindFrames: Number(figures.frames ?? NaN),
    rewindFrameBytes: Number(figures.frameBytes ?? NaN),
    rewindCheckpoints: Number(figures.checkpoints ?? NaN),
    rewindCheckpointBytes: Number(figures.checkpointBytes ?? NaN),
  };
}

function parseArgs(argv) {
  const options = {
    minutes: 60,
    presets: ["tuned-1d", "ring8-tuned", "mnist-minute"],
    backends: ["cpu"],
    everySec: 60,
    warmupSec: 60,
    port: 4590,
    dist: process.env.GAN_SOAK_DIST ?? "/tmp/gan-soak-dist",
    build: true,
    outDir: join(REPO, "bench/results"),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    switch (argv[i]) {
      case "--minutes":
        options.minutes = Number(value());
        break;
      case "--presets":
        options.presets = value().split(",");
        break;
      case "--backends":
        options.backends = value().split(",");
        break;
      case "--every":
        options.everySec = Number(value());
        break;
      case "--warmup":
        options.warmupSec = Number(value());
        break;
      case "--port":
        options.port = Number(value());
        break;
      case "--dist":
        options.dist = value();
        break;
      case "--no-build":
        options.build = false;
        break;
      case "--out-dir":
        options.outDir = value();
        break;
      case "-h":
      case "--help":
        console.log(/\/\*\*\n([^]*?) \*\//.exec(readFileSync(fileURLToPath(import.meta.url), "utf8"))[1].replace(/^ \*\s?/gm, ""));
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]} (see --help)`);
    }
  }
  const known = Object.keys(PRESET_FILE);
  const badPresets = options.presets.filter((p) => !known.includes(p));
  if (badPresets.length) throw new Error(`unknown preset(s) ${badPresets.join(", ")}; known: ${known.join(", ")}`);
  const badBackends = options.backends.filter((b) => !BACKENDS.includes(b));
  if (badBackends.length) throw new Error(`unknown backend(s) ${badBackends.join(", ")}; known: ${BACKENDS.join(", ")}`);
  for (const key of ["minutes", "everySec"]) if (!(options[key] > 0)) throw new Error(`--${key === "everySec" ? "every" : key} must be a positive number`);
  if (!(options.warmupSec >= 0) || options.warmupSec >= options.minutes * 60) throw new Error("--warmup must be ≥ 0 and shorter than the run (--minutes)");
  return options;
}

/** What must exist before anything runs; prints every missing piece with its fix. */
function checkPrerequisites(options) {
  const missing = [];
  if (!existsSync(join(REPO, "www/pkg/gan_playground_bg.wasm"))) missing.push("the wasm build www/pkg/ — `npm run build:wasm`");
  if (options.presets.some((p) => labOf(p) === "digits") && !existsSync(join(REPO, "public/data/mnist-10k.bin")))
    missing.push("the digits public/data/mnist-10k.bin — `node scripts/mnist-asset.mjs`");
  if (!existsSync(chromiumPath())) missing.push(`Chromium at ${chromiumPath()} — \`apt-get install chromium\` or set CHROMIUM=/path/to/chromium`);
  if (!existsSync(join(REPO, "node_modules/@playwright/test"))) missing.push("the npm packages — `npm ci`");
  if (!options.build && !existsSync(join(options.dist, "index.html"))) missing.push(`a built page in ${options.dist} (--no-build) — leave out --no-build`);
  if (missing.length) {
    console.error("npm run soak cannot start; missing:\n" + missing.map((m) => `  - ${m}`).join("\n"));
    process.exit(1);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const stepOf = async (page) => Number(((await page.textContent("#stat-step")) ?? "").replace(/[^0-9]/g, "")) || 0;

/** One preset on one backend in a fresh browser: samples every `everySec` for `minutes`. */
async function soakOne({ base, preset, backend, minutes, everySec, warmupSec, log }) {
  const browser = await launch({ webgpu: backend === "webgpu", memory: true });
  const pageErrors = [];
  try {
    const page = await browser.newPage({ serviceWorkers: "block" });
    page.on("pageerror", (e) => pageErrors.push(String(e).slice(0, 300)));
    const probe = await watchMemory(page);
    const hash = `#v=1&preset=${preset}&backend=${backend}&autoplay=1`;
    await page.goto(`${base}/${hash}`);
    // The digits download first; SwiftShader compiles its shaders before the first step.
    await page.waitForFunction(() => Number(document.getElementById("stat-step")?.textContent?.replace(/[^0-9]/g, "")) >= 1, null, {
      timeout: (backend === "webgpu" ? 15 : 3) * 60_000,
      polling: 500,
    });
    const badge = await page.textContent("#backend");
    const started = Date.now();
    const samples = [];
    for (let tick = 0; tick * everySec <= minutes * 60; tick++) {
      await sleep(started + tick * everySec * 1000 - Date.now());
      const memory = await probe.sample();
      const sample = {
        s: Math.round((Date.now() - started) / 1000),
        step: await stepOf(page),
        ...memory,
        rendererRss: await rendererRss(browser),
        gpuRss: await gpuProcessRss(browser),
        ...(await rewindKept(page)),
        quality: await QUALITY[labOf(preset)].read(page),
      };
      samples.push(sample);
      log(
        `  ${String(sample.s).padStart(5)} s  iteration ${sample.step.toLocaleString("en-US").padStart(9)}  ${qualityText(preset, sample.quality)}  page heap ${mib(sample.pageHeap)}  worker heap ${mib(sample.workerHeap)}  wasm ${mib(sample.wasmBytes)}  renderer RSS ${mib(sample.rendererRss)}  GPU process RSS ${mib(sample.gpuRss)}  rewind ${sample.rewindFrames} frames ${mib(sample.rewindFrameBytes)}, ${sample.rewindCheckpoints} checkpoints ${mib(sample.rewindCheckpointBytes)}`,
      );
    }
    await probe.detach();
    return judge({ preset, backend, hash, badge, samples, warmupSec, pageErrors });
  } catch (error) {
    return { preset, backend, error: String(error?.message ?? error).split("\n")[0], pageErrors, pass: false };
  } finally {
    await browser.close().catch(() => {});
  }
}

/** Summaries after the warm-up, and the verdict. */
function judge({ preset, backend, hash, badge, samples, warmupSec, pageErrors }) {
  const measured = samples.filter((x) => x.s >= warmupSec);
  const summaries = Object.fromEntries(Object.keys(MEASURES).map((key) => [key, summarise(measured, (x) => x[key])]));
  const first = measured[0];
  const last = measured.at(-1);
  const trained = measured.length >= 2 && last.step > first.step;
  const why = [];
  if (!trained) why.push(measured.length < 2 ? "too few samples after the warm-up" : "training did not go on");
  for (const key of GATED) {
    const s = summaries[key];
    if (!s) why.push(`${MEASURES[key]}: not measured`);
    else if (s.growthPct >= MAX_GROWTH_PCT) why.push(`${MEASURES[key]} grew ${s.growthPct.toFixed(1)} %`);
  }
  const most = (key) => Math.max(...samples.map((x) => x[key]));
  if (!(most("rewindFrames") <= REWIND_BUDGET.frames)) why.push(`rewind kept ${most("rewindFrames")} frames (budget ${REWIND_BUDGET.frames})`);
  if (!(most("rewindFrameBytes") <= REWIND_BUDGET.frameBytes)) why.push(`rewind's frames took ${mib(most("rewindFrameBytes"))} (budget 64 MiB)`);
  if (!(most("rewindCheckpointBytes") <= REWIND_BUDGET.checkpointBytes))
    why.push(`rewind's checkpoints took ${mib(most("rewindCheckpointBytes"))} (budget 160 MiB)`);
  const promise = PROMISES[preset];
  const shortfalls = promise
    ? measured
        .map((x, i) => ({
          s: x.s,
          why: promise.holds(
            x.quality,
            measured.slice(0, i).map((y) => y.quality),
          ),
        }))
        .filter((x) => x.why)
    : [];
  if (shortfalls.length)
    why.push(`${promise.what} failed at ${shortfalls.length} of ${measured.length} samples (first at ${shortfalls[0].s} s: ${shortfalls[0].why})`);
  const itPerSec = trained ? (last.step - first.step) / (last.s - first.s) : 0;
  return {
    preset,
    backend,
    hash,
    badge,
    warmupSec,
    samples,
    summaries,
    iterations: { from: first?.step, to: last?.step, itPerSec },
    quality: { promise: promise?.what ?? null, shortfalls },
    pageErrors,
    pass: why.length === 0,
    why,
  };
}

/** A sample's quality read-outs as a line's words. */
const qualityText = (preset, quality) =>
  Object.entries(QUALITY[labOf(preset)].columns)
    .map(([key, name]) => `${name} ${quality?.[key] ?? "—"}`)
    .join("  ");

const mib = (b) => (b == null ? "n/a" : `${(b / 2 ** 20).toFixed(2)} MiB`);
const rate = (x) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
const pct = (x) => (x == null ? "–" : `${x >= 0 ? "+" : ""}${x.toFixed(1)} %`);
const trendText = (s) => (s?.slopePer10Min == null ? "–" : `${s.slopePer10Min >= 0 ? "+" : "−"}${mib(Math.abs(s.slopePer10Min))} (${pct(s.slopePctPer10Min)})`);
const growthText = (s) => (s ? `${mib(s.start)} → ${mib(s.end)} (${pct(s.growthPct)})` : "n/a");

/** Each quality read-out at the first and the last sample after the warm-up, and the promise it is held to. */
function qualityRange(r) {
  const measured = r.samples.filter((x) => x.s >= r.warmupSec);
  const [first, last] = [measured[0]?.quality, measured.at(-1)?.quality];
  const range = Object.entries(QUALITY[labOf(r.preset)].columns)
    .map(([key, name]) => `${name} ${first?.[key] ?? "—"} → ${last?.[key] ?? "—"}`)
    .join(", ");
  return r.quality.promise ? `${range} (${r.quality.promise}: ${r.quality.shortfalls.length ? `missed ${r.quality.shortfalls.length}×` : "held"})` : range;
}

function markdown(result) {
  const out = [`## GAN Playground soak — ${result.date}`, ""];
  const loads = (xs) => xs.map((x) => x.toFixed(2)).join(" ");
  const o = result.options;
  out.push(
    `${result.host.cpus} × ${result.host.cpuModel}; ${result.host.chromium}; Node ${result.host.node}. Load average at start ${loads(result.host.loadavgStart)}, at end ${loads(result.host.loadavgEnd)}.`,
  );
  out.push(
    `Each run: ${o.minutes} min of training in the built page (\`vite preview\`, cross-origin isolated), a sample every ${o.everySec} s; judged after a ${o.warmupSec} s warm-up: start and end are the floors (smallest samples) of the first and last thirds of the samples, since a heap after a forced GC still jumps by up to a third between samples and falls back, and a leak is what raises the floor under those spikes; PASS when the floors of the page's and the worker's JS heap and of the wasm memory grew less than ${MAX_GROWTH_PCT} %, the rewind's frames and checkpoints stayed within their budgets (at most 1,000 frames in 64 MiB, 160 MiB of checkpoints) at every sample, training went on, and a default preset kept its promise in quality at every sample (tuned-1d: W₁ ≤ 0.05; ring8-tuned: 8 / 8 modes and ≥ 80 % high quality; mnist-minute: the judge's confident share never 5 points below its best so far). The medians of the thirds are shown beside them. The trend is a least-squares fit over the samples after the warm-up, scaled to 10 minutes (over a minute or two it mostly measures noise). WebGPU here is SwiftShader (software).`,
    "",
  );
  out.push(
    "| preset | backend | iterations after the warm-up | quality, start → end (its promise) | page JS heap | worker JS heap | wasm memory | result |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const r of result.runs) {
    if (r.error) {
      out.push(`| \`${r.preset}\` | ${r.backend} | failed: ${r.error} | | | | | **FAIL** |`);
      continue;
    }
    const it = `${(r.iterations.from ?? 0).toLocaleString("en-US")} → ${(r.iterations.to ?? 0).toLocaleString("en-US")} (${rate(r.iterations.itPerSec)} it/s)`;
    out.push(
      `| \`${r.preset}\` | ${r.backend} | ${it} | ${qualityRange(r)} | ${growthText(r.summaries.pageHeap)} | ${growthText(r.summaries.workerHeap)} | ${growthText(r.summaries.wasmBytes)} | **${r.pass ? "PASS" : "FAIL"}**${r.why.length ? `: ${r.why.join("; ")}` : ""} |`,
    );
  }
  for (const r of result.runs.filter((x) => !x.error)) {
    out.push("", `### \`${r.preset}\` on ${r.backend} — ${r.pass ? "PASS" : "FAIL"}`, "");
    out.push(`Badge: “${r.badge}”. Link: \`${r.hash}\`.${r.pageErrors.length ? ` Page errors: ${r.pageErrors.join(" / ")}` : ""}`, "");
    out.push("| measure | start (floor) | end (floor) | growth | medians' growth | trend per 10 min | decides |", "|---|---:|---:|---:|---:|---:|---|");
    for (const [key, what] of Object.entries(MEASURES)) {
      const s = r.summaries[key];
      out.push(
        `| ${what} | ${mib(s?.start)} | ${mib(s?.end)} | ${pct(s?.growthPct)} | ${pct(s?.medianGrowthPct)} | ${trendText(s)} | ${GATED.includes(key) ? `yes (< ${MAX_GROWTH_PCT} %)` : "no"} |`,
      );
    }
    const series = (key) => r.samples.map((x) => (x[key] == null ? "n/a" : (x[key] / 2 ** 20).toFixed(2))).join(", ");
    out.push(
      "",
      `Every ${o.everySec} s from the first iteration (MiB) — page heap: ${series("pageHeap")}; worker heap: ${series("workerHeap")}; wasm: ${series("wasmBytes")}.`,
      "",
      `Quality every ${o.everySec} s — ${Object.entries(QUALITY[labOf(r.preset)].columns)
        .map(([key, name]) => `${name}: ${r.samples.map((x) => x.quality?.[key] ?? "—").join(", ")}`)
        .join("; ")}.`,
    );
  }
  return out.join("\n") + "\n";
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`npm run soak: ${error.message}`);
    process.exit(2);
  }
  checkPrerequisites(options);
  const log = (line) => console.log(line);
  const started = Date.now();
  const total = options.presets.length * options.backends.length * options.minutes;
  log(`soak: ${options.presets.join(", ")} on ${options.backends.join(", ")}, ${options.minutes} min each (≈ ${total} min in all)`);
  if (options.build) {
    const built = await buildPage(options.dist, log);
    if (!built.ok) throw new Error(built.error);
  }
  const preview = await startVite(["preview", "--outDir", options.dist], { port: options.port });
  const result = {
    date: new Date().toISOString(),
    host: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      node: process.version,
      chromium: spawnSync(chromiumPath(), ["--version"], { encoding: "utf8" }).stdout?.trim() || chromiumPath(),
      loadavgStart: loadavg(),
    },
    options: { ...options, outDir: undefined },
    maxGrowthPct: MAX_GROWTH_PCT,
    runs: [],
  };
  try {
    for (const backend of options.backends) {
      for (const preset of options.presets) {
        log(`\n== ${preset} on ${backend} (${((Date.now() - started) / 60_000).toFixed(1)} min in; load ${loadavg()[0].toFixed(2)})`);
        const run = await soakOne({ base: preview.url, preset, backend, ...options, log });
        result.runs.push(run);
        log(`  ${run.pass ? "PASS" : "FAIL"}${run.error ? `: ${run.error}` : run.why.length ? `: ${run.why.join("; ")}` : ""}`);
      }
    }
  } finally {
    preview.stop();
  }
  result.host.loadavgEnd = loadavg();
  result.wallSec = (Date.now() - started) / 1000;
  mkdirSync(options.outDir, { recursive: true });
  const stamp = new Date(started).toISOString().slice(0, 16).replace("T", "-").replace(":", "");
  const outBase = join(options.outDir, `${stamp}-soak`);
  const md = markdown(result) + `\nWall time ${(result.wallSec / 60).toFixed(1)} min. Raw figures: \`${basename(outBase)}.json\`.\n`;
  writeFileSync(`${outBase}.json`, JSON.stringify(result, null, 1));
  writeFileSync(`${outBase}.md`, md);
  console.log("\n" + md);
  console.log(`wrote ${outBase}.json and ${outBase}.md`);
  return result.runs.every((r) => r.pass);
}

// Ctrl-C or a kill ends through process.exit, so the preview server stops with it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(130));

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
