/**
 * A picture's width and height read from its header, before the browser decodes it: a small
 * file can hold a huge picture (a "decompression bomb": a 40,000 × 40,000 PNG of one colour is
 * a few kilobytes and 6.4 GB once decoded), and decoding that would take the tab down. PNG,
 * JPEG, GIF, WebP and BMP, the formats the page accepts; anything else answers `null` (the
 * browser's decoder then says whether it is a picture at all).
 */

/** The largest file the page reads as one picture (a 50-megapixel photo is ~20 MB). */
export const MAX_PICTURE_BYTES = 64e6;
/** The most pixels a picture may have: 64 megapixels, ≈ 256 MB decoded. */
export const MAX_PICTURE_PIXELS = 64_000_000;

/** A picture's format and size, as its header says. */
export interface PictureSize {
  format: "PNG" | "JPEG" | "GIF" | "WebP" | "BMP";
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
const i32le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/**
 * The size a picture's header states, or `null` when `bytes` starts no picture of a known
 * format (or the header is cut short). Only the header is read: `bytes` may be the first
 * kilobytes of the file (JPEG's size can sit after its metadata: give it 256 kB).
 */
export function pictureSize(bytes: Uint8Array): PictureSize | null {
  const n = bytes.length;
  // PNG: signature, then the IHDR chunk (its length, "IHDR", width, height; big-endian).
  if (n >= 24 && u32be(bytes, 0) === 0x89504e47 && u32be(bytes, 4) === 0x0d0a1a0a && ascii(bytes, 12, 4) === "IHDR") {
    return { format: "PNG", width: u32be(bytes, 16), height: u32be(bytes, 20) };
  }
  // GIF: "GIF87a"/"GIF89a", then the logical screen's width and height (little-endian).
  if (n >= 10 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) {
    return { format: "GIF", width: u16le(bytes, 6), height: u16le(bytes, 8) };
  }
  // BMP: "BM", then the DIB header at 14 (a height below zero means top-down rows).
  if (n >= 26 && ascii(bytes, 0, 2) === "BM") {
    const header = bytes[14]! | (bytes[15]! << 8);
    if (header === 12) return { format: "BMP", width: u16le(bytes, 18), height: u16le(bytes, 20) };
    return { format: "BMP", width: Math.abs(i32le(bytes, 18)), height: Math.abs(i32le(bytes, 22)) };
  }
  // WebP: RIFF….WEBP, then a VP8 (lossy), VP8L (lossless) or VP8X (extended) chunk.
  if (n >= 30 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") {
    const chunk = ascii(bytes, 12, 4);
    if (chunk === "VP8 ") return { format: "WebP", width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
    if (chunk === "VP8L") {
      const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
      return { format: "WebP", width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    if (chunk === "VP8X") return { format: "WebP", width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
    return null;
  }
  // JPEG: SOI, then marker segments up to the first start-of-frame (SOF0–SOF15 but DHT 0xC4,
  // JPG 0xC8 and DAC 0xCC), which holds the height and the width.
  if (n >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    let p = 2;
    while (p + 9 < n) {
      if (bytes[p] !== 0xff) return null;
      const marker = bytes[p + 1]!;
      if (marker === 0xff) {
        p++; // fill byte
        continue;
      }
      if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
        p += 2; // markers without a length
        continue;
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: "JPEG", width: u16be(bytes, p + 7), height: u16be(bytes, p + 5) };
      }
      if (marker === 0xd9 || marker === 0xda) return null; // end, or scan data before any frame
      p += 2 + u16be(bytes, p + 2);
    }
    return null;
  }
  return null;
}

/**
 * Why the picture file `name`, whose first bytes are `head` (256 kB are enough), must not be
 * decoded, or `null` when it may be: too many pixels for the page to hold, or a size of zero.
 */
export function pictureRefusal(name: string, head: Uint8Array): string | null {
  const size = pictureSize(head);
  if (!size) return null;
  const { format, width, height } = size;
  if (width === 0 || height === 0) return `${name} is a ${format} of ${width} × ${height} pixels: there is nothing to read`;
  if (width * height > MAX_PICTURE_PIXELS) {
    return `${name} is a ${format} of ${width.toLocaleString("en-US")} × ${height.toLocaleString("en-US")} pixels; the page decodes pictures of up to ${MAX_PICTURE_PIXELS / 1e6} megapixels`;
  }
  return null;
}
