import { describe, expect, it } from "vitest";
import { RateMeter } from "../../www/src/worker/rate";

describe("RateMeter", () => {
  it("measures a steady rate over about the last second", () => {
    const meter = new RateMeter();
    meter.read(0, 0);
    let rate = 0;
    for (let t = 100; t <= 5000; t += 100) rate = meter.read(t, t / 10); // 10 iterations per 100 ms
    expect(rate).toBeCloseTo(100, 6);
  });

  it("follows a change of pace within about a second", () => {
    const meter = new RateMeter();
    meter.read(0, 0);
    let step = 0;
    for (let t = 100; t <= 3000; t += 100) meter.read(t, (step += 10)); // 100 it/s
    let rate = 0;
    for (let t = 3100; t <= 4200; t += 100) rate = meter.read(t, (step += 1)); // 10 it/s
    expect(rate).toBeGreaterThan(9);
    expect(rate).toBeLessThan(20);
  });

  it("a slow backend whose step is read twice (a checkpoint after a chunk) is not 0 it/s", () => {
    // One iteration per 3 s chunk, each chunk's snapshot re-read 100 ms later.
    const meter = new RateMeter();
    meter.read(0, 0);
    const rates: number[] = [];
    for (let chunk = 1; chunk <= 6; chunk++) {
      rates.push(meter.read(chunk * 3000, chunk));
      rates.push(meter.read(chunk * 3000 + 100, chunk));
    }
    for (const rate of rates) {
      expect(rate).toBeGreaterThan(0.3);
      expect(rate).toBeLessThan(0.35);
    }
  });

  it("says 0 until it has two readings, and after a restart", () => {
    const meter = new RateMeter();
    expect(meter.read(1000, 5)).toBe(0);
    expect(meter.read(2000, 15)).toBeCloseTo(10, 6);
    meter.restart();
    expect(meter.read(3000, 15)).toBe(0);
  });

  it("never goes negative when the step moves back (a checkpoint restored)", () => {
    const meter = new RateMeter();
    meter.read(0, 100);
    expect(meter.read(500, 10)).toBe(0);
  });
});
