import { describe, expect, it } from "vitest";
import { GAN1D_HISTORY } from "../../www/src/labs/gan1d/history";
import { RunHistory, downsample } from "../../www/src/state/history";

import type { Gan1dSnapshot } from "../../www/src/protocol";

/** The parts of a 1D snapshot the history does not read. */
const UNREAD = {
  discriminator_loss: undefined,
  generator_loss: undefined,
  x_min: 0,
  x_max: 1,
  z_min: 0,
  z_max: 1,
  real_histogram: new Float32Array(),
  generated_histogram: new Float32Array(),
  generated_outside: 0,
  discriminator_curve: new Float32Array(),
  generator_map: new Float32Array(),
  generator_push: new Float32Array(),
};

function snapshot(step: number, losses_from: number, d: number[], w1 = step / 10): Gan1dSnapshot {
  return { ...UNREAD, step, losses_from, discriminator_losses: Float32Array.from(d), generator_losses: Float32Array.from(d.map((v) => -v)), w1, ks: w1 / 2 };
}

describe("training history", () => {
  it("appends every iteration's losses and one measurement per snapshot", () => {
    const h = new RunHistory(GAN1D_HISTORY);
    h.add(snapshot(0, 1, []));
    h.add(snapshot(3, 1, [1, 2, 3]));
    h.add(snapshot(5, 4, [4, 5]));
    expect(h.iterations).toBe(5);
    const losses = h.losses(100);
    expect(Array.from(losses.x)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(losses.ys[0]!)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(losses.ys[1]!)).toEqual([-1, -2, -3, -4, -5]);
    const metrics = h.metrics();
    expect(Array.from(metrics.x)).toEqual([0, 3, 5]);
    expect(Array.from(metrics.ys[0]!)).toEqual([0, 0.3, 0.5]);
    expect(Array.from(metrics.ys[1]!)).toEqual([0, 0.15, 0.25]);
  });

  it("a second snapshot of the same step (a pause, a D-step) replaces the measurement", () => {
    const h = new RunHistory(GAN1D_HISTORY);
    h.add(snapshot(2, 1, [1, 2], 0.5));
    h.add(snapshot(2, 3, [], 0.4));
    expect(h.iterations).toBe(2);
    expect(Array.from(h.metrics().ys[0]!)).toEqual([0.4]);
  });

  it("a snapshot from an earlier step rewrites history from there; a gap is NaN", () => {
    const h = new RunHistory(GAN1D_HISTORY);
    h.add(snapshot(4, 1, [1, 2, 3, 4]));
    h.add(snapshot(2, 2, [9]));
    expect(Array.from(h.losses(100).ys[0]!)).toEqual([1, 9]);
    expect(Array.from(h.metrics().x)).toEqual([2]);
    h.add(snapshot(5, 4, [7, 8]));
    expect(Array.from(h.losses(100).ys[0]!)).toEqual([1, 9, NaN, 7, 8]);
  });

  it("grows past its initial capacity and clears", () => {
    const h = new RunHistory(GAN1D_HISTORY);
    const values = Array.from({ length: 5000 }, (_, i) => i);
    h.add(snapshot(5000, 1, values));
    expect(h.iterations).toBe(5000);
    expect(h.losses(10_000).ys[0]![4999]).toBe(4999);
    const version = h.version;
    h.clear();
    expect(h.iterations).toBe(0);
    expect(h.measurements).toBe(0);
    expect(h.version).toBeGreaterThan(version);
  });

  it("writes CSV: a row per iteration, w1/ks where measured", () => {
    const h = new RunHistory(GAN1D_HISTORY);
    h.add(snapshot(0, 1, []));
    h.add(snapshot(2, 1, [0.5, 0.25]));
    h.add(snapshot(3, 3, [0.125]));
    expect(h.toCsv()).toBe(
      ["step,discriminator_loss,generator_loss,w1,ks", "0,,,0,0", "1,0.5,-0.5,,", "2,0.25,-0.25,0.2,0.1", "3,0.125,-0.125,0.3,0.15", ""].join("\n"),
    );
  });

  it("writes float32 losses exactly", () => {
    const h = new RunHistory(GAN1D_HISTORY);
    h.add(snapshot(1, 1, [0.1]));
    const row = h.toCsv().split("\n")[1]!;
    expect(Number(row.split(",")[1])).toBe(Math.fround(0.1));
  });
});

describe("downsampling", () => {
  it("leaves short series alone", () => {
    const series = { x: Float64Array.from([1, 2, 3]), ys: [Float64Array.from([4, 5, 6])] };
    expect(downsample(series, 3)).toBe(series);
  });

  it("replaces buckets by their means, skipping NaN", () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    const y = Float64Array.from([1, 3, 5, 7, NaN, 2, 10, 20, 30, 40]);
    const out = downsample({ x, ys: [y] }, 4);
    // Buckets of 3: [1,2,3] [4,5,6] [7,8,9] [10].
    expect(Array.from(out.x)).toEqual([2, 5, 8, 10]);
    expect(Array.from(out.ys[0]!)).toEqual([3, 4.5, 20, 40]);
  });

  it("keeps a long history under the limit and its overall mean", () => {
    const n = 100_003;
    const x = Float64Array.from({ length: n }, (_, i) => i + 1);
    const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const out = downsample({ x, ys: [y] }, 5000);
    expect(out.x.length).toBeLessThanOrEqual(5000);
    expect(out.x[0]).toBeGreaterThan(1);
    expect(out.x.at(-1)).toBeLessThanOrEqual(n);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.ys[0]!)).toBeCloseTo(mean(y), 3);
  });
});
