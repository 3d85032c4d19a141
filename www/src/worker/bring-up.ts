/**
 * The backend choice in the worker: probes WebGPU once, and gives each run a session on the
 * backend the link's request means *for that run's lab*. `backend=auto` times both backends
 * on the lab's own model the first time the lab runs on a real GPU (a 1D net and a digit net
 * differ a hundredfold in work per step, so one trial cannot decide for both) and remembers
 * the answer per lab. The pure rules are in backend-choice.ts.
 */

import type { BackendRequest, RunSettings, TestOptions } from "../protocol";
import { adapterName, chooseByTrial, isSoftwareAdapter, type AdapterFacts, type Choice } from "./backend-choice";
import type { Session, SessionFactory } from "./session";
import type { WasmBuilds } from "./wasm";

/** Time given to each backend in the `auto` trial, after a warm-up iteration. */
const TRIAL_MS = 400;

/** What runs and why: the badge's text and the adapter's name. */
export interface Decision extends Choice {
  adapter: string;
}

export type Probe = { ok: true; facts: AdapterFacts } | { ok: false; why: string };

/** What the chooser asks of the browser (a test gives its own). */
export interface Environment {
  /** Whether there is a WebGPU adapter, and what it says of itself. */
  probe(): Promise<Probe>;
  /** The CPU backend's adapter name and thread count (loads the CPU build). */
  cpuThreads(): Promise<{ adapter: string; how: string }>;
}

/** The browser's WebGPU adapter and the CPU build of `builds`. */
export function browserEnvironment(builds: WasmBuilds): Environment {
  return { probe: probeAdapter, cpuThreads: () => cpuThreads(builds) };
}

export class BackendChooser {
  private probe: Promise<Probe> | null = null;
  /** `auto` on a real GPU: the trial's answer for each lab that ran. */
  private readonly trials = new Map<RunSettings["lab"], Choice>();

  /** `warn` tells the page what a request could not have (`backend=webgpu` without WebGPU). */
  constructor(
    readonly request: BackendRequest,
    private readonly warn: (message: string) => void,
    /** The test build's options (protocol.ts `TestOptions`); none elsewhere. */
    private readonly test: TestOptions,
    private readonly env: Environment,
  ) {}

  /**
   * A session of `create`'s run (of `lab`) on the backend the request gives that lab, and why.
   * Settings errors reject from the first `create`, before any backend work.
   */
  async session(create: SessionFactory, lab: RunSettings["lab"]): Promise<{ decision: Decision; session: Session }> {
    const cpu = async (reason: string) => {
      const session = await create("cpu");
      const { adapter, how } = await this.env.cpuThreads();
      return { decision: { backend: "cpu" as const, reason: `${reason} (${how})`, adapter }, session };
    };
    if (this.request === "cpu") return cpu("CPU — chosen in the link (backend=cpu)");

    const probe = await (this.probe ??= this.env.probe());
    if (!probe.ok) {
      if (this.request === "webgpu") this.warnOnce(`backend=webgpu: WebGPU unavailable (${probe.why}); training on the CPU instead`);
      return cpu(`CPU — WebGPU unavailable: ${probe.why}`);
    }
    const name = adapterName(probe.facts);
    if (this.request === "auto" && isSoftwareAdapter(probe.facts) && !this.test.trustSoftwareAdapter) {
      return cpu(`CPU — WebGPU adapter is software (${name}), slower than the CPU here`);
    }
    const known = this.trials.get(lab);
    if (known?.backend === "cpu") return cpu(known.reason);
    let webgpu: Session;
    try {
      webgpu = await create("webgpu");
    } catch (error) {
      const why = `failed device: ${describe(error)}`;
      if (this.request === "webgpu") this.warnOnce(`backend=webgpu: WebGPU unavailable (${why}); training on the CPU instead`);
      return cpu(`CPU — WebGPU unavailable: ${why}`);
    }
    if (this.request === "webgpu") {
      return { decision: { backend: "webgpu", reason: `WebGPU — ${name} (chosen in the link)`, adapter: name }, session: webgpu };
    }
    if (known) return { decision: { ...known, adapter: name }, session: webgpu };
    // A real GPU and a lab not timed yet: time both on this model; small ones are often faster on the CPU.
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
    const choice = chooseByTrial(name, gpuSpeed, cpuSpeed, lab);
    this.trials.set(lab, choice);
    // A fresh trainer, so the run starts from the seed's initial weights.
    if (choice.backend === "cpu") return cpu(choice.reason);
    return { decision: { ...choice, adapter: name }, session: await create("webgpu") };
  }

  private warned = new Set<string>();
  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }
}

/** How many threads the CPU backend uses and, for one, why (wasm.ts). */
async function cpuThreads(builds: WasmBuilds): Promise<{ adapter: string; how: string }> {
  const { threads, singleThreadReason } = await builds.load("cpu");
  const count = threads > 1 ? `${threads} threads` : "1 thread";
  return { adapter: `CPU (WebAssembly, ${count})`, how: threads > 1 ? count : `${count}: ${singleThreadReason ?? "no threads"}` };
}

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

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
