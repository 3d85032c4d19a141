import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_PICTURE_PIXELS, pictureRefusal, pictureSize } from "../../www/src/labs/digits/picture-size";

const DIR = new URL("../fixtures/pictures/", import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, DIR)));

/** A PNG's first 24 bytes (signature, IHDR's length and type, width, height). */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(bytes.buffer).setUint32(16, width);
  new DataView(bytes.buffer).setUint32(20, height);
  return bytes;
}

describe("pictureSize", () => {
  const files = readdirSync(DIR).filter((name) => !name.endsWith(".md"));

  it("reads 37 × 23 from real files of every accepted format (Pillow's encoders)", () => {
    expect(files.length).toBe(7);
    const formats = new Set<string>();
    for (const name of files) {
      const size = pictureSize(read(name));
      expect(size, name).not.toBeNull();
      expect([size!.width, size!.height], name).toEqual([37, 23]);
      formats.add(size!.format);
    }
    expect([...formats].sort()).toEqual(["BMP", "GIF", "JPEG", "PNG", "WebP"]);
  });

  it("finds a JPEG's frame after its EXIF block, from the first bytes only", () => {
    const jpeg = read("ink-37x23-exif.jpg");
    const frame = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xc2); // progressive SOF2
    expect(frame).toBeGreaterThan(1000); // EXIF comes first
    expect(pictureSize(jpeg.subarray(0, frame + 10))).toMatchObject({ width: 37, height: 23 });
    expect(pictureSize(jpeg.subarray(0, frame))).toBeNull(); // cut before the frame
  });

  it("answers null for what is not a picture, or a header cut short", () => {
    expect(pictureSize(new TextEncoder().encode("hello, digits"))).toBeNull();
    expect(pictureSize(new Uint8Array(0))).toBeNull();
    expect(pictureSize(read("ink-37x23.png").subarray(0, 20))).toBeNull();
    expect(pictureSize(new Uint8Array([0xff, 0xd8, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
  });

  it("reads a width above 2³¹ as a positive number", () => {
    expect(pictureSize(pngHeader(0xffffffff, 1))).toMatchObject({ width: 4294967295, height: 1 });
  });
});

describe("pictureRefusal", () => {
  it("lets a real picture through", () => {
    expect(pictureRefusal("ink.png", read("ink-37x23.png"))).toBeNull();
    expect(pictureRefusal("notes.txt", new TextEncoder().encode("not a picture"))).toBeNull();
  });

  it("refuses a decompression bomb by its header, naming the file, format and size", () => {
    expect(pictureRefusal("bomb.png", pngHeader(40_000, 40_000))).toBe(
      "bomb.png is a PNG of 40,000 × 40,000 pixels; the page decodes pictures of up to 64 megapixels",
    );
    expect(pictureRefusal("edge.png", pngHeader(8000, 8000))).toBeNull();
    expect(8000 * 8001 > MAX_PICTURE_PIXELS).toBe(true);
    expect(pictureRefusal("edge.png", pngHeader(8000, 8001))).toMatch(/^edge\.png is a PNG of 8,000 × 8,001 pixels/);
  });

  it("refuses a picture of no pixels", () => {
    expect(pictureRefusal("empty.png", pngHeader(0, 10))).toBe("empty.png is a PNG of 0 × 10 pixels: there is nothing to read");
  });
});
