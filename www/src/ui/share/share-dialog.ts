/**
 * The Share dialog: the link with a QR code (big enough to scan from the back of a lecture hall,
 * and full screen on a click), and the embed builder — the panels, controls, theme, scale,
 * autoplay, resume and size of an embed, a live preview of exactly that embed, and the code to
 * paste for each slide tool (./embed-code.ts); then the sections the page adds (recording a
 * clip, ../record/). A native modal <dialog>: it holds the focus, Escape closes it, and the
 * focus goes back to the Share button. Everything in it is made with DOM calls; nothing from
 * the link is ever parsed as markup.
 */

import { encode } from "uqr";
import { CONTROLS, CONTROL_EXTRAS, PANEL_NAMES, RESUME, THEMES, panelsOf, type Panel, type UrlState } from "../../state/url";
import { ASPECTS, SIZE_LIMITS, SNIPPETS, defaultChoice, embedHash, heightFor, pageAddress, snippet, type EmbedChoice, type SnippetKind } from "./embed-code";
import { make } from "../dom";

/** What the dialog needs from the page. */
export interface ShareHost {
  /** The run and view on the page now. */
  state(): UrlState;
  /** The iteration the run on the page is at. */
  step(): number;
  /** The link Copy link gives for `state` (in embed mode, the full page of the same run). */
  link(state: UrlState): string;
  /** Copies `text`, saying so on `button` (or, without a clipboard, in the page's messages). */
  copy(text: string, button: HTMLButtonElement): Promise<void>;
}

/** A section of the dialog besides the link and the embed (the clip recorder, ui/record/). */
export interface ShareSection {
  readonly element: HTMLElement;
  /** The dialog opened: the section shows the page as it is now. */
  opened(): void;
}

/** Pixels per QR module on the dialog's canvas: a version-10 code (≈ 300 characters) is 285 px. */
const MODULE_PX = 5;
/** How long the preview waits after a change before it loads the new embed. */
const PREVIEW_DELAY_MS = 300;
/** The width a preview of a `100%` embed is drawn at: a 16:9 slide's content area. */
const FULL_WIDTH_PREVIEW_PX = 960;

const LABELS = {
  controls: { full: "Every control", min: "Play, step, reset", none: "None (the deck drives it)" },
  extras: { rewind: "The rewind slider", qr: "A QR code of the link (for the room)" },
  theme: { auto: "The viewer's system", light: "Light", dark: "Dark" },
  resume: { auto: "Yes (embed default)", "1": "Yes", "0": "No: always from step 0" },
} as const satisfies {
  controls: Record<(typeof CONTROLS)[number], string>;
  extras: Record<(typeof CONTROL_EXTRAS)[number], string>;
  theme: Record<(typeof THEMES)[number], string>;
  resume: Record<(typeof RESUME)[number], string>;
};

/** A labelled field: `<label>text <control></label>`. */
function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  return make("label", { className: "share-field" }, `${text} `, control);
}

function options<T extends string>(select: HTMLSelectElement, labels: Record<T, string>): HTMLSelectElement {
  for (const [value, text] of Object.entries(labels) as [T, string][]) select.append(make("option", { value, textContent: text }));
  return select;
}

/** Draws the QR code of `text` on `canvas`, one module `MODULE_PX` pixels, with a quiet zone of four. */
export function drawQr(canvas: HTMLCanvasElement, text: string): void {
  const { data, size } = encode(text, { ecc: "M", border: 4 });
  canvas.width = canvas.height = size * MODULE_PX;
  const context = canvas.getContext("2d");
  if (!context) return;
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#000000";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) context.fillRect(x * MODULE_PX, y * MODULE_PX, MODULE_PX, MODULE_PX);
    }),
  );
}

export class ShareDialog {
  readonly element: HTMLDialogElement;
  private choice: EmbedChoice | null = null;
  private previewTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly link = make("input", { id: "share-link", type: "url", readOnly: true, className: "share-link" });
  /** The link (and the embed) at the run's present iteration: `at` (ui/moment.ts). */
  private readonly atMoment = make("input", { id: "share-at", type: "checkbox" });
  private readonly atLabel = make("span", { id: "share-at-label" });
  private readonly qr = make("canvas", { id: "share-qr", className: "share-qr" });
  private readonly panels = make("fieldset", { id: "share-panels", className: "share-panels" });
  private readonly controls = options(make("select", { id: "share-controls" }), LABELS.controls);
  /** What `controls` adds (`rewind`, `qr`): a box each. */
  private readonly extras = CONTROL_EXTRAS.map((extra) => {
    const box = make("input", { id: `share-controls-${extra}`, type: "checkbox", value: extra });
    return { extra, box, label: make("label", { className: "share-field" }, box, ` ${LABELS.extras[extra]}`) };
  });
  private readonly theme = options(make("select", { id: "share-theme" }), LABELS.theme);
  private readonly scale = make("input", { id: "share-scale", type: "number", min: "0.5", max: "4", step: "0.1" });
  private readonly autoplay = make("input", { id: "share-autoplay", type: "checkbox" });
  private readonly resume = options(make("select", { id: "share-resume" }), LABELS.resume);
  private readonly fullWidth = make("input", { id: "share-full-width", type: "checkbox" });
  private readonly width = make("input", { id: "share-width", type: "number", min: String(SIZE_LIMITS.min), max: String(SIZE_LIMITS.max), step: "10" });
  private readonly height = make("input", { id: "share-height", type: "number", min: String(SIZE_LIMITS.min), max: String(SIZE_LIMITS.max), step: "10" });
  private readonly aspect = make("select", { id: "share-aspect" });
  private readonly tool = make("select", { id: "share-tool" });
  private readonly code = make("textarea", { id: "share-code", readOnly: true, rows: 7, spellcheck: false, className: "share-code" });
  private readonly preview = make("iframe", { id: "share-preview", title: "Preview of the embed" });
  /** Holds the preview's iframe once the dialog is first opened (a page that never shares has no frame). */
  private readonly previewBox = make("div", { className: "share-preview" });
  private readonly sizeNote = make("p", { className: "share-note", id: "share-size-note" });

  constructor(
    private readonly host: ShareHost,
    private readonly sections: readonly ShareSection[] = [],
  ) {
    this.aspect.append(make("option", { value: "", textContent: "Free" }), ...ASPECTS.map(({ id }) => make("option", { value: id, textContent: id })));
    for (const { kind, label } of SNIPPETS) this.tool.append(make("option", { value: kind, textContent: label }));
    this.qr.setAttribute("role", "img");
    this.preview.setAttribute("allow", "cross-origin-isolated");

    const close = make("button", { type: "button", className: "share-close", textContent: "Close" });
    close.addEventListener("click", () => this.element.close());
    const copyLink = make("button", { type: "button", id: "share-copy-link", textContent: "Copy link" });
    copyLink.addEventListener("click", () => void this.host.copy(this.link.value, copyLink));
    const fullScreen = make("button", { type: "button", id: "share-qr-full", textContent: "Full screen" });
    // Full screen where the browser lets a canvas have it; else the code fills the window.
    fullScreen.addEventListener("click", () => {
      if (document.fullscreenEnabled) this.qr.requestFullscreen().catch(() => this.zoom(true));
      else this.zoom(true);
    });
    this.qr.addEventListener("click", () => this.zoom(false));
    const copyCode = make("button", { type: "button", id: "share-copy-code", textContent: "Copy code" });
    copyCode.addEventListener("click", () => void this.host.copy(this.code.value, copyCode));

    this.element = make(
      "dialog",
      { id: "share-dialog", className: "share" },
      make("div", { className: "share-head" }, make("h2", { id: "share-title", textContent: "Share this demo" }), close),
      make(
        "section",
        { className: "share-section" },
        make("h3", { textContent: "Link" }),
        make("div", { className: "share-row" }, labelled("Link to this demo", this.link), copyLink),
        make("label", { className: "share-field" }, this.atMoment, " ", this.atLabel),
        make("figure", { className: "share-figure" }, this.qr, make("figcaption", {}, "Scan it to open the demo on a phone. ", fullScreen)),
      ),
      make(
        "section",
        { className: "share-section" },
        make("h3", { textContent: "Embed in slides" }),
        make(
          "div",
          { className: "share-builder" },
          make(
            "div",
            { className: "share-form" },
            this.panels,
            labelled("Controls", this.controls),
            ...this.extras.map(({ label }) => label),
            labelled("Theme", this.theme),
            labelled("Scale", this.scale),
            make("label", { className: "share-field" }, this.autoplay, " Start training when shown (autoplay)"),
            labelled("Resume after a reload", this.resume),
            make(
              "fieldset",
              { className: "share-size" },
              make("legend", { textContent: "Size (CSS pixels)" }),
              make("label", { className: "share-field" }, this.fullWidth, " The slide's whole width"),
              labelled("Width", this.width),
              labelled("Height", this.height),
              labelled("Aspect ratio", this.aspect),
            ),
          ),
          make("figure", { className: "share-figure" }, this.previewBox, make("figcaption", {}, "Live preview of exactly this embed. ", this.sizeNote)),
        ),
        make("div", { className: "share-row" }, labelled("Code for", this.tool), copyCode),
        labelled("Code to paste", this.code),
      ),
      ...sections.map(({ element }) => element),
    );
    this.element.setAttribute("aria-labelledby", "share-title");
    this.element.addEventListener("close", () => this.unloadPreview());
    // Every field of the builder changes the embed; the size fields keep the aspect ratio. (The
    // other sections' fields are theirs.)
    const ours = (target: EventTarget | null) => !sections.some(({ element }) => target instanceof Node && element.contains(target));
    for (const type of ["input", "change"]) {
      this.element.addEventListener(type, (event) => {
        if (ours(event.target)) this.changed(event.target);
      });
    }
    document.body.append(this.element);
  }

  /** Opens the dialog on the page's run as it is now. */
  open(): void {
    const state = this.host.state();
    const step = this.host.step();
    this.atMoment.checked = false;
    this.atMoment.disabled = step === 0;
    this.atMoment.value = String(step);
    this.atLabel.textContent = `At this moment: iteration ${step.toLocaleString("en-US")} (the link trains there and pauses)`;
    this.showLink();
    this.choice = defaultChoice(state);
    this.fillPanels(panelsOf(state.preset), this.choice.show);
    this.controls.value = this.choice.controls.level;
    for (const { extra, box } of this.extras) box.checked = this.choice.controls.extras.includes(extra);
    this.theme.value = this.choice.theme;
    this.scale.value = String(this.choice.scale);
    this.autoplay.checked = this.choice.autoplay;
    this.resume.value = this.choice.resume;
    this.fullWidth.checked = this.choice.width === "100%";
    this.width.value = String(this.choice.width === "100%" ? FULL_WIDTH_PREVIEW_PX : this.choice.width);
    this.width.disabled = this.fullWidth.checked;
    this.height.value = String(this.choice.height);
    this.aspect.value = "";
    if (!this.preview.isConnected) this.previewBox.append(this.preview);
    for (const section of this.sections) section.opened();
    if (!this.element.open) this.element.showModal();
    // Once shown, so that the preview is fitted to the room the dialog has.
    this.render(true);
  }

  /** The page's state, at the moment if that is asked for. */
  private shared(): UrlState {
    const state = this.host.state();
    return this.atMoment.checked ? { ...state, at: Number(this.atMoment.value) } : state;
  }

  /** The link and its QR code. */
  private showLink(): void {
    const link = this.host.link(this.shared());
    this.link.value = link;
    drawQr(this.qr, link);
    this.qr.setAttribute("aria-label", `QR code of the link ${link}`);
  }

  private fillPanels(panels: readonly Panel[], shown: readonly Panel[]): void {
    this.panels.replaceChildren(make("legend", { textContent: "Panels (none ticked: every one)" }));
    for (const panel of panels) {
      const box = make("input", { type: "checkbox", value: panel, checked: shown.includes(panel) });
      box.dataset.panel = panel;
      this.panels.append(make("label", { className: "share-check" }, box, ` ${PANEL_NAMES[panel]}`));
    }
  }

  /** Reads the form after a change to `target` and redraws. */
  private changed(target: EventTarget | null): void {
    if (target === this.atMoment) this.showLink();
    if (!this.choice || target === this.tool) {
      this.render(false);
      return;
    }
    const ratio = ASPECTS.find(({ id }) => id === this.aspect.value)?.ratio;
    const clamp = (input: HTMLInputElement, fallback: number) => {
      const value = Math.round(Number(input.value));
      return Number.isFinite(value) && value >= SIZE_LIMITS.min && value <= SIZE_LIMITS.max ? value : fallback;
    };
    this.width.disabled = this.fullWidth.checked;
    const width = clamp(this.width, FULL_WIDTH_PREVIEW_PX);
    let height = clamp(this.height, this.choice.height);
    if (ratio && target !== this.height) {
      height = heightFor(width, ratio);
      this.height.value = String(height);
    }
    const scale = Number(this.scale.value);
    const checked = [...this.panels.querySelectorAll<HTMLInputElement>("input[type=checkbox]:checked")];
    this.choice = {
      show: checked.map((box) => box.dataset.panel as Panel),
      controls: {
        level: this.controls.value as EmbedChoice["controls"]["level"],
        extras: this.extras.filter(({ box }) => box.checked).map(({ extra }) => extra),
      },
      theme: this.theme.value as EmbedChoice["theme"],
      scale: Number.isFinite(scale) && scale >= 0.5 && scale <= 4 ? Math.round(scale * 100) / 100 : this.choice.scale,
      autoplay: this.autoplay.checked,
      resume: this.resume.value as EmbedChoice["resume"],
      width: this.fullWidth.checked ? "100%" : width,
      height,
    };
    this.render(true);
  }

  /** The code for the chosen tool and, when the embed changed, a new preview. */
  private render(embedChanged: boolean): void {
    if (!this.choice) return;
    const page = pageAddress(this.host.link(this.host.state()));
    const hash = embedHash(this.shared(), this.choice);
    this.code.value = snippet(this.tool.value as SnippetKind, page, hash, this.choice);
    if (!embedChanged) return;
    const { width, height } = this.choice;
    const frameWidth = width === "100%" ? FULL_WIDTH_PREVIEW_PX : width;
    this.preview.style.width = `${frameWidth}px`;
    this.preview.style.height = `${height}px`;
    this.preview.dataset.src = `${page}${hash}`;
    this.sizeNote.textContent =
      width === "100%" ? `Shown ${frameWidth} × ${height} px; it takes the slide's width.` : `${width} × ${height} px, drawn to fit here.`;
    this.fit(frameWidth, height);
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(() => {
      if (this.element.open && this.preview.dataset.src && this.preview.src !== this.preview.dataset.src) this.preview.src = this.preview.dataset.src;
    }, PREVIEW_DELAY_MS);
  }

  /** Scales the preview down to the room the dialog has (never up). */
  private fit(width: number, height: number): void {
    const room = this.previewBox.parentElement?.clientWidth || width;
    const scale = Math.min(1, room / width);
    this.preview.style.transform = `scale(${scale})`;
    this.previewBox.style.width = `${Math.round(width * scale)}px`;
    this.previewBox.style.height = `${Math.round(height * scale)}px`;
  }

  /** The QR code over the whole window (where full screen is refused); a click puts it back. */
  private zoom(on: boolean): void {
    this.qr.classList.toggle("share-qr-zoomed", on);
  }

  /** A closed dialog's preview stops training: its page is unloaded. */
  private unloadPreview(): void {
    clearTimeout(this.previewTimer);
    this.zoom(false);
    this.preview.src = "about:blank";
    delete this.preview.dataset.src;
  }
}
