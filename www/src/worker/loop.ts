/**
 * The worker's training loop: runs iterations in chunks of about {@link CHUNK_MS} (so commands
 * and snapshots get in between), paced to the page's speed, and posts snapshots — every chunk
 * on WebGPU (its read-back is what waits for the queued work), at most as often as the lab
 * says on the CPU. It knows nothing of labs or of commands; the dispatch (trainer.worker.ts)
 * starts and stops it.
 */

import type { Speed, WorkerEvent } from "../protocol";
import { RateMeter } from "./rate";
import { buffersOf, type Session } from "./session";

/** A chunk of training should take about this long, so commands and snapshots stay prompt. */
const CHUNK_MS = 25;
/** A frame, for the per-frame speeds. */
const FRAME_MS = 1000 / 60;
/** Slow motion: one iteration this often. */
const SLOW_MS = 250;

/** Posts an event to the page, transferring `transfer`. */
export type Post = (event: WorkerEvent, transfer?: Transferable[]) => void;
/** Runs a task after every task queued before it (wasm calls must not overlap). */
export type Enqueue = (task: () => Promise<void> | void) => void;

export class TrainingLoop {
  running = false;
  speed: Speed = "max";
  private chunk = 1;
  /** Identifies the loop started by the latest `play`; an older one sees it is stale and ends. */
  private current = 0;
  private lastSnapshotAt = -Infinity;
  /** Iterations per second, as the snapshots tell it. */
  private readonly rate = new RateMeter();

  constructor(
    private readonly post: Post,
    private readonly enqueue: Enqueue,
    /** The session to train now (it changes on configure and reset), or none yet. */
    private readonly session: () => Session | null,
  ) {}

  /** Starts training (if it is not running). */
  play(): void {
    if (this.running) return;
    this.setRunning(true);
    const loop = ++this.current;
    this.enqueue(() => this.trainChunk(loop));
  }

  /** Stops at once; reports after the chunk in flight, with a snapshot of the final step. */
  pause(): void {
    this.running = false;
    this.enqueue(async () => {
      const loop = this.current;
      if (this.running) return;
      const session = this.session();
      if (session) await this.postSnapshot(session);
      // A `play` that arrived during the read-back wins.
      if (!this.running && loop === this.current) this.setRunning(false);
    });
  }

  /** Stops where it is, without a snapshot (a new run, a failure), and says so if it ran. */
  stop(): void {
    if (this.running) this.setRunning(false);
  }

  /** Silently not running any more (a lost device: the page hears of the loss instead). */
  halt(): void {
    this.running = false;
  }

  /** A new run: the rate starts again. */
  restartRate(): void {
    this.rate.restart();
  }

  setRunning(value: boolean): void {
    this.running = value;
    // Not from the trainer's step here: a wasm call now could meet one in flight (an awaited
    // read-back), which wasm-bindgen refuses; the first snapshot is the first reading.
    this.rate.restart();
    this.post({ type: "running", running: value });
  }

  /** Reads a snapshot back (which drains the trainer's histories) and posts it as it is. */
  async postSnapshot(session: Session): Promise<void> {
    const snapshot = await session.snapshot(this.running);
    const itPerSec = this.running ? this.rate.read(performance.now(), snapshot.step) : 0;
    this.post({ type: "snapshot", snapshot, running: this.running, itPerSec }, buffersOf(snapshot));
    this.lastSnapshotAt = performance.now();
  }

  private async trainChunk(loop: number): Promise<void> {
    if (!this.running || loop !== this.current) return;
    const session = this.session();
    if (!session) {
      this.setRunning(false);
      throw new Error("the trainer is not initialised yet");
    }
    const start = performance.now();
    if (this.speed !== "max") {
      // Paced: a fixed number of iterations per frame (or one per SLOW_MS), every one shown.
      session.train(this.speed === "slow" ? 1 : Number(this.speed));
      await this.postSnapshot(session);
      const wait = Math.max(0, (this.speed === "slow" ? SLOW_MS : FRAME_MS) - (performance.now() - start));
      setTimeout(() => this.enqueue(() => this.trainChunk(loop)), wait);
      return;
    }
    session.train(this.chunk);
    // On WebGPU `train` only queues work: the read-back of a snapshot is what waits for it, so
    // every chunk (≈ CHUNK_MS) ends with one; on the CPU one every `snapshotMs` at most.
    if (session.backend === "webgpu" || start - this.lastSnapshotAt >= session.snapshotMs) await this.postSnapshot(session);
    const elapsed = Math.max(performance.now() - start, 0.1);
    this.chunk = Math.max(1, Math.min(10_000, Math.round(this.chunk * Math.min(2, CHUNK_MS / elapsed))));
    // Yield to the event loop so pause/step/reset get in between chunks.
    nextTick(() => this.enqueue(() => this.trainChunk(loop)));
  }
}

const channel = new MessageChannel();
const ticks: Array<() => void> = [];
channel.port1.onmessage = () => ticks.shift()?.();
/** Like `setTimeout(f, 0)` without its 4 ms clamp. */
function nextTick(callback: () => void): void {
  ticks.push(callback);
  channel.port2.postMessage(null);
}
