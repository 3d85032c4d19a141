import { describe, expect, it } from "vitest";
import { adapterName, chooseByTrial, isSoftwareAdapter, type AdapterFacts } from "../../www/src/worker/backend-choice";

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
    expect(chooseByTrial("RTX", 30, 3)).toEqual({ backend: "webgpu", reason: "WebGPU — RTX (10× faster than the CPU here)" });
    expect(chooseByTrial("RTX", 100, 400)).toEqual({ backend: "cpu", reason: "CPU — 4.0× faster than WebGPU (RTX) here" });
    expect(chooseByTrial("RTX", 0, 400).reason).toBe("CPU — far faster than WebGPU (RTX) here");
  });
});
