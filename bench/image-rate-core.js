/**
 * Training throughput of one preset, measured like shared/bench/peers (README there): fresh
 * networks, the first iteration timed alone (first-use compilation), ≥ 2 s of warm-up, a
 * calibration, then timed windows of ~2 s that each end with a read-back; median, min, max.
 * Run in a worker (bench/image-rate.worker.js), as the page trains, or on the main thread for
 * the profiler.
 *
 * One `Trainer` (crate/src/api.rs) runs either lab: a digit preset (`mnist-mlp`, …) on
 * /data/mnist-10k.bin, a 1D preset (`seed000-1d`, …) from its settings (`settings1d`:
 * crate/presets.json's `settings`, without the seed). Despite the file's name, both run here.
 */

/**
 * Loads a build: `pkg-threads` (the CPU on all cores, at most 8 as the page does; needs a
 * cross-origin-isolated page and a worker), else `pkg` or `pkg-prof` (one thread).
 */
async function load(pkg) {
  const module = await import(`/www/${pkg}/gan_playground.js`);
  const wasm = await module.default();
  let threads = 1;
  if (module.initThreadPool) {
    threads = Math.min(navigator.hardwareConcurrency, 8);
    await module.initThreadPool(threads);
  }
  return { wasm, module, threads };
}

/** A fresh trainer and its read-back (what ends every window). */
async function makeTrainer(module, { preset, backend, settings1d, digitSettings }) {
  if (settings1d) {
    const settings = JSON.stringify({ lab: "gan1d", ...settings1d, seed: 0 });
    const trainer = await module.Trainer.create(settings, backend, "none", new Uint8Array(), undefined);
    // One sample of G after its latest step: it depends on every queued step (WebGPU included).
    return { trainer, sync: async () => void (await trainer.sample(1)) };
  }
  const bytes = new Uint8Array(await (await fetch("/data/mnist-10k.bin")).arrayBuffer());
  // The preset's optimiser settings (crate/presets.json), as the page sends them.
  const settings = JSON.stringify({ lab: "digits", preset, seed: 0, grid: 4, digit: 0, ...digitSettings });
  const trainer = await module.Trainer.create(settings, backend, "asset", bytes, undefined);
  // The page's snapshot (fixed-noise images and losses): one read-back.
  return { trainer, sync: async () => void (await trainer.snapshot(false)) };
}

const now = () => performance.now();

/**
 * Throughput of one preset on one build and backend. With `soakSec`, trains on afterwards and
 * records the wasm memory (it only grows, so a leak shows as steps) every `soakEverySec`, also
 * handing each record to `onSoakSample` as it is taken.
 */
export async function bench({
  pkg = "pkg",
  preset,
  backend,
  settings1d,
  digitSettings,
  windows = 7,
  windowSec = 2,
  warmupSec = 2,
  minWarmupIters = 2,
  soakSec = 0,
  soakEverySec = 30,
  onSoakSample,
}) {
  const { wasm, module, threads } = await load(pkg);
  const memory = () => wasm.memory.buffer.byteLength;
  const built = now();
  const { trainer, sync } = await makeTrainer(module, { preset, backend, settings1d, digitSettings });
  const buildMs = now() - built;

  let start = now();
  trainer.train(1);
  await sync();
  const firstIterMs = now() - start;

  // Warm-up: ≥ warmupSec and ≥ minWarmupIters, a read-back every 10 iterations.
  start = now();
  let warmupIters = 0;
  while (now() - start < warmupSec * 1000 || warmupIters < minWarmupIters) {
    trainer.train(1);
    if (++warmupIters % 10 === 0) await sync();
  }
  await sync();
  const warmRate = warmupIters / ((now() - start) / 1000);

  // Calibration: double a chunk until it takes ≥ 0.3 s; windows are sized from its rate.
  let chunk = 1;
  let rate;
  for (;;) {
    start = now();
    trainer.train(chunk);
    await sync();
    const seconds = (now() - start) / 1000;
    if (seconds >= 0.3 || chunk >= 1 << 16) {
      rate = chunk / seconds;
      break;
    }
    chunk *= 2;
  }
  const itersPerWindow = Math.max(1, Math.round(rate * windowSec));
  const rates = [];
  for (let w = 0; w < windows; w++) {
    const t0 = now();
    trainer.train(itersPerWindow);
    await sync();
    rates.push(itersPerWindow / ((now() - t0) / 1000));
  }

  const soak = [];
  if (soakSec > 0) {
    const soakStart = now();
    const sample = () => {
      soak.push({ s: Math.round((now() - soakStart) / 1000), step: trainer.step, wasmBytes: memory(), jsHeap: performance.memory?.usedJSHeapSize ?? null });
      onSoakSample?.(soak.at(-1));
    };
    sample();
    let lastSample = now();
    while (now() - soakStart < soakSec * 1000) {
      trainer.train(itersPerWindow);
      await sync();
      if (now() - lastSample >= soakEverySec * 1000) {
        lastSample = now();
        sample();
      }
    }
    sample();
    // Hold the memory a moment: whoever reads the process's resident size with this record
    // (bench/suite/project.mjs polls every 0.5 s) must see it before the trainer is freed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
  const heap = performance.memory ? performance.memory.usedJSHeapSize : null;
  const wasmBytes = memory();
  trainer.free();
  const sorted = [...rates].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return {
    preset,
    backend,
    threads,
    warmRate,
    warmupIters,
    buildMs,
    firstIterMs,
    itersPerWindow,
    windows: rates,
    median,
    min: sorted[0],
    max: sorted.at(-1),
    heap,
    wasmBytes,
    soak,
  };
}
