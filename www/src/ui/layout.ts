/**
 * The page's look from the link's view keys: embed mode (no page chrome, the panels share
 * the frame), the panels `show=` picks, how many controls, the theme and the text scale.
 * Everything is said through attributes that style.css reads — `data-embed` and
 * `data-controls` on <body>, `data-theme` and the `--scale` property on <html>,
 * `data-left-out` on each `[data-panel]` element the link leaves out — so that the layout
 * itself lives in one place, the stylesheet. Charts follow the theme and scale by themselves
 * (charts/base.ts); the distribution chart is told which of its layers are on show.
 */

import { isConditional, isImagePreset, type Panel, type PresetId, type UrlState } from "../state/url";

/** The panels of a 1D run, in the page's order. */
const PANELS_1D: readonly Panel[] = ["stats", "hist", "dcurve", "map", "loss", "metrics"];
/** The panels of an image run; `row` only for the conditional presets. */
const PANELS_IMAGE: readonly Panel[] = ["stats", "grid", "real", "judge", "loss", "dout", "walk"];

/** The panels that mean something for `preset`. */
export function panelsOf(preset: PresetId): readonly Panel[] {
  if (!isImagePreset(preset)) return PANELS_1D;
  return isConditional(preset) ? [...PANELS_IMAGE, "row"] : PANELS_IMAGE;
}

/**
 * The panels on show: those `show` lists that apply to the preset; every one of the preset's
 * where `show` is empty or lists none that applies (a link for another kind of run still
 * shows something).
 */
export function shownPanels(state: Pick<UrlState, "preset" | "show">): ReadonlySet<Panel> {
  const panels = panelsOf(state.preset);
  const picked = panels.filter((panel) => state.show.includes(panel));
  return new Set(picked.length > 0 ? picked : panels);
}

/** What of the page's views the layout tells directly (ui/views.ts). */
export interface LayoutViews {
  /** The panels on show (the distribution chart draws the densities, D(x), or both). */
  setPanels(panels: ReadonlySet<Panel>): void;
}

/** Gives the page the look `state` asks for; called on every change of state (cheap when nothing changed). */
export function applyLayout(state: UrlState, views: LayoutViews): void {
  const root = document.documentElement;
  const body = document.body;
  body.toggleAttribute("data-embed", state.embed);
  body.dataset.controls = state.controls;
  root.dataset.theme = state.theme;
  // A custom property, as a scale is a number the stylesheet multiplies by; absent at 1, so
  // the default page is exactly the stylesheet's. Written only when it changes: the charts
  // watch this attribute.
  const scale = state.scale === 1 ? "" : String(state.scale);
  if (root.style.getPropertyValue("--scale") !== scale) {
    if (scale === "") root.style.removeProperty("--scale");
    else root.style.setProperty("--scale", scale);
  }

  const panels = shownPanels(state);
  const names: ReadonlySet<string> = panels;
  for (const element of document.querySelectorAll<HTMLElement>("[data-panel]")) {
    // An element can hold several panels (the image grids' section holds three): it is left out when all are.
    const holds = (element.dataset.panel ?? "").split(" ");
    element.toggleAttribute("data-left-out", !holds.some((name) => names.has(name)));
  }
  views.setPanels(panels);
}
