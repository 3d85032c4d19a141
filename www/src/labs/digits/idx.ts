/**
 * The user's MNIST-format IDX files (e.g. Fashion-MNIST's `train-images-idx3-ubyte.gz` and
 * `train-labels-idx1-ubyte.gz`), checked in the page before they go to the trainer, so a
 * wrong file is named at once and the run in progress is left alone. The Rust crate checks
 * them again (crate/src/labs/digits/idx.rs); the messages here say the same things.
 *
 * The format: two zero bytes, a data-type byte (0x08 = unsigned bytes, the only one MNIST
 * uses), the number of dimensions, one big-endian u32 per dimension, then the values.
 */

/** Side of every image the image presets train on. */
export const IMAGE_SIDE = 28;
/** Pixels per image. */
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
/** At most this many images: MNIST's and Fashion-MNIST's training sets (the crate's limit too). */
export const MAX_IMAGES = 60_000;
/** The data-type byte of unsigned bytes. */
const UNSIGNED_BYTE = 0x08;
/** Classes a label may name (0–9). */
const CLASSES = 10;

/** A named file's bytes. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** A check's outcome: the value, or a sentence for the page. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Whether `bytes` start like a gzip stream. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** What an IDX file's first four bytes say it holds, or null if they are not an IDX header of bytes. */
export function idxKind(bytes: Uint8Array): "images" | "labels" | null {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== UNSIGNED_BYTE) return null;
  return bytes[3] === 3 ? "images" : bytes[3] === 1 ? "labels" : null;
}

/** The dimensions of an IDX file of unsigned bytes with `expectedDims` dimensions, checked against its length. */
export function idxDimensions(bytes: Uint8Array, name: string, expectedDims: 1 | 3): Checked<number[]> {
  const what = expectedDims === 3 ? "an images file" : "a labels file";
  const fail = (problem: string): Checked<number[]> => ({ ok: false, message: `${name} ${problem}` });
  if (isGzip(bytes)) return fail("is still gzip-compressed");
  if (bytes.length < 4) return fail(`is ${bytes.length} bytes long, too short for an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) return fail(`is not an IDX file (it should start with two zero bytes; expected ${what})`);
  const kind = bytes[2]!;
  if (kind !== UNSIGNED_BYTE) {
    return fail(`stores data type 0x${kind.toString(16).toUpperCase().padStart(2, "0")}; only unsigned bytes (0x08) are supported`);
  }
  const dims = bytes[3]!;
  if (dims !== expectedDims) {
    const looksLike = dims === 1 ? " (it looks like a labels file)" : dims === 3 ? " (it looks like an images file)" : "";
    return fail(`has ${dims} dimensions${looksLike}; expected ${what} with ${expectedDims}`);
  }
  const header = 4 + 4 * dims;
  if (bytes.length < header) return fail(`is ${bytes.length} bytes long, too short for its ${header}-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizes = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  // In floating point a corrupt header cannot wrap round to a small, plausible length.
  const expected = sizes.reduce((total, size) => total * size, 1);
  const values = bytes.length - header;
  if (expected !== values) {
    return fail(`has ${values} bytes of data, but its header (${sizes.join(" × ")}) needs ${expected}`);
  }
  return { ok: true, value: sizes };
}

/** An images file: whole 28×28 images, 1 to {@link MAX_IMAGES} of them. Returns the count. */
export function checkIdxImages(file: NamedBytes): Checked<number> {
  const dims = idxDimensions(file.bytes, file.name, 3);
  if (!dims.ok) return dims;
  const [count, rows, columns] = dims.value as [number, number, number];
  if (count === 0 || rows === 0 || columns === 0) {
    return { ok: false, message: `${file.name} holds no pixels (${count} images of ${rows}×${columns})` };
  }
  if (rows !== IMAGE_SIDE || columns !== IMAGE_SIDE) {
    return { ok: false, message: `${file.name} holds ${rows}×${columns} images; the image presets need ${IMAGE_SIDE}×${IMAGE_SIDE}` };
  }
  if (count > MAX_IMAGES) {
    return { ok: false, message: `${file.name} holds ${count.toLocaleString("en-US")} images; at most ${MAX_IMAGES.toLocaleString("en-US")} can be used` };
  }
  return { ok: true, value: count };
}

/** A labels file: one class 0–9 per image. Returns the count. */
export function checkIdxLabels(file: NamedBytes): Checked<number> {
  const dims = idxDimensions(file.bytes, file.name, 1);
  if (!dims.ok) return dims;
  const count = dims.value[0]!;
  if (count === 0) return { ok: false, message: `${file.name} holds no labels` };
  const labels = file.bytes.subarray(8);
  const bad = labels.findIndex((label) => label >= CLASSES);
  if (bad >= 0) return { ok: false, message: `${file.name}: label ${labels[bad]} of image ${bad} is not a class 0–9` };
  return { ok: true, value: count };
}

/** Images (and their labels, if given) ready for the trainer. */
export interface IdxSet {
  images: NamedBytes;
  labels: NamedBytes | null;
  count: number;
}

/**
 * Finds the images file and the optional labels file among the user's (decompressed) files,
 * by their headers rather than their names, and checks that they belong together.
 */
export function pairIdxFiles(files: NamedBytes[]): Checked<IdxSet> {
  const images = files.filter((f) => idxKind(f.bytes) === "images");
  const labels = files.filter((f) => idxKind(f.bytes) === "labels");
  const other = files.find((f) => idxKind(f.bytes) === null);
  if (other) {
    // The full check says precisely what is wrong with it.
    const checked = checkIdxImages(other);
    return { ok: false, message: checked.ok ? `${other.name} is not an IDX images or labels file` : checked.message };
  }
  if (images.length !== 1 || labels.length > 1) {
    const found = `${images.length} images file${images.length === 1 ? "" : "s"} and ${labels.length} labels file${labels.length === 1 ? "" : "s"}`;
    return { ok: false, message: `Choose one IDX images file and at most one labels file (found ${found})` };
  }
  const imageFile = images[0]!;
  const count = checkIdxImages(imageFile);
  if (!count.ok) return count;
  const labelFile = labels[0] ?? null;
  if (labelFile) {
    const labelCount = checkIdxLabels(labelFile);
    if (!labelCount.ok) return labelCount;
    if (labelCount.value !== count.value) {
      return {
        ok: false,
        message: `${imageFile.name} holds ${count.value} images but ${labelFile.name} holds ${labelCount.value} labels: they do not belong together`,
      };
    }
  }
  return { ok: true, value: { images: imageFile, labels: labelFile, count: count.value } };
}

/** An IDX file of unsigned bytes (what the tests and the page's own tools build). */
export function encodeIdx(dims: number[], values: ArrayLike<number>): Uint8Array {
  const header = 4 + 4 * dims.length;
  const bytes = new Uint8Array(header + values.length);
  bytes.set([0, 0, UNSIGNED_BYTE, dims.length]);
  const view = new DataView(bytes.buffer);
  dims.forEach((size, i) => view.setUint32(4 + 4 * i, size, false));
  bytes.set(values, header);
  return bytes;
}

/**
 * Decompresses a gzip stream (the browser's DecompressionStream), refusing to produce more
 * than `maxBytes`: a corrupt or hostile file must not fill the memory.
 */
export async function gunzip(bytes: Uint8Array, name: string, maxBytes: number): Promise<Checked<Uint8Array<ArrayBuffer>>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        return {
          ok: false,
          message: `${name} decompresses to more than ${(maxBytes / 2 ** 20).toFixed(0)} MB, more than ${MAX_IMAGES.toLocaleString("en-US")} images`,
        };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { ok: false, message: `${name} is not a valid gzip file (${error instanceof Error ? error.message : String(error)})` };
  }
  // Chromium's DecompressionStream ends a cut-short stream without an error: the trailer's
  // ISIZE (the unpacked size mod 2³², little-endian, in the last 4 bytes) tells.
  const trailer = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : -1;
  if (trailer !== total % 2 ** 32) {
    return { ok: false, message: `${name} is not a valid gzip file (cut short or damaged: it unpacks to ${total.toLocaleString("en-US")} bytes)` };
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, value: out };
}

/** The largest IDX file the page reads: a full images file, with room for its header. */
export const MAX_IDX_BYTES = MAX_IMAGES * IMAGE_PIXELS + 64;
