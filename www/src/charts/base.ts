/**
 * What every uPlot chart of the page shares: the page's look (its colours, from CSS custom
 * properties, and its text scale), axis styling, a size that follows the layout, and a legend
 * whose toggles work by keyboard. A chart
 * is built from a function of the look, so that a new theme or scale (the link's `theme`,
 * `scale`, or the system going dark) builds it again in the new colours and sizes.
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

/** How the page looks around a chart. */
export interface Look {
  colors: Palette;
  /** The text scale (the link's `scale`, 1 by default). */
  scale: number;
  /** Whether the chart shares a frame with others (embed mode, {@link fillsHeight}): tighter axes. */
  compact: boolean;
}

export function look(element: Element): Look {
  const scale = Number.parseFloat(getComputedStyle(element).getPropertyValue("--scale"));
  return { colors: palette(element), scale: Number.isFinite(scale) && scale > 0 ? scale : 1, compact: fillsHeight(element) };
}

function sameLook(a: Look, b: Look): boolean {
  return a.scale === b.scale && a.compact === b.compact && (Object.keys(a.colors) as (keyof Palette)[]).every((name) => a.colors[name] === b.colors[name]);
}

/**
 * Calls `changed` whenever the look may have changed: the page's theme or scale (`data-theme`
 * and the `--scale` property on <html>), embed mode (`data-embed` on <body>; ui/layout.ts
 * sets all three), or the system's light/dark preference.
 */
export function watchLook(changed: () => void): void {
  const observer = new MutationObserver(changed);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "style"] });
  observer.observe(document.body, { attributes: true, attributeFilter: ["data-embed"] });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", changed);
}

/**
 * Whether views inside `element` take their height from the layout rather than from their
 * content: embed mode sets `--fill-height: 1` (style.css), and its panels share the frame.
 */
export function fillsHeight(element: Element): boolean {
  return getComputedStyle(element).getPropertyValue("--fill-height").trim() === "1";
}

/** A colour with transparency (color-mix works in canvas styles wherever the page works). */
export function withAlpha(css: string, alpha: number): string {
  return `color-mix(in srgb, ${css} ${Math.round(alpha * 100)}%, transparent)`;
}

/** uPlot's default gap between ticks' labels: wider along x, where labels are wide. */
const TICK_SPACE = { horizontal: 50, vertical: 30 };
/** uPlot's default axis size (its ticks and their labels), and a tighter one for a compact chart's x axis. */
const AXIS_SIZE = { normal: 50, compact: 30 };

/**
 * An axis in the page's colours, with its text and sizes at the page's scale: `options`
 * gives sizes as at scale 1 (uPlot's defaults where it gives none; every y axis of the page
 * gives its size, so the default is an x axis's, tighter in a compact chart).
 */
export function axis({ colors, scale, compact }: Look, options: uPlot.Axis = {}): uPlot.Axis {
  const sized = (value: uPlot.Axis.Size | undefined, fallback: number) => (typeof value === "number" ? value : fallback) * scale;
  const font = `${11 * scale}px system-ui, sans-serif`;
  return {
    stroke: colors.inkSoft,
    grid: { stroke: withAlpha(colors.line, 0.7), width: 1 },
    ticks: { stroke: colors.line, width: 1, size: 4 * scale },
    font,
    labelFont: font,
    space: (u, index) => ((u.axes[index]?.side ?? 2) % 2 === 1 ? TICK_SPACE.vertical : TICK_SPACE.horizontal) * scale,
    gap: 5 * scale,
    ...options,
    size: sized(options.size, compact ? AXIS_SIZE.compact : AXIS_SIZE.normal),
    labelSize: (options.labelSize ?? 30) * scale,
  };
}

/** A number for a legend: four significant figures, or "—" where there is none. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude >= 1e5 || magnitude < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A legend value formatter for a series. */
export const legendValue = (_: uPlot, value: number | null): string => formatValue(value);

/** A chart's uPlot options, but its size (the chart sets that). */
export type ChartOptions = Omit<uPlot.Options, "width" | "height">;

/** The narrowest a chart is drawn (a narrower container clips it): in the page, and where it fills a frame. */
const MIN_WIDTH = 200;
const MIN_FILL_WIDTH = 100;
/** Where a chart fills its panel, its plot (axes included, the legend not) is at least this tall, at scale 1. */
const MIN_FILL_HEIGHT = 100;

/**
 * The legend's entries switch their series off and on by keyboard too: each (but the x
 * series') is a toggle button in the tab order, pressed while its series is shown. uPlot's own
 * click handler does the switching; Enter and Space click.
 */
function keyboardLegend(plot: uPlot): void {
  const rows = plot.root.querySelectorAll<HTMLElement>(".u-legend .u-series");
  rows.forEach((row, index) => {
    const toggle = row.querySelector<HTMLElement>("th");
    const series = plot.series[index];
    if (index === 0 || !toggle || !series) return;
    const showPressed = () => toggle.setAttribute("aria-pressed", String(series.show !== false));
    toggle.tabIndex = 0;
    toggle.setAttribute("role", "button");
    toggle.title = `Show or hide ${toggle.textContent ?? "this series"}`;
    showPressed();
    toggle.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      toggle.click();
    });
    // After uPlot's own handler (added first), whether from a click or a key.
    toggle.addEventListener("click", showPressed);
  });
}

/**
 * A uPlot chart that fills its container's width and follows it when the layout changes.
 * `height` is the plotting area with its axes (the legend comes below it), at scale 1; where
 * the layout sets the height ({@link fillsHeight}), the chart takes all of it but the legend.
 */
export class Chart {
  private plot: uPlot;
  private data: uPlot.AlignedData;
  private look: Look;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: (look: Look) => ChartOptions,
    private readonly height: number,
    data: uPlot.AlignedData,
  ) {
    this.data = data;
    this.look = look(container);
    this.plot = this.create();
    new ResizeObserver(() => this.fit()).observe(container);
    watchLook(() => {
      const next = look(container);
      if (sameLook(next, this.look)) return;
      this.look = next;
      this.rebuild();
    });
  }

  /** New data, drawn now (uPlot would otherwise draw in a microtask after the caller). */
  setData(data: uPlot.AlignedData): void {
    this.data = data;
    this.plot.batch(() => this.plot.setData(data));
  }

  /** Builds the chart again from its options (they may have changed), with the data it has. */
  rebuild(): void {
    this.plot.destroy();
    this.plot = this.create();
  }

  private create(): uPlot {
    const plot = new uPlot({ ...this.options(this.look), ...this.size(null) }, this.data, this.container);
    keyboardLegend(plot);
    // The legend's height is known now: a chart that fills its container makes room for it.
    const size = this.size(plot);
    if (size.width !== plot.width || size.height !== plot.height) plot.setSize(size);
    return plot;
  }

  /** The size the chart should have now (`plot`, if built, gives the legend's height). */
  private size(plot: uPlot | null): { width: number; height: number } {
    const width = Math.floor(this.container.clientWidth);
    if (!fillsHeight(this.container)) return { width: Math.max(MIN_WIDTH, width), height: Math.round(this.height * this.look.scale) };
    const legend = plot?.root.querySelector<HTMLElement>(".u-legend")?.offsetHeight ?? 0;
    const height = Math.floor(this.container.clientHeight - legend);
    return { width: Math.max(MIN_FILL_WIDTH, width), height: Math.max(Math.round(MIN_FILL_HEIGHT * this.look.scale), height) };
  }

  private fit(): void {
    for (let pass = 0; pass < 2; pass++) {
      const size = this.size(this.plot);
      if (size.width === this.plot.width && size.height === this.plot.height) return;
      // A second pass: at the new width the legend may wrap onto more or fewer lines.
      this.plot.setSize(size);
    }
  }
}
