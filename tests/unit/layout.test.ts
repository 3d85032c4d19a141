import { describe, expect, it } from "vitest";
import { MIN_CRISP_FILL, fillScale } from "../../www/src/labs/digits/grid-layout";
import { PANELS, type Panel } from "../../www/src/state/url";
import { panelsOf, shownPanels } from "../../www/src/ui/layout";

const shown = (preset: Parameters<typeof panelsOf>[0], show: Panel[]) => [...shownPanels({ preset, show })];

describe("panels on show", () => {
  it("gives every panel of the preset's kind when show is empty", () => {
    expect(shown("tuned-1d", [])).toEqual(["stats", "hist", "dcurve", "map", "graph", "loss", "metrics"]);
    expect(shown("ring8-tuned", [])).toEqual(["stats", "points", "heat", "manifold", "arrows", "graph", "loss", "modes"]);
    expect(shown("mnist-mlp", [])).toEqual(["stats", "grid", "real", "judge", "loss", "dout", "walk"]);
    // One z as every digit exists for the conditional GAN only.
    expect(shown("mnist-cgan", [])).toContain("row");
    expect(shown("mnist-dcgan", [])).not.toContain("row");
  });

  it("keeps those listed that apply, in the page's order", () => {
    expect(shown("tuned-1d", ["loss", "hist"])).toEqual(["hist", "loss"]);
    expect(shown("tuned-1d", ["hist", "grid", "walk"])).toEqual(["hist"]);
    expect(shown("mnist-mlp", ["grid"])).toEqual(["grid"]);
    expect(shown("mnist-mlp", ["loss", "stats", "hist"])).toEqual(["stats", "loss"]);
  });

  it("shows everything when none of those listed applies", () => {
    expect(shown("tuned-1d", ["grid", "real"])).toEqual(shown("tuned-1d", []));
    expect(shown("mnist-mlp", ["dcurve"])).toEqual(shown("mnist-mlp", []));
    expect(shown("mnist-mlp", ["row"])).toEqual(shown("mnist-mlp", []));
  });

  it("knows every panel the URL table declares, under one kind of preset or another", () => {
    const known = new Set([...panelsOf("tuned-1d"), ...panelsOf("mnist-cgan"), ...panelsOf("ring8-tuned")]);
    expect([...PANELS].filter((panel) => !known.has(panel))).toEqual([]);
  });
});

describe("a grid that fills its box", () => {
  // A 4 × 4 grid of 28-pixel digits, 1-pixel gaps: 115 pixels square.
  const side = 4 * 28 + 3;

  it("keeps a whole number of device pixels per image pixel where that fills most of the box", () => {
    // 1000 / 115 = 8.7: ×8 fills 92 %.
    expect(fillScale(side, side, 1600, 1000, 1)).toEqual({ scale: 8, cssWidth: 920, cssHeight: 920 });
    // At devicePixelRatio 2 the canvas counts device pixels: 500 CSS pixels are 1000 of them.
    expect(fillScale(side, side, 800, 500, 2)).toEqual({ scale: 8, cssWidth: 460, cssHeight: 460 });
  });

  it("fits exactly (to a whole canvas width) where a whole number would leave much of the box empty", () => {
    // 186 / 115 = 1.62: ×1 would fill 62 % (less than MIN_CRISP_FILL).
    const fit = fillScale(side, side, 280, 186, 1);
    expect(1 / (186 / side)).toBeLessThan(MIN_CRISP_FILL);
    expect(fit.cssHeight).toBeLessThanOrEqual(186);
    expect(fit.cssHeight).toBeGreaterThan(185);
    // The canvas is a whole number of device pixels wide.
    expect(Math.abs(side * fit.scale - Math.round(side * fit.scale))).toBeLessThan(1e-9);
  });

  it("is bound by the narrower side, keeps the aspect, and gives 0 for an empty box", () => {
    // A latent walk: ten digits in a row, 289 × 28.
    const walk = fillScale(289, 28, 600, 400, 1);
    expect(walk.cssWidth).toBeLessThanOrEqual(600);
    expect(walk.cssWidth / walk.cssHeight).toBeCloseTo(289 / 28, 6);
    expect(fillScale(side, side, 0, 300, 1).scale).toBe(0);
    expect(fillScale(side, side, 300, 0, 2).scale).toBe(0);
  });
});
