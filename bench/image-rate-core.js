/**
 * The image-GAN throughput measurement, measured like shared/bench/peers (README there): first
 * iteration, ≥ 2 s warm-up, then timed windows that each end with a read-back. Run in a worker
 * (bench/image-rate.worker.js), as the page trains, or on the main thread for the profiler.
 */

/**
 * Loads a build: `pkg-threads` (the CPU on all cores; needs a cross-origin-isolated page and a
 * worker), else `pkg` or `pkg-prof` (one thread).
 */
async function load(pkg) {
  const module = await import(`/www/${pkg}/gan_playground.js`);
  const wasm = await module.default();
  let threads = 1;
  if (module.initThreadPool) {
    threads = navigator.hardwareConcurrency;
    await module.initThreadPool(threads);
  }
  return { wasm, ImageTrainer: module.ImageTrainer, threads };
}

/** Throughput of one preset: first iteration, ≥ 2 s warm-up, then timed windows ending in a read-back. */
export async function bench({ pkg = "pkg", preset, backend, windows = 7, windowSec = 2, warmupSec = 3, soakSec = 0 }) {
  const { wasm, ImageTrainer, threads } = await load(pkg);
  const memory = () => wasm.memory.buffer.byteLength;
  const bytes = new Uint8Array(await (await fetch("/data/mnist-10k.bin")).arrayBuffer());
  const settings = JSON.stringify({ kind: "image", preset, seed: 0, grid: 4, digit: 0 });
  const built = performance.now();
  const trainer = await ImageTrainer.create(settings, backend, "asset", bytes, undefined);
  const buildMs = performance.now() - built;
  const sync = async () => (await trainer.snapshot(false)).free();
  let start = performance.now();
  trainer.train(1);
  await sync();
  const firstIterMs = performance.now() - start;
  start = performance.now();
  let warm = 0;
  while (performance.now() - start < warmupSec * 1000) {
    trainer.train(1);
    await sync();
    warm++;
  }
  const perIt = (performance.now() - start) / 1000 / warm;
  const warmRate = 1 / perIt;
  const itersPerWindow = Math.max(1, Math.round(windowSec / perIt));
  const rates = [];
  for (let w = 0; w < windows; w++) {
    const t0 = performance.now();
    trainer.train(itersPerWindow);
    await sync();
    rates.push(itersPerWindow / ((performance.now() - t0) / 1000));
  }
  // Soak: keep training, and record the wasm memory (it only grows, so a leak shows as steps)
  // and the JS heap every 30 s.
  const soak = [];
  const soakStart = performance.now();
  let lastSample = -Infinity;
  while (performance.now() - soakStart < soakSec * 1000) {
    trainer.train(itersPerWindow);
    await sync();
    if (performance.now() - lastSample >= 30_000) {
      lastSample = performance.now();
      soak.push({ s: Math.round((lastSample - soakStart) / 1000), step: trainer.step, wasmBytes: memory(), jsHeap: performance.memory?.usedJSHeapSize ?? null });
    }
  }
  const heap = performance.memory ? performance.memory.usedJSHeapSize : null;
  const wasmBytes = memory();
  trainer.free();
  const sorted = [...rates].sort((a, b) => a - b);
  return { preset, backend, threads, warmRate, buildMs, firstIterMs, itersPerWindow, windows: rates, median: sorted[sorted.length >> 1], min: sorted[0], max: sorted.at(-1), heap, wasmBytes, soak };
}
