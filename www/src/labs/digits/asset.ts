/**
 * The built-in digits: `data/mnist-10k.bin` beside the page (written by
 * scripts/mnist-asset.mjs; its layout is described there), fetched only when an image preset
 * is opened, with progress, and kept in memory for every later run.
 */

import { IMAGE_SIDE } from "./idx";

/** Where the asset lies, relative to the page (the build uses a relative base). */
export const DIGITS_ASSET_PATH = "data/mnist-10k.bin";
/** "GPDG" + version, count, rows, columns as little-endian u32. */
const HEADER_BYTES = 20;
const MAGIC = "GPDG";

/** How far a download has come; `total` is null while unknown. */
export interface Progress {
  loaded: number;
  total: number | null;
}

/** The asset's header: how many digits it holds, or why it is not the asset. */
export function readAssetHeader(bytes: Uint8Array): { ok: true; count: number } | { ok: false; message: string } {
  if (bytes.length < HEADER_BYTES) return { ok: false, message: `the digits file is ${bytes.length} bytes long, too short for its header` };
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) return { ok: false, message: "the digits file does not start with GPDG (is it the page's data/mnist-10k.bin?)" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, count, rows, columns] = [4, 8, 12, 16].map((at) => view.getUint32(at, true)) as [number, number, number, number];
  if (version !== 1 || rows !== IMAGE_SIDE || columns !== IMAGE_SIDE) {
    return { ok: false, message: `the digits file is version ${version} of ${rows}×${columns} images; the page reads version 1 of 28×28` };
  }
  return { ok: true, count };
}

/** The asset's full length as its header states it (pixels, then one label per image). */
export function assetLength(count: number): number {
  return HEADER_BYTES + count * (IMAGE_SIDE * IMAGE_SIDE + 1);
}

/**
 * Downloads the asset, reporting progress as the body streams in (the total comes from
 * Content-Length, or else from the header once its 20 bytes are in). Rejects with an Error
 * whose message says what went wrong.
 */
export async function fetchDigitsAsset(url: URL, onProgress: (progress: Progress) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`the built-in digits could not be downloaded (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (!response.ok || !response.body) {
    throw new Error(`the built-in digits could not be downloaded (${url.pathname}: HTTP ${response.status} ${response.statusText})`.trim());
  }
  const declared = Number(response.headers.get("Content-Length"));
  let total: number | null = Number.isFinite(declared) && declared > 0 ? declared : null;
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let headerRead = false;
  const reader = response.body.getReader();
  onProgress({ loaded, total });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      if (total === null && !headerRead && loaded >= HEADER_BYTES) {
        headerRead = true;
        const header = readAssetHeader(concat(chunks, loaded));
        if (header.ok) total = assetLength(header.count);
      }
      onProgress({ loaded, total });
    }
  } catch (error) {
    throw new Error(`the download of the built-in digits broke off after ${formatBytes(loaded)} (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  const bytes = concat(chunks, loaded);
  const header = readAssetHeader(bytes);
  if (!header.ok) throw new Error(header.message);
  if (bytes.length !== assetLength(header.count)) {
    throw new Error(`the built-in digits arrived incomplete: ${formatBytes(bytes.length)} of ${formatBytes(assetLength(header.count))}`);
  }
  return bytes;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]!.length === length) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** "7.85 MB", "312 kB", "900 B". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(2)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(bytes < 1e4 ? 1 : 0)} kB`;
  return `${bytes} B`;
}
