/**
 * The training worker's command dispatch: owns the run (a session of any lab, session.ts),
 * answers the page's commands one at a time, in order (wasm calls must not overlap), and turns
 * failures into events. The training loop is loop.ts, the backend choice bring-up.ts. It never
 * touches the DOM; the page only renders what it posts.
 */

import type { BackendComparison, BackendRequest, Divergence, Fault, RunData, RunSettings, TestOptions, WorkerCommand, WorkerEvent } from "../protocol";
import { BackendChooser, describe, type Decision } from "./bring-up";
import { destroyDevices, deviceLost, lossWithin, watchDevices } from "./devices";
import { divergenceOf } from "./divergence";
import { TrainingLoop } from "./loop";
import { backendComparison, buffersOf, sessionFactory, type Session, type SessionFactory } from "./session";
import { keepElementWiseFusion, loadWasm, outOfMemory, testExhaustMemory, testPanic } from "./wasm";

const scope = self as unknown as DedicatedWorkerGlobalScope;

interface Run {
  session: Session;
  /** What runs and why (the badge). */
  decision: Decision;
  /** Makes a fresh session of this run's settings and data (for reset). */
  factory: SessionFactory;
  /** The test build's check of this run on WebGPU against the CPU (session.ts). */
  compare: (comparison: BackendComparison) => Promise<string>;
}

let run: Run | null = null;
/** Chooses the backend per lab, for the request `init` brought. */
let chooser: BackendChooser | null = null;
/** Set when the run went non-finite: it stays paused until a reset or new settings. */
let divergence: Divergence | null = null;

function post(event: WorkerEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

// Commands run one at a time, in order: wasm calls must not overlap.
let queue: Promise<void> = Promise.resolve();
function enqueue(task: () => Promise<void> | void): void {
  queue = queue.then(task).catch(fail);
}

const loop = new TrainingLoop(post, enqueue, () => run?.session ?? null);

// A lost GPU ends this worker's usefulness: the page starts another on the CPU (ui/resume.ts).
watchDevices((message) => {
  if (run?.session.backend === "cpu") return; // a device left over from the backend trial
  loop.halt();
  post({ type: "device-lost", message });
});

async function fail(error: unknown): Promise<void> {
  const wasRunning = loop.running;
  loop.halt();
  // On a lost GPU the failure is its consequence: the loss is what the page must hear of (and
  // the page, still seeing the run as playing, plays on on the CPU).
  if (run?.session.backend === "webgpu" && (await lossWithin(500)) !== null) return;
  if (wasRunning) loop.setRunning(false);
  const diverged = divergenceOf(error);
  if (diverged) {
    divergence = diverged;
    post({ type: "diverged", divergence: diverged });
    return;
  }
  const fatal = error instanceof WebAssembly.RuntimeError;
  const message = describe(error);
  const full = fatal && run ? outOfMemory((await loadWasm(run.session.backend)).memory) : null;
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
      enqueue(() => initialise(command.settings, command.backend, command.data, command.checkpoint, __TEST_HOOKS__ ? command.test : undefined));
      break;
    case "configure":
      enqueue(() => configure(command.settings, command.data, command.checkpoint));
      break;
    case "checkpoint":
      enqueue(async () => {
        const current = requireRun();
        if (divergence) return; // a diverged run is not worth keeping
        // A snapshot first: the page's history then ends at the checkpoint's step.
        await loop.postSnapshot(current.session);
        const bytes = await current.session.checkpoint();
        if (slowCheckpoint) {
          slowCheckpoint = false;
          await new Promise((resolve) => setTimeout(resolve, SLOW_CHECKPOINT_MS));
        }
        post({ type: "checkpoint", step: current.session.step, bytes }, [bytes.buffer]);
      });
      break;
    case "speed":
      loop.speed = command.speed;
      break;
    case "play":
      loop.play();
      break;
    case "pause":
      loop.pause();
      break;
    case "step":
      enqueue(async () => {
        const { session } = requireRun();
        if (command.what === "discriminator" || command.what === "generator") session.trainNetwork(command.what, command.n);
        else session.train(command.n);
        await loop.postSnapshot(session);
      });
      break;
    case "reset":
      enqueue(async () => {
        const current = requireRun();
        const session = await current.factory(current.session.backend);
        current.session.free();
        current.session = session;
        await freshRun(current);
      });
      break;
    case "get-samples":
      enqueue(async () => {
        const samples = await requireRun().session.sample(command.n);
        post({ type: "samples", id: command.id, ...samples }, buffersOf(samples));
      });
      break;
    case "latent-walk":
      enqueue(async () => {
        const pictures = await requireRun().session.latentWalk(command.frames);
        post({ type: "latent-walk", pictures }, buffersOf(pictures));
      });
      break;
    case "view":
      enqueue(async () => {
        const current = requireRun();
        current.session.setView(command.settings);
        announce(current.session);
        await loop.postSnapshot(current.session);
      });
      break;
    case "export-generator":
      enqueue(async () => {
        const bytes = await requireRun().session.exportGenerator();
        post({ type: "generator-exported", bytes }, [bytes.buffer]);
      });
      break;
    case "export-pytorch":
      enqueue(async () => {
        const { script, weights } = await requireRun().session.exportPytorch(command.title, command.link);
        post({ type: "pytorch-exported", script, weights }, [weights.buffer]);
      });
      break;
    case "import-generator":
      enqueue(async () => {
        const { session } = requireRun();
        session.importGenerator(command.bytes);
        post({ type: "generator-imported" });
        await loop.postSnapshot(session);
      });
      break;
    case "fault":
      // Compiled out of every build but the test build (vite.config.ts).
      if (__TEST_HOOKS__) fault(command.fault);
      break;
    case "compare-backends":
      if (__TEST_HOOKS__) {
        enqueue(async () => {
          const report = await requireRun().compare(command.comparison);
          post({ type: "test-report", report });
        });
      }
      break;
  }
};

/** Test hook state: the next restore traps; the next checkpoint is answered late. */
let trapNextRestore = false;
let slowCheckpoint = false;
const SLOW_CHECKPOINT_MS = 1500;

/** The test hook: provokes a failure the page must survive (protocol.ts `Fault`). */
function fault(kind: Fault): void {
  const backend = run?.session.backend ?? "cpu";
  switch (kind) {
    case "trap-next-restore":
      trapNextRestore = true;
      break;
    case "slow-checkpoint":
      slowCheckpoint = true;
      break;
    case "exhaust-memory":
      enqueue(async () => testExhaustMemory((await loadWasm(backend)).module));
      break;
    case "lose-device":
      if (!destroyDevices()) warn("test hook: there is no WebGPU device to lose (the run is on the CPU)");
      break;
    case "panic":
      enqueue(async () => testPanic((await loadWasm(backend)).module));
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

/** Brings up the backend for the first run's lab and starts it (a failure here leaves nothing to run: fatal). */
async function initialise(
  settings: RunSettings,
  request: BackendRequest,
  data: RunData | undefined,
  checkpoint: Uint8Array | undefined,
  test: TestOptions | undefined,
): Promise<void> {
  chooser = new BackendChooser(request, warn, test);
  if (__TEST_HOOKS__ && test?.keepElementWiseFusion && !(await keepElementWiseFusion())) warn("test hook: WebGPU had started; the element-wise fuser stays removed");
  const factory = sessionFactory(settings, data);
  let started: Awaited<ReturnType<BackendChooser["session"]>>;
  try {
    started = await chooser.session(factory, settings.lab);
  } catch (error) {
    post({ type: "error", message: `the trainer could not start: ${describe(error)}`, fatal: true });
    return;
  }
  run = { session: started.session, decision: started.decision, factory, compare: backendComparison(settings, data) };
  postReady(started.decision);
  await freshRun(run, checkpoint);
}

/**
 * A new run with other settings, paused at step 0 (or at `checkpoint`'s step). Its backend is
 * the request's for its lab: a run of another lab under `auto` may get its own trial, and the
 * badge is told when the backend or its reason changes.
 */
async function configure(settings: RunSettings, data: RunData | undefined, checkpoint: Uint8Array | undefined): Promise<void> {
  const current = requireRun();
  loop.stop();
  const factory = sessionFactory(settings, data);
  const { session, decision } = await (chooser ?? new BackendChooser("auto", warn)).session(factory, settings.lab);
  current.session.free();
  Object.assign(current, { session, factory, compare: backendComparison(settings, data) });
  if (decision.backend !== current.decision.backend || decision.reason !== current.decision.reason) {
    current.decision = decision;
    postReady(decision);
  }
  await freshRun(current, checkpoint);
}

function postReady(decision: Decision): void {
  post({ type: "ready", backend: decision.backend, adapter: decision.adapter, reason: decision.reason });
}

/** The pictures a run shows once (and after a view change) beside its views, if its lab has any. */
function announce(session: Session): void {
  const pictures = session.realPictures();
  if (pictures) post({ type: "real-images", pictures }, buffersOf(pictures));
}

/**
 * Tells the page a new run starts (histories restart) and shows its first step: 0, or the
 * step of `checkpoint` when the new trainer takes it (one that does not fit is said, and the
 * run starts from 0).
 */
async function freshRun(current: Run, checkpoint?: Uint8Array): Promise<void> {
  loop.restartRate();
  divergence = null;
  let resumed: { step: number } | undefined;
  if (checkpoint) {
    try {
      if (trapNextRestore) {
        trapNextRestore = false;
        // A real trap in the real module, where a restore would meet one.
        testPanic((await loadWasm(current.session.backend)).module);
      }
      current.session.restore(checkpoint);
      resumed = { step: current.session.step };
    } catch (error) {
      const message = `the saved state of this demo could not be used (${describe(error)}); starting from step 0`;
      if (error instanceof WebAssembly.RuntimeError) {
        // A trap leaves the module unusable (wasm-bindgen's borrows are never released): the
        // page starts the run afresh in a new worker, with a new module instance.
        loop.halt();
        post({ type: "restore-crashed", message });
        return;
      }
      warn(message);
    }
  }
  post(resumed ? { type: "fresh", resumed } : { type: "fresh" });
  announce(current.session);
  await loop.postSnapshot(current.session);
}

function warn(message: string): void {
  post({ type: "error", message, fatal: false });
}
