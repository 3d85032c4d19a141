/**
 * Which images an image run trains on: the built-in digits (downloaded once, then kept in
 * memory) or the user's own. A new set is only *proposed* until the trainer accepts it (a
 * fresh run) or refuses it (an error): until then, and after a refusal, the set in use
 * stays, so a bad file never leaves the page without data.
 */

import type { ImageData as TrainingImages } from "../../protocol";

/** A set of training images and what the page says about it. */
export interface ImageSet {
  data: TrainingImages;
  count: number;
  labelled: boolean;
  /** Where the images came from and what was done to them. */
  summary: string;
  /** The user's own (not in the link) rather than the built-in digits. */
  own: boolean;
}

export class ImageSource {
  private builtin: ImageSet | null = null;
  /** The set the trainer accepted last; null = the built-in digits. */
  private accepted: ImageSet | null = null;
  private proposed: ImageSet | null = null;

  /** Whether the built-in digits are in memory. */
  get hasBuiltin(): boolean {
    return this.builtin !== null;
  }

  /** Keeps the downloaded built-in digits (the asset's bytes). */
  setBuiltin(bytes: Uint8Array, count: number): void {
    this.builtin = {
      data: { format: "asset", bytes },
      count,
      labelled: true,
      summary: `the built-in digits: ${count.toLocaleString("en-US")} handwritten MNIST digits, labelled`,
      own: false,
    };
  }

  /** The set in use (accepted by the trainer), or null while the built-in digits are not loaded. */
  inUse(): ImageSet | null {
    return this.accepted ?? this.builtin;
  }

  /** What the next run should train on: a proposed set first, else the one in use. */
  current(): ImageSet | null {
    return this.proposed ?? this.inUse();
  }

  /** Offers a new set; it becomes the set in use once the trainer accepts it. */
  propose(set: ImageSet): void {
    this.proposed = set;
  }

  /** Offers the built-in digits again (they must be loaded). */
  proposeBuiltin(): boolean {
    if (!this.builtin) return false;
    this.proposed = this.builtin;
    return true;
  }

  /** Whether a proposed set waits for the trainer's answer. */
  get waiting(): boolean {
    return this.proposed !== null;
  }

  /** The trainer's answer to the proposed set; returns that set (null if none was proposed). */
  settle(accepted: boolean): ImageSet | null {
    const set = this.proposed;
    this.proposed = null;
    if (set && accepted) this.accepted = set.own ? set : null;
    return set;
  }
}
