/**
 * The Share dialog's embed builder, as data: what a lecturer chose (panels, controls, theme,
 * scale, autoplay, resume, size) becomes an embed link through the key table (state/url.ts
 * `formatHash`, so the link holds only what differs from the defaults, in canonical order), and
 * that link becomes the code to paste into each slide tool. docs/lecturers.md's recipes are
 * this module's output (tests/unit/embed-code.test.ts checks them), so the page and the docs say
 * the same thing.
 */

import { RESUME, THEMES, formatHash, withViewDefaults, type ControlsChoice, type Panel, type UrlState } from "../../state/url";

export type Theme = (typeof THEMES)[number];
export type Resume = (typeof RESUME)[number];

/** What the lecturer chose. */
export interface EmbedChoice {
  /** The panels shown; empty: every panel of the lab. */
  show: readonly Panel[];
  controls: ControlsChoice;
  theme: Theme;
  scale: number;
  autoplay: boolean;
  resume: Resume;
  /** The frame's width in CSS pixels, or `"100%"`: the slide's (or the cell's) whole width. */
  width: number | "100%";
  /** The frame's height in CSS pixels. */
  height: number;
}

/** The sizes the dialog offers as aspect ratios of the width (height = width ÷ ratio). */
export const ASPECTS = [
  { id: "16:9", ratio: 16 / 9 },
  { id: "4:3", ratio: 4 / 3 },
  { id: "1:1", ratio: 1 },
] as const;

/** The bounds of the size fields, in CSS pixels. */
export const SIZE_LIMITS = { min: 200, max: 4000 } as const;

/** The code a slide tool takes. */
export const SNIPPETS = [
  { kind: "html", label: "HTML (iframe)" },
  { kind: "element", label: "<gan-playground>" },
  { kind: "reveal", label: "reveal.js" },
  { kind: "slidev", label: "Slidev" },
  { kind: "jupyter", label: "Jupyter" },
] as const;
export type SnippetKind = (typeof SNIPPETS)[number]["kind"];

/** The frame's title: what a screen reader says of it. */
export const FRAME_TITLE = "GAN Playground";

/** The defaults the dialog opens with: a slide's whole width, 540 px high, minimal controls. */
export function defaultChoice(state: UrlState): EmbedChoice {
  return {
    show: state.show,
    controls: { level: "min", extras: [] },
    theme: state.theme,
    scale: state.scale,
    autoplay: true,
    resume: "auto",
    width: "100%",
    height: 540,
  };
}

/** The run of `state` (and its moment) in embed mode as `choice` shows it (every other view key at its default). */
export function embedState(state: UrlState, choice: EmbedChoice): UrlState {
  return {
    // The moment (`at`) is the run's, not the page's look: it stays.
    ...withViewDefaults(state, ["at"]),
    embed: true,
    show: [...choice.show],
    controls: choice.controls,
    theme: choice.theme,
    scale: choice.scale,
    autoplay: choice.autoplay,
    resume: choice.resume,
  };
}

/** The embed's hash: the run and the view, canonical. */
export function embedHash(state: UrlState, choice: EmbedChoice): string {
  return formatHash(embedState(state, choice));
}

/**
 * The page's address without its hash (where `gan-playground.js` sits beside `index.html`):
 * what an embed loads.
 */
export function pageAddress(href: string): string {
  const url = new URL(href);
  url.hash = "";
  url.search = "";
  return url.href;
}

/**
 * Text for a double-quoted HTML attribute or Python string. The page's address comes from the
 * URL parser (quotes and angle brackets percent-encoded) and the hash from `formatHash` (every
 * value percent-encoded), so this changes nothing today; it keeps the code well-formed if that
 * ever changes.
 */
function quoted(text: string): string {
  return text
    .replace(/&(?=#|[A-Za-z]+;)/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

const css = (size: number | "100%") => (size === "100%" ? size : `${size}px`);

/** The code to paste for `kind`: the embed of `hash` from the page at `page`, at `choice`'s size. */
export function snippet(kind: SnippetKind, page: string, hash: string, choice: Pick<EmbedChoice, "width" | "height">): string {
  const src = quoted(`${page}${hash}`);
  const { width, height } = choice;
  const frame = `width="${width}" height="${height}" style="border: 0" allow="cross-origin-isolated"`;
  switch (kind) {
    case "html":
      return `<iframe src="${src}"\n        ${frame} title="${FRAME_TITLE}"></iframe>`;
    case "element": {
      const module = quoted(new URL("gan-playground.js", page).href);
      const style = width === "100%" ? "" : ` style="width: ${css(width)}"`;
      return `<script type="module" src="${module}"></script>\n\n<gan-playground hash="${quoted(hash)}" height="${height}"${style}></gan-playground>`;
    }
    case "reveal":
      return `<section>\n  <iframe data-src="${src}"\n          data-preload ${frame}\n          title="${FRAME_TITLE}"></iframe>\n</section>`;
    case "slidev":
      return `<iframe src="${src}"\n        style="width: ${css(width)}; height: ${height}px; border: 0" allow="cross-origin-isolated" title="${FRAME_TITLE}"></iframe>`;
    case "jupyter":
      return `from IPython.display import IFrame\n\nIFrame("${src}",\n       width=${width === "100%" ? '"100%"' : width}, height=${height})`;
  }
}

/** The height for `width` at an aspect ratio, within {@link SIZE_LIMITS}. */
export function heightFor(width: number, ratio: number): number {
  return Math.min(SIZE_LIMITS.max, Math.max(SIZE_LIMITS.min, Math.round(width / ratio)));
}
