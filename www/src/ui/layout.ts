/**
 * The page's look from the link's view keys: embed mode (no page chrome, the panels share
 * the frame), the panels `show=` picks, how many controls, the theme and the text scale.
 * Everything is said through attributes that style.css reads — `data-embed` and
 * `data-controls`, `data-rewind` and `data-qr` on <body>, `data-theme` and the `--scale` property on <html>,
 * `data-left-out` on each `[data-panel]` element the link leaves out — so that the layout
 * itself lives in one place, the stylesheet. Charts follow the theme and scale by themselves
 * (charts/base.ts); the lab's views are given the panels on show (the 1D distribution chart
 * draws the densities, D(x), or both).
 */

import { panelsOf, type Panel, type UrlState } from "../state/url";

// Which panels each lab has is a fact of the URL contract (`show=`, and what a preset change keeps).
export { panelsOf };

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

/**
 * Gives the page the look `state` asks for; called on every change of state (cheap when
 * nothing changed). Returns the panels on show, for the lab's views to follow.
 */
export function applyLayout(state: UrlState): ReadonlySet<Panel> {
  const root = document.documentElement;
  const body = document.body;
  body.toggleAttribute("data-embed", state.embed);
  body.dataset.controls = state.controls.level;
  // What the link's `controls` adds, as it lists it (the rewind slider may show without it: below).
  body.dataset.controlsExtras = state.controls.extras.join(" ");
  // The rewind slider: on a page with every control; in embed mode (or with fewer), where the link asks for it.
  body.toggleAttribute("data-rewind", (state.controls.level === "full" && !state.embed) || state.controls.extras.includes("rewind"));
  body.toggleAttribute("data-qr", state.controls.extras.includes("qr"));
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
  return panels;
}
