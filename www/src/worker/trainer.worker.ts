/**
 * The training worker's command dispatch: owns the run (a session of any lab, session.ts),
 * answers the page's commands one at a time, in order (wasm calls must not overlap), and turns
 * failures into events. The training loop is loop.ts, the backend choice bring-up.ts. It never
 * touches the DOM; the page only renders what it posts. All its state is one {@link TrainerWorker}.
 */

import type { BackendComparison, BackendRequest, Divergence, RunData, RunSettings, TestOptions, WorkerCommand, WorkerEvent } from "../protocol";
import { BackendChooser, browserEnvironment, describe, type Decision } from "./bring-up";
import { GpuDevices } from "./devices";
import { divergenceOf } from "./divergence";
import { TrainingLoop } from "./loop";
import { backendComparison, buffersOf, sessionFactory, type Session, type SessionFactory } from "./session";
import { WorkerFaults } from "./faults";
import { WasmBuilds, keepElementWiseFusion, outOfMemory } from "./wasm";

interface Run {
  session: Session;
  /** What runs and why (the badge). */
  decision: Decision;
  /** Makes a fresh session of this run's settings and data (for reset). */
  factory: SessionFactory;
  /** The test build's check of this run on WebGPU against the CPU (session.ts); none in other builds. */
  compare?: ((comparison: BackendComparison) => Promise<string>) | undefined;
}

/** Commands that would train a diverged run are answered by the divergence again. */
const TRAINING_COMMANDS: ReadonlySet<WorkerCommand["type"]> = new Set(["play", "step"]);

/** The worker: its run, its backend choice, its command queue and loop, its wasm builds and devices. */
class TrainerWorker {
  private run: Run | null = null;
  /** Chooses the backend per lab, for the request `init` brought. */
  private chooser: BackendChooser | null = null;
  /** Set when the run went non-finite: it stays paused until a reset or new settings. */
  private divergence: Divergence | null = null;
  /** Commands run one at a time, in order: wasm calls must not overlap. */
  private queue: Promise<void> = Promise.resolve();
  private readonly builds = new WasmBuilds();
  private readonly devices = new GpuDevices();
  private readonly loop: TrainingLoop;
  /** The test build's fault hook; none (and compiled out) in every other build. */
  private readonly faults: WorkerFaults | null;

  constructor(private readonly scope: DedicatedWorkerGlobalScope) {
    this.loop = new TrainingLoop(
      (event, transfer) => this.post(event, transfer),
      (task) => this.enqueue(task),
      () => this.run?.session ?? null,
    );
    // A lost GPU ends this worker's usefulness: the page starts another on the CPU (ui/resume.ts).
    this.devices.watch((message) => {
      if (this.run?.session.backend === "cpu") return; // a device left over from the backend trial
      this.loop.halt();
      this.post({ type: "device-lost", message });
    });
    this.faults = __TEST_HOOKS__
      ? new WorkerFaults({
          builds: this.builds,
          devices: this.devices,
          enqueue: (task) => this.enqueue(task),
          warn: (message) => this.warn(message),
          backend: () => this.run?.session.backend ?? "cpu",
        })
      : null;
    scope.onmessage = (event: MessageEvent<WorkerCommand>) => this.receive(event.data);
  }

  private post(event: WorkerEvent, transfer: Transferable[] = []): void {
    this.scope.postMessage(event, transfer);
  }

  private warn(message: string): void {
    this.post({ type: "error", message, fatal: false });
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.fail(error));
  }

  private requireRun(): Run {
    if (!this.run) throw new Error("the trainer is not initialised yet");
    return this.run;
  }

  private async fail(error: unknown): Promise<void> {
    const wasRunning = this.loop.running;
    this.loop.halt();
    // On a lost GPU the failure is its consequence: the loss is what the page must hear of (and
    // the page, still seeing the run as playing, plays on on the CPU).
    if (this.run?.session.backend === "webgpu" && (await this.devices.lossWithin(500)) !== null) return;
    if (wasRunning) this.loop.setRunning(false);
    const diverged = divergenceOf(error);
    if (diverged) {
      this.divergence = diverged;
      this.post({ type: "diverged", divergence: diverged });
      return;
    }
    const fatal = error instanceof WebAssembly.RuntimeError;
    const message = describe(error);
    const full = fatal && this.run ? outOfMemory((await this.builds.load(this.run.session.backend)).memory) : null;
    if (full !== null) {
      // burn allocates infallibly: an allocation that fails aborts the module, which cannot be
      // used again. The page pauses the run with this, and Restart continues from a checkpoint.
      this.post({
        type: "error",
        message: `the training module ran out of memory (${full.toLocaleString("en-US")} MB in use); lower the batch size or the hidden layers' widths, or close other tabs`,
        fatal,
      });
      return;
    }
    this.post({ type: "error", message: fatal ? `the training module crashed (${message})` : message, fatal });
  }

  private receive(command: WorkerCommand): void {
    if (this.devices.lostReason !== null) return; // the page is starting a worker on the CPU
    const divergence = this.divergence;
    if (divergence && TRAINING_COMMANDS.has(command.type)) {
      this.enqueue(() => this.post({ type: "diverged", divergence }));
      return;
    }
    switch (command.type) {
      case "init":
        this.enqueue(() => this.initialise(command.settings, command.backend, command.data, command.checkpoint, __TEST_HOOKS__ ? command.test : undefined));
        break;
      case "configure":
        this.enqueue(() => this.configure(command.settings, command.data, command.checkpoint));
        break;
      case "checkpoint":
        this.enqueue(() => this.checkpoint());
        break;
      case "speed":
        this.loop.speed = command.speed;
        break;
      case "play":
        this.loop.play();
        break;
      case "pause":
        this.loop.pause();
        break;
      case "step":
        this.enqueue(async () => {
          const { session } = this.requireRun();
          if (command.what === "discriminator" || command.what === "generator") session.trainNetwork(command.what, command.n);
          else session.train(command.n);
          await this.loop.postSnapshot(session);
        });
        break;
      case "reset":
        this.enqueue(async () => {
          const current = this.requireRun();
          const session = await current.factory(current.session.backend);
          current.session.free();
          current.session = session;
          await this.freshRun(current);
        });
        break;
      case "get-samples":
        this.enqueue(async () => {
          const samples = await this.requireRun().session.sample(command.n);
          this.post({ type: "samples", id: command.id, ...samples }, buffersOf(samples));
        });
        break;
      case "latent-walk":
        this.enqueue(async () => {
          const pictures = await this.requireRun().session.latentWalk(command.frames);
          this.post({ type: "latent-walk", pictures }, buffersOf(pictures));
        });
        break;
      case "view":
        this.enqueue(async () => {
          const current = this.requireRun();
          current.session.setView(command.settings);
          this.announce(current.session);
          await this.loop.postSnapshot(current.session);
        });
        break;
      case "export-generator":
        this.enqueue(async () => {
          const bytes = await this.requireRun().session.exportGenerator();
          this.post({ type: "generator-exported", bytes }, [bytes.buffer]);
        });
        break;
      case "export-pytorch":
        this.enqueue(async () => {
          const { script, weights } = await this.requireRun().session.exportPytorch(command.title, command.link);
          this.post({ type: "pytorch-exported", script, weights }, [weights.buffer]);
        });
        break;
      case "import-generator":
        this.enqueue(async () => {
          const { session } = this.requireRun();
          session.importGenerator(command.bytes);
          this.post({ type: "generator-imported" });
          await this.loop.postSnapshot(session);
        });
        break;
      case "fault":
        // Compiled out of every build but the test build (vite.config.ts), as are the hooks below.
        if (__TEST_HOOKS__) this.faults?.provoke(command.fault);
        break;
      case "compare-backends":
        if (__TEST_HOOKS__) {
          this.enqueue(async () => {
            const compare = this.requireRun().compare;
            if (!compare) throw new Error("this build has no backend comparison");
            this.post({ type: "test-report", report: await compare(command.comparison) });
          });
        }
        break;
    }
  }

  private async checkpoint(): Promise<void> {
    const current = this.requireRun();
    if (this.divergence) return; // a diverged run is not worth keeping
    // A snapshot first: the page's history then ends at the checkpoint's step.
    await this.loop.postSnapshot(current.session);
    const bytes = await current.session.checkpoint();
    if (__TEST_HOOKS__) await this.faults?.beforeCheckpoint();
    this.post({ type: "checkpoint", step: current.session.step, bytes }, [bytes.buffer]);
  }

  /** Brings up the backend for the first run's lab and starts it (a failure here leaves nothing to run: fatal). */
  private async initialise(
    settings: RunSettings,
    request: BackendRequest,
    data: RunData | undefined,
    checkpoint: Uint8Array | undefined,
    test: TestOptions | undefined,
  ): Promise<void> {
    this.builds.stage = (stage) => this.post({ type: "stage", stage });
    if (__TEST_HOOKS__ && test) this.builds.test = { stallThreadPool: test.stallThreadPool, threadPoolStartMs: test.threadPoolStartMs };
    this.post({ type: "stage", stage: request === "cpu" ? "choosing the CPU" : "asking the browser for a WebGPU adapter" });
    this.chooser = this.newChooser(request, test);
    if (__TEST_HOOKS__ && test?.keepElementWiseFusion && !(await keepElementWiseFusion(this.builds))) {
      this.warn("test hook: WebGPU had started; the element-wise fuser stays removed");
    }
    const factory = sessionFactory(this.builds, settings, data);
    let started: Awaited<ReturnType<BackendChooser["session"]>>;
    try {
      started = await this.chooser.session(factory, settings.lab);
    } catch (error) {
      this.post({ type: "error", message: `the trainer could not start: ${describe(error)}`, fatal: true });
      return;
    }
    this.run = { session: started.session, decision: started.decision, factory, compare: this.comparisonOf(settings, data) };
    this.postReady(started.decision);
    await this.freshRun(this.run, checkpoint);
  }

  private newChooser(request: BackendRequest, test: TestOptions = {}): BackendChooser {
    return new BackendChooser(request, (message) => this.warn(message), test, browserEnvironment(this.builds));
  }

  /**
   * A new run with other settings, paused at step 0 (or at `checkpoint`'s step). Its backend is
   * the request's for its lab: a run of another lab under `auto` may get its own trial, and the
   * badge is told when the backend or its reason changes.
   */
  private async configure(settings: RunSettings, data: RunData | undefined, checkpoint: Uint8Array | undefined): Promise<void> {
    const current = this.requireRun();
    this.loop.stop();
    const factory = sessionFactory(this.builds, settings, data);
    const { session, decision } = await (this.chooser ?? this.newChooser("auto")).session(factory, settings.lab);
    current.session.free();
    Object.assign(current, { session, factory, compare: this.comparisonOf(settings, data) });
    if (decision.backend !== current.decision.backend || decision.reason !== current.decision.reason) {
      current.decision = decision;
      this.postReady(decision);
    }
    await this.freshRun(current, checkpoint);
  }

  /** The test build's backend comparison for a run; compiled out of every other build (vite.config.ts). */
  private comparisonOf(settings: RunSettings, data: RunData | undefined): Run["compare"] {
    return __TEST_HOOKS__ ? backendComparison(this.builds, settings, data) : undefined;
  }

  private postReady(decision: Decision): void {
    const resources = [self.location.href, ...performance.getEntriesByType("resource").map((entry) => entry.name)];
    this.post({ type: "ready", backend: decision.backend, adapter: decision.adapter, reason: decision.reason, resources });
  }

  /** The pictures a run shows once (and after a view change) beside its views, if its lab has any. */
  private announce(session: Session): void {
    const pictures = session.realPictures();
    if (pictures) this.post({ type: "real-images", pictures }, buffersOf(pictures));
  }

  /**
   * Tells the page a new run starts (histories restart) and shows its first step: 0, or the
   * step of `checkpoint` when the new trainer takes it (one that does not fit is said, and the
   * run starts from 0).
   */
  private async freshRun(current: Run, checkpoint?: Uint8Array): Promise<void> {
    this.loop.restartRate();
    this.divergence = null;
    let resumed: { step: number } | undefined;
    if (checkpoint) {
      try {
        if (__TEST_HOOKS__) await this.faults?.beforeRestore(current.session.backend);
        current.session.restore(checkpoint);
        resumed = { step: current.session.step };
      } catch (error) {
        const message = `the saved state of this demo could not be used (${describe(error)}); starting from step 0`;
        if (error instanceof WebAssembly.RuntimeError) {
          // A trap leaves the module unusable (wasm-bindgen's borrows are never released): the
          // page starts the run afresh in a new worker, with a new module instance.
          this.loop.halt();
          this.post({ type: "restore-crashed", message });
          return;
        }
        this.warn(message);
      }
    }
    this.post(resumed ? { type: "fresh", resumed } : { type: "fresh" });
    this.announce(current.session);
    await this.loop.postSnapshot(current.session);
  }
}

new TrainerWorker(self as unknown as DedicatedWorkerGlobalScope);
