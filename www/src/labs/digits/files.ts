/**
 * "Your own images": the files a user picks, read in the browser and checked before they
 * reach the trainer — MNIST IDX files (gzipped or not, told apart by their headers) or a set
 * of PNG/JPEG pictures, decoded and made MNIST-like (state/digit-pixels.ts).
 */

import type { ImageData as TrainingImages } from "../../protocol";
import { toDigitPixels, fitInSquare } from "./pixels";
import { IMAGE_PIXELS, IMAGE_SIDE, MAX_IDX_BYTES, MAX_IMAGES, gunzip, isGzip, pairIdxFiles, type Checked, type NamedBytes } from "./idx";
import { MAX_PICTURE_BYTES, pictureRefusal } from "./picture-size";

/** Images ready for the trainer, and what the page says about them. */
export interface OwnImages {
  data: TrainingImages;
  count: number;
  labelled: boolean;
  /** One sentence: how many images, from which files, and what was done to them. */
  summary: string;
}

const PICTURE = /\.(png|jpe?g|gif|webp|bmp)$/i;

function isPicture(file: File): boolean {
  return file.type.startsWith("image/") || PICTURE.test(file.name);
}

/** "a.png", "a.png and b.png", "a.png and 41 more". */
export function describeNames(names: string[]): string {
  if (names.length <= 2) return names.join(" and ");
  return `${names[0]} and ${names.length - 1} more`;
}

/** Reads the chosen files as one training set, or says why they cannot be one. */
export async function readImageFiles(files: File[]): Promise<Checked<OwnImages>> {
  if (files.length === 0) return { ok: false, message: "No files were chosen" };
  const pictures = files.filter(isPicture);
  if (pictures.length === files.length) return readPictures(pictures);
  if (pictures.length > 0) {
    return { ok: false, message: "Choose either IDX files or pictures (PNG/JPEG), not both at once" };
  }
  return readIdx(files);
}

async function readIdx(files: File[]): Promise<Checked<OwnImages>> {
  const named: NamedBytes[] = [];
  for (const file of files) {
    if (file.size > MAX_IDX_BYTES) {
      return {
        ok: false,
        message: `${file.name} is ${(file.size / 1e6).toFixed(0)} MB, larger than ${MAX_IMAGES.toLocaleString("en-US")} 28×28 images can be`,
      };
    }
    let bytes = new Uint8Array(await file.arrayBuffer());
    if (isGzip(bytes)) {
      const unpacked = await gunzip(bytes, file.name, MAX_IDX_BYTES);
      if (!unpacked.ok) return unpacked;
      bytes = unpacked.value;
    }
    named.push({ name: file.name, bytes });
  }
  const pair = pairIdxFiles(named);
  if (!pair.ok) return pair;
  const { images, labels, count } = pair.value;
  const from = labels ? `${images.name} with labels from ${labels.name}` : `${images.name} (no labels)`;
  return {
    ok: true,
    value: {
      data: { format: "idx", images: images.bytes, labels: labels?.bytes },
      count,
      labelled: labels !== null,
      summary: `${count.toLocaleString("en-US")} images from ${from}`,
    },
  };
}

async function readPictures(files: File[]): Promise<Checked<OwnImages>> {
  if (files.length > MAX_IMAGES) {
    return { ok: false, message: `${files.length.toLocaleString("en-US")} pictures were chosen; at most ${MAX_IMAGES.toLocaleString("en-US")} can be used` };
  }
  const canvas = document.createElement("canvas");
  canvas.width = IMAGE_SIDE;
  canvas.height = IMAGE_SIDE;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return { ok: false, message: "This browser cannot draw into a canvas, so pictures cannot be read" };
  const pixels = new Uint8Array(files.length * IMAGE_PIXELS);
  let inverted = 0;
  for (const [i, file] of files.entries()) {
    if (file.size > MAX_PICTURE_BYTES) {
      return { ok: false, message: `${file.name} is ${(file.size / 1e6).toFixed(0)} MB; the page reads pictures of up to ${MAX_PICTURE_BYTES / 1e6} MB` };
    }
    // The header's size first: a small file can decode into gigabytes.
    const refusal = pictureRefusal(file.name, new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer()));
    if (refusal) return { ok: false, message: refusal };
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      return { ok: false, message: `${file.name} could not be decoded as a picture` };
    }
    const rect = fitInSquare(bitmap.width, bitmap.height);
    // White paper first: a transparent picture is ink on nothing, i.e. on paper.
    context.fillStyle = "#fff";
    context.fillRect(0, 0, IMAGE_SIDE, IMAGE_SIDE);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height);
    bitmap.close();
    const digit = toDigitPixels(context.getImageData(0, 0, IMAGE_SIDE, IMAGE_SIDE).data, rect);
    pixels.set(digit.pixels, i * IMAGE_PIXELS);
    if (digit.inverted) inverted++;
  }
  const names = describeNames(files.map((f) => f.name));
  const invertedNote =
    inverted === 0
      ? "none had a light background"
      : `${inverted === files.length ? "all" : `${inverted} of ${files.length}`} had a light background and were inverted so the background is black, as in MNIST`;
  return {
    ok: true,
    value: {
      data: { format: "pixels", pixels },
      count: files.length,
      labelled: false,
      summary:
        `${files.length.toLocaleString("en-US")} picture${files.length === 1 ? "" : "s"} (${names}), ` +
        `fitted into 28×28 and made grey; ${invertedNote}; levels stretched so the background is 0 (no labels)`,
    },
  };
}
