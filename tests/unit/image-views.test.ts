import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GAP_GREY, cellOrigin, crispScale, gridLayout, renderGrid } from "../../www/src/labs/digits/grid-layout";
import { assetLength, fetchDigitsAsset, formatBytes, readAssetHeader, type Progress } from "../../www/src/labs/digits/asset";
import { DIGITS_HISTORY } from "../../www/src/labs/digits/history";
import { RunHistory } from "../../www/src/state/history";
import type { DigitsSnapshot } from "../../www/src/protocol";
import { ImageSource, type ImageSet } from "../../www/src/labs/digits/source";
import { samplesMessage } from "../../www/src/ui/widget";

describe("grid layout", () => {
  it("lays images out in rows with one-pixel gaps", () => {
    const layout = gridLayout(16, 4, 28, 28);
    expect(layout).toMatchObject({ columns: 4, rows: 4, width: 4 * 28 + 3, height: 4 * 28 + 3 });
    expect(cellOrigin(layout, 0)).toEqual({ x: 0, y: 0 });
    expect(cellOrigin(layout, 5)).toEqual({ x: 29, y: 29 });
    expect(cellOrigin(layout, 15)).toEqual({ x: 87, y: 87 });
    expect(gridLayout(64, 8, 28, 28)).toMatchObject({ rows: 8, width: 8 * 28 + 7 });
    // A latent walk: one row; a partial last row; never zero columns.
    expect(gridLayout(10, 10, 28, 28)).toMatchObject({ rows: 1, width: 289, height: 28 });
    expect(gridLayout(5, 4, 28, 28)).toMatchObject({ columns: 4, rows: 2 });
    expect(gridLayout(2, 8, 3, 3)).toMatchObject({ columns: 2, width: 7 });
  });

  it("renders each image into its cell, grey from [0, 1], gaps grey, opaque", () => {
    const layout = gridLayout(3, 2, 2, 2);
    const images = [0, 0.5, 1, 2, /* image 1 */ -1, Number.NaN, 0.25, 1, /* image 2 */ 1, 1, 1, 1];
    const rgba = renderGrid(layout, images);
    expect(rgba.length).toBe(5 * 5 * 4);
    const grey = (x: number, y: number) => rgba[(y * 5 + x) * 4]!;
    expect([grey(0, 0), grey(1, 0), grey(0, 1), grey(1, 1)]).toEqual([0, 128, 255, 255]);
    expect([grey(3, 0), grey(4, 0), grey(3, 1), grey(4, 1)]).toEqual([0, 0, 64, 255]);
    expect(grey(0, 3)).toBe(255);
    expect([grey(2, 0), grey(0, 2), grey(4, 4)]).toEqual([GAP_GREY, GAP_GREY, GAP_GREY]);
    for (let i = 3; i < rgba.length; i += 4) expect(rgba[i]).toBe(255);
  });

  it("scales by whole device pixels that fit the width, at any devicePixelRatio", () => {
    expect(crispScale(115, 115, 360, 1)).toEqual({ scale: 3, cssWidth: 345, cssHeight: 345 });
    expect(crispScale(115, 115, 360, 2)).toEqual({ scale: 6, cssWidth: 345, cssHeight: 345 });
    expect(crispScale(115, 115, 360, 1.25)).toEqual({ scale: 3, cssWidth: 276, cssHeight: 276 });
    // Never below one device pixel per image pixel, even in a narrow box.
    expect(crispScale(289, 28, 100, 1)).toEqual({ scale: 1, cssWidth: 289, cssHeight: 28 });
    expect(crispScale(10, 10, 100, Number.NaN).scale).toBe(10);
  });
});

describe("image history", () => {
  const snapshot = (from: number, n: number): DigitsSnapshot => ({
    step: from + n - 1,
    samples: new Float32Array(),
    columns: 4,
    discriminator_loss: undefined,
    generator_loss: undefined,
    real_probability: undefined,
    fake_probability: undefined,
    judge: undefined,
    digit_row: undefined,
    side: 28,
    losses_from: from,
    discriminator_losses: Float32Array.from({ length: n }, (_, i) => from + i),
    generator_losses: Float32Array.from({ length: n }, () => 0.5),
    real_probabilities: Float32Array.from({ length: n }, () => 0.75),
    fake_probabilities: Float32Array.from({ length: n }, () => 0.25),
  });

  it("keeps every iteration, rewrites from an earlier step, downsamples for drawing", () => {
    const history = new RunHistory(DIGITS_HISTORY);
    history.add(snapshot(1, 3));
    history.add(snapshot(4, 2));
    expect(history.iterations).toBe(5);
    history.add(snapshot(3, 1));
    expect(history.iterations).toBe(3);
    expect(Array.from(history.losses(100).ys[0]!)).toEqual([1, 2, 3]);
    expect(Array.from(history.perIterationSeries(100, ["real_probability", "fake_probability"]).ys[1]!)).toEqual([0.25, 0.25, 0.25]);
    history.add(snapshot(4, 997));
    expect(history.losses(100).x.length).toBe(100);
    expect(history.toCsv().split("\n").slice(0, 3)).toEqual([
      "step,discriminator_loss,generator_loss,real_probability,fake_probability",
      "1,1,0.5,0.75,0.25",
      "2,2,0.5,0.75,0.25",
    ]);
    const version = history.version;
    history.clear();
    expect([history.iterations, history.version > version]).toEqual([0, true]);
  });
});

describe("image source", () => {
  const own = (summary: string): ImageSet => ({
    data: { format: "pixels", pixels: new Uint8Array(784) },
    count: 1,
    labelled: false,
    summary,
    own: true,
  });

  it("keeps the set in use until the trainer accepts a new one", () => {
    const source = new ImageSource();
    expect(source.current()).toBeNull();
    source.setBuiltin(new Uint8Array(20), 10_000);
    expect(source.current()?.data.format).toBe("asset");
    source.propose(own("a"));
    expect(source.current()?.summary).toBe("a");
    expect(source.inUse()?.own).toBe(false);
    expect(source.settle(false)?.summary).toBe("a");
    expect(source.current()?.own).toBe(false);
    source.propose(own("b"));
    source.settle(true);
    expect(source.inUse()?.summary).toBe("b");
    expect(source.proposeBuiltin()).toBe(true);
    source.settle(true);
    expect(source.inUse()?.own).toBe(false);
    expect(source.settle(true)).toBeNull();
  });
});

describe("widget samples", () => {
  it("answers images as one list of values in [0, 1] per image", () => {
    const values = Float32Array.from({ length: 3 * 4 }, (_, i) => i / 11);
    values[0] = 1.0000001;
    const message = samplesMessage("s", values, 2, 2);
    expect(message).toMatchObject({ type: "samples", id: "s", kind: "image", width: 2, height: 2 });
    const images = (message as { images: number[][] }).images;
    expect(images.map((image) => image.length)).toEqual([4, 4, 4]);
    expect(images[0]![0]).toBe(1);
    expect(images.flat().every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(samplesMessage(3, Float32Array.from([1.5, -2]))).toEqual({ type: "samples", id: 3, kind: "1d", values: [1.5, -2] });
  });
});

describe("the built-in digits download", () => {
  afterEach(() => vi.unstubAllGlobals());

  /** A tiny asset of `count` images. */
  function asset(count: number): Uint8Array {
    const bytes = new Uint8Array(assetLength(count));
    bytes.set([71, 80, 68, 71]);
    const view = new DataView(bytes.buffer);
    [1, count, 28, 28].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
    return bytes;
  }

  /** A response streaming `bytes` in chunks, with or without Content-Length. */
  function respond(bytes: Uint8Array, length: boolean, status = 200): void {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 1000) controller.enqueue(bytes.slice(i, i + 1000));
        controller.close();
      },
    });
    const headers: Record<string, string> = length ? { "Content-Length": String(bytes.length) } : {};
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(new Response(status === 200 ? stream : null, { status, headers }))),
    );
  }

  it("streams with progress, from Content-Length or else from the header", async () => {
    for (const length of [true, false]) {
      const bytes = asset(7);
      respond(bytes, length);
      const seen: Progress[] = [];
      const got = await fetchDigitsAsset(new URL("http://x/data/mnist-10k.bin"), (p) => seen.push(p));
      expect(got).toEqual(bytes);
      expect(seen.at(-1)).toEqual({ loaded: bytes.length, total: bytes.length });
      expect(seen.length).toBeGreaterThan(3);
      expect(seen.every((p, i) => i === 0 || p.loaded >= seen[i - 1]!.loaded)).toBe(true);
    }
  });

  it("says what went wrong: HTTP errors, a wrong file, a short one", async () => {
    respond(new Uint8Array(0), true, 404);
    await expect(fetchDigitsAsset(new URL("http://x/data/mnist-10k.bin"), () => {})).rejects.toThrow(/HTTP 404/);
    respond(new Uint8Array(100), true);
    await expect(fetchDigitsAsset(new URL("http://x/a"), () => {})).rejects.toThrow("does not start with GPDG");
    respond(asset(3).subarray(0, 500), false);
    await expect(fetchDigitsAsset(new URL("http://x/a"), () => {})).rejects.toThrow("arrived incomplete: 500 B of 2.4 kB");
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    await expect(fetchDigitsAsset(new URL("http://x/a"), () => {})).rejects.toThrow("could not be downloaded (Failed to fetch)");
  });

  it.skipIf(!existsSync("public/data/mnist-10k.bin"))("reads the real asset's header", () => {
    const bytes = new Uint8Array(readFileSync("public/data/mnist-10k.bin"));
    expect(readAssetHeader(bytes)).toEqual({ ok: true, count: 10_000 });
    expect(assetLength(10_000)).toBe(bytes.length);
    expect(formatBytes(bytes.length)).toBe("7.85 MB");
  });
});
