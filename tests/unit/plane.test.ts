import { describe, expect, it } from "vitest";
import {
  ARROW_SHARE,
  HEAT_OPACITY,
  arrowScale,
  heatColour,
  heatPixels,
  planeLayout,
  planeTransform,
  quantile,
  toPixel,
  type HeatEnds,
} from "../../www/src/labs/gan2d/plane";

const box = { x_min: -2, x_max: 6, y_min: -1, y_max: 3 };
const plot = { left: 30, top: 6, width: 200, height: 100 };
const ends: HeatEnds = { fake: [250, 100, 20], background: [255, 255, 255], real: [60, 130, 250] };
const alpha = Math.round(HEAT_OPACITY * 255);

describe("the plane's data → pixel transform", () => {
  it("puts the box's corners on the plot's corners, y up", () => {
    const t = planeTransform(box, plot);
    expect(toPixel(t, -2, -1)).toEqual([30, 106]); // bottom-left
    expect(toPixel(t, 6, 3)).toEqual([230, 6]); // top-right
    expect(toPixel(t, -2, 3)).toEqual([30, 6]); // top-left
    expect(toPixel(t, 6, -1)).toEqual([230, 106]); // bottom-right
  });

  it("is linear: the box's centre lands in the plot's centre", () => {
    const [x, y] = toPixel(planeTransform(box, plot), 2, 1);
    expect(x).toBeCloseTo(130, 10);
    expect(y).toBeCloseTo(56, 10);
  });

  it("lays out a square plot inside a square canvas, room for labels left and below", () => {
    const rect = planeLayout(400);
    expect(rect.width).toBe(rect.height);
    expect(rect.left + rect.width).toBeLessThan(400);
    expect(400 - (rect.top + rect.height)).toBe(rect.left);
    expect(planeLayout(10).width).toBe(0);
  });
});

describe("the heat map's colour map", () => {
  it("is fake's colour at 0, the background at 0.5, real's colour at 1, all at the heat opacity", () => {
    expect(heatColour(0, ends)).toEqual([...ends.fake, alpha]);
    expect(heatColour(0.5, ends)).toEqual([...ends.background, alpha]);
    expect(heatColour(1, ends)).toEqual([...ends.real, alpha]);
  });

  it("mixes linearly in between and clamps outside [0, 1]", () => {
    expect(heatColour(0.25, ends)).toEqual([253, 178, 138, alpha]);
    expect(heatColour(0.75, ends)).toEqual([158, 193, 253, alpha]);
    expect(heatColour(-3, ends)).toEqual(heatColour(0, ends));
    expect(heatColour(7, ends)).toEqual(heatColour(1, ends));
  });

  it("leaves a cell that is not a number transparent", () => {
    expect(heatColour(Number.NaN, ends)[3]).toBe(0);
  });

  it("turns D's grid into image pixels with the grid's bottom row (y_min) at the image's bottom", () => {
    // Row 0 (bottom): D says fake; row 1 (top): D says real. Column order is kept.
    const pixels = heatPixels(Float32Array.from([0, 0.5, 1, 1]), 2, ends);
    const pixel = (row: number, column: number) => Array.from(pixels.slice((row * 2 + column) * 4, (row * 2 + column) * 4 + 4));
    expect(pixel(0, 0)).toEqual([...ends.real, alpha]);
    expect(pixel(0, 1)).toEqual([...ends.real, alpha]);
    expect(pixel(1, 0)).toEqual([...ends.fake, alpha]);
    expect(pixel(1, 1)).toEqual([...ends.background, alpha]);
  });

  it("fills the buffer it is given when its length fits", () => {
    const buffer = new Uint8ClampedArray(16);
    expect(heatPixels(new Float32Array(4), 2, ends, buffer)).toBe(buffer);
    expect(heatPixels(new Float32Array(4), 2, ends, new Uint8ClampedArray(8))).toHaveLength(16);
  });
});

describe("the arrows' common scale", () => {
  it("interpolates quantiles linearly between order statistics (numpy's default)", () => {
    expect(quantile([3, 1, 2, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([10, 0], 0)).toBe(0);
    expect(quantile([10, 0], 1)).toBe(10);
    expect(quantile([], 0.9)).toBeNaN();
  });

  it("makes the 90th-percentile arrow 6 % of the box's width", () => {
    // Lengths 1…10 (3-4-5 triangles scaled): the 90th percentile is 9.1.
    const arrows = new Float32Array(20);
    for (let k = 0; k < 10; k++) {
      arrows[2 * k] = 0.6 * (k + 1);
      arrows[2 * k + 1] = -0.8 * (k + 1);
    }
    const width = 8;
    const scale = arrowScale(arrows, width);
    expect(9.1 * scale).toBeCloseTo(ARROW_SHARE * width, 5);
    expect(ARROW_SHARE).toBe(0.06);
  });

  it("does not count zero vectors, and gives 0 when nothing is left", () => {
    const some = Float32Array.from([3, 4, 0, 0, 0, 0, 0, 0]);
    expect(arrowScale(some, 10) * 5).toBeCloseTo(0.6, 6);
    expect(arrowScale(new Float32Array(6), 10)).toBe(0);
    expect(arrowScale(new Float32Array(), 10)).toBe(0);
    expect(arrowScale(Float32Array.from([Number.NaN, 1]), 10)).toBe(0);
  });
});
