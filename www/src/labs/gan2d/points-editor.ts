/**
 * The 2D lab's "your own points" editor: paint the points G should learn on a square canvas
 * (mouse, pen or finger), or paste x,y pairs, or pick a CSV/text file. Pasted and read text
 * goes through parsePoints (user-points.ts), whose summary or refusal shows in the status line.
 * The painting arithmetic (pixel → data, the jittered cluster) is pure and exported for tests.
 */

import { palette, watchLook, withAlpha } from "../../charts/base";
import { MAX_FILE_BYTES, MAX_POINTS, MIN_POINTS, parsePoints } from "./user-points";

/** The canvas shows data from −EDITOR_EXTENT to +EDITOR_EXTENT on both axes. */
export const EDITOR_EXTENT = 4;
/** Points each pointer event adds: a few, so that a stroke leaves a band rather than a line. */
export const CLUSTER_POINTS = 4;
/** The cluster's spread around the pointer (data units). */
export const CLUSTER_SIGMA = 0.08;
/** The painting PRNG's seed when the caller gives none. */
const DEFAULT_SEED = 1;
/** A painted point's side on the canvas (CSS pixels). */
const DOT_PX = 3;

/**
 * The data point under a canvas pixel: x grows to the right, y grows upwards (as on a plot),
 * so the top-left corner is (−extent, +extent). `px`, `py` are relative to the canvas's
 * top-left corner, in the same units as `width` and `height`.
 */
export function pixelToData(px: number, py: number, width: number, height: number, extent = EDITOR_EXTENT): [number, number] {
  return [-extent + (px / width) * 2 * extent, extent - (py / height) * 2 * extent];
}

/** The canvas pixel of a data point: the inverse of {@link pixelToData}. */
export function dataToPixel(x: number, y: number, width: number, height: number, extent = EDITOR_EXTENT): [number, number] {
  return [((x + extent) / (2 * extent)) * width, ((extent - y) / (2 * extent)) * height];
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from `random` (Box–Muller; 1 − u keeps the log's argument above 0). */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `count` points around (x, y), each jittered by N(0, σ²) on both axes: x,y pairs. */
export function jitteredCluster(x: number, y: number, random: () => number, count = CLUSTER_POINTS, sigma = CLUSTER_SIGMA): Float32Array {
  const cluster = new Float32Array(2 * count); // [count * 2]: x0, y0, x1, y1, …
  for (let i = 0; i < count; i++) {
    cluster[2 * i] = x + sigma * gaussian(random);
    cluster[2 * i + 1] = y + sigma * gaussian(random);
  }
  return cluster;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

type Tone = "ok" | "warning" | "error";

/** A button with a visible name, a tooltip and a test id. */
function button(text: string, title: string, testId: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.title = title;
  element.dataset.testid = testId;
  return element;
}

export class PointsEditor {
  /** The editor's root, appended to the container it was given. */
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly useButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly text: HTMLTextAreaElement;
  private readonly status: HTMLElement;
  private readonly random: () => number;
  /** The points on the canvas, as x,y pairs. */
  private coordinates: number[] = [];
  /** The pointer that is painting, if one is. */
  private painter: number | null = null;

  /**
   * `onUse` gets the points (x,y pairs) and a sentence on them when the user asks to use
   * painted, pasted or read points; `seed` fixes the painting jitter (tests pass their own).
   */
  constructor(
    container: HTMLElement,
    private readonly onUse: (points: Float32Array, summary: string) => void,
    seed = DEFAULT_SEED,
  ) {
    this.random = seededRandom(seed);
    const root = document.createElement("div");
    root.className = "field points-editor";
    this.element = root;

    const canvas = document.createElement("canvas");
    canvas.className = "points-canvas";
    canvas.dataset.testid = "points-canvas";
    canvas.setAttribute("role", "img");
    canvas.setAttribute(
      "aria-label",
      `Your points, from −${EDITOR_EXTENT} to ${EDITOR_EXTENT} on both axes: press and drag to paint them, or paste x, y pairs in the text box below`,
    );
    canvas.title = "Press and drag to paint the points G should learn";
    // Without touch-action: none a finger's drag scrolls the page instead of painting.
    canvas.style.touchAction = "none";
    canvas.style.display = "block";
    canvas.style.width = "100%";
    canvas.style.aspectRatio = "1 / 1";
    canvas.style.cursor = "crosshair";
    this.canvas = canvas;

    const paintButtons = document.createElement("div");
    paintButtons.className = "data-buttons";
    this.clearButton = button("Clear", "Remove every point from the canvas", "points-clear");
    this.useButton = button("Use these points", `Train G to produce points spread like these (at least ${MIN_POINTS})`, "points-use");
    paintButtons.append(this.clearButton, this.useButton);

    const textLabel = document.createElement("label");
    const textCaption = document.createElement("span");
    textCaption.textContent = "Or paste points, one x, y pair per line (a header line is fine)";
    this.text = document.createElement("textarea");
    this.text.dataset.testid = "points-text";
    this.text.rows = 4;
    this.text.spellcheck = false;
    this.text.placeholder = "e.g.\n0.5, 1.2\n-1.0, 0.3";
    this.text.style.display = "block";
    this.text.style.width = "100%";
    textLabel.append(textCaption, this.text);

    const pasteButtons = document.createElement("div");
    pasteButtons.className = "data-buttons";
    const paste = button("Use pasted points", "Train G to produce points spread like the pasted ones", "points-paste");
    const fileLabel = document.createElement("label");
    fileLabel.className = "file";
    fileLabel.textContent = "or a CSV/text file: ";
    const file = document.createElement("input");
    file.type = "file";
    file.accept = ".csv,.txt,text/plain,text/csv";
    file.dataset.testid = "points-file";
    fileLabel.append(file);
    pasteButtons.append(paste, fileLabel);

    this.status = document.createElement("p");
    this.status.className = "data-status";
    this.status.dataset.testid = "points-status";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");

    root.append(canvas, paintButtons, textLabel, pasteButtons, this.status);
    container.append(root);

    canvas.addEventListener("pointerdown", (event) => {
      if (this.painter !== null || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      this.painter = event.pointerId;
      this.paint(event);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (event.pointerId === this.painter) this.paint(event);
    });
    const end = (event: PointerEvent) => {
      if (event.pointerId !== this.painter) return;
      this.painter = null;
      this.showCount();
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("lostpointercapture", end);

    this.clearButton.addEventListener("click", () => {
      this.coordinates = [];
      this.draw();
      this.showCount();
    });
    this.useButton.addEventListener("click", () => {
      const points = this.points();
      if (points.length / 2 < MIN_POINTS) return;
      const summary = `Painted points: Using ${count(points.length / 2)} points.`;
      this.say(summary, "ok");
      this.onUse(points, summary);
    });
    paste.addEventListener("click", () => this.take(this.text.value, "Pasted points"));
    file.addEventListener("change", () => {
      const chosen = file.files?.[0];
      file.value = "";
      if (!chosen) return;
      if (chosen.size > MAX_FILE_BYTES) {
        const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
        this.say(`${chosen.name}: the file is ${mb(chosen.size)} MB; the page reads files up to ${mb(MAX_FILE_BYTES)} MB. Nothing was changed.`, "error");
        return;
      }
      chosen.text().then(
        (content) => this.take(content, chosen.name),
        (error: unknown) => this.say(`${chosen.name}: could not be read (${String(error)}). Nothing was changed.`, "error"),
      );
    });

    new ResizeObserver(() => this.draw()).observe(canvas);
    // Its colours are the theme's, read on every draw.
    watchLook(() => this.draw());
    this.updateButtons();
    this.say(`No points yet: press and drag on the canvas to paint at least ${MIN_POINTS}, or paste them.`, "warning");
  }

  /** Shows the points already in use (x,y pairs), unless a stroke is under way. */
  setPoints(points: Float32Array): void {
    if (this.painter !== null) return;
    this.coordinates = Array.from(points.subarray(0, 2 * Math.floor(points.length / 2)));
    this.draw();
    this.updateButtons();
    if (this.coordinates.length > 0) this.say(`Showing the ${count(this.coordinates.length / 2)} points in use.`, "ok");
  }

  /** The points on the canvas, as x,y pairs. */
  points(): Float32Array {
    return Float32Array.from(this.coordinates);
  }

  /** Parses pasted or read text; good points replace the canvas's and are used, bad text changes nothing. */
  private take(content: string, source: string): void {
    const result = parsePoints(content);
    if (!result.ok) {
      // The points on the canvas and the ones in use stay as they were.
      this.say(`${source}: ${result.message}`, "error");
      return;
    }
    this.setPoints(result.points);
    const summary = `${source}: ${result.summary}`;
    this.say(summary, result.badCount > 0 || result.header ? "warning" : "ok");
    this.onUse(result.points, summary);
  }

  /** Adds a jittered cluster under the pointer, and draws only the new points. */
  private paint(event: PointerEvent): void {
    const box = this.canvas.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    if (this.coordinates.length / 2 + CLUSTER_POINTS > MAX_POINTS) {
      this.say(`The canvas holds at most ${count(MAX_POINTS)} points: use these, or clear them to start again.`, "warning");
      return;
    }
    const [x, y] = pixelToData(event.clientX - box.left, event.clientY - box.top, box.width, box.height);
    const from = this.coordinates.length;
    for (const v of jitteredCluster(x, y, this.random)) this.coordinates.push(v);
    this.drawPoints(from);
    this.updateButtons();
  }

  private say(message: string, tone: Tone): void {
    this.status.textContent = message;
    this.status.dataset.tone = tone;
  }

  /** After painting or clearing: how many points there are, and whether that is enough. */
  private showCount(): void {
    const points = this.coordinates.length / 2;
    if (points >= MIN_POINTS) this.say(`${count(points)} points painted: press "Use these points" to train on them.`, "ok");
    else this.say(`${points === 0 ? "No points" : `Only ${count(points)} points`}: paint at least ${MIN_POINTS}.`, "warning");
  }

  private updateButtons(): void {
    const points = this.coordinates.length / 2;
    this.useButton.disabled = points < MIN_POINTS;
    this.clearButton.disabled = points === 0;
  }

  /** The whole picture: grid, axes, every point. */
  private draw(): void {
    const canvas = this.canvas;
    const ctx = canvas.getContext("2d");
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (!ctx || width === 0 || height === 0) return;
    const ratio = devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const colors = palette(canvas);
    ctx.clearRect(0, 0, width, height);
    // A grid line at every whole unit, the axes darker.
    for (let v = -EDITOR_EXTENT; v <= EDITOR_EXTENT; v++) {
      ctx.fillStyle = v === 0 ? colors.inkSoft : colors.line;
      const [px, py] = dataToPixel(v, v, width, height);
      ctx.fillRect(Math.min(px, width - 1), 0, 1, height);
      ctx.fillRect(0, Math.min(py, height - 1), width, 1);
    }
    ctx.fillStyle = colors.inkSoft;
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "top";
    ctx.textAlign = "right";
    ctx.fillText(String(EDITOR_EXTENT), width - 2, height / 2 + 2);
    ctx.textAlign = "left";
    ctx.fillText(String(EDITOR_EXTENT), width / 2 + 3, 2);
    this.drawPoints(0);
    // Pasted points may lie beyond the canvas: say how many, so none go missing unseen.
    let outside = 0;
    for (let i = 0; i + 1 < this.coordinates.length; i += 2) {
      if (Math.abs(this.coordinates[i]!) > EDITOR_EXTENT || Math.abs(this.coordinates[i + 1]!) > EDITOR_EXTENT) outside++;
    }
    if (outside > 0) {
      ctx.fillStyle = colors.ink;
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      ctx.fillText(`${count(outside)} outside this view`, 3, height - 2);
    }
  }

  /** The points from coordinate index `from` on, over what is drawn already. */
  private drawPoints(from: number): void {
    const ctx = this.canvas.getContext("2d");
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (!ctx || width === 0 || height === 0) return;
    ctx.fillStyle = withAlpha(palette(this.canvas).real, 0.7);
    for (let i = from; i + 1 < this.coordinates.length; i += 2) {
      const [px, py] = dataToPixel(this.coordinates[i]!, this.coordinates[i + 1]!, width, height);
      ctx.fillRect(px - DOT_PX / 2, py - DOT_PX / 2, DOT_PX, DOT_PX);
    }
  }
}
