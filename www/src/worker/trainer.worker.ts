/**
 * The training worker: owns the wasm trainer (a session, sessions.ts), runs iterations in
 * chunks, and posts at most ~30 snapshots a second (a digit GAN: 5). It never touches the DOM; the page only renders what it posts.
 */

import type { BackendName, BackendRequest, Divergence, Fault, RunData, RunSettings, Speed, WorkerCommand, WorkerEvent } from "../protocol";
import { adapterName, chooseByTrial, isSoftwareAdapter, type AdapterFacts, type Choice } from "./backend-choice";
import { destroyDevices, deviceLost, lossWithin, watchDevices } from "./devices";
import { divergenceOf } from "./divergence";
import { sessionFactory, type Session, type SessionFactory } from "./sessions";
import { RateMeter } from "./rate";
import { loadWasm, outOfMemory, testExhaustMemory, testPanic } from "./wasm";

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** A chunk of training should take about this long, so commands and snapshots stay prompt. */
const CHUNK_MS = 25;
/** Time given to each backend in the `auto` trial, after a warm-up iteration. */
const TRIAL_MS = 400;
/** A frame, for the per-frame speeds. */
const FRAME_MS = 1000 / 60;
/** Slow motion: one iteration this often. */
const SLOW_MS = 250;

interface Run {
  session: Session;
  backend: BackendName;
  /** Makes a fresh session of this run's settings and data (for reset). */
  factory: SessionFactory;
}

let run: Run | null = null;
let running = false;
let speed: Speed = "max";
let chunk = 1;
/** Identifies the training loop started by the latest `play`. */
let currentLoop = 0;
let lastSnapshotAt = -Infinity;
/** Iterations per second, as the snapshots tell it. */
const rate = new RateMeter();
/** Set when the run went non-finite: it stays paused until a reset or new settings. */
let divergence: Divergence | null = null;

// A lost GPU ends this worker's usefulness: the page starts another on the CPU (ui/resume.ts).
watchDevices((message) => {
  if (run?.backend === "cpu") return; // a device left over from the backend trial
  running = false;
  post({ type: "device-lost", message });
});

function post(event: WorkerEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

// Commands run one at a time, in order: wasm calls must not overlap.
let queue: Promise<void> = Promise.resolve();
function enqueue(task: () => Promise<void> | void): void {
  queue = queue.then(task).catch(fail);
}

async function fail(error: unknown): Promise<void> {
  const wasRunning = running;
  running = false;
  // On a lost GPU the failure is its consequence: the loss is what the page must hear of (and
  // the page, still seeing the run as playing, plays on on the CPU).
  if (run?.backend === "webgpu" && (await lossWithin(500)) !== null) return;
  if (wasRunning) setRunning(false);
  const diverged = divergenceOf(error);
  if (diverged) {
    divergence = diverged;
    post({ type: "diverged", divergence: diverged });
    return;
  }
  const fatal = error instanceof WebAssembly.RuntimeError;
  const message = describe(error);
  const full = fatal && run ? outOfMemory((await loadWasm(run.backend)).memory) : null;
  if (full !== null) {
    // burn allocates infallibly: an allocation that fails aborts the module, which cannot be
    // used again. The page pauses the run with this, and Restart continues from a checkpoint.
    post({ type: "error", message: `the training module ran out of memory (${full.toLocaleString("en-US")} MB in use); lower the batch size or the hidden layers' widths, or close other tabs`, fatal });
    return;
  }
  post({ type: "error", message: fatal ? `the training module crashed (${message})` : message, fatal });
}

/** Commands that would train a diverged run are answered by the divergence again. */
const TRAINING_COMMANDS: ReadonlySet<WorkerCommand["type"]> = new Set(["play", "step"]);

scope.onmessage = (event: MessageEvent<WorkerCommand>) => {
  const command = event.data;
  if (deviceLost() !== null) return; // the page is starting a worker on the CPU
  if (divergence && TRAINING_COMMANDS.has(command.type)) {
    const diverged = divergence;
    enqueue(() => post({ type: "diverged", divergence: diverged }));
    return;
  }
  switch (command.type) {
    case "init":
      enqueue(() => initialise(command.settings, command.backend, command.data, command.checkpoint));
      break;
    case "configure":
      enqueue(async () => {
        const current = requireRun();
        if (running) setRunning(false);
        const factory = sessionFactory(command.settings, command.data);
        const session = await factory(current.backend);
        current.session.free();
        Object.assign(current, { session, factory });
        await freshRun(current, command.checkpoint);
      });
      break;
    case "checkpoint":
      enqueue(async () => {
        const current = requireRun();
        if (divergence) return; // a diverged run is not worth keeping
        // A snapshot first: the page's history then ends at the checkpoint's step.
        await postSnapshot(current);
        const bytes = await current.session.checkpoint();
        if (slowCheckpoint) {
          slowCheckpoint = false;
          await new Promise((resolve) => setTimeout(resolve, SLOW_CHECKPOINT_MS));
        }
        post({ type: "checkpoint", step: current.session.step, bytes }, [bytes.buffer]);
      });
      break;
    case "speed":
      speed = command.speed;
      break;
    case "play":
      if (!running) {
        setRunning(true);
        // A new loop; one left over from before a quick pause/play sees it is stale and ends.
        const loop = ++currentLoop;
        enqueue(() => trainChunk(loop));
      }
      break;
    case "pause":
      // Stop at once; report after the chunk in flight, with a snapshot of the final step.
      running = false;
      enqueue(async () => {
        const loop = currentLoop;
        if (running) return;
        if (run) await postSnapshot(run);
        // A `play` that arrived during the read-back wins.
        if (!running && loop === currentLoop) setRunning(false);
      });
      break;
    case "step":
      enqueue(async () => {
        const current = requireRun();
        if (command.what === "discriminator" || command.what === "generator") current.session.trainNetwork(command.what, command.n);
        else current.session.train(command.n);
        await postSnapshot(current);
      });
      break;
    case "reset":
      enqueue(async () => {
        const current = requireRun();
        const session = await current.factory(current.backend);
        current.session.free();
        current.session = session;
        await freshRun(current);
      });
      break;
    case "get-samples":
      enqueue(async () => {
        const { values, width, height } = await requireRun().session.sample(command.n);
        const sizes = width !== undefined && height !== undefined ? { width, height } : {};
        post({ type: "samples", id: command.id, values, ...sizes }, [values.buffer]);
      });
      break;
    case "latent-walk":
      enqueue(async () => {
        const walk = await requireRun().session.latentWalk(command.frames);
        post({ type: "latent-walk", ...walk }, [walk.frames.buffer]);
      });
      break;
    case "view-digit":
      enqueue(async () => {
        const current = requireRun();
        current.session.setViewDigit(command.digit);
        current.session.announce(post);
        await postSnapshot(current);
      });
      break;
    case "export-generator":
      enqueue(async () => {
        const bytes = await requireRun().session.exportGenerator();
        post({ type: "generator-exported", bytes }, [bytes.buffer]);
      });
      break;
    case "import-generator":
      enqueue(async () => {
        const current = requireRun();
        current.session.importGenerator(command.bytes);
        post({ type: "generator-imported" });
        await postSnapshot(current);
      });
      break;
    case "fault":
      // Compiled out of every build but the test build (vite.config.ts).
      if (__TEST_HOOKS__) fault(command.fault);
      break;
  }
};

/** Test hook state: the next restore traps; the next checkpoint is answered late. */
let trapNextRestore = false;
let slowCheckpoint = false;
const SLOW_CHECKPOINT_MS = 1500;

/** The test hook: provokes a failure the page must survive (protocol.ts `Fault`). */
function fault(kind: Fault): void {
  switch (kind) {
    case "trap-next-restore":
      trapNextRestore = true;
      break;
    case "slow-checkpoint":
      slowCheckpoint = true;
      break;
    case "exhaust-memory":
      enqueue(async () => testExhaustMemory((await loadWasm(run?.backend ?? "cpu")).module));
      break;
    case "lose-device":
      if (!destroyDevices()) warn("test hook: there is no WebGPU device to lose (the run is on the CPU)");
      break;
    case "panic":
      enqueue(async () => {
        const { module } = await loadWasm(run?.backend ?? "cpu");
        testPanic(module);
      });
      break;
    case "worker-error":
      // Uncaught, outside any command: the page hears of it through the worker's `error` event.
      setTimeout(() => {
        throw new Error("test hook: the worker failed");
      });
      break;
  }
}

function requireRun(): Run {
  if (!run) throw new Error("the trainer is not initialised yet");
  return run;
}

function setRunning(value: boolean): void {
  running = value;
  // Not from the trainer's step here: a wasm call now could meet one in flight (an awaited
  // read-back), which wasm-bindgen refuses; the first snapshot is the first reading.
  rate.restart();
  post({ type: "running", running });
}

/**
 * Tells the page a new run starts (histories restart) and shows its first step: 0, or the
 * step of `checkpoint` when the new trainer takes it (one that does not fit is said, and the
 * run starts from 0).
 */
async function freshRun(current: Run, checkpoint?: Uint8Array): Promise<void> {
  rate.restart();
  divergence = null;
  let resumed: { step: number } | undefined;
  if (checkpoint) {
    try {
      if (trapNextRestore) {
        trapNextRestore = false;
        // A real trap in the real module, where a restore would meet one.
        testPanic((await loadWasm(current.backend)).module);
      }
      current.session.restore(checkpoint);
      resumed = { step: current.session.step };
    } catch (error) {
      const message = `the saved state of this demo could not be used (${describe(error)}); starting from step 0`;
      if (error instanceof WebAssembly.RuntimeError) {
        // A trap leaves the module unusable (wasm-bindgen's borrows are never released): the
        // page starts the run afresh in a new worker, with a new module instance.
        running = false;
        post({ type: "restore-crashed", message });
        return;
      }
      warn(message);
    }
  }
  post(resumed ? { type: "fresh", resumed } : { type: "fresh" });
  current.session.announce(post);
  await postSnapshot(current);
}

async function initialise(
  settings: RunSettings,
  request: BackendRequest,
  data: RunData | undefined,
  checkpoint: Uint8Array | undefined,
): Promise<void> {
  let started: Awaited<ReturnType<typeof bringUp>>;
  const factory = sessionFactory(settings, data);
  try {
    started = await bringUp(factory, request);
  } catch (error) {
    // Without a trainer nothing else can work: the page offers a restart.
    const message = describe(error);
    post({ type: "error", message: `the trainer could not start: ${message}`, fatal: true });
    return;
  }
  const { choice, adapter, session } = started;
  run = { session, backend: choice.backend, factory };
  post({ type: "ready", backend: choice.backend, adapter, reason: choice.reason });
  await freshRun(run, checkpoint);
}

/**
 * Picks the backend (see backend-choice.ts) and creates the trainer on it. Settings errors
 * reject from the first `create`, before any backend work.
 */
async function bringUp(
  create: SessionFactory,
  request: BackendRequest,
): Promise<{ choice: Choice; adapter: string; session: Session }> {
  const cpu = async (reason: string) => {
    const session = await create("cpu");
    const { adapter, how } = await cpuThreads();
    return { choice: { backend: "cpu" as const, reason: `${reason} (${how})` }, adapter, session };
  };
  if (request === "cpu") return cpu("CPU — chosen in the link (backend=cpu)");

  const probe = await probeAdapter();
  if (!probe.ok) {
    if (request === "webgpu") warn(`backend=webgpu: WebGPU unavailable (${probe.why}); training on the CPU instead`);
    return cpu(`CPU — WebGPU unavailable: ${probe.why}`);
  }
  const name = adapterName(probe.facts);
  if (request === "auto" && isSoftwareAdapter(probe.facts)) {
    return cpu(`CPU — WebGPU adapter is software (${name}), slower than the CPU here`);
  }
  let webgpu: Session;
  try {
    webgpu = await create("webgpu");
  } catch (error) {
    const why = `failed device: ${describe(error)}`;
    if (request === "webgpu") warn(`backend=webgpu: WebGPU unavailable (${why}); training on the CPU instead`);
    return cpu(`CPU — WebGPU unavailable: ${why}`);
  }
  if (request === "webgpu") {
    return { choice: { backend: "webgpu", reason: `WebGPU — ${name} (chosen in the link)` }, adapter: name, session: webgpu };
  }
  // A real GPU: time both on this model; tiny models are often faster on the CPU.
  let gpuSpeed: number;
  try {
    gpuSpeed = await measure(webgpu);
  } catch (error) {
    return cpu(`CPU — WebGPU failed during the speed trial: ${describe(error)}`);
  } finally {
    webgpu.free();
  }
  const cpuTrainer = await create("cpu");
  const cpuSpeed = await measure(cpuTrainer);
  cpuTrainer.free();
  const choice = chooseByTrial(name, gpuSpeed, cpuSpeed);
  // A fresh trainer, so the run starts from the seed's initial weights.
  const session = await create(choice.backend);
  if (choice.backend === "webgpu") return { choice, adapter: name, session };
  const { adapter, how } = await cpuThreads();
  return { choice: { ...choice, reason: `${choice.reason} (${how})` }, adapter, session };
}

/** How many threads the CPU backend uses and, for one, why (wasm.ts). */
async function cpuThreads(): Promise<{ adapter: string; how: string }> {
  const { threads, singleThreadReason } = await loadWasm("cpu");
  const count = threads > 1 ? `${threads} threads` : "1 thread";
  return { adapter: `CPU (WebAssembly, ${count})`, how: threads > 1 ? count : `${count}: ${singleThreadReason ?? "no threads"}` };
}

type Probe = { ok: true; facts: AdapterFacts } | { ok: false; why: string };

async function probeAdapter(): Promise<Probe> {
  if (!("gpu" in navigator) || !navigator.gpu) return { ok: false, why: "this browser has no WebGPU" };
  let adapter: GPUAdapter | null;
  try {
    adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (error) {
    return { ok: false, why: `adapter request failed (${String(error)})` };
  }
  if (!adapter) return { ok: false, why: "no adapter" };
  // `adapter.info` arrived in Chrome 127; before it, only the (async) requestAdapterInfo.
  const legacy = adapter as GPUAdapter & {
    isFallbackAdapter?: boolean;
    requestAdapterInfo?: () => Promise<GPUAdapterInfo>;
  };
  let info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean } = {};
  try {
    info = adapter.info ?? (await legacy.requestAdapterInfo?.()) ?? {};
  } catch {
    // No adapter details: it is then judged by isFallbackAdapter alone.
  }
  return {
    ok: true,
    facts: {
      vendor: info.vendor ?? "",
      architecture: info.architecture ?? "",
      device: info.device ?? "",
      description: info.description ?? "",
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter),
    },
  };
}

/** Iterations per second of `trainer` (after one warm-up iteration), each window ending in a read-back. */
async function measure(trainer: Session): Promise<number> {
  trainer.train(1);
  await trainer.sync();
  let n = 1;
  let iterations = 0;
  const start = performance.now();
  while (performance.now() - start < TRIAL_MS) {
    trainer.train(n);
    await trainer.sync();
    iterations += n;
    n *= 2;
  }
  return iterations / ((performance.now() - start) / 1000);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function warn(message: string): void {
  post({ type: "error", message, fatal: false });
}

async function trainChunk(loop: number): Promise<void> {
  if (!running || loop !== currentLoop) return;
  if (!run) {
    setRunning(false);
    throw new Error("the trainer is not initialised yet");
  }
  const current = run;
  const start = performance.now();
  if (speed !== "max") {
    // Paced: a fixed number of iterations per frame (or one per SLOW_MS), every one shown.
    current.session.train(speed === "slow" ? 1 : Number(speed));
    await postSnapshot(current);
    const wait = Math.max(0, (speed === "slow" ? SLOW_MS : FRAME_MS) - (performance.now() - start));
    setTimeout(() => enqueue(() => trainChunk(loop)), wait);
    return;
  }
  current.session.train(chunk);
  // On WebGPU `train` only queues work: the read-back of a snapshot is what waits for it, so
  // every chunk (≈ CHUNK_MS) ends with one; on the CPU one every `snapshotMs` at most.
  if (current.backend === "webgpu" || start - lastSnapshotAt >= current.session.snapshotMs) await postSnapshot(current);
  const elapsed = Math.max(performance.now() - start, 0.1);
  chunk = Math.max(1, Math.min(10_000, Math.round(chunk * Math.min(2, CHUNK_MS / elapsed))));
  // Yield to the event loop so pause/step/reset get in between chunks.
  nextTick(() => enqueue(() => trainChunk(loop)));
}

const channel = new MessageChannel();
const ticks: Array<() => void> = [];
channel.port1.onmessage = () => ticks.shift()?.();
/** Like `setTimeout(f, 0)` without its 4 ms clamp. */
function nextTick(callback: () => void): void {
  ticks.push(callback);
  channel.port2.postMessage(null);
}

function itPerSec(step: number): number {
  return rate.read(performance.now(), step);
}

/** Reads a snapshot back (which drains the trainer's loss history) and posts it. */
async function postSnapshot(current: Run): Promise<void> {
  await current.session.postSnapshot(post, { running, itPerSec });
  lastSnapshotAt = performance.now();
}
