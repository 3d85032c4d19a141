/**
 * The views' text alternatives: written at a modest rate, the newest last, as attributes
 * (charts/text-alternatives.ts); and the 1D lab's words for a snapshot carry the read-outs'
 * figures and the densities' moments (labs/gan1d/descriptions.ts).
 */

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DESCRIBE_INTERVAL_MS, TextAlternatives } from "../../www/src/charts/text-alternatives";
import { densityMoments, describe1d } from "../../www/src/labs/gan1d/descriptions";
import type { Gan1dSnapshot } from "../../www/src/protocol";

/** An element's attributes, as much of an Element as the writer uses. */
function fakeElement(): Element & { writes: number } {
  const attributes = new Map<string, string>();
  const element = {
    writes: 0,
    getAttribute: (name: string) => attributes.get(name) ?? null,
    setAttribute: (name: string, value: string) => {
      element.writes++;
      attributes.set(name, value);
    },
  };
  return element as unknown as Element & { writes: number };
}

describe("TextAlternatives", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes the first request at once, then at most once an interval, the newest request last", () => {
    const view = fakeElement();
    const names = new TextAlternatives();
    names.request(() => [[view, "step 1"]]);
    expect(view.getAttribute("aria-label")).toBe("step 1");
    const built: string[] = [];
    for (const step of [2, 3, 4]) {
      names.request(() => {
        built.push(`step ${step}`);
        return [[view, `step ${step}`]];
      });
    }
    expect(view.getAttribute("aria-label")).toBe("step 1");
    vi.advanceTimersByTime(DESCRIBE_INTERVAL_MS);
    expect(view.getAttribute("aria-label")).toBe("step 4");
    // Only the request that was written was built.
    expect(built).toEqual(["step 4"]);
    expect(view.writes).toBe(2);
  });

  it("leaves a name that did not change alone", () => {
    const view = fakeElement();
    const names = new TextAlternatives();
    names.request(() => [[view, "same"]]);
    vi.advanceTimersByTime(DESCRIBE_INTERVAL_MS);
    names.request(() => [[view, "same"]]);
    expect(view.writes).toBe(1);
  });
});

describe("the 1D lab's descriptions", () => {
  it("finds a density's mean and standard deviation from its bins (±0.01 for N(4, 1.25²) on 200 bins)", () => {
    const bins = 200;
    const [low, high] = [-2, 10];
    const density = Array.from({ length: bins }, (_, i) => {
      const x = low + ((i + 0.5) * (high - low)) / bins;
      return Math.exp(-(((x - 4) / 1.25) ** 2) / 2);
    });
    const moments = densityMoments(density, low, high)!;
    expect(moments.mean).toBeCloseTo(4, 2);
    expect(Math.abs(moments.sd - 1.25)).toBeLessThan(0.01);
    expect(densityMoments([0, 0, 0], 0, 1)).toBeNull();
  });

  it("says the step, W₁ and KS as the read-outs do, and where G's push is strongest", () => {
    const snapshot: Gan1dSnapshot = {
      step: 1200,
      losses_from: 1200,
      discriminator_losses: new Float32Array(),
      generator_losses: new Float32Array(),
      discriminator_loss: 1.38629,
      generator_loss: 0.69314,
      w1: 0.1234,
      ks: 0.0456,
      x_min: 0,
      x_max: 4,
      z_min: -1,
      z_max: 1,
      real_histogram: Float32Array.from([0, 1, 1, 0]),
      generated_histogram: Float32Array.from([1, 1, 0, 0]),
      generated_outside: 0,
      discriminator_curve: Float32Array.from([0.2, 0.5, 0.8]),
      generator_map: Float32Array.from([0.5, 1.5, 2.5]),
      generator_push: Float32Array.from([0.1, -0.7, 0.3]),
    };
    const names = describe1d(snapshot, false);
    expect(names.distribution).toContain("At iteration 1,200: real mean 2.00, standard deviation 0.50; generated mean 1.00");
    expect(names.distribution).toContain("W₁ 0.123, KS 0.046; D(x) runs from 0.20 to 0.80");
    expect(names.losses).toContain("D loss 1.3863, G loss 0.6931");
    expect(names.generatorMap).toContain("z = -1.0 goes to x = 0.50, z = 1.0 to x = 2.50");
    expect(names.push).toContain("to the left (-0.700) at x = 2.00");
  });
});
