/**
 * The "Training images" field of the settings panel (image presets): which images the run
 * learns from, a file picker for the user's own, and a way back to the built-in digits.
 * File names only ever reach the page through textContent.
 */

import { MAX_IMAGES } from "./idx";

/** What the panel asks of its owner. */
export interface ImageDataActions {
  /** The user picked these files. */
  useFiles(files: File[]): void;
  /** Back to the built-in digits. */
  useBuiltin(): void;
}

export type DataTone = "ok" | "warning" | "error";

export class DigitsDataPanel {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly builtin: HTMLButtonElement;
  private readonly input: HTMLInputElement;

  constructor(actions: ImageDataActions) {
    const root = document.createElement("div");
    root.className = "field data images";
    root.id = "image-data";
    const label = document.createElement("p");
    label.className = "field-label";
    label.textContent = "Training images";
    this.status = document.createElement("p");
    this.status.className = "data-status";
    this.status.id = "image-data-status";
    this.status.setAttribute("role", "status");

    const buttons = document.createElement("div");
    buttons.className = "data-buttons";
    const fileLabel = document.createElement("label");
    fileLabel.htmlFor = "image-files";
    fileLabel.textContent = "Your own images: ";
    this.input = document.createElement("input");
    this.input.type = "file";
    this.input.id = "image-files";
    this.input.multiple = true;
    // No `accept` filter: MNIST's own files have no extension (train-images-idx3-ubyte), and
    // a filter would hide them in some file dialogs. The files are told apart by content.
    fileLabel.append(this.input);
    this.builtin = document.createElement("button");
    this.builtin.type = "button";
    this.builtin.id = "image-builtin";
    this.builtin.textContent = "Use the built-in digits";
    this.builtin.hidden = true;
    buttons.append(fileLabel, this.builtin);

    const help = document.createElement("p");
    help.className = "note";
    help.textContent =
      `MNIST-format IDX files — an images file and, optionally, its labels file; gzipped (.gz) is fine, e.g. ` +
      `Fashion-MNIST — or a set of PNG/JPEG pictures, up to ${MAX_IMAGES.toLocaleString("en-US")} images. Pictures ` +
      `are fitted into 28×28 grey, inverted where their background is light (so it is black, as in MNIST) and ` +
      `stretched so the background is 0. Your own images are not part of the link: after opening a link, load them again.`;
    root.append(label, this.status, buttons, help);
    this.element = root;

    this.input.addEventListener("change", () => {
      const files = [...(this.input.files ?? [])];
      // Cleared so that choosing the same files again is a change too.
      this.input.value = "";
      if (files.length > 0) actions.useFiles(files);
    });
    this.builtin.addEventListener("click", () => actions.useBuiltin());
  }

  /** Says what the run trains on, or what went wrong. */
  say(message: string, tone: DataTone): void {
    this.status.textContent = message;
    this.status.dataset.tone = tone;
  }

  /** Offers the way back to the built-in digits while the user's own are in use. */
  showOwn(own: boolean): void {
    this.builtin.hidden = !own;
  }
}
