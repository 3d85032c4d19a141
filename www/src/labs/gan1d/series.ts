/**
 * What the snapshot views draw, as uPlot's aligned columns (x first). Pure, so it is
 * unit-tested without a browser.
 */

import type { Gan1dSnapshot } from "../../protocol";

/**
 * The histograms and D(x) on one x array: the bin edges and D's grid points, merged. A
 * histogram holds its bin's value from each point to the next (a step-after path), so it
 * is drawn exactly; D(x) is interpolated at the bin edges, which leaves its line unchanged.
 */
export function distributionData(s: Gan1dSnapshot): Float64Array[] {
  const bins = s.real_histogram.length;
  const curve = s.discriminator_curve;
  const span = s.x_max - s.x_min;
  const binWidth = span / Math.max(bins, 1);
  const curveStep = span / Math.max(curve.length - 1, 1);
  const xs: number[] = [];
  for (let i = 0; i <= bins; i++) xs.push(s.x_min + i * binWidth);
  for (let j = 0; j < curve.length; j++) xs.push(s.x_min + j * curveStep);
  xs.sort((a, b) => a - b);
  // Points closer than a millionth of the axis are the same point.
  const x = xs.filter((v, i) => i === 0 || v - xs[i - 1]! > span * 1e-6);

  const real = new Float64Array(x.length);
  const generated = new Float64Array(x.length);
  const discriminator = new Float64Array(x.length);
  x.forEach((v, i) => {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor((v - s.x_min) / binWidth + 1e-9)));
    real[i] = s.real_histogram[bin] ?? 0;
    generated[i] = s.generated_histogram[bin] ?? 0;
    const t = Math.min(curve.length - 1, Math.max(0, (v - s.x_min) / curveStep));
    const j = Math.min(curve.length - 2, Math.floor(t));
    const a = curve[Math.max(j, 0)] ?? NaN;
    const b = curve[j + 1] ?? a;
    discriminator[i] = a + (b - a) * (t - j);
  });
  return [Float64Array.from(x), real, generated, discriminator];
}

/** z (evenly spaced over [z_min, z_max]) and G(z). */
export function generatorData(s: Gan1dSnapshot): Float64Array[] {
  const n = s.generator_map.length;
  const step = (s.z_max - s.z_min) / Math.max(n - 1, 1);
  const z = Float64Array.from({ length: n }, (_, i) => s.z_min + i * step);
  return [z, Float64Array.from(s.generator_map)];
}

/** x (D's grid, evenly over [x_min, x_max]) and where G's loss pushes a fake sample there. */
export function pushData(s: Gan1dSnapshot): Float64Array[] {
  const n = s.generator_push.length;
  const step = (s.x_max - s.x_min) / Math.max(n - 1, 1);
  const x = Float64Array.from({ length: n }, (_, i) => s.x_min + i * step);
  return [x, Float64Array.from(s.generator_push)];
}
