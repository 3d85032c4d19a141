/**
 * What the digit lab's views show, in words with their current numbers: the accessible names
 * of the generated grid, the losses, the D(real)/D(fake) chart and the judge's bars (the
 * grid and charts written at a modest rate by charts/text-alternatives.ts; the judge's with
 * each verdict, every few seconds). The figures are the read-outs'.
 */

import { count, figure } from "../../charts/text-alternatives";
import type { DigitsSnapshot, JudgeScore } from "../../protocol";

/** The judge's latest verdict in words. */
function judgeWords(judge: JudgeScore | null): string {
  return judge
    ? `the judge reads ${Math.round(judge.confident * 100)} % of G's images confidently, ${judge.classes} of 10 digits appear, Inception Score ${judge.inception_score.toFixed(2)}`
    : "the judge has not scored G's images yet";
}

/** The judge's bars: how many confident verdicts each digit got. */
export function judgeBarsName(judge: JudgeScore | null): string {
  if (!judge) return "Confident verdicts per digit: none yet";
  return `Confident verdicts per digit: ${judge.histogram.map((n, digit) => `${digit}: ${n}`).join(", ")}`;
}

/** The views' names at one snapshot, with the latest judge's verdict (`shows`: what the grid holds, e.g. "G(z, 7)"). */
export function describeDigits(s: DigitsSnapshot, judge: JudgeScore | null, shows: string): { generated: string; losses: string; discriminator: string } {
  const at = `At iteration ${count(s.step)}`;
  const cell = s.side * s.side;
  const images = cell > 0 ? Math.floor(s.samples.length / cell) : 0;
  const rows = s.columns > 0 ? Math.ceil(images / s.columns) : 0;
  return {
    generated: `The generator's images of a fixed batch of noise: ${images} images of ${s.side} × ${s.side} pixels, ${s.columns} columns by ${rows} rows, ${shows}. ${at}: ${judgeWords(judge)}.`,
    losses: `D and G losses per iteration. ${at}: D loss ${figure(s.discriminator_loss, 4)}, G loss ${figure(s.generator_loss, 4)}.`,
    discriminator: `Mean discriminator output on real and on generated digits per iteration. ${at}: D(real) ${figure(s.real_probability)}, D(fake) ${figure(s.fake_probability)}.`,
  };
}
