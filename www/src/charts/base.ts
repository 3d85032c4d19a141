/**
 * What every uPlot chart of the page shares: the page's colours (CSS custom properties, so
 * the charts follow the light/dark theme), axis styling, and a size that follows the layout.
 */

import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** The page's colours, read from its CSS custom properties. */
export interface Palette {
  ink: string;
  inkSoft: string;
  line: string;
  accent: string;
  real: string;
  fake: string;
  disc: string;
}

export function palette(element: Element): Palette {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    ink: read("--ink", "#1f2328"),
    inkSoft: read("--ink-soft", "#656d76"),
    line: read("--line", "#d8dee4"),
    accent: read("--accent", "#2563eb"),
    real: read("--real", "#3b82f6"),
    fake: read("--fake", "#f97316"),
    disc: read("--disc", "#16a34a"),
  };
}

/** A colour with transparency (color-mix works in canvas styles wherever the page works). */
export function withAlpha(css: string, alpha: number): string {
  return `color-mix(in srgb, ${css} ${Math.round(alpha * 100)}%, transparent)`;
}

/** An axis in the page's colours. */
export function axis(colors: Palette, options: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: colors.inkSoft,
    grid: { stroke: withAlpha(colors.line, 0.7), width: 1 },
    ticks: { stroke: colors.line, width: 1, size: 4 },
    font: "11px system-ui, sans-serif",
    labelFont: "11px system-ui, sans-serif",
    ...options,
  };
}

/** A number for a legend: four significant digits, or "—" where there is none. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A legend value formatter for a series. */
export const legendValue = (_: uPlot, value: number | null): string => formatValue(value);

/**
 * A uPlot chart that fills its container's width and follows it when the layout changes.
 * `height` is the plotting area with its axes (the legend comes below it).
 */
export class Chart {
  readonly plot: uPlot;
  private width = 0;

  constructor(
    private readonly container: HTMLElement,
    options: Omit<uPlot.Options, "width" | "height">,
    private readonly height: number,
    data: uPlot.AlignedData,
  ) {
    this.width = Math.max(200, Math.floor(container.clientWidth));
    this.plot = new uPlot({ ...options, width: this.width, height }, data, container);
    new ResizeObserver(() => this.fit()).observe(container);
  }

  /** New data, drawn now (uPlot would otherwise draw in a microtask after the caller). */
  setData(data: uPlot.AlignedData): void {
    this.plot.batch(() => this.plot.setData(data));
  }

  private fit(): void {
    const width = Math.max(200, Math.floor(this.container.clientWidth));
    if (width === this.width) return;
    this.width = width;
    this.plot.setSize({ width, height: this.height });
  }
}
