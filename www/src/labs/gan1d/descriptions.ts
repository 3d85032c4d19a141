/**
 * What the 1D lab's views show, in words with their current numbers: the accessible names of
 * the densities with D(x), G's map, G's push along x, the losses and the distance charts
 * (written at a modest rate by charts/text-alternatives.ts). The figures are the read-outs'.
 */

import { count, figure } from "../../charts/text-alternatives";
import type { Gan1dSnapshot } from "../../protocol";

/** Mean and standard deviation of a density given on equal bins over [low, high]. */
export function densityMoments(density: ArrayLike<number>, low: number, high: number): { mean: number; sd: number } | null {
  const bins = density.length;
  const width = (high - low) / Math.max(bins, 1);
  let mass = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < bins; i++) {
    const weight = Math.max(0, density[i] ?? 0);
    const x = low + (i + 0.5) * width;
    mass += weight;
    sum += weight * x;
    squares += weight * x * x;
  }
  if (!(mass > 0)) return null;
  const mean = sum / mass;
  return { mean, sd: Math.sqrt(Math.max(0, squares / mass - mean * mean)) };
}

function moments(density: ArrayLike<number>, s: Gan1dSnapshot): string {
  const m = densityMoments(density, s.x_min, s.x_max);
  return m ? `mean ${m.mean.toFixed(2)}, standard deviation ${m.sd.toFixed(2)}` : "none on the axis";
}

function range(values: ArrayLike<number>): [number, number] | null {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    low = Math.min(low, v);
    high = Math.max(high, v);
  }
  return low <= high ? [low, high] : null;
}

/** The views' names at one snapshot (`critic`: D is a wgan-gp critic, its scores rescaled). */
export function describe1d(
  s: Gan1dSnapshot,
  critic: boolean,
): {
  distribution: string;
  generatorMap: string;
  push: string;
  losses: string;
  metrics: string;
} {
  const at = `At iteration ${count(s.step)}`;
  const verdict = range(s.discriminator_curve);
  const dWords = verdict
    ? `${critic ? "the critic's rescaled score" : "D(x)"} runs from ${verdict[0].toFixed(2)} to ${verdict[1].toFixed(2)}`
    : "D(x) is not drawn yet";
  const outsideShare = Math.round(s.generated_outside * 100);
  const outside = outsideShare > 0 ? `; ${outsideShare} % of generated samples lie outside the axis` : "";
  const distribution =
    `Densities of real and generated samples with D's verdict, x from ${s.x_min.toFixed(2)} to ${s.x_max.toFixed(2)}. ${at}: ` +
    `real ${moments(s.real_histogram, s)}; generated ${moments(s.generated_histogram, s)}; W₁ ${figure(s.w1)}, KS ${figure(s.ks)}; ${dWords}${outside}.`;

  const map = s.generator_map;
  const first = map[0];
  const last = map[map.length - 1];
  const mapped = range(map);
  const generatorMap =
    first !== undefined && last !== undefined && mapped
      ? `The generator's map from noise z to samples x. ${at}: z = ${s.z_min.toFixed(1)} goes to x = ${first.toFixed(2)}, ` +
        `z = ${s.z_max.toFixed(1)} to x = ${last.toFixed(2)}; the samples span x from ${mapped[0].toFixed(2)} to ${mapped[1].toFixed(2)}.`
      : `The generator's map from noise z to samples x. ${at}: not drawn yet.`;

  // The strongest push and where it is: −∂loss/∂x on D's grid over the axis.
  const pushes = s.generator_push;
  let strongest = -1;
  for (let i = 0; i < pushes.length; i++) {
    if (Number.isFinite(pushes[i]!) && (strongest < 0 || Math.abs(pushes[i]!) > Math.abs(pushes[strongest]!))) strongest = i;
  }
  const step = (s.x_max - s.x_min) / Math.max(pushes.length - 1, 1);
  const push =
    strongest >= 0 && pushes[strongest] !== 0
      ? `Where G's loss pushes a generated sample at each x. ${at}: the strongest push is ${pushes[strongest]! > 0 ? "to the right" : "to the left"} ` +
        `(${figure(pushes[strongest], 3)}) at x = ${(s.x_min + strongest * step).toFixed(2)}.`
      : `Where G's loss pushes a generated sample at each x. ${at}: no push.`;

  const losses = `D and G losses per iteration. ${at}: D loss ${figure(s.discriminator_loss, 4)}, G loss ${figure(s.generator_loss, 4)}.`;
  const metrics = `W₁ and KS distance of the generated samples to the target per iteration. ${at}: W₁ ${figure(s.w1)}, KS ${figure(s.ks)}.`;
  return { distribution, generatorMap, push, losses, metrics };
}
