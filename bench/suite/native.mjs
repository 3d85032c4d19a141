/**
 * The project natively: crate/examples/rate.rs on burn's CPU backend (`flex`), models A and B,
 * measured like the peers. Native builds have no wgpu backend (no `wgpu` feature is compiled),
 * so there is no native WebGPU/Vulkan row.
 */
import { spawn } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const TARGET = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/gan-playground/target-native");

function run(args) {
  return new Promise((resolve) => {
    const child = spawn("cargo", args, { cwd: REPO, env: { ...process.env, CARGO_TARGET_DIR: TARGET }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => resolve({ code: -1, stdout, stderr: String(error.message) }));
    // A bench stopped half-way must not leave a build running (it holds the target dir's lock).
    const stop = () => child.kill("SIGTERM");
    process.on("exit", stop);
    child.on("close", (code) => {
      process.off("exit", stop);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Builds the example (a minute with a warm cache) and times each preset; rows or errors. */
export async function measureNative({ presets, windows, windowSec, log }) {
  const build = ["build", "--release", "--locked", "--example", "rate"];
  log(`  CARGO_TARGET_DIR=${TARGET} cargo ${build.join(" ")}`);
  const built = await run(build);
  if (built.code !== 0) return [{ error: `cargo build failed (exit ${built.code}): ${built.stderr.trim().split("\n").slice(-3).join(" / ")}` }];
  const rows = [];
  for (const [model, preset] of Object.entries(presets)) {
    const args = ["run", "--release", "--locked", "--quiet", "--example", "rate", "--", preset, String(windows), String(windowSec), "--json"];
    const r = await run(args);
    const json = r.stdout.split("\n").find((line) => line.startsWith("{"));
    if (r.code !== 0 || !json) {
      rows.push({ model, preset, error: `rate ${preset} failed (exit ${r.code}): ${r.stderr.trim().split("\n").slice(-2).join(" / ")}` });
      continue;
    }
    const row = { model, ...JSON.parse(json) };
    log(
      `  ${model} native: median ${row.median.toPrecision(4)} it/s (min ${row.min.toPrecision(4)}, max ${row.max.toPrecision(4)}; ${row.windows.length} × ${row.itersPerWindow} it; first iteration ${row.firstIterMs.toFixed(1)} ms)`,
    );
    rows.push(row);
  }
  return rows;
}
