/**
 * One recording: a canvas of the clip's size that is never on the page, a {@link Compositor}
 * drawing the chosen views onto it at the format's frame rate (a timer, not animation frames:
 * the clip keeps its pace whatever the page draws), and the format's encoder taking each frame.
 * It stops by itself at the format's longest clip. The page's thread does the compositing
 * only; the encoding is the browser's (WebM, MP4) or a worker's (GIF).
 */

import { FORMATS, FRAME_MEASURE, type ClipFormat, type Size } from "./clip";
import { Compositor, type RecordedView } from "./compositor";
import { createEncoder, framesReadBack, type ClipEncoder } from "./encoders";

export interface RecordingOptions {
  readonly format: ClipFormat;
  readonly size: Size;
  readonly views: readonly RecordedView[];
  /** The title bar's left: the preset. */
  readonly title: string;
}

export interface RecordingEvents {
  /** The run's iteration now (drawn on every frame). */
  step(): number;
  /** After each frame: the clip's length and the file's size so far. */
  progress(ms: number, bytes: number): void;
  /** The clip reached the format's longest: the owner stops it. */
  full(): void;
  /** The encoder failed: the owner stops it, without a file. */
  failed(message: string): void;
}

export class Recording {
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly started = performance.now();
  private stopped = false;

  private constructor(
    readonly options: RecordingOptions,
    private readonly compositor: Compositor,
    private readonly encoder: ClipEncoder,
    private readonly events: RecordingEvents,
  ) {
    const { fps } = FORMATS[options.format];
    performance.clearMeasures(FRAME_MEASURE);
    this.tick();
    this.timer = setInterval(() => this.tick(), 1000 / fps);
  }

  /** Starts recording (the encoder may load first: an MP4's muxer). */
  static async start(options: RecordingOptions, events: RecordingEvents): Promise<Recording> {
    const canvas = Object.assign(document.createElement("canvas"), options.size);
    // Frames for a worker read back here: a canvas kept in memory for that.
    const context = canvas.getContext("2d", { alpha: false, willReadFrequently: options.format !== "webm" && framesReadBack() });
    if (!context) throw new Error("this browser gives no 2D canvas to draw the clip on");
    const compositor = new Compositor(context, options.size, options.views, options.title);
    // The first frame is drawn before the encoder takes it.
    compositor.draw(events.step());
    const encoder = await createEncoder(options.format, canvas, context, (message) => events.failed(message));
    return new Recording(options, compositor, encoder, events);
  }

  /** How long the clip is now, in ms. */
  get elapsed(): number {
    return performance.now() - this.started;
  }

  private tick(): void {
    if (this.stopped) return;
    const ms = this.elapsed;
    if (ms >= FORMATS[this.options.format].maxMs) {
      this.events.full();
      return;
    }
    const start = performance.now();
    this.compositor.draw(this.events.step());
    this.encoder.frame(ms);
    // What a frame costs the page's thread, in the browser's performance timeline (DevTools shows it).
    performance.measure(FRAME_MEASURE, { start, end: performance.now() });
    this.events.progress(ms, this.encoder.bytes);
  }

  /** Ends the clip now, on a last frame of the run as it is: the file, its length, the last frame's iteration. */
  async stop(): Promise<{ file: Blob; ms: number; step: number }> {
    const ms = Math.min(this.elapsed, FORMATS[this.options.format].maxMs);
    this.halt();
    const step = this.events.step();
    this.compositor.draw(step);
    this.encoder.frame(ms, true);
    return { file: await this.encoder.finish(ms), ms, step };
  }

  /** Ends the clip without a file. */
  cancel(): void {
    this.halt();
    this.encoder.cancel();
  }

  private halt(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }
}
