import { describe, expect, it } from "vitest";
import { adapterName, chooseByTrial, isSoftwareAdapter, type AdapterFacts } from "../../www/src/worker/backend-choice";
import { BackendChooser } from "../../www/src/worker/bring-up";
import type { Session } from "../../www/src/worker/session";
import type { BackendName } from "../../www/src/protocol";

const facts = (over: Partial<AdapterFacts>): AdapterFacts => ({
  vendor: "",
  architecture: "",
  device: "",
  description: "",
  isFallbackAdapter: false,
  ...over,
});

describe("backend=auto", () => {
  it("treats software adapters as no GPU", () => {
    expect(isSoftwareAdapter(facts({ vendor: "google", architecture: "swiftshader", description: "SwiftShader Device (Subzero)" }))).toBe(true);
    expect(isSoftwareAdapter(facts({ description: "llvmpipe (LLVM 15.0.6, 256 bits)" }))).toBe(true);
    expect(isSoftwareAdapter(facts({ description: "Microsoft Basic Render Driver" }))).toBe(true);
    expect(isSoftwareAdapter(facts({ vendor: "nvidia", isFallbackAdapter: true }))).toBe(true);
    expect(isSoftwareAdapter(facts({ vendor: "nvidia", architecture: "ampere", description: "NVIDIA GeForce RTX 3060" }))).toBe(false);
    expect(isSoftwareAdapter(facts({ vendor: "apple", architecture: "metal-3" }))).toBe(false);
  });

  it("names the adapter by its description, else vendor and architecture", () => {
    expect(adapterName(facts({ description: "NVIDIA GeForce RTX 3060", vendor: "nvidia" }))).toBe("NVIDIA GeForce RTX 3060");
    expect(adapterName(facts({ vendor: "apple", architecture: "metal-3" }))).toBe("apple metal-3");
    expect(adapterName(facts({}))).toBe("unnamed adapter");
  });

  it("picks the faster backend of the trial and says by how much", () => {
    expect(chooseByTrial("RTX", 30, 3, "digits")).toEqual({ backend: "webgpu", reason: "WebGPU — RTX (10× faster than the CPU on the digit model here)" });
    expect(chooseByTrial("RTX", 100, 400, "gan1d")).toEqual({ backend: "cpu", reason: "CPU — 4.0× faster than WebGPU (RTX) on the 1D model here" });
    expect(chooseByTrial("RTX", 0, 400, "gan1d").reason).toBe("CPU — far faster than WebGPU (RTX) on the 1D model here");
  });
});

describe("backend=auto decides per lab", () => {
  /** A fake trainer whose `sync` takes `msPerIteration` per iteration trained since the last one. */
  function fakeSession(backend: BackendName, msPerIteration: number, log: string[]): Session {
    let pending = 0;
    const session = {
      backend,
      train: (n: number) => void (pending += n),
      sync: async () => {
        const until = performance.now() + pending * msPerIteration;
        pending = 0;
        while (performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 1));
      },
      free: () => {},
    };
    log.push(backend);
    return session as unknown as Session;
  }
  const real: AdapterFacts = { vendor: "nvidia", architecture: "ampere", device: "", description: "", isFallbackAdapter: false };
  const env = {
    probe: () => Promise.resolve({ ok: true as const, facts: real }),
    cpuThreads: () => Promise.resolve({ adapter: "CPU (WebAssembly, 2 threads)", how: "2 threads" }),
  };

  it("times each lab's own model once, and a lab's answer is not another's", async () => {
    const created: string[] = [];
    const chooser = new BackendChooser("auto", () => {}, {}, env);
    // The 1D model: the CPU is faster; the digit model: WebGPU is.
    const gan1d = (backend: BackendName) => Promise.resolve(fakeSession(backend, backend === "cpu" ? 0.05 : 5, created));
    const digits = (backend: BackendName) => Promise.resolve(fakeSession(backend, backend === "cpu" ? 20 : 1, created));
    const first = await chooser.session(gan1d, "gan1d");
    expect(first.decision.backend).toBe("cpu");
    expect(first.decision.reason).toMatch(/^CPU — .* faster than WebGPU \(nvidia ampere\) on the 1D model here \(2 threads\)$/);
    expect(created).toEqual(["webgpu", "cpu", "cpu"]);
    const second = await chooser.session(digits, "digits");
    expect(second.decision.backend).toBe("webgpu");
    expect(second.decision.reason).toMatch(/^WebGPU — nvidia ampere \(.* faster than the CPU on the digit model here\)$/);
    // Back to 1D, and digits again: no new trial, the same answers.
    created.length = 0;
    expect((await chooser.session(gan1d, "gan1d")).decision).toEqual(first.decision);
    expect((await chooser.session(digits, "digits")).decision).toEqual(second.decision);
    expect(created).toEqual(["cpu", "webgpu"]);
  }, 20_000);

  it("a software adapter is never timed, unless the test build says to", async () => {
    const software = { ...env, probe: () => Promise.resolve({ ok: true as const, facts: { ...real, vendor: "google", description: "SwiftShader Device" } }) };
    const created: string[] = [];
    const factory = (backend: BackendName) => Promise.resolve(fakeSession(backend, 1, created));
    const plain = await new BackendChooser("auto", () => {}, {}, software).session(factory, "gan1d");
    expect([plain.decision.reason, created]).toEqual(["CPU — WebGPU adapter is software (SwiftShader Device), slower than the CPU here (2 threads)", ["cpu"]]);
    created.length = 0;
    await new BackendChooser("auto", () => {}, { trustSoftwareAdapter: true }, software).session(factory, "gan1d");
    expect(created.slice(0, 2)).toEqual(["webgpu", "cpu"]);
  }, 20_000);
});
