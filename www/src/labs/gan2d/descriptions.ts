/**
 * What the 2D lab's views show, in words with their current numbers: the accessible names of
 * the plane, the losses and the modes chart (written at a modest rate by
 * charts/text-alternatives.ts). The figures are the read-outs'.
 */

import { count, figure } from "../../charts/text-alternatives";
import type { Gan2dSnapshot } from "../../protocol";

/** The measures of the mode-collapse papers, where the target has modes (ring and grid). */
function modeWords(s: Gan2dSnapshot): string {
  if (s.modes_covered == null || s.mode_count == null) return "";
  const quality = s.high_quality != null ? `, ${Math.round(s.high_quality * 100)} % high-quality samples` : "";
  return `; ${s.modes_covered} of ${s.mode_count} modes covered${quality}`;
}

/** The plane's name before the first snapshot, and its first sentence after: what it draws, of which target. */
export function planeSummary(shape: string): string {
  return `The plane: real points (blue), G's points (orange), D's verdict as the background colour, G's manifold as a grid of lines and arrows where G's loss pushes its points. Target ${shape}.`;
}

/** The views' names at one snapshot, for the target `shape`. */
export function describe2d(s: Gan2dSnapshot, shape: string): { plane: string; losses: string; modes: string } {
  const at = `At iteration ${count(s.step)}`;
  const outsideShare = Math.round(s.generated_outside * 100);
  const outside = outsideShare > 0 ? `; ${outsideShare} % of G's points lie outside the view` : "";
  const view = `x from ${s.x_min.toFixed(1)} to ${s.x_max.toFixed(1)}, y from ${s.y_min.toFixed(1)} to ${s.y_max.toFixed(1)}`;
  return {
    plane: `${planeSummary(shape)} ${at}: sliced W₁ ${figure(s.sliced_w1)}${modeWords(s)}${outside}; the view spans ${view}.`,
    losses: `D and G losses per iteration. ${at}: D loss ${figure(s.discriminator_loss, 4)}, G loss ${figure(s.generator_loss, 4)}.`,
    modes: `Sliced Wasserstein distance${s.mode_count != null ? ", share of modes covered and share of high-quality samples" : ""} per iteration. ${at}: sliced W₁ ${figure(s.sliced_w1)}${modeWords(s)}.`,
  };
}
