/**
 * Bad files, each kind the page takes: your own 1D data, IDX digits, pictures, and generator
 * weights — corrupt, huge, of the wrong shape or of the wrong type. Each is refused with a
 * message that names the problem, and nothing already loaded is lost: the data, the images
 * and the generator in use stay, and the run trains on from where it was.
 *
 * Huge files are sparse files on disk (the page must refuse them by their size, without
 * reading them); the picture "bomb" is a real, valid PNG of 12,000 × 12,000 pixels that is
 * 150 kB as a file and would take 576 MB once decoded.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32, deflateSync, gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { encodeIdx } from "../../www/src/labs/digits/idx";
import { gridImages, readNumber, watchErrors, webgpuProject } from "./helpers";

const MB = 2 ** 20;
let scratch = "";

test.beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "gan-bad-files-"));
});
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A sparse file of `bytes` zeros (it takes no disk): what a huge upload looks like to the page. */
function hugeFile(name: string, bytes: number, head?: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, head ?? new Uint8Array(0));
  truncateSync(path, bytes);
  return path;
}

/** A valid PNG of `side` × `side` black grey pixels: tiny as a file, huge decoded. */
function pngBomb(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit grey, no interlace
  // Each row: filter byte 0 and `side` zero pixels.
  const idat = deflateSync(Buffer.alloc(side * (side + 1)), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", idat),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

async function stepOnce(page: Page): Promise<number> {
  const before = await readNumber(page, "#stat-step");
  await page.locator("#step").click();
  await expect.poll(() => readNumber(page, "#stat-step"), { timeout: 60_000 }).toBe(before + 1);
  return before + 1;
}

test.describe("bad files", () => {
  test.skip(() => webgpuProject(), "reading files does not depend on the backend");

  test("your own 1D data: a binary file and a 100 MB one are refused; the data in use stays and trains on", async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await page.locator("#set-target").selectOption("data");
    const status = page.locator("#data-status");
    const csv = Array.from({ length: 300 }, (_, i) => String(5 + Math.cos(i))).join("\n");
    await page.locator("#data-file").setInputFiles({ name: "mine.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect(status).toContainText("mine.csv: Using 300 values.");
    await stepOnce(page);
    const step = await stepOnce(page);

    // The wrong type: a picture given as data.
    await page.locator("#data-file").setInputFiles({ name: "photo.csv", mimeType: "text/csv", buffer: pngBomb(64) });
    await expect(status).toContainText("photo.csv: No numbers found: the data needs at least two different numbers");
    await expect(status).toContainText("Nothing was changed.");
    // Huge: refused by its size, before it is read.
    await page.locator("#data-file").setInputFiles(hugeFile("huge.csv", 100 * MB));
    await expect(status).toHaveText("huge.csv: the file is 100 MB; the page reads files up to 64 MB. Nothing was changed.");
    // Nothing moved: the same target, the same run, which trains on.
    await expect(page.locator("#set-target")).toHaveValue("data");
    expect(await readNumber(page, "#stat-step")).toBe(step);
    await stepOnce(page);
    expect(await page.evaluate(() => location.hash)).toBe("#v=1&preset=tuned-1d&backend=cpu&target=data");
    errors.assertNone();
  });

  test("IDX files and pictures: corrupt, huge, a gzip bomb, a picture bomb, the wrong shape — each named, the images in use stay", async ({ page }) => {
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    await page.goto("./#v=1&preset=mnist-mlp&backend=cpu");
    await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
    await expect(page.locator("#play")).toBeEnabled();
    await stepOnce(page);
    const real = await gridImages(page, "#real-grid");
    expect(real.length).toBeGreaterThan(0);
    const status = page.locator("#image-data-status");
    const refused = async (files: Parameters<Page["setInputFiles"]>[1], text: string | RegExp) => {
      await page.setInputFiles("#image-files", files);
      await expect(status).toHaveText(typeof text === "string" ? `${text}. The images in use stay as they were.` : text, { timeout: 60_000 });
      await expect(status).toHaveAttribute("data-tone", "error");
    };

    await refused(hugeFile("huge-idx3-ubyte", 200 * MB), "huge-idx3-ubyte is 210 MB, larger than 60,000 28×28 images can be");
    // 256 MB of zeros behind a valid IDX header, gzipped to ≈ 250 kB: stopped while it unpacks.
    const header = encodeIdx([60_000, 28, 28], new Uint8Array(0));
    const bomb = gzipSync(Buffer.concat([Buffer.from(header), Buffer.alloc(256 * MB)]), { level: 9 });
    expect(bomb.length).toBeLessThan(MB);
    await refused(
      { name: "bomb-idx3-ubyte.gz", mimeType: "application/gzip", buffer: bomb },
      /^bomb-idx3-ubyte\.gz decompresses to more than 45 MB, more than 60,000 images/,
    );
    // A gzipped images file cut in half (pixels that do not compress away).
    const noisy = Uint8Array.from({ length: 100 * 28 * 28 }, (_, i) => (i * 2654435761) >>> 24);
    const packed = gzipSync(encodeIdx([100, 28, 28], noisy));
    await refused(
      { name: "cut-idx3-ubyte.gz", mimeType: "application/gzip", buffer: packed.subarray(0, packed.length >> 1) },
      /^cut-idx3-ubyte\.gz is not a valid gzip file \(/,
    );
    await refused(
      { name: "cifar-idx3-ubyte", mimeType: "application/octet-stream", buffer: Buffer.from(encodeIdx([2, 32, 32], new Uint8Array(2 * 32 * 32))) },
      "cifar-idx3-ubyte holds 32×32 images; the image presets need 28×28",
    );

    // Pictures: one that is not one, a picture bomb, and a huge file.
    const png = readFileSync(new URL("../fixtures/pictures/ink-37x23.png", import.meta.url));
    await refused(
      { name: "broken.png", mimeType: "image/png", buffer: Buffer.concat([png.subarray(0, 40), Buffer.from("garbage after the header")]) },
      "broken.png could not be decoded as a picture",
    );
    const bigPicture = pngBomb(12_000);
    expect(bigPicture.length).toBeLessThan(MB);
    await refused(
      { name: "bomb.png", mimeType: "image/png", buffer: bigPicture },
      "bomb.png is a PNG of 12,000 × 12,000 pixels; the page decodes pictures of up to 64 megapixels",
    );
    await refused(hugeFile("poster.png", 80 * MB, png), "poster.png is 84 MB; the page reads pictures of up to 64 MB");
    await refused(
      [
        { name: "a.png", mimeType: "image/png", buffer: png },
        { name: "a-idx3-ubyte", mimeType: "application/octet-stream", buffer: Buffer.from(header) },
      ],
      "Choose either IDX files or pictures (PNG/JPEG), not both at once",
    );

    // The run kept its images and trains on.
    expect(await gridImages(page, "#real-grid")).toEqual(real);
    await stepOnce(page);
    errors.assertNone();
  });

  test("generator files: corrupt, cut short, huge, another preset's — refused, and G stays as it was", async ({ page }) => {
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    // Another preset's generator, downloaded from that preset.
    await page.goto("./#v=1&preset=mnist-cgan&backend=cpu&digit=3");
    await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
    await expect(page.locator("#download-generator")).toBeEnabled();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-generator").click()]);
    const cgan = readFileSync(await download.path());

    await page.evaluate(() => (location.hash = "#v=1&preset=mnist-mlp&backend=cpu"));
    await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
    await expect(page.locator("#play")).toBeEnabled();
    await stepOnce(page);
    const [own] = await Promise.all([page.waitForEvent("download"), page.locator("#download-generator").click()]);
    const generator = readFileSync(await own.path());
    const grid = JSON.stringify(await gridImages(page, "#generated-grid"));
    const step = await readNumber(page, "#stat-step");

    const messages = page.locator("#messages .message > span");
    const refused = async (files: Parameters<Page["setInputFiles"]>[1], text: RegExp) => {
      const before = await messages.count();
      await page.setInputFiles("#load-generator", files);
      await expect(messages.nth(before)).toHaveText(text, { timeout: 60_000 });
    };
    await refused(
      { name: "cgan.bpk", mimeType: "application/octet-stream", buffer: cgan },
      /this file is not a generator of this preset: its weights are of another network \(/,
    );
    await refused(
      { name: "cut.bpk", mimeType: "application/octet-stream", buffer: generator.subarray(0, generator.length >> 1) },
      /this file is not a generator of this preset: it is not a weights file burn can read \(/,
    );
    await refused(
      { name: "notes.bpk", mimeType: "application/octet-stream", buffer: Buffer.from("my notes, not weights") },
      /this file is not a generator of this preset: it is not a weights file burn can read \(/,
    );
    await refused(hugeFile("huge.bpk", 300 * MB), /^huge\.bpk is 314\.57 MB: too large to be a generator of these presets\./);
    for (const text of await messages.allTextContents()) expect(text.length, text).toBeLessThan(400);

    // G is the one it was, and trains on from the same step.
    expect(JSON.stringify(await gridImages(page, "#generated-grid"))).toBe(grid);
    expect(await readNumber(page, "#stat-step")).toBe(step);
    await stepOnce(page);
    errors.assertNone();
  });
});
