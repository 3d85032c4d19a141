import { describe, expect, it } from "vitest";
import { distributionData, generatorData } from "../../www/src/labs/gan1d/series";
import type { Gan1dSnapshot } from "../../www/src/protocol";

function snapshot(overrides: Partial<Gan1dSnapshot>): Gan1dSnapshot {
  return {
    step: 0,
    discriminator_loss: undefined,
    generator_loss: undefined,
    losses_from: 1,
    discriminator_losses: new Float32Array(),
    generator_losses: new Float32Array(),
    w1: 0,
    ks: 0,
    generator_push: new Float32Array(),
    x_min: 0,
    x_max: 4,
    z_min: -1,
    z_max: 1,
    real_histogram: Float32Array.from([0.1, 0.2, 0.3, 0.4]),
    generated_histogram: Float32Array.from([0.4, 0.3, 0.2, 0.1]),
    generated_outside: 0,
    discriminator_curve: Float32Array.from([0, 0.5, 1]),
    generator_map: Float32Array.from([3, 2, 1]),
    ...overrides,
  };
}

describe("snapshot series", () => {
  it("merges bin edges and D's grid, holding each bin's density and interpolating D(x)", () => {
    // Edges 0,1,2,3,4; D's grid 0,2,4 (shared points appear once).
    const [x, real, generated, d] = distributionData(snapshot({}));
    expect(Array.from(x!)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(real!)).toEqual([0.1, 0.2, 0.3, 0.4, 0.4].map(Math.fround));
    expect(Array.from(generated!)).toEqual([0.4, 0.3, 0.2, 0.1, 0.1].map(Math.fround));
    expect(Array.from(d!)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("keeps D's own points between the edges", () => {
    const [x, real, , d] = distributionData(
      snapshot({ real_histogram: Float32Array.from([1, 2]), discriminator_curve: Float32Array.from([0, 0.2, 0.4, 0.6, 0.8]) }),
    );
    expect(Array.from(x!)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(real!)).toEqual([1, 1, 2, 2, 2]);
    expect(Array.from(d!).map((v) => Number(v.toFixed(6)))).toEqual([0, 0.2, 0.4, 0.6, 0.8].map((v) => Number(Math.fround(v).toFixed(6))));
  });

  it("spreads the generator map evenly over [z_min, z_max]", () => {
    const [z, x] = generatorData(snapshot({}));
    expect(Array.from(z!)).toEqual([-1, 0, 1]);
    expect(Array.from(x!)).toEqual([3, 2, 1]);
  });
});
