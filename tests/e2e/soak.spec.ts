/**
 * Memory while training, the CI-sized cut of `npm run soak` (bench/soak.mjs): a 1D preset and
 * `mnist-mlp` train for about a minute each while the page's and the worker's JS heap (after a
 * forced garbage collection) and the worker's wasm memory are read every few seconds
 * (bench/suite/memory.mjs). After a warm-up nothing may trend upwards, and tuned-1d (the default
 * demo) must stay as good as it got: W₁ ≤ 0.05 at every sample.
 *
 * The thresholds, against what was measured here (2-core machine, threaded CPU build) and what
 * a leak costs:
 * - page JS heap: the last third's floor (its smallest sample) ≤ the first third's + 20 %.
 *   Even after a GC it jumps up by up to +35 % from sample to sample (snapshots in flight,
 *   chart buffers) and falls back; what a leak raises is the floor under those spikes. The
 *   medians of thirds, judged before, came out at 0.86–1.21 of each other (spikes in the last
 *   third failed a CI run at 1.21 whose floors went 2.91 → 3.00 MiB, 1.03). Keeping every 1D
 *   snapshot (30 a second, ≈ 1.5 kB of JS objects each; their arrays' contents live outside
 *   the heap) grows the heap by ≈ 45 kB/s, ≈ 1.4 MiB between the thirds' samples, so the
 *   floor by ≈ 1.4×.
 * - worker JS heap: ≤ first third's + 10 %; it is flat (≈ 0.87 MiB) once the first chunks have
 *   run, so a leak of a few hundred bytes per snapshot shows.
 * - wasm memory: it never shrinks, so it is compared sample by sample: at most 1 MiB (16 wasm
 *   pages) of growth after the warm-up; measured: 0–64 kB. One 1D batch (64 floats) leaked per
 *   iteration is 3 MiB in 40 s at the CPU's ≈ 1,300 it/s; a digit batch (64 × 784 floats)
 *   per iteration is ≈ 80 MiB.
 */
import { expect, test } from "@playwright/test";
import { watchMemory, thirds, type MemorySample } from "../../bench/suite/memory.mjs";
import { PLAIN_PORT } from "../../playwright.config";
import { readNumber, watchErrors, webgpuProject } from "./helpers";

const MIB = 2 ** 20;

interface Sample extends MemorySample {
  /** Seconds since the first iteration. */
  s: number;
  step: number;
  /** The preset's own measure of quality at the sample, where the run names one. */
  quality: number | undefined;
}

/**
 * Each run, and the quality a default preset keeps while it trains (issue 32): tuned-1d's W₁
 * (drawn by the average of G's weights) stays ≤ 0.05 at every sample after the warm-up, some
 * 20,000 to 65,000 iterations in; G's own samples wander to 0.08–0.15 there.
 */
const RUNS: { preset: string; seconds: number; warmupSec: number; minIterations: number; keeps?: { readOut: string; atMost: number } }[] = [
  { preset: "tuned-1d", seconds: 50, warmupSec: 15, minIterations: 5000, keeps: { readOut: "#stat-w1", atMost: 0.05 } },
  { preset: "mnist-mlp", seconds: 70, warmupSec: 20, minIterations: 100 },
];
/**
 * A sample every 2 s: each third then holds about six samples, so its floor (the smallest) is
 * not one sample's spike; at 4 s (three a third) a run's floors went 3.52 → 4.27 MiB (1.21)
 * with no trend in the samples between, and passed twice in a row after.
 */
const EVERY_MS = 2000;

for (const run of RUNS) {
  test(`${run.preset}: no memory grows while it trains (${run.seconds} s, CPU)`, async ({ page }) => {
    test.skip(
      webgpuProject(),
      "SwiftShader trains at a few iterations per second: too few for a trend; memory is the page's and the worker's, not the adapter's",
    );
    test.setTimeout((run.seconds + 150) * 1000);
    const errors = watchErrors(page);
    const probe = await watchMemory(page);
    await page.goto(`./#v=1&preset=${run.preset}&backend=cpu&autoplay=1`);
    await expect.poll(() => readNumber(page, "#stat-step"), { timeout: 90_000 }).toBeGreaterThanOrEqual(1);

    const started = Date.now();
    const samples: Sample[] = [];
    for (let tick = 0; tick * EVERY_MS <= run.seconds * 1000; tick++) {
      await page.waitForTimeout(Math.max(0, started + tick * EVERY_MS - Date.now()));
      const memory = await probe.sample();
      const quality = run.keeps ? await readNumber(page, run.keeps.readOut) : undefined;
      samples.push({ ...memory, s: (Date.now() - started) / 1000, step: await readNumber(page, "#stat-step"), quality });
    }
    await probe.detach();
    const measured = samples.filter((x) => x.s >= run.warmupSec);
    const table = measured
      .map(
        (x) =>
          `${x.s.toFixed(0)} s: it ${x.step}${x.quality === undefined ? "" : `, quality ${x.quality}`}, page ${(x.pageHeap / MIB).toFixed(2)}, worker ${((x.workerHeap ?? 0) / MIB).toFixed(2)}, wasm ${((x.wasmBytes ?? 0) / MIB).toFixed(2)} MiB`,
      )
      .join("\n");
    await test.info().attach(`memory, ${run.preset}`, { body: table, contentType: "text/plain" });

    // Not vacuous: enough samples, every figure read, the wasm memory found, training going on.
    // (9–13 are taken; a sample waits for two collections, slower on a loaded machine.)
    expect(measured.length, "samples after the warm-up").toBeGreaterThanOrEqual(6);
    for (const x of measured) {
      expect(x.workers, "the trainer's worker is watched").toBe(1);
      expect(x.workerHeap, "worker heap read").not.toBeNull();
      expect(x.wasmBytes ?? 0, "wasm memory found").toBeGreaterThan(MIB);
    }
    const [first, last] = [measured[0]!, measured.at(-1)!];
    expect(last.step - first.step, "iterations after the warm-up").toBeGreaterThanOrEqual(run.minIterations);

    const growth = (value: (x: Sample) => number) => {
      const { firstMedian, lastMedian } = thirds(measured.map(value));
      return lastMedian / firstMedian;
    };
    const floorGrowth = (value: (x: Sample) => number) => {
      const { firstFloor, lastFloor } = thirds(measured.map(value));
      return lastFloor / firstFloor;
    };
    expect(
      floorGrowth((x) => x.pageHeap),
      `page JS heap, last third's floor ÷ first third's\n${table}`,
    ).toBeLessThanOrEqual(1.2);
    expect(
      growth((x) => x.workerHeap!),
      `worker JS heap, last third ÷ first third\n${table}`,
    ).toBeLessThanOrEqual(1.1);
    expect(Math.max(...measured.map((x) => x.wasmBytes!)) - first.wasmBytes!, `wasm memory growth after the warm-up\n${table}`).toBeLessThanOrEqual(MIB);
    if (run.keeps) {
      const worst = Math.max(...measured.map((x) => x.quality ?? NaN));
      expect(worst, `${run.keeps.readOut} at every sample after the warm-up\n${table}`).toBeLessThanOrEqual(run.keeps.atMost);
    }
    errors.assertNone();
  });
}

/**
 * Rewind's memory (issue 28): mnist-minute trains for ten minutes, its every snapshot offered to
 * the rewind's frames and every checkpoint (one each 8 s, ≈ 25 MB) to its checkpoints. What it
 * keeps must stay within the stated budgets (ui/rewind.ts: 64 MiB of frames, at most 1,000;
 * 160 MiB of checkpoints) at every sample, spread over the whole run (the first frame is the
 * run's start, the last its latest step), and the page's ArrayBuffers (where they live) under
 * those budgets plus the loss history and the charts. An hour: `npm run soak -- --presets
 * mnist-minute --minutes 60` (bench/soak.mjs reads the same figures). The one-thread build: the
 * budget is the page's, not the trainer's, and one core leaves the other to the tests beside it.
 * It runs in the webgpu project's process, which has less to do than the other.
 */
test("mnist-minute with rewind: frames and checkpoints stay within their budgets over 10 minutes", async ({ page }) => {
  // In the webgpu project's process (npm test runs two side by side; the other has more to do),
  // on that process's plain server: the one-thread build, whatever the project's own page is.
  test.skip(!webgpuProject(), "once, in the webgpu project's process, on its plain server (the one-thread CPU build)");
  const minutes = Number(process.env.REWIND_SOAK_MINUTES ?? 10);
  test.setTimeout((minutes * 60 + 180) * 1000);
  const errors = watchErrors(page);
  const probe = await watchMemory(page);
  await page.goto(`http://127.0.0.1:${PLAIN_PORT}/demo/#v=1&preset=mnist-minute&backend=cpu&autoplay=1`);
  await expect(page.locator("#backend")).toContainText("1 thread", { timeout: 120_000 });
  await expect.poll(() => readNumber(page, "#stat-step"), { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  const kept = page.locator("#rewind-kept");
  const started = Date.now();
  const rows: string[] = [];
  let last: Record<string, number> = {};
  while (Date.now() - started < minutes * 60_000) {
    await page.waitForTimeout(20_000);
    const memory = await probe.sample();
    const figures = await kept.evaluate((el: HTMLElement) => Object.fromEntries(Object.entries(el.dataset).map(([k, v]) => [k, Number(v)])));
    const step = await readNumber(page, "#stat-step");
    last = { ...figures, step, pageBuffers: memory.pageBuffers ?? NaN };
    rows.push(
      `${((Date.now() - started) / 1000).toFixed(0)} s: it ${step}, ${figures.frames} frames ${(figures.frameBytes! / MIB).toFixed(1)} MiB, ` +
        `${figures.checkpoints} checkpoints ${(figures.checkpointBytes! / MIB).toFixed(1)} MiB, page buffers ${((memory.pageBuffers ?? NaN) / MIB).toFixed(1)} MiB, heap ${(memory.pageHeap / MIB).toFixed(1)} MiB`,
    );
    const table = rows.join("\n");
    expect(figures.frames, table).toBeLessThanOrEqual(1000);
    expect(figures.frameBytes, table).toBeLessThanOrEqual(64 * MIB);
    expect(figures.checkpointBytes, table).toBeLessThanOrEqual(160 * MIB);
    // Everything the page holds in ArrayBuffers: the kept frames and checkpoints, the loss history (16 B an iteration, doubling), the charts.
    expect(memory.pageBuffers ?? 0, table).toBeLessThanOrEqual(figures.frameBytes! + figures.checkpointBytes! + 48 * MIB);
  }
  await probe.detach();
  const table = rows.join("\n");
  await test.info().attach("rewind memory, mnist-minute", { body: table, contentType: "text/plain" });
  console.log(table);
  // Not vacuous: the budgets were reached (checkpoints thinned), and the frames cover the whole run.
  expect(last.checkpoints, table).toBeGreaterThanOrEqual(3);
  expect(last.checkpointBytes, table).toBeGreaterThan(80 * MIB);
  expect(last.firstStep, table).toBeLessThanOrEqual(10);
  expect(last.lastStep, table).toBeGreaterThanOrEqual(last.step! - 200);
  errors.assertNone();
});
