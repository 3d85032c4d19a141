/**
 * Iterations per second as the page shows it: the steps gained since the newest reading that
 * is at least {@link WINDOW_MS} old (or the oldest one kept, early on).
 *
 * Anchoring on a reading at least a window old, not on whatever falls inside the last window,
 * keeps slow backends honest: on software WebGPU one chunk of training takes seconds, and a
 * checkpoint re-reads the same step right after it, so a window of "the last second" would
 * hold two readings of one step and say 0 it/s while the run trains.
 */
export const WINDOW_MS = 1000;

/** A running rate meter; {@link RateMeter.restart} when training stops, starts or jumps. */
export class RateMeter {
  #readings: Array<[time: number, step: number]> = [];

  /** Forgets every reading. */
  restart(): void {
    this.#readings = [];
  }

  /** Records `step` at `now` (ms) and answers iterations per second (0 until it can tell). */
  read(now: number, step: number): number {
    const readings = this.#readings;
    readings.push([now, step]);
    while (readings.length > 2 && now - readings[1]![0] >= WINDOW_MS) readings.shift();
    const [t0, s0] = readings[0]!;
    return now > t0 ? Math.max(0, ((step - s0) * 1000) / (now - t0)) : 0;
  }
}
