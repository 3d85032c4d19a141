#!/usr/bin/env node
/**
 * The first minute, as a visitor gets it (issue 15): open an image preset in the built page
 * (`vite build`, `vite preview`) on the CPU backend with `autoplay=1`, in a fresh headless
 * Chromium (empty cache: the digits' download and the wasm start-up count), and at 15, 30, 60
 * and 120 s after the navigation read the project's judge on G's images of the run's 256
 * fixed judge-noise vectors: the share it reads confidently (≥ 0.9) and how many digits those
 * cover. Every preset, on both CPU builds — cross-origin isolated (`pkg-threads`, all cores) and
 * not (`pkg-cpu`, one thread: the page served without COOP/COEP) — for several seeds (medians
 * printed). Beside them, for `mnist-minute`, the same preset natively (`judge_curve` on 2
 * threads) and its PyTorch twin (bench/first-minute/twin.py, judged by `judge_images` on the
 * same noise vectors), so the table shows what is model and what is engine.
 *
 *   node bench/first-minute.mjs [--presets mnist-minute,mnist-mlp,mnist-dcgan,mnist-cgan]
 *       [--builds threads,single] [--seeds 0,1,2] [--at 15,30,60,120] [--single-at 15,30,60,90,120]
 *       [--throttle 1,4] [--no-build] [--no-native] [--no-torch] [--shots /tmp/first-minute] [--out-dir bench/results]
 *
 * `--throttle 1,4` runs each page visit at each rate of Chromium's CPU throttling (DevTools
 * protocol `Emulation.setCPUThrottlingRate`; 4: the "low-end mobile" of DevTools, a phone-class
 * CPU): what a slower device reaches in the first minute (issue 29). Its rows say the rate.
 *
 * A checkpoint pauses the run (the page judges on every pause), reads the verdict and plays on;
 * the pause is not counted, so "60 s" is 60 s of the page being open and training. The PyTorch
 * twin needs `torch` (GAN_TORCH_PYTHON, default ~/.cache/gan-playground/torch-venv/bin/python;
 * `python3 -m venv … && …/pip install torch==2.15.0 numpy`); without it that row is skipped.
 * Results: bench/results/<date>-<time>-first-minute.{json,md}, and a screenshot of the grid at
 * each checkpoint under --shots.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, homedir, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumPath, launch } from "./suite/browser.mjs";
import { buildPage } from "./suite/page.mjs";
import { startVite } from "./serve.mjs";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const CACHE = process.env.GAN_PLAYGROUND_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "gan-playground");
/** The digit presets, in crate/presets.json's order (the one file of every preset). */
const PRESETS = Object.entries(JSON.parse(readFileSync(join(REPO, "crate/presets.json"), "utf8")))
  .filter(([, entry]) => entry.lab === "digits")
  .map(([id]) => id);
const BUILDS = { threads: "CPU, all cores (isolated page, pkg-threads)", single: "CPU, one thread (plain page, pkg-cpu)" };
/** z's width in the presets (crate/src/labs/digits): the twin reads the judge noise at this width. */
const MINUTE_LATENT = 64;

function parseArgs(argv) {
  const options = {
    presets: PRESETS,
    builds: Object.keys(BUILDS),
    seeds: [0, 1, 2],
    at: [15, 30, 60, 120],
    singleAt: [15, 30, 60, 90, 120],
    build: true,
    native: true,
    torch: true,
    shots: "/tmp/first-minute",
    outDir: join(REPO, "bench/results"),
    throttle: [1],
    dist: "/tmp/gan-first-minute-dist",
    port: 4620,
  };
  const list = (value, parse = String) => value.split(",").map((x) => parse(x.trim()));
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i];
    switch (name) {
      case "--presets":
        options.presets = list(value());
        break;
      case "--builds":
        options.builds = list(value());
        break;
      case "--seeds":
        options.seeds = list(value(), Number);
        break;
      case "--at":
        options.at = list(value(), Number);
        break;
      case "--single-at":
        options.singleAt = list(value(), Number);
        break;
      case "--throttle":
        options.throttle = list(value(), Number);
        break;
      case "--no-build":
        options.build = false;
        options.dist = join(REPO, "dist");
        break;
      case "--no-native":
        options.native = false;
        break;
      case "--no-torch":
        options.torch = false;
        break;
      case "--shots":
        options.shots = value();
        break;
      case "--out-dir":
        options.outDir = value();
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  for (const p of options.presets) if (!PRESETS.includes(p)) throw new Error(`unknown image preset ${p} (${PRESETS.join(", ")})`);
  for (const b of options.builds) if (!(b in BUILDS)) throw new Error(`unknown build ${b} (threads, single)`);
  return options;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const log = (line) => console.log(line);

/** "84 % · 10 cl." → { confident: 0.84, classes: 10 }. */
function parseJudge(text) {
  const m = /(\d+)\s*%\s*·\s*(\d+)/.exec(text ?? "");
  return m ? { confident: Number(m[1]) / 100, classes: Number(m[2]) } : null;
}

const stepOf = async (page) => Number((await page.textContent("#stat-step"))?.replace(/[^0-9]/g, "") || 0);

/** One page load of `preset` with `seed`, judged at each of `at` seconds after the navigation. */
async function visit({ base, preset, seed, at, build, shots, throttle }) {
  const browser = await launch();
  try {
    const page = await browser.newPage({ serviceWorkers: "block", viewport: { width: 1400, height: 1000 } });
    if (throttle > 1) await (await page.context().newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: throttle });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e.message ?? e)));
    const opened = Date.now();
    await page.goto(`${base}/#v=1&preset=${preset}&backend=cpu&seed=${seed}&autoplay=1`);
    await page.waitForFunction(() => Number(document.getElementById("stat-step")?.textContent?.replace(/[^0-9]/g, "")) >= 1, null, {
      timeout: 120_000,
      polling: 50,
    });
    const firstStep = (Date.now() - opened) / 1000;
    const badge = await page.textContent("#backend");
    const points = [];
    let paused = 0;
    for (const seconds of at) {
      await sleep(opened + paused + seconds * 1000 - Date.now());
      const pausedAt = Date.now();
      // A pause is judged (the worker scores the snapshot it posts when it stops).
      await page.click("#play");
      await page.waitForFunction(() => document.getElementById("play")?.getAttribute("aria-pressed") === "false", null, { timeout: 60_000, polling: 20 });
      const judge = parseJudge(await page.textContent("#stat-judge"));
      const step = await stepOf(page);
      if (shots) await page.locator("#generated-grid").screenshot({ path: join(shots, `${preset}-${build}-x${throttle}-seed${seed}-${seconds}s.png`) });
      points.push({ seconds, step, ...(judge ?? { confident: null, classes: null }) });
      await page.click("#play");
      await page.waitForFunction(() => document.getElementById("play")?.getAttribute("aria-pressed") === "true", null, { timeout: 60_000, polling: 20 });
      paused += Date.now() - pausedAt;
      log(
        `    ${String(seconds).padStart(3)} s: iteration ${String(step).padStart(5)}, judge ${judge ? `${Math.round(judge.confident * 100)} % · ${judge.classes} digits` : "n/a"}`,
      );
    }
    return { preset, build, throttle, seed, badge, firstStep, points, errors };
  } finally {
    await browser.close().catch(() => {});
  }
}

/** Runs a cargo example on 2 threads natively (the threaded CPU backend). */
function example(name, args) {
  const result = spawnSync("cargo", ["run", "--quiet", "--release", "--features", "threads", "-p", "gan-playground", "--example", name, "--", ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, CARGO_TARGET_DIR: join(CACHE, "target-native-mt") },
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0) throw new Error(`cargo run --example ${name} failed: ${(result.stderr ?? "").trim().split("\n").slice(-3).join(" / ")}`);
  return result.stdout.trim().split("\n").filter(Boolean);
}

/** `mnist-minute` natively: judge_curve at the same seconds (training time). */
function native(seeds, at) {
  const lines = example("judge_curve", ["mnist-minute", seeds.join(","), at.map((s) => `${s}s`).join(","), "--json"]);
  return lines
    .map((line) => JSON.parse(line))
    .map((run) => ({
      preset: "mnist-minute",
      build: "native",
      seed: run.seed,
      points: run.points.map((p, i) => ({ seconds: at[i], step: p.iteration, confident: p.confident, classes: p.classes })),
    }));
}

/** The PyTorch twin of `mnist-minute` on the run's judge noise, judged by the project's judge. */
function torch(seeds, at, python) {
  const dir = "/tmp/gan-first-minute-torch";
  mkdirSync(dir, { recursive: true });
  const runs = [];
  for (const seed of seeds) {
    const noise = join(dir, `noise-seed${seed}.f32`);
    example("judge_images", ["noise", String(seed), String(MINUTE_LATENT), noise]);
    const twin = spawnSync(
      python,
      [
        join(REPO, "bench/first-minute/twin.py"),
        "--asset",
        join(REPO, "public/data/mnist-10k.bin"),
        "--noise",
        noise,
        "--seed",
        String(seed),
        "--at",
        at.join(","),
        "--out",
        join(dir, `torch-seed${seed}`),
        "--threads",
        "2",
      ],
      { encoding: "utf8" },
    );
    if (twin.status !== 0) throw new Error(`twin.py failed: ${(twin.stderr ?? "").trim().split("\n").slice(-3).join(" / ")}`);
    const result = JSON.parse(twin.stdout.trim().split("\n").at(-1));
    const scores = example("judge_images", ["score", ...at.map((s) => result.files[String(s)])]).map((line) => JSON.parse(line));
    runs.push({
      preset: "mnist-minute",
      build: "torch",
      seed,
      torch: result.torch,
      points: at.map((s, i) => ({ seconds: s, step: result.iterations[String(s)], confident: scores[i].confident, classes: scores[i].classes })),
    });
    log(
      `  seed ${seed}: ${runs
        .at(-1)
        .points.map((p) => `${p.seconds} s ${Math.round(p.confident * 100)} % · ${p.classes}`)
        .join(", ")}`,
    );
  }
  return runs;
}

const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median over seeds at each checkpoint: confident share, classes, iteration. */
function summarise(runs, at) {
  return at.map((seconds) => {
    const points = runs.map((r) => r.points.find((p) => p.seconds === seconds)).filter(Boolean);
    return {
      seconds,
      confident: median(points.map((p) => p.confident)),
      classes: median(points.map((p) => p.classes)),
      step: median(points.map((p) => p.step)),
      n: points.length,
    };
  });
}

function markdown(result) {
  const { options } = result;
  const columns = [...new Set([...options.at, ...options.singleAt])].sort((a, b) => a - b);
  const out = [`## GAN Playground: the first minute — ${result.date}`, ""];
  out.push(
    `${result.host.cpus} × ${result.host.cpuModel}; ${result.host.chromium}; Node ${result.host.node}; load average at start ${result.host.loadavgStart.map((x) => x.toFixed(2)).join(" ")}.`,
  );
  out.push(
    `Each cell: the judge's confident share (top class ≥ 0.9) of G's images of the run's 256 judge-noise vectors · the digits among those verdicts · the iteration reached; medians over seeds ${options.seeds.join(", ")}. Page rows: seconds since the navigation of a fresh browser (download and start-up included) with \`autoplay=1\`; native and PyTorch rows: seconds of training. Target (issue 15): ≥ 80 % and 10 digits at 60 s (one thread: at 90 s), ≥ 40 % and 8 at 30 s.`,
    "",
  );
  out.push(`| preset | where | first step | ${columns.map((s) => `${s} s`).join(" | ")} |`, `|---|---|---|${columns.map(() => "---|").join("")}`);
  const where = { ...BUILDS, native: "natively, 2 threads (judge_curve)", torch: `PyTorch ${result.torchVersion ?? ""} twin, 2 threads` };
  for (const group of result.groups) {
    const cells = columns.map((s) => {
      const p = group.summary.find((x) => x.seconds === s);
      return p && p.confident != null ? `${Math.round(p.confident * 100)} % · ${p.classes} · it ${Math.round(p.step).toLocaleString("en-US")}` : "–";
    });
    const first = group.firstStep == null ? "–" : `${group.firstStep.toFixed(1)} s`;
    const throttled = group.throttle > 1 ? `, **CPU throttled ${group.throttle}×**` : "";
    out.push(`| \`${group.preset}\` | ${where[group.build]}${throttled} | ${first} | ${cells.join(" | ")} |`);
  }
  out.push("", "Per seed:", "");
  for (const run of result.runs) {
    out.push(
      `- \`${run.preset}\` ${run.build}${run.throttle > 1 ? ` (throttled ${run.throttle}×)` : ""} seed ${run.seed}${run.firstStep ? ` (first step at ${run.firstStep.toFixed(1)} s)` : ""}: ${run.points.map((p) => `${p.seconds} s ${p.confident == null ? "n/a" : `${Math.round(p.confident * 100)} %·${p.classes}`} (it ${p.step})`).join(", ")}${run.errors?.length ? ` — page errors: ${run.errors.join(" / ")}` : ""}`,
    );
  }
  return out.join("\n") + "\n";
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.shots) mkdirSync(options.shots, { recursive: true });
  const started = Date.now();
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
    runs: [],
    groups: [],
  };
  if (options.build) {
    const built = await buildPage(options.dist, log);
    if (!built.ok) throw new Error(built.error);
  }
  const servers = {};
  if (options.builds.includes("threads")) servers.threads = await startVite(["preview", "--outDir", options.dist], { port: options.port });
  if (options.builds.includes("single"))
    servers.single = await startVite(["preview", "--outDir", options.dist], { port: options.port + 1, env: { GAN_PLAIN_HEADERS: "1" } });
  try {
    for (const preset of options.presets) {
      for (const build of options.builds) {
        for (const throttle of options.throttle) {
          const at = build === "single" ? options.singleAt : options.at;
          const runs = [];
          for (const seed of options.seeds) {
            const rate = throttle > 1 ? `, CPU throttled ${throttle}×` : "";
            log(`== ${preset}, ${BUILDS[build]}${rate}, seed ${seed} (${((Date.now() - started) / 60_000).toFixed(1)} min in)`);
            const run = await visit({ base: servers[build].url, preset, seed, at, build, shots: options.shots, throttle });
            log(`  badge “${run.badge}”, first step ${run.firstStep.toFixed(1)} s after the navigation`);
            runs.push(run);
          }
          result.runs.push(...runs);
          result.groups.push({ preset, build, throttle, firstStep: median(runs.map((r) => r.firstStep)), summary: summarise(runs, at) });
        }
      }
    }
  } finally {
    for (const server of Object.values(servers)) server.stop();
  }
  if (options.native && options.presets.includes("mnist-minute")) {
    log("== mnist-minute natively (judge_curve, 2 threads)");
    const runs = native(options.seeds, options.at);
    result.runs.push(...runs);
    result.groups.push({ preset: "mnist-minute", build: "native", firstStep: null, summary: summarise(runs, options.at) });
  }
  const python = process.env.GAN_TORCH_PYTHON ?? join(CACHE, "torch-venv/bin/python");
  if (options.torch && options.presets.includes("mnist-minute")) {
    if (!existsSync(python)) {
      log(
        `== the PyTorch twin is skipped: no ${python} (python3 -m venv ${join(CACHE, "torch-venv")} && ${python.replace(/python$/, "pip")} install torch==2.15.0 numpy)`,
      );
    } else {
      log("== the PyTorch twin of mnist-minute");
      const runs = torch(options.seeds, options.at, python);
      result.torchVersion = runs[0]?.torch;
      result.runs.push(...runs);
      result.groups.push({ preset: "mnist-minute", build: "torch", firstStep: null, summary: summarise(runs, options.at) });
    }
  }
  result.wallSec = (Date.now() - started) / 1000;
  mkdirSync(options.outDir, { recursive: true });
  const stamp = new Date(started).toISOString().slice(0, 16).replace("T", "-").replace(":", "");
  const outBase = join(options.outDir, `${stamp}-first-minute`);
  const md = markdown(result) + `\nWall time ${(result.wallSec / 60).toFixed(1)} min. Raw figures: \`${stamp}-first-minute.json\`.\n`;
  writeFileSync(`${outBase}.json`, JSON.stringify(result, null, 1));
  writeFileSync(`${outBase}.md`, md);
  console.log("\n" + md);
  console.log(`wrote ${outBase}.json and ${outBase}.md`);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => process.exit(130));
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
