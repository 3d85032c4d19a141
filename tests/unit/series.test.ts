import { describe, expect, it } from "vitest";
import { distributionData, generatorData } from "../../www/src/charts/series";
import type { Snapshot1d } from "../../www/src/protocol";

function snapshot(overrides: Partial<Snapshot1d>): Snapshot1d {
  return {
    step: 0,
    dLoss: null,
    gLoss: null,
    lossesFrom: 1,
    dLosses: new Float32Array(),
    gLosses: new Float32Array(),
    w1: 0,
    ks: 0,
    xMin: 0,
    xMax: 4,
    zMin: -1,
    zMax: 1,
    realHistogram: Float32Array.from([0.1, 0.2, 0.3, 0.4]),
    generatedHistogram: Float32Array.from([0.4, 0.3, 0.2, 0.1]),
    generatedOutside: 0,
    discriminatorCurve: Float32Array.from([0, 0.5, 1]),
    generatorMap: Float32Array.from([3, 2, 1]),
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
    const [x, real, , d] = distributionData(snapshot({ realHistogram: Float32Array.from([1, 2]), discriminatorCurve: Float32Array.from([0, 0.2, 0.4, 0.6, 0.8]) }));
    expect(Array.from(x!)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(real!)).toEqual([1, 1, 2, 2, 2]);
    expect(Array.from(d!).map((v) => Number(v.toFixed(6)))).toEqual([0, 0.2, 0.4, 0.6, 0.8].map((v) => Number(Math.fround(v).toFixed(6))));
  });

  it("spreads the generator map evenly over [zMin, zMax]", () => {
    const [z, x] = generatorData(snapshot({}));
    expect(Array.from(z!)).toEqual([-1, 0, 1]);
    expect(Array.from(x!)).toEqual([3, 2, 1]);
  });
});
