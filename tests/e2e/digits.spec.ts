import { existsSync, readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { encodeIdx } from "../../www/src/labs/digits/idx";
import { gridImages, readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";

/** The built-in digits (scripts/mnist-asset.mjs): 20-byte header, u8 pixels, then labels. */
const asset = new Uint8Array(readFileSync(new URL("../../public/data/mnist-10k.bin", import.meta.url)));
const ASSET_COUNT = new DataView(asset.buffer, asset.byteOffset).getUint32(8, true);
const PIXELS = 28 * 28;

/** `count` images of the asset from `first` on, as IDX images and labels files. */
function idxFromAsset(first: number, count: number): { images: Buffer; labels: Buffer } {
  const pixels = asset.subarray(20 + first * PIXELS, 20 + (first + count) * PIXELS);
  const labels = asset.subarray(20 + ASSET_COUNT * PIXELS + first, 20 + ASSET_COUNT * PIXELS + first + count);
  return { images: Buffer.from(encodeIdx([count, 28, 28], pixels)), labels: Buffer.from(encodeIdx([count], labels)) };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
/** The outer two-pixel ring and the central 12×12 square of a 28×28 image. */
const ring = (image: number[]) => image.filter((_, p) => Math.min(p % 28, Math.floor(p / 28), 27 - (p % 28), 27 - Math.floor(p / 28)) < 2);
const centre = (image: number[]) => image.filter((_, p) => Math.abs((p % 28) - 13.5) < 6 && Math.abs(Math.floor(p / 28) - 13.5) < 6);

/** Real-looking digits: dark borders, ink in the middle, and not all the same. */
function expectDigits(images: number[][], count: number): void {
  expect(images).toHaveLength(count);
  for (const image of images) {
    expect(mean(ring(image)), "border").toBeLessThan(8);
    expect(Math.max(...centre(image)), "ink").toBeGreaterThan(200);
    const ink = image.filter((v) => v > 128).length;
    expect(ink, "ink pixels").toBeGreaterThan(30);
    expect(ink).toBeLessThan(400);
  }
  const distinct = new Set(images.map((image) => image.join(",")));
  expect(distinct.size).toBe(count);
}

/** Opens an image preset and records what the progress text said while the digits downloaded. */
async function openDigits(page: Page, hash: string): Promise<string[]> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { progressTexts: string[] }).progressTexts = seen;
    new MutationObserver(() => {
      const text = document.getElementById("digits-progress-text")?.textContent;
      if (text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // Held until the bar has been seen, so a fast local download cannot outrun the check.
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/data/mnist-10k.bin", async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(`./${hash}`);
  await expect(page.locator("#digits-progress")).toBeVisible();
  await expect(page.locator("#play")).toBeDisabled();
  release();
  await expect(page.locator("#digits-progress")).toBeHidden({ timeout: 60_000 });
  return page.evaluate(() => (window as unknown as { progressTexts: string[] }).progressTexts);
}

test("an image preset downloads the digits with progress, draws real ones and G's, which change as G trains", async ({ page }) => {
  const errors = watchErrors(page);
  const webgpu = webgpuProject();
  const progress = await openDigits(page, `#v=1&preset=mnist-mlp&backend=${webgpu ? "webgpu" : "cpu"}`);
  expect(progress.some((text) => /^[\d.]+ (MB|kB|B) of 7\.85 MB \(\d+ %\)$/.test(text))).toBe(true);
  expect(progress.at(-1)).toBe("7.85 MB of 7.85 MB (100 %)");
  await expect(page.locator("#views-1d")).toBeHidden();
  await expect(page.locator("#image-data-status")).toHaveText(/^Training on the built-in digits: 10,000/);

  await expect(page.locator("#backend")).toHaveText(webgpu ? /^WebGPU — / : /^CPU — /, { timeout: 180_000 });
  await expect(page.locator("#real-grid")).toHaveAttribute("data-count", "16", { timeout: 180_000 });
  expectDigits(await gridImages(page, "#real-grid"), 16);
  // The real grid shows the first digits of the data, exactly.
  const real = await gridImages(page, "#real-grid");
  expect(real[0]).toEqual(Array.from(asset.subarray(20, 20 + PIXELS)));
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 180_000 });
  const untrained = await gridImages(page, "#generated-grid");
  expect(untrained.flat().some((v) => v > 0)).toBe(true);
  if (webgpu) {
    // Software WebGPU (SwiftShader) needs about a minute for this model's first iteration
    // (shader compilation): here the test stops at what it draws.
    errors.assertNone();
    return;
  }

  await page.locator("#play").click();
  await waitForStep(page, 30, 120_000);
  await expect.poll(async () => JSON.stringify(await gridImages(page, "#generated-grid")), { timeout: 30_000 }).not.toBe(JSON.stringify(untrained));
  const first = await gridImages(page, "#generated-grid");
  await expect.poll(async () => JSON.stringify(await gridImages(page, "#generated-grid")), { timeout: 30_000 }).not.toBe(JSON.stringify(first));
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
  for (const id of ["#stat-dloss", "#stat-gloss", "#stat-dreal", "#stat-dfake"]) {
    expect(Number.isFinite(await readNumber(page, id)), id).toBe(true);
  }
  // The judge has spoken (it scores every few seconds) and the losses are drawn.
  await expect(page.locator("#judge-inception")).toHaveText(/^\d+\.\d\d$/, { timeout: 30_000 });
  await expect(page.locator("#stat-judge")).toHaveText(/^\d+ % · \d+ cl\.$/);
  await expect(page.locator("#image-losses canvas")).toBeVisible();

  // A latent walk: ten frames in a row; a pause refreshes it.
  await page.locator("#latent-walk-button").click();
  await expect(page.locator("#latent-walk")).toHaveAttribute("data-count", "10");
  expect((await gridImages(page, "#latent-walk")).every((frame) => frame.length === PIXELS)).toBe(true);
  errors.assertNone();
});

test("a failed download says why and offers Retry, which loads the digits", async ({ page }) => {
  test.skip(webgpuProject(), "the download does not depend on the backend");
  await page.route("**/data/mnist-10k.bin", (route) => route.abort("connectionfailed"));
  await page.goto("./#v=1&preset=mnist-mlp&backend=cpu");
  const failure = page.locator("#messages .message.error");
  await expect(failure).toContainText("The image presets need the built-in digits, but the built-in digits could not be downloaded");
  await expect(page.locator("#digits-progress-text")).toHaveText(/^Failed: /);
  await expect(page.locator("#play")).toBeDisabled();
  await page.unroute("**/data/mnist-10k.bin");
  await failure.getByRole("button", { name: "Retry" }).click();
  await expect(page.locator("#real-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
  await expect(page.locator("#digits-progress")).toBeHidden();
  await expect(page.locator("#play")).toBeEnabled();
});

test("get-samples answers 16 images of 784 values in [0, 1]", async ({ page }) => {
  // On software WebGPU this takes minutes (shader compilation); the answer's shape is the page's.
  test.skip(webgpuProject(), "the widget protocol does not depend on the backend");
  const backend = "cpu";
  const steps = 3;
  const parentHtml = readFileSync(new URL("../fixtures/embed-parent.html", import.meta.url), "utf8");
  await page.route("**/__fixtures__/embed-parent.html", (route) => route.fulfill({ contentType: "text/html", body: parentHtml }));
  await page.goto(`./__fixtures__/embed-parent.html#v=1&preset=mnist-mlp&backend=${backend}`);
  type Received = { type: string; [field: string]: unknown };
  const received = () => page.evaluate(() => (window as unknown as { received: Received[] }).received);
  const command = (m: Record<string, unknown>) => page.evaluate((c) => (window as unknown as { command: (c: unknown) => void }).command(c), m);
  await expect
    .poll(async () => (await received()).find((m) => m.type === "ready"), { timeout: 180_000 })
    .toMatchObject({
      preset: "mnist-mlp",
      backend,
      hash: `#v=1&preset=mnist-mlp&backend=${backend}`,
    });
  await command({ type: "step", n: steps });
  await command({ type: "get-samples", id: "digits", n: 16 });
  await expect.poll(async () => (await received()).find((m) => m.type === "samples"), { timeout: 180_000 }).toBeTruthy();
  const samples = (await received()).find((m) => m.type === "samples")!;
  expect(samples).toMatchObject({ id: "digits", kind: "image", width: 28, height: 28 });
  const images = samples.images as number[][];
  expect(images).toHaveLength(16);
  for (const image of images) {
    expect(image).toHaveLength(784);
    expect(image.every((v) => v >= 0 && v <= 1)).toBe(true);
  }
  expect(new Set(images.map((image) => image.join(","))).size).toBe(16);
  await command({ type: "get-status" });
  await expect.poll(async () => (await received()).filter((m) => m.type === "status").at(-1)?.step).toBe(steps);
  const status = (await received()).filter((m) => m.type === "status").at(-1)!;
  const metrics = status.metrics as Record<string, number>;
  expect(metrics.real_probability).toBeGreaterThan(0);
  expect(metrics.fake_probability).toBeGreaterThan(0);
});

test("your own IDX files: a valid set (gzipped labels) trains, a corrupt one is refused and the run goes on", async ({ page }) => {
  test.skip(webgpuProject(), "reading files does not depend on the backend");
  const errors = watchErrors(page);
  await openDigits(page, "#v=1&preset=mnist-mlp&backend=cpu&seed=4");
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });

  // 100 digits from the middle of the asset, so the real grid shows that they are in use.
  const own = idxFromAsset(5000, 100);
  await page.setInputFiles("#image-files", [
    { name: "my-labels-idx1-ubyte.gz", mimeType: "application/gzip", buffer: gzipSync(own.labels) },
    { name: "my-images-idx3-ubyte", mimeType: "application/octet-stream", buffer: own.images },
  ]);
  await expect(page.locator("#image-data-status")).toHaveText("Training on 100 images from my-images-idx3-ubyte with labels from my-labels-idx1-ubyte.gz.", {
    timeout: 60_000,
  });
  await expect
    .poll(async () => (await gridImages(page, "#real-grid"))[0], { timeout: 30_000 })
    .toEqual(Array.from(asset.subarray(20 + 5000 * PIXELS, 20 + 5001 * PIXELS)));
  await expect(page.locator("#image-builtin")).toBeVisible();
  // Not in the link.
  expect(await page.evaluate(() => location.hash)).toBe("#v=1&preset=mnist-mlp&backend=cpu&seed=4");

  await page.locator("#play").click();
  await waitForStep(page, 5, 60_000);
  const realBefore = await gridImages(page, "#real-grid");
  // Truncated: the header promises 100 images, the file holds 99 and a half.
  await page.setInputFiles("#image-files", {
    name: "cut-idx3-ubyte",
    mimeType: "application/octet-stream",
    buffer: own.images.subarray(0, own.images.length - 392),
  });
  await expect(page.locator("#image-data-status")).toHaveText(
    "cut-idx3-ubyte has 78008 bytes of data, but its header (100 × 28 × 28) needs 78400. The images in use stay as they were.",
  );
  // Bad magic (not an IDX file at all).
  await page.setInputFiles("#image-files", { name: "notes.idx", mimeType: "application/octet-stream", buffer: Buffer.from("hello, digits") });
  await expect(page.locator("#image-data-status")).toHaveText(/^notes\.idx is not an IDX file \(it should start with two zero bytes/);
  await expect(page.locator("#image-data-status")).toHaveAttribute("data-tone", "error");
  // The run was left alone: still training, on the same images.
  const step = await readNumber(page, "#stat-step");
  await waitForStep(page, step + 3, 60_000);
  expect(await gridImages(page, "#real-grid")).toEqual(realBefore);
  await page.locator("#play").click();

  // Back to the built-in digits.
  await page.locator("#image-builtin").click();
  await expect(page.locator("#image-data-status")).toHaveText(/^Training on the built-in digits/, { timeout: 60_000 });
  await expect.poll(async () => (await gridImages(page, "#real-grid"))[0], { timeout: 30_000 }).toEqual(Array.from(asset.subarray(20, 20 + PIXELS)));
  errors.assertNone();
});

const FASHION = "/usr/share/datasets/fashion-mnist";

test("your own IDX files: Debian's Fashion-MNIST test set, gzipped, trains", async ({ page }) => {
  test.skip(webgpuProject(), "reading files does not depend on the backend");
  test.skip(!existsSync(`${FASHION}/t10k-images-idx3-ubyte.gz`), "Debian's dataset-fashion-mnist is not installed");
  const errors = watchErrors(page);
  await openDigits(page, "#v=1&preset=mnist-mlp&backend=cpu");
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
  await page.setInputFiles("#image-files", [`${FASHION}/t10k-images-idx3-ubyte.gz`, `${FASHION}/t10k-labels-idx1-ubyte.gz`]);
  await expect(page.locator("#image-data-status")).toHaveText(
    "Training on 10,000 images from t10k-images-idx3-ubyte.gz with labels from t10k-labels-idx1-ubyte.gz.",
    { timeout: 60_000 },
  );
  const first = gunzipSync(readFileSync(`${FASHION}/t10k-images-idx3-ubyte.gz`)).subarray(16, 16 + PIXELS);
  await expect.poll(async () => (await gridImages(page, "#real-grid"))[0], { timeout: 30_000 }).toEqual(Array.from(first));
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 30_000 });
  errors.assertNone();
});

test("your own pictures: PNGs are made into MNIST-like digits (inverted from dark-on-light)", async ({ page }) => {
  test.skip(webgpuProject(), "reading files does not depend on the backend");
  const errors = watchErrors(page);
  await openDigits(page, "#v=1&preset=mnist-mlp&backend=cpu");
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
  // Dark strokes on white paper, wider than tall, drawn by the browser itself.
  const pngs = await page.evaluate(() => {
    const out: string[] = [];
    for (const stroke of [10, 20, 30]) {
      const canvas = document.createElement("canvas");
      canvas.width = 120;
      canvas.height = 80;
      const c = canvas.getContext("2d")!;
      c.fillStyle = "#fafafa";
      c.fillRect(0, 0, 120, 80);
      c.fillStyle = "#111";
      c.fillRect(50 + stroke / 3, 10, stroke, 60);
      out.push(canvas.toDataURL("image/png").split(",")[1]!);
    }
    return out;
  });
  await page.setInputFiles(
    "#image-files",
    pngs.map((png, i) => ({ name: `seven-${i}.png`, mimeType: "image/png", buffer: Buffer.from(png, "base64") })),
  );
  await expect(page.locator("#image-data-status")).toHaveText(
    /^Training on 3 pictures \(seven-0\.png and 2 more\), fitted into 28×28 and made grey; all had a light background and were inverted/,
    { timeout: 60_000 },
  );
  const real = await gridImages(page, "#real-grid");
  expect(real.length).toBeGreaterThan(0);
  expect(mean(ring(real[0]!))).toBeLessThan(5);
  expect(Math.max(...centre(real[0]!))).toBe(255);
  errors.assertNone();
});

test("exports: the grid as a PNG, the generator as a file that loads back; a bad one is refused", async ({ page }) => {
  test.skip(webgpuProject(), "the files do not depend on the backend");
  await openDigits(page, "#v=1&preset=mnist-mlp&backend=cpu");
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1");

  const [png] = await Promise.all([page.waitForEvent("download"), page.locator("#download-png").click()]);
  expect(png.suggestedFilename()).toBe("gan-playground-mnist-mlp-step1.png");
  const bytes = readFileSync(await png.path());
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // IHDR: 4×4 digits of 28 px with 1 px gaps, ×4 nearest neighbour.
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([460, 460]);

  const [weights] = await Promise.all([page.waitForEvent("download"), page.locator("#download-generator").click()]);
  expect(weights.suggestedFilename()).toBe("gan-playground-mnist-mlp-step1.bpk");
  const generator = readFileSync(await weights.path());
  // G has 1,486,352 f32 weights.
  expect(generator.length).toBeGreaterThan(1_486_352 * 4);

  // Train on, then load the step-1 generator back: G draws what it drew at step 1.
  const atStep1 = await gridImages(page, "#generated-grid");
  await page.locator("#step").click();
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("3");
  await expect.poll(async () => JSON.stringify(await gridImages(page, "#generated-grid"))).not.toBe(JSON.stringify(atStep1));
  await page.setInputFiles("#load-generator", { name: "g.bpk", mimeType: "application/octet-stream", buffer: generator });
  await expect(page.locator("#messages")).toContainText("Loaded the generator from g.bpk");
  await expect.poll(async () => JSON.stringify(await gridImages(page, "#generated-grid")), { timeout: 30_000 }).toBe(JSON.stringify(atStep1));

  await page.setInputFiles("#load-generator", { name: "junk.bpk", mimeType: "application/octet-stream", buffer: Buffer.from("not a generator") });
  await expect(page.locator("#messages .message.warning")).toBeVisible({ timeout: 30_000 });
});

test("mnist-cgan: every digit, or one picked, as a view of the same run (the link keeps it); back to tuned-1d shows the 1D lab", async ({ page }) => {
  test.skip(webgpuProject(), "the page's modes do not depend on the backend");
  const errors = watchErrors(page);
  await openDigits(page, "#v=1&preset=mnist-mlp&backend=cpu");
  await expect(page.locator("#real-grid")).toHaveAttribute("data-count", "16", { timeout: 120_000 });
  await expect(page.locator("#digit-picker")).toBeHidden();
  await expect(page.locator("#digit-row-panel")).toBeHidden();
  await expect(page.locator("#step-d")).toBeHidden();
  await expect(page.locator("#stat-w1")).toBeHidden();
  await expect(page.locator("#group-target")).toBeHidden();

  // A 6 × 6 grid: a new run with 36 fixed-noise images and 36 real ones.
  await page.locator("#set-grid").fill("6");
  await page.locator("#set-grid").press("Enter");
  await expect.poll(() => page.evaluate(() => location.hash)).toBe("#v=1&preset=mnist-mlp&backend=cpu&grid=6");
  await expect(page.locator("#real-grid")).toHaveAttribute("data-count", "36", { timeout: 60_000 });
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "36", { timeout: 60_000 });
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-columns", "6");

  await page.locator("#set-preset").selectOption("mnist-cgan");
  await expect(page.locator("#digit-picker")).toBeVisible();
  // Every digit at first: 6 rows of the ten digits, each row one noise vector, beside real
  // digits in the same layout (column d: the asset's first 7s … of d).
  await expect(page.locator("#digit-all")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "60", { timeout: 60_000 });
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-columns", "10");
  await expect(page.locator("#grid-caption")).toContainText("Column d is G(z, d)");
  const labels = asset.subarray(20 + ASSET_COUNT * PIXELS, 20 + ASSET_COUNT * PIXELS + ASSET_COUNT);
  const firstSeven = Array.from(asset.subarray(20 + labels.indexOf(7) * PIXELS, 20 + (labels.indexOf(7) + 1) * PIXELS));
  await expect(page.locator("#real-grid")).toHaveAttribute("data-count", "60", { timeout: 30_000 });
  await expect.poll(async () => (await gridImages(page, "#real-grid"))[7], { timeout: 30_000 }).toEqual(firstSeven);
  for (let i = 0; i < 3; i++) await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("3", { timeout: 30_000 });
  const lossesAt3 = await page.evaluate(() => document.getElementById("stat-dloss")?.textContent);

  // Another digit is a view of the same run: the link says it, the step and history stay.
  await page.locator("#digit-7").click();
  expect(await page.evaluate(() => location.hash)).toBe("#v=1&preset=mnist-cgan&backend=cpu&grid=6&digit=7");
  await expect(page.locator("#digit-7")).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#grid-caption")).toContainText("G(z, 7)");
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "36", { timeout: 30_000 });
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-columns", "6");
  await expect.poll(async () => (await gridImages(page, "#real-grid"))[0], { timeout: 30_000 }).toEqual(firstSeven);
  await expect(page.locator("#stat-step")).toHaveText("3");
  expect(await page.evaluate(() => document.getElementById("stat-dloss")?.textContent)).toBe(lossesAt3);
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("4", { timeout: 30_000 });
  await expect(page.locator("#messages .message.warning, #messages .message.error")).toHaveCount(0);
  // The row 0–9 from one noise vector comes with the judged snapshots (every pause or step).
  await expect(page.locator("#digit-row-panel")).toBeVisible();
  await expect(page.locator("#digit-row")).toHaveAttribute("data-count", "10", { timeout: 30_000 });
  await expect(page.locator("#digit-row")).toHaveAttribute("data-columns", "10");
  await page.locator("#digit-all").click();
  expect(await page.evaluate(() => location.hash)).toBe("#v=1&preset=mnist-cgan&backend=cpu&grid=6");
  await expect(page.locator("#generated-grid")).toHaveAttribute("data-count", "60", { timeout: 30_000 });
  await expect(page.locator("#stat-step")).toHaveText("4");

  await page.locator("#set-preset").selectOption("tuned-1d");
  expect(await page.evaluate(() => location.hash)).toBe("#v=1&preset=tuned-1d&backend=cpu");
  await expect(page.locator("#views-1d")).toBeVisible();
  await expect(page.locator("#image-views")).toBeHidden();
  await expect(page.locator("#group-target")).toBeVisible();
  await expect(page.locator("#step-d")).toBeVisible();
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 30_000 });
  await expect.poll(() => readNumber(page, "#stat-w1")).toBeGreaterThan(0);
  // Back again: the digits are in memory, no second download.
  let downloads = 0;
  page.on("request", (request) => {
    if (request.url().endsWith("mnist-10k.bin")) downloads++;
  });
  for (let i = 0; i < 4; i++) await page.goBack();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe("#v=1&preset=mnist-mlp&backend=cpu&grid=6");
  await expect(page.locator("#image-views")).toBeVisible();
  await expect(page.locator("#real-grid")).toHaveAttribute("data-count", "36", { timeout: 60_000 });
  expect(downloads).toBe(0);
  errors.assertNone();
});

test("the single steps stay disabled between the digits' arrival and the trainer's: no click is lost", async ({ page }) => {
  test.skip(webgpuProject(), "the controls do not depend on the backend");
  const errors = watchErrors(page);
  // The trainer's worker script comes late: the digits are in, the trainer is not yet there.
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/[^/?]*\.worker[^/?]*\.js(\?|$)/, async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto("./#v=1&preset=mnist-minute&backend=cpu&embed=1");
  await expect(page.locator("#digits-progress")).toBeHidden({ timeout: 60_000 });
  await expect(page.locator("#image-data-status")).toHaveText(/^Training on the built-in digits/);
  for (const id of ["#step", "#play", "#reset"]) await expect(page.locator(id), id).toBeDisabled();
  release();
  await expect(page.locator("#step")).toBeEnabled({ timeout: 60_000 });
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  errors.assertNone();
});
