/**
 * `<gan-playground>`: the playground as a custom element, for slide decks and course pages.
 *
 *     <script type="module" src="https://example.org/gan/gan-playground.js"></script>
 *     <gan-playground hash="#v=1&preset=tuned-1d&embed=1&autoplay=1" height="480"></gan-playground>
 *
 * The element wraps the page in an <iframe> (its own document, worker and wasm memory, so
 * nothing leaks into the host page, nor its CSS into ours) and speaks widget protocol v1
 * (shared/DESIGN.md §4) with it: the widget's messages come out as DOM events on the element
 * (`ready`, `status`, `error`, `samples`, `resize`; `event.detail` is the message), and the
 * methods post commands (sent once the widget is ready; earlier ones wait in a queue).
 *
 * Vite builds this file into `dist/gan-playground.js`, one module with no imports, next to the
 * page's `index.html`: the iframe loads that page unless `src` names another deployment. Only
 * types come from ../protocol, so that no shared chunk is ever split off this module.
 */

import type { MAX_SAMPLES, MAX_STEPS_PER_COMMAND, WIDGET_SOURCE, WidgetCommand, WidgetMessage } from "../protocol";

/** A widget message as it arrives: tagged with its source and the protocol version. */
export type GanPlaygroundMessage = WidgetMessage & { source: typeof WIDGET_SOURCE; v: number };
export type GanPlaygroundReady = Extract<GanPlaygroundMessage, { type: "ready" }>;
export type GanPlaygroundStatus = Extract<GanPlaygroundMessage, { type: "status" }>;
export type GanPlaygroundSamples = Extract<GanPlaygroundMessage, { type: "samples" }>;
export type GanPlaygroundError = Extract<GanPlaygroundMessage, { type: "error" }>;
export type GanPlaygroundResize = Extract<GanPlaygroundMessage, { type: "resize" }>;

/** The element's events: one per widget message type, with the message as `detail`. */
export interface GanPlaygroundEventMap extends Omit<HTMLElementEventMap, "error" | "resize"> {
  ready: CustomEvent<GanPlaygroundReady>;
  status: CustomEvent<GanPlaygroundStatus>;
  error: CustomEvent<GanPlaygroundError>;
  samples: CustomEvent<GanPlaygroundSamples>;
  resize: CustomEvent<GanPlaygroundResize>;
}

// Runtime copies of protocol.ts's constants (a value import could split off a shared chunk);
// the type annotations fail to compile if the two ever differ.
const SOURCE: typeof WIDGET_SOURCE = "gan-playground";
const VERSION = 1;
const MAX_STEPS: typeof MAX_STEPS_PER_COMMAND = 100_000;
const MAX_SAMPLE_COUNT: typeof MAX_SAMPLES = 100_000;

const TAG = "gan-playground";
const DEFAULT_TITLE = "GAN Playground";
/** The iframe's height until a `height` attribute or the widget's first `resize` says otherwise. */
const DEFAULT_HEIGHT = "480px";
const MESSAGE_TYPES: ReadonlySet<string> = new Set(["ready", "status", "error", "samples", "resize"]);

const STYLE = `
:host { display: block; }
:host([hidden]) { display: none; }
iframe { display: block; box-sizing: border-box; width: 100%; height: ${DEFAULT_HEIGHT}; border: 0; }
`;

/** The element's stylesheet, shared by every instance (made by the first). */
let sheet: CSSStyleSheet | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(n: number, max: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= max;
}

/** A `height` attribute as CSS: a bare number is CSS pixels, anything else a CSS length. */
function cssHeight(value: string): string {
  const trimmed = value.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? `${trimmed}px` : trimmed;
}

interface PendingSamples {
  resolve: (message: GanPlaygroundSamples) => void;
  reject: (error: Error) => void;
}

/**
 * The `<gan-playground>` element. Attributes: `hash` (the demo, as in the page's address;
 * changing it later sends `set-hash`, no reload), `height` (CSS px or a CSS length; without
 * it the frame follows the widget's `resize` messages), `title` (the iframe's accessible name),
 * `src` (another deployment's page instead of the one next to this module).
 */
export class GanPlaygroundElement extends HTMLElement {
  static readonly observedAttributes = ["hash", "height", "title", "src"];

  readonly #frame: HTMLIFrameElement;
  #ready = false;
  #lastStatus: GanPlaygroundStatus | null = null;
  /** Commands given before the widget was ready, in order. */
  #queue: WidgetCommand[] = [];
  readonly #pendingSamples = new Map<string, PendingSamples>();
  readonly #statusWaiters: Array<(message: GanPlaygroundStatus) => void> = [];
  #nextSamplesId = 1;
  /** The content height the widget last reported (CSS px), followed while there is no `height`. */
  #contentHeight: number | null = null;
  /** The page URL (without hash) the frame was given; a new one reloads it. */
  #loadedPage: string | null = null;
  #warnedVersion = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    this.#frame = document.createElement("iframe");
    // Lets the threaded CPU build run inside the frame when the host page is cross-origin isolated.
    this.#frame.allow = "cross-origin-isolated";
    this.#frame.setAttribute("part", "frame");
    this.#frame.title = DEFAULT_TITLE;
    root.append(this.#frame);
    // A constructed stylesheet, not a <style>: a host page whose Content-Security-Policy
    // forbids inline styles (as the example deck's does) still styles the element.
    if ("adoptedStyleSheets" in (root as object)) {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(STYLE);
      }
      root.adoptedStyleSheets = [sheet];
    } else {
      const style = document.createElement("style");
      style.textContent = STYLE;
      root.prepend(style);
    }
  }

  /** Whether the widget has said `ready` (and has not been reloaded since). */
  get ready(): boolean {
    return this.#ready;
  }

  /** The latest `status` message, or `null` before the first. */
  get lastStatus(): GanPlaygroundStatus | null {
    return this.#lastStatus;
  }

  /** The `hash` attribute: the demo, e.g. `#v=1&preset=mnist-mlp&embed=1`. */
  get hash(): string {
    return this.getAttribute("hash") ?? "";
  }

  set hash(value: string) {
    this.setAttribute("hash", value);
  }

  /** The iframe the widget lives in (for focus handling, or `contentWindow` checks). */
  get frame(): HTMLIFrameElement {
    return this.#frame;
  }

  /** HTMLElement's own, typed for the widget's events (`event.detail` is the message). */
  override addEventListener<K extends keyof GanPlaygroundEventMap>(
    type: K,
    listener: (this: GanPlaygroundElement, event: GanPlaygroundEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
  }

  /** HTMLElement's own, typed like addEventListener. */
  override removeEventListener<K extends keyof GanPlaygroundEventMap>(
    type: K,
    listener: (this: GanPlaygroundElement, event: GanPlaygroundEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener, options);
  }

  connectedCallback(): void {
    window.addEventListener("message", this.#onMessage);
    this.#applyHeight();
    // A frame that leaves the document is discarded; re-inserting it loads its src again.
    this.#ready = false;
    this.#load();
  }

  disconnectedCallback(): void {
    window.removeEventListener("message", this.#onMessage);
    this.#ready = false;
    this.#rejectPending("the <gan-playground> element was removed from the document");
  }

  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void {
    if (oldValue === newValue) return;
    switch (name) {
      case "title":
        this.#frame.title = newValue ?? DEFAULT_TITLE;
        return;
      case "height":
        this.#applyHeight();
        return;
      case "src":
        if (this.isConnected) this.#load();
        return;
      case "hash":
        // Before the first load the hash simply goes into the frame's URL.
        if (this.#loadedPage !== null) this.#send({ type: "set-hash", hash: newValue ?? "" });
        return;
    }
  }

  /** Starts training. */
  play(): void {
    this.#send({ type: "play" });
  }

  /** Pauses training. */
  pause(): void {
    this.#send({ type: "pause" });
  }

  /** Back to step 0 with the same initial weights (and forgets a saved checkpoint). */
  reset(): void {
    this.#send({ type: "reset" });
  }

  /** `n` training iterations (1 … 100,000), paused or not. */
  step(n = 1): void {
    if (!isCount(n, MAX_STEPS)) throw new RangeError(`step(n): n must be an integer from 1 to ${MAX_STEPS}, not ${n}`);
    this.#send({ type: "step", n });
  }

  /** Asks for a `status` now; resolves with the next one that arrives. */
  getStatus(): Promise<GanPlaygroundStatus> {
    const answer = new Promise<GanPlaygroundStatus>((resolve) => this.#statusWaiters.push(resolve));
    this.#send({ type: "get-status" });
    return answer;
  }

  /**
   * `n` samples of the current generator (1 … 100,000): numbers for a 1D run, images for a
   * digit GAN. Rejects if the element leaves the document or its page is replaced first.
   */
  getSamples(n: number): Promise<GanPlaygroundSamples> {
    if (!isCount(n, MAX_SAMPLE_COUNT)) {
      return Promise.reject(new RangeError(`getSamples(n): n must be an integer from 1 to ${MAX_SAMPLE_COUNT}, not ${n}`));
    }
    const id = `gan-playground-samples-${this.#nextSamplesId++}`;
    const answer = new Promise<GanPlaygroundSamples>((resolve, reject) => this.#pendingSamples.set(id, { resolve, reject }));
    this.#send({ type: "get-samples", id, n });
    return answer;
  }

  /** The page to load: `src` (resolved against the document) or the page next to this module. */
  #pageUrl(): URL | null {
    const src = this.getAttribute("src");
    const page = src === null ? new URL(/* @vite-ignore */ "./index.html", import.meta.url) : new URL(src, document.baseURI);
    // Only a web page: a `javascript:` or `data:` src would run in (or as) the host's origin.
    if (page.protocol !== "https:" && page.protocol !== "http:") {
      console.error(`<gan-playground>: src must be an http(s) URL, not ${page.protocol}`);
      return null;
    }
    page.hash = "";
    return page;
  }

  /**
   * Points the frame at the page with the current hash, unless it shows (or is loading) that
   * already: a re-inserted frame reloads its src by itself, and a hash the widget has been sent
   * with `set-hash` since must not be undone by that reload.
   */
  #load(): void {
    const page = this.#pageUrl();
    if (!page) return;
    const pageChanged = this.#loadedPage !== null && page.href !== this.#loadedPage;
    if (pageChanged) this.#rejectPending("the <gan-playground> page was replaced (src changed)");
    this.#loadedPage = page.href;
    const hash = this.hash;
    page.hash = hash.startsWith("#") ? hash.slice(1) : hash;
    if (this.#frame.getAttribute("src") === page.href) return;
    this.#ready = false;
    // The new URL carries the hash: a set-hash still queued for the old page would repeat it.
    this.#queue = this.#queue.filter((queued) => queued.type !== "set-hash");
    this.#frame.src = page.href;
  }

  /** The frame's height: the `height` attribute, else the widget's last `resize`, else the default. */
  #applyHeight(): void {
    const height = this.getAttribute("height");
    if (height !== null) this.#frame.style.height = cssHeight(height);
    else if (this.#contentHeight !== null) this.#frame.style.height = `${this.#contentHeight}px`;
    else this.#frame.style.removeProperty("height");
  }

  #send(command: WidgetCommand): void {
    if (!this.#ready) {
      // A newer hash makes a queued one pointless.
      if (command.type === "set-hash") this.#queue = this.#queue.filter((queued) => queued.type !== "set-hash");
      this.#queue.push(command);
      return;
    }
    this.#post(command);
  }

  #post(command: WidgetCommand): void {
    // The target origin: the page's own, so a frame navigated elsewhere gets nothing.
    const origin = this.#loadedPage === null ? "*" : new URL(this.#loadedPage).origin;
    this.#frame.contentWindow?.postMessage({ target: SOURCE, ...command }, origin);
  }

  #rejectPending(reason: string): void {
    for (const pending of this.#pendingSamples.values()) pending.reject(new Error(reason));
    this.#pendingSamples.clear();
  }

  readonly #onMessage = (event: MessageEvent<unknown>): void => {
    // Only our own frame's widget: other frames on the host page speak the same protocol.
    if (event.source === null || event.source !== this.#frame.contentWindow) return;
    const data = event.data;
    if (!isRecord(data) || data.source !== SOURCE || typeof data.type !== "string" || !MESSAGE_TYPES.has(data.type)) return;
    if (data.v !== VERSION) {
      if (!this.#warnedVersion) console.warn(`<gan-playground>: ignoring widget protocol v${String(data.v)} (this element speaks v${VERSION})`);
      this.#warnedVersion = true;
      return;
    }
    const message = data as GanPlaygroundMessage;
    switch (message.type) {
      case "ready":
        this.#ready = true;
        for (const command of this.#queue.splice(0)) this.#post(command);
        break;
      case "status":
        this.#lastStatus = message;
        for (const resolve of this.#statusWaiters.splice(0)) resolve(message);
        break;
      case "samples": {
        const id = String(message.id);
        this.#pendingSamples.get(id)?.resolve(message);
        this.#pendingSamples.delete(id);
        break;
      }
      case "resize":
        if (!Number.isFinite(message.height) || message.height <= 0) return;
        this.#contentHeight = Math.ceil(message.height);
        this.#applyHeight();
        break;
      case "error":
        break;
    }
    this.dispatchEvent(new CustomEvent(message.type, { detail: message }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "gan-playground": GanPlaygroundElement;
  }
}

// Twice on one page (two copies of this module, e.g. from two deployments) must not throw.
if (!customElements.get(TAG)) customElements.define(TAG, GanPlaygroundElement);
