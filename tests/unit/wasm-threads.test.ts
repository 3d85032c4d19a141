import { describe, expect, it } from "vitest";
import { threadPlan, type ThreadFacts } from "../../www/src/worker/wasm";

const everything: ThreadFacts = { cores: 4, hasThreadedBuild: true, crossOriginIsolated: true, wasmThreads: true };

describe("threadPlan", () => {
  it("uses every core when all is there, at most 8", () => {
    expect(threadPlan(everything)).toEqual({ threads: 4 });
    expect(threadPlan({ ...everything, cores: 32 })).toEqual({ threads: 8 });
  });

  it("names the first missing piece, in the order a user can act on", () => {
    expect(threadPlan({ ...everything, cores: 1 })).toEqual({ why: "this device reports one core" });
    expect(threadPlan({ ...everything, hasThreadedBuild: false })).toEqual({ why: "this build has no threaded module" });
    expect(threadPlan({ ...everything, crossOriginIsolated: false })).toEqual({
      why: "the page is not cross-origin isolated (COOP/COEP headers)",
    });
    expect(threadPlan({ ...everything, wasmThreads: false })).toEqual({ why: "this browser has no WebAssembly threads" });
  });
});
