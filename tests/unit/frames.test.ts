/**
 * The rewind's memory (www/src/state/frames.ts): items at a thinning interval, the latest
 * always there, spread evenly over a run of any length within the budget of bytes and items;
 * a run that goes back drops what came after; a branch shares its parent's past.
 */

import { describe, expect, it } from "vitest";
import { Thinned, sizeOf } from "../../www/src/state/frames";

const steps = (t: Thinned<unknown>) => t.all.map((item) => item.step);

describe("Thinned", () => {
  it("keeps every item until the count limit, then every other one with a doubled interval", () => {
    const t = new Thinned<number>({ budgetBytes: Infinity, maxItems: 8 });
    for (let step = 0; step <= 7; step++) t.add(step, step, 1);
    expect(steps(t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    t.add(8, 8, 1);
    expect(steps(t)).toEqual([0, 2, 4, 6, 8]);
    expect(t.interval).toBe(2);
  });

  it("always has the latest, which the next replaces unless it is an interval after the one before", () => {
    const t = new Thinned<number>({ budgetBytes: Infinity, maxItems: 4 });
    for (let step = 0; step <= 4; step++) t.add(step, step, 1);
    expect(steps(t)).toEqual([0, 2, 4]);
    t.add(5, 5, 1);
    expect(steps(t)).toEqual([0, 2, 4, 5]);
    t.add(6, 6, 1);
    expect(steps(t), "5 was only the latest").toEqual([0, 2, 4, 6]);
  });

  it("stays within its byte budget and count over a long run, spread over all of it", () => {
    const t = new Thinned<null>({ budgetBytes: 1000, maxItems: 1000 });
    for (let step = 0; step <= 100_000; step += 3) {
      t.add(step, null, 37);
      expect(t.bytes).toBeLessThanOrEqual(1000);
    }
    expect(t.length).toBeGreaterThan(13);
    expect(t.all[0]!.step).toBe(0);
    expect(t.last!.step).toBe(99_999);
    const gaps = steps(t)
      .slice(1, -1)
      .map((step, i) => step - steps(t)[i]!);
    expect(Math.max(...gaps) / Math.min(...gaps), "evenly spread").toBeLessThanOrEqual(2);
  });

  it("replaces an item of the same step, and drops what came after a step the run went back to", () => {
    const t = new Thinned<string>({ budgetBytes: Infinity, maxItems: 100 });
    for (const step of [0, 10, 20, 30]) t.add(step, `a${step}`, 1);
    t.add(30, "b30", 1);
    expect(t.last!.value).toBe("b30");
    t.add(15, "c15", 1);
    expect(steps(t)).toEqual([0, 10, 15]);
    expect(t.bytes).toBe(3);
  });

  it("finds the item at or before a step; a branch keeps its parent's past, sharing the values", () => {
    const t = new Thinned<{ step: number }>({ budgetBytes: Infinity, maxItems: 100 });
    for (const step of [0, 10, 20, 30]) t.add(step, { step }, 2);
    expect(t.indexAtOrBefore(25)).toBe(2);
    expect(t.indexAtOrBefore(-1)).toBe(-1);
    const branch = t.upTo(20);
    expect(steps(branch)).toEqual([0, 10, 20]);
    expect(branch.bytes).toBe(6);
    expect(branch.at(1)!.value).toBe(t.at(1)!.value);
    branch.add(21, { step: 21 }, 2);
    expect(steps(t), "the parent is untouched").toEqual([0, 10, 20, 30]);
  });
});

describe("sizeOf", () => {
  it("counts a snapshot's typed arrays by their bytes", () => {
    const snapshot = { step: 3, samples: new Float32Array(784 * 16), losses: [1, 2, 3], lab: "digits" };
    const size = sizeOf(snapshot);
    expect(size).toBeGreaterThan(784 * 16 * 4);
    expect(size).toBeLessThan(784 * 16 * 4 + 500);
  });
});
