/**
 * "Record a clip", for slide tools that cannot embed a live page: a section of the Share dialog
 * (the views to record, the format, the size, Start) and the recorder bar on the page (the
 * clip's length, its size so far, Stop). Start closes the dialog and records the ticked views
 * while the run trains (./recorder.ts); Stop — or the format's longest clip — finishes the file
 * and downloads it, named as the page's other downloads are.
 *
 * The views are the lab's views on the page now that are drawn on canvases: each innermost
 * `[data-panel]` element of the lab's views that shows a canvas and no SVG drawing (the model
 * overview is an SVG, which a canvas cannot take without the page's styles). Which are ticked
 * at first is the lab's word (its descriptor's `clipPanels`: its main view and its losses); a
 * choice made here is kept for the lab's next clip.
 */

import { descriptorOf } from "../../labs/registry";
import { labOf, type UrlState } from "../../state/url";
import { CLIP_SIZES, DEFAULT_SIZE_INDEX, FORMATS, clipFileName, formatBytes, formatDuration, type ClipFormat, type Mp4Codec } from "./clip";
import type { RecordedView } from "./compositor";
import { mp4Codec, webmType } from "./encoders";
import { Recording } from "./recorder";
import { make } from "../dom";

/** What the panel needs from the page. */
export interface RecordHost {
  /** The run and view on the page now (the preset and seed name the file). */
  state(): UrlState;
  /** The iteration the run is at. */
  step(): number;
  /** Saves `file` as `name` (the page's download). */
  download(file: Blob, name: string): void;
  /** Says something in the page's messages. */
  notify(text: string, tone: "info" | "error"): void;
  /** An element of index.html by id (the recorder bar's). */
  element<T extends HTMLElement>(id: string): T;
}

/** Whether `element` takes room on the page now. */
function onPage(element: Element): boolean {
  return element.getClientRects().length > 0;
}

function showsCanvas(element: Element): boolean {
  return [...element.querySelectorAll("canvas")].some((canvas) => canvas.width > 0 && onPage(canvas));
}

/** The views on the page that a clip can show, in the page's order (see the file's comment). */
export function recordableViews(): HTMLElement[] {
  const candidates = [...document.querySelectorAll<HTMLElement>(".views [data-panel]")].filter(
    (element) => !element.hasAttribute("data-left-out") && onPage(element) && showsCanvas(element) && !element.querySelector("svg"),
  );
  return candidates.filter((element) => !candidates.some((other) => other !== element && element.contains(other)));
}

/** A view's name on the clip and in the dialog: its heading, or its figure's caption. */
function viewName(element: HTMLElement): string {
  const heading = element.querySelector(":scope > h2, :scope > figcaption");
  return (heading?.textContent ?? element.dataset.panel ?? "").replace(/\s+/g, " ").trim();
}

/** The bar's elements in index.html. */
interface Bar {
  box: HTMLElement;
  label: HTMLElement;
  time: HTMLElement;
  size: HTMLElement;
  stop: HTMLButtonElement;
}

export class RecordPanel {
  /** The dialog's section. */
  readonly element: HTMLElement;
  private readonly views = make("fieldset", { id: "record-views", className: "share-panels" });
  private readonly format = make("select", { id: "record-format" });
  private readonly resolution = make("select", { id: "record-resolution" });
  private readonly formatNote = make("p", { id: "record-format-note", className: "share-note record-note" });
  private readonly start = make("button", { type: "button", id: "record-start", textContent: "Start recording" });
  private readonly busy = make("p", { id: "record-busy", className: "share-note record-note", hidden: true });
  private readonly bar: Bar;
  private mp4: Mp4Codec | null = null;
  private recording: Recording | null = null;
  /** Between Start and the first frame, and between Stop and the download. */
  private starting = false;
  /** The views ticked for each lab's last clip, by their `data-panel`. */
  private readonly ticked = new Map<string, ReadonlySet<string>>();
  /** What the file is named by: the run when the recording started. */
  private run: { preset: string; seed: number } = { preset: "", seed: 0 };
  private shownTime = "";
  private shownSize = "";
  private readonly holdPage = (event: BeforeUnloadEvent) => event.preventDefault();

  constructor(private readonly host: RecordHost) {
    this.bar = {
      box: host.element("recorder"),
      label: host.element("record-label"),
      time: host.element("record-time"),
      size: host.element("record-size"),
      stop: host.element("record-stop"),
    };
    this.bar.stop.addEventListener("click", () => void this.stop("stopped"));
    CLIP_SIZES.forEach(({ width, height }, i) => this.resolution.append(make("option", { value: String(i), textContent: `${width} × ${height}` })));
    this.resolution.value = String(DEFAULT_SIZE_INDEX);
    this.format.setAttribute("aria-describedby", this.formatNote.id);
    this.format.addEventListener("change", () => this.describeFormat());
    this.views.addEventListener("change", () => this.update());
    this.start.addEventListener("click", () => void this.begin());

    this.element = make(
      "section",
      { id: "record-section", className: "share-section" },
      make("h3", { id: "record-title", textContent: "Record a clip" }),
      make(
        "p",
        { className: "share-note record-note" },
        "For slide tools that cannot embed a live page: a video or an animated GIF of the views while the run trains, with the iteration on every frame. ",
        "Start closes this dialog; press Play, and stop the clip in the bar under the controls: the file downloads.",
      ),
      make(
        "div",
        { className: "record-form" },
        this.views,
        make(
          "div",
          { className: "record-choices" },
          make("label", { className: "share-field" }, "Format ", this.format),
          make("label", { className: "share-field" }, "Size (pixels) ", this.resolution),
          this.formatNote,
          make("div", { className: "share-row" }, this.start),
          this.busy,
        ),
      ),
    );
    this.element.setAttribute("aria-labelledby", "record-title");
  }

  /** The Share dialog opened: the views on the page now, the formats this browser can write. */
  opened(): void {
    this.fillViews();
    this.fillFormats();
    if (!this.mp4) {
      void mp4Codec().then((codec) => {
        this.mp4 = codec;
        if (codec) this.fillFormats();
      });
    }
    this.update();
  }

  private labKey(): string {
    return labOf(this.host.state().preset);
  }

  private fillViews(): void {
    const { preset } = this.host.state();
    const wanted = this.ticked.get(this.labKey()) ?? null;
    const defaults = new Set<string>(descriptorOf(labOf(preset)).clipPanels);
    this.views.replaceChildren(make("legend", { textContent: "Views to record" }));
    recordableViews().forEach((element, i) => {
      const panels = element.dataset.panel ?? "";
      const checked = wanted ? wanted.has(panels) : panels.split(" ").some((panel) => defaults.has(panel));
      const box = make("input", { type: "checkbox", id: `record-view-${i}`, checked });
      box.dataset.panel = panels;
      this.views.append(make("label", { className: "share-check" }, box, ` ${viewName(element)}`));
    });
    if (this.views.querySelectorAll("input").length === 0)
      this.views.append(make("p", { className: "share-note", textContent: "No view of this lab is on the page now." }));
  }

  /** The formats this browser can write, in the select (keeping the choice). */
  private fillFormats(): void {
    const previous = this.format.value;
    const offered: { format: ClipFormat; label: string }[] = [];
    if (webmType()) offered.push({ format: "webm", label: "WebM video" });
    if (typeof Worker !== "undefined") offered.push({ format: "gif", label: "Animated GIF" });
    if (this.mp4) offered.push({ format: "mp4", label: `MP4 video (${this.mp4.label})` });
    this.format.replaceChildren(...offered.map(({ format, label }) => make("option", { value: format, textContent: label })));
    if (offered.some(({ format }) => format === previous)) this.format.value = previous;
    this.describeFormat();
  }

  private describeFormat(): void {
    const format = this.format.value as ClipFormat | "";
    if (!format) {
      this.formatNote.textContent = "This browser can record no clip of the page.";
      return;
    }
    const facts = FORMATS[format];
    const vp9 =
      format === "mp4" && this.mp4?.muxer === "vp9"
        ? " This browser has no H.264 encoder: the MP4 holds VP9, which Keynote and older PowerPoint do not play."
        : "";
    this.formatNote.textContent = `${facts.note}${vp9} ${facts.fps} frames a second, at most ${formatDuration(facts.maxMs)}.`;
  }

  /** The ticked views' elements. */
  private chosen(): RecordedView[] {
    const boxes = [...this.views.querySelectorAll<HTMLInputElement>("input[type=checkbox]:checked")];
    const views = recordableViews();
    return boxes.flatMap((box) => {
      const element = views.find((view) => view.dataset.panel === box.dataset.panel);
      return element ? [{ element, name: viewName(element) }] : [];
    });
  }

  /** Start is for a choice with a view and a format, while nothing records. */
  private update(): void {
    const active = this.recording !== null || this.starting;
    const ready = this.views.querySelector("input:checked") !== null && this.format.value !== "";
    this.start.disabled = active || !ready;
    this.busy.hidden = !active;
    this.busy.textContent = active ? "A clip is being recorded: stop it in the bar under the controls first." : "";
  }

  private async begin(): Promise<void> {
    const views = this.chosen();
    const format = this.format.value as ClipFormat;
    const size = CLIP_SIZES[Number(this.resolution.value)] ?? CLIP_SIZES[DEFAULT_SIZE_INDEX]!;
    if (views.length === 0 || this.recording || this.starting) return;
    const { preset, seed } = this.host.state();
    this.run = { preset, seed };
    this.ticked.set(this.labKey(), new Set(views.map(({ element }) => element.dataset.panel ?? "")));
    this.starting = true;
    this.update();
    this.element.closest("dialog")?.close();
    try {
      this.recording = await Recording.start(
        { format, size, views, title: preset },
        {
          step: () => this.host.step(),
          progress: (ms, bytes) => this.showProgress(ms, bytes),
          full: () => void this.stop("full"),
          failed: (message) => this.fail(message),
        },
      );
    } catch (error) {
      this.starting = false;
      this.update();
      this.host.notify(`The clip could not start: ${error instanceof Error ? error.message : String(error)}.`, "error");
      return;
    }
    this.starting = false;
    const limit = formatDuration(FORMATS[format].maxMs);
    const kind = { gif: "an animated GIF", webm: "a WebM video", mp4: "an MP4 video" }[format];
    this.bar.label.textContent = "";
    this.bar.stop.disabled = false;
    this.bar.stop.textContent = "Stop and download";
    this.bar.box.hidden = false;
    // Said once the bar is shown: a live region that appears with its text may go unannounced.
    setTimeout(() => {
      if (this.recording) this.bar.label.textContent = `Recording ${kind}, ${size.width} × ${size.height} (at most ${limit})`;
    }, 100);
    // A reload or a closed tab would lose the clip: the browser asks first.
    window.addEventListener("beforeunload", this.holdPage);
  }

  private showProgress(ms: number, bytes: number): void {
    const time = formatDuration(ms);
    const size = `≈ ${formatBytes(bytes)}`;
    // Written only when they change (the timer runs at the frame rate).
    if (time !== this.shownTime) this.bar.time.textContent = this.shownTime = time;
    if (size !== this.shownSize) this.bar.size.textContent = this.shownSize = size;
  }

  /** Finishes the clip and downloads it; `full`: the format's longest clip was reached. */
  private async stop(why: "stopped" | "full"): Promise<void> {
    const recording = this.recording;
    if (!recording || this.starting) return;
    this.starting = true;
    // Before Stop is disabled (a disabled button loses the focus).
    const hadFocus = this.bar.box.contains(document.activeElement);
    this.bar.stop.disabled = true;
    this.bar.stop.textContent = "Saving…";
    this.bar.label.textContent = "Finishing the clip…";
    const format = recording.options.format;
    try {
      const { file, ms, step } = await recording.stop();
      // Named by the iteration of its last frame.
      const name = clipFileName(this.run.preset, this.run.seed, step, format);
      this.host.download(file, name);
      const saved = `the clip ${name} (${formatDuration(ms)}, ${formatBytes(file.size)})`;
      const limit = `${format === "gif" ? "A GIF" : "A clip"} stops at ${formatDuration(FORMATS[format].maxMs)}`;
      this.host.notify(why === "full" ? `${limit}: saved ${saved}.` : `Saved ${saved}.`, "info");
    } catch (error) {
      this.host.notify(`The clip could not be saved: ${error instanceof Error ? error.message : String(error)}.`, "error");
    }
    this.finished(hadFocus);
  }

  private fail(message: string): void {
    // While it stops, the stop says what went wrong.
    if (!this.recording || this.starting) return;
    const hadFocus = this.bar.box.contains(document.activeElement);
    this.recording.cancel();
    this.host.notify(`The clip stopped: ${message}. Nothing was saved.`, "error");
    this.finished(hadFocus);
  }

  /** Back to no recording: the bar goes, and a focus that was in it goes to the Share button. */
  private finished(hadFocus: boolean): void {
    this.recording = null;
    this.starting = false;
    this.shownTime = this.shownSize = "";
    this.bar.box.hidden = true;
    window.removeEventListener("beforeunload", this.holdPage);
    this.bar.time.textContent = "0:00";
    this.bar.size.textContent = "";
    if (hadFocus) document.getElementById("share")?.focus();
    this.update();
  }
}
