import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { borderMean, fitInSquare, greyFromRgba, toDigitPixels } from "../../www/src/labs/digits/pixels";
import {
  IMAGE_PIXELS,
  MAX_IMAGES,
  checkIdxImages,
  checkIdxLabels,
  encodeIdx,
  gunzip,
  idxDimensions,
  idxKind,
  isGzip,
  pairIdxFiles,
} from "../../www/src/labs/digits/idx";

const images = (count: number, fill = 0) => encodeIdx([count, 28, 28], new Uint8Array(count * IMAGE_PIXELS).fill(fill));
const labels = (values: number[]) => encodeIdx([values.length], values);
const named = (name: string, bytes: Uint8Array) => ({ name, bytes });

describe("IDX files", () => {
  it("writes and reads back a header: magic, big-endian sizes, values", () => {
    const bytes = encodeIdx([2, 28, 28], new Uint8Array(2 * IMAGE_PIXELS));
    expect(Array.from(bytes.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]);
    expect(idxDimensions(bytes, "a", 3)).toEqual({ ok: true, value: [2, 28, 28] });
    expect(idxKind(bytes)).toBe("images");
    expect(idxKind(labels([1, 2]))).toBe("labels");
    expect(idxKind(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(checkIdxImages(named("a", bytes))).toEqual({ ok: true, value: 2 });
    expect(checkIdxLabels(named("l", labels([0, 9, 3])))).toEqual({ ok: true, value: 3 });
  });

  it.each([
    ["gzip", new Uint8Array([0x1f, 0x8b, 8, 0]), "is still gzip-compressed"],
    ["too short", new Uint8Array([0, 0]), "x is 2 bytes long, too short for an IDX header"],
    ["a PNG", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10]), "x is not an IDX file (it should start with two zero bytes; expected an images file)"],
    ["bad data type", Uint8Array.from([0, 0, 0x0d, 3, ...images(1).subarray(4)]), "stores data type 0x0D; only unsigned bytes (0x08) are supported"],
    ["a labels file", labels([1, 2, 3]), "has 1 dimensions (it looks like a labels file); expected an images file with 3"],
    ["a cut header", images(1).subarray(0, 10), "too short for its 16-byte header"],
    [
      "truncated",
      images(2).subarray(0, 16 + IMAGE_PIXELS + 5),
      `has ${IMAGE_PIXELS + 5} bytes of data, but its header (2 × 28 × 28) needs ${2 * IMAGE_PIXELS}`,
    ],
    ["too long", Uint8Array.from([...images(1), 0]), `has ${IMAGE_PIXELS + 1} bytes of data`],
    ["empty", encodeIdx([0, 28, 28], []), "holds no pixels (0 images of 28×28)"],
    ["another size", encodeIdx([1, 32, 32], new Uint8Array(32 * 32)), "holds 32×32 images; the image presets need 28×28"],
    ["a huge header", encodeIdx([2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1], []), "but its header (4294967295 × 4294967295 × 4294967295) needs"],
    ["too many", encodeIdx([MAX_IMAGES + 1, 1, 1], new Uint8Array(MAX_IMAGES + 1)), "holds 1×1 images"],
  ])("refuses an images file that is %s, saying why", (_, bytes, expected) => {
    const checked = checkIdxImages(named("x", bytes));
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.message.startsWith("x ")).toBe(true);
      expect(checked.message).toContain(expected);
    }
  });

  it("refuses more than 60,000 images", () => {
    const header = encodeIdx([MAX_IMAGES + 1, 28, 28], []);
    const bytes = new Uint8Array(header.length + (MAX_IMAGES + 1) * IMAGE_PIXELS);
    bytes.set(header);
    expect(checkIdxImages(named("big", bytes))).toEqual({ ok: false, message: "big holds 60,001 images; at most 60,000 can be used" });
  });

  it("refuses labels that are not digits, and an images file given as labels", () => {
    expect(checkIdxLabels(named("l", labels([1, 10])))).toEqual({ ok: false, message: "l: label 10 of image 1 is not a class 0–9" });
    expect(checkIdxLabels(named("l", labels([])))).toEqual({ ok: false, message: "l holds no labels" });
    const swapped = checkIdxLabels(named("i", images(1)));
    expect(swapped.ok || swapped.message).toContain("(it looks like an images file); expected a labels file");
  });

  it("pairs images with labels by their headers, in any order, and checks they belong together", () => {
    const pair = pairIdxFiles([named("l.idx", labels([1, 2])), named("i.idx", images(2))]);
    expect(pair.ok && [pair.value.images.name, pair.value.labels?.name, pair.value.count]).toEqual(["i.idx", "l.idx", 2]);
    const alone = pairIdxFiles([named("i.idx", images(3))]);
    expect(alone.ok && alone.value.labels).toBeNull();
    expect(pairIdxFiles([named("i.idx", images(3)), named("l.idx", labels([1, 2]))])).toEqual({
      ok: false,
      message: "i.idx holds 3 images but l.idx holds 2 labels: they do not belong together",
    });
    expect(pairIdxFiles([named("l.idx", labels([1]))])).toEqual({
      ok: false,
      message: "Choose one IDX images file and at most one labels file (found 0 images files and 1 labels file)",
    });
    expect(pairIdxFiles([named("a", images(1)), named("b", images(1))]).ok).toBe(false);
    const corrupt = pairIdxFiles([named("bad.idx", Uint8Array.from([1, 2, 3, 4, 5]))]);
    expect(corrupt.ok || corrupt.message).toBe("bad.idx is not an IDX file (it should start with two zero bytes; expected an images file)");
  });

  it("decompresses gzip, and refuses a broken stream or one that grows too large", async () => {
    const original = images(3, 7);
    const packed = new Uint8Array(gzipSync(original));
    expect(isGzip(packed)).toBe(true);
    expect(isGzip(original)).toBe(false);
    const unpacked = await gunzip(packed, "i.gz", 10_000);
    expect(unpacked.ok && Array.from(unpacked.value)).toEqual(Array.from(original));
    const broken = await gunzip(packed.subarray(0, packed.length - 12), "cut.gz", 10_000);
    expect(broken.ok || broken.message).toMatch(/^cut\.gz is not a valid gzip file/);
    const bomb = await gunzip(new Uint8Array(gzipSync(new Uint8Array(100_000))), "bomb.gz", 50_000);
    expect(bomb.ok || bomb.message).toMatch(/^bomb\.gz decompresses to more than/);
  });

  const fashion = "/usr/share/datasets/fashion-mnist";
  it.skipIf(!existsSync(`${fashion}/t10k-images-idx3-ubyte.gz`))("reads Debian's Fashion-MNIST test set (gzipped images and labels)", async () => {
    const read = async (name: string) => {
      const unpacked = await gunzip(new Uint8Array(readFileSync(`${fashion}/${name}`)), name, MAX_IMAGES * IMAGE_PIXELS + 64);
      if (!unpacked.ok) throw new Error(unpacked.message);
      return named(name, unpacked.value);
    };
    const pair = pairIdxFiles([await read("t10k-labels-idx1-ubyte.gz"), await read("t10k-images-idx3-ubyte.gz")]);
    expect(pair.ok && pair.value.count).toBe(10_000);
  });
});

/** A side×side RGBA picture: `ink` where `isInk(x, y)`, `paper` elsewhere. */
function picture(side: number, paper: number, ink: number, isInk: (x: number, y: number) => boolean): Uint8Array {
  const rgba = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = isInk(x, y) ? ink : paper;
      rgba.set([v, v, v, 255], (y * side + x) * 4);
    }
  }
  return rgba;
}

const FULL = { x: 0, y: 0, width: 28, height: 28 };
const bar = (x: number, y: number) => x >= 12 && x < 16 && y >= 4 && y < 24;

describe("pictures as digits", () => {
  it("fits a picture into the square, keeping its aspect ratio, centred", () => {
    expect(fitInSquare(100, 100)).toEqual(FULL);
    expect(fitInSquare(200, 100)).toEqual({ x: 0, y: 7, width: 28, height: 14 });
    expect(fitInSquare(10, 40)).toEqual({ x: 10, y: 0, width: 7, height: 28 });
    expect(fitInSquare(1, 1000)).toEqual({ x: 13, y: 0, width: 1, height: 28 });
  });

  it("makes grey with BT.601 weights and shows transparency as white paper", () => {
    const grey = greyFromRgba([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 0, 128], 5);
    expect(Array.from(grey).map((v) => Math.round(v * 10) / 10)).toEqual([76.2, 149.7, 29.1, 255, 127]);
  });

  it("inverts dark ink on light paper so the background is 0 and the ink bright", () => {
    const digit = toDigitPixels(picture(28, 240, 20, bar), FULL);
    expect(digit.inverted).toBe(true);
    expect(digit.pixels[0]).toBe(0);
    expect(digit.pixels[14 * 28 + 13]).toBe(255);
  });

  it("keeps light ink on a dark background, stretching the levels", () => {
    const digit = toDigitPixels(picture(28, 30, 200, bar), FULL);
    expect(digit.inverted).toBe(false);
    expect(digit.pixels[0]).toBe(0);
    expect(digit.pixels[14 * 28 + 13]).toBe(255);
    expect(new Set(digit.pixels)).toEqual(new Set([0, 255]));
  });

  it("fills the letterbox margins with the picture's own background", () => {
    // A wide picture: rows 0–6 and 21–27 are margin (white paper drawn there by the page).
    const rect = fitInSquare(200, 100);
    const rgba = picture(28, 255, 0, (x, y) => (y < rect.y || y >= rect.y + rect.height ? false : x === 14));
    // Paint the picture's own area light grey, the margins pure white.
    for (let y = rect.y; y < rect.y + rect.height; y++) for (let x = 0; x < 28; x++) if (x !== 14) rgba.set([200, 200, 200, 255], (y * 28 + x) * 4);
    // 80 border pixels of the 28×14 picture, 2 of them on the black line.
    expect(borderMean(greyFromRgba(rgba, 28 * 28), 28, rect)).toBeCloseTo((78 * 200) / 80, 9);
    const digit = toDigitPixels(rgba, rect);
    expect(digit.inverted).toBe(true);
    expect(digit.pixels[0]).toBe(0); // a margin pixel: background, not a white bar
    expect(digit.pixels[27 * 28 + 27]).toBe(0);
    expect(digit.pixels[14 * 28 + 14]).toBe(255);
  });

  it("leaves a blank picture blank instead of amplifying its noise", () => {
    const digit = toDigitPixels(picture(28, 250, 245, bar), FULL);
    expect(Math.max(...digit.pixels)).toBe(0);
  });
});
