/**
 * A run's distance to its target over the iterations, from its history: one distance on the
 * left axis (from 0) and shares on the right (0–1), the 1D lab's W₁ with KS, the 2D lab's
 * sliced W₁ with the modes covered and the high-quality share.
 */

import type uPlot from "uplot";
import { Chart, axis, legendValue, withAlpha, type Look } from "./base";
import { iterationAxis, xRange } from "./history-charts";

/** A line on the right axis: its legend label, its colour (and alpha), dashed or solid. */
export interface ShareLine {
  label: string;
  color: (look: Look) => string;
  alpha?: number;
  dashed?: boolean;
}

/** The chart: `distance` on the left, `shares` on the right axis named `sharesLabel`. */
export function distanceChart(container: HTMLElement, distance: string, sharesLabel: string, shares: readonly ShareLine[]): Chart {
  const share = (look: Look, line: ShareLine): uPlot.Series => ({
    label: line.label,
    scale: "share",
    stroke: line.alpha === undefined ? line.color(look) : withAlpha(line.color(look), line.alpha),
    width: (line.dashed ? 1.5 : 2) * look.scale,
    ...(line.dashed ? { dash: [5 * look.scale, 4 * look.scale] } : {}),
    points: { show: false },
    value: legendValue,
  });
  return new Chart(
    container,
    (look) => ({
      scales: {
        x: { time: false, range: xRange },
        distance: { range: (_, __, max) => [0, Math.max(max, 1e-3) * 1.05] },
        share: { range: [0, 1] },
      },
      series: [
        { label: "iteration", value: legendValue },
        { label: distance, scale: "distance", stroke: look.colors.accent, width: 2 * look.scale, points: { show: false }, value: legendValue },
        ...shares.map((line) => share(look, line)),
      ],
      axes: [
        axis(look, iterationAxis),
        axis(look, { scale: "distance", label: distance, labelSize: 16, size: 48, stroke: look.colors.accent }),
        axis(look, { scale: "share", side: 1, label: sharesLabel, labelSize: 16, size: 36, grid: { show: false } }),
      ],
      cursor: { points: { size: 6 * look.scale } },
    }),
    200,
    [[], [], ...shares.map(() => [])],
  );
}
