/**
 * Recording a clip (issue 28, part 2), in each lab: views, format and size chosen in the Share
 * dialog, Start, Play, Stop, and the file that downloads is read back as a slide tool would — a
 * GIF by a decoder (npm `omggif`), a WebM walked and every frame decoded by the browser's own
 * decoder, an MP4 (where this browser writes one) walked and played — with more than one frame,
 * exactly the size asked, and the iteration counter drawn (the title bar's right differs between
 * the first and the last frame). A WebM is recorded on both CPU builds (@both-builds) and on
 * WebGPU; the recorder bar's timer and size estimate move while it records; a frame costs the
 * page's thread a few milliseconds; the dialog's section works from the keyboard alone, and the
 * bar is axe-clean (the dialog with the section is checked by share-dialog.spec.ts). Firefox
 * records each format in firefox.spec.ts.
 */

import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { counterRegion, decodeFrames, playVideo, readGif, readMp4, readWebm, webCodec } from "./clips";
import { readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";
import { FRAME_MEASURE, type Size } from "../../www/src/ui/record/clip";

type Format = "webm" | "gif" | "mp4";

/** A recording asked for: the views (panels of `[data-panel]`), the format, the size. */
interface Ask {
  views: readonly string[];
  format: Format;
  size: Size;
  /** Choose the size with the keyboard (the select focused, arrow keys). */
  keyboard?: boolean;
}

/** Each lab: its preset and the clips recorded of it. */
const LABS: { preset: string; clips: Ask[] }[] = [
  {
    preset: "tuned-1d",
    clips: [
      { views: ["hist", "loss", "map"], format: "gif", size: { width: 640, height: 360 }, keyboard: true },
      { views: ["hist", "loss"], format: "webm", size: { width: 960, height: 540 } },
      { views: ["hist", "metrics"], format: "mp4", size: { width: 1280, height: 720 } },
    ],
  },
  {
    preset: "ring8-pack",
    clips: [
      { views: ["points", "modes"], format: "gif", size: { width: 960, height: 540 } },
      { views: ["points", "loss"], format: "webm", size: { width: 640, height: 360 } },
    ],
  },
  {
    preset: "mnist-mlp",
    clips: [
      { views: ["grid", "real", "loss"], format: "gif", size: { width: 640, height: 360 } },
      { views: ["grid", "loss"], format: "webm", size: { width: 1280, height: 720 } },
    ],
  },
];

/** Each lab's main view (its `data-panel`): ticked, with the losses, for the lab's first clip. */
const MAIN_VIEW: Record<string, string> = { "tuned-1d": "hist dcurve", "ring8-pack": "points heat manifold arrows", "mnist-mlp": "grid" };

const SIZES = ["640 × 360", "960 × 540", "1280 × 720"];

async function openLab(page: Page, preset: string, backend = "cpu"): Promise<void> {
  await page.goto(`./#v=1&preset=${preset}&backend=${backend}&seed=3`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
}

async function openDialog(page: Page): Promise<void> {
  await page.locator("#share").click();
  await expect(page.getByRole("dialog", { name: "Share this demo" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Record a clip" })).toBeVisible();
}

/** Whether this browser offers `format` (MP4 appears once its test encode has worked). */
async function offered(page: Page, format: Format): Promise<boolean> {
  if (format !== "mp4") return (await page.locator(`#record-format option[value="${format}"]`).count()) === 1;
  // The probe encodes one small frame: a second or two at most.
  await page.waitForTimeout(3000);
  return (await page.locator('#record-format option[value="mp4"]').count()) === 1;
}

/** The iteration of a paused run, once the last snapshot on its way is in (two reads alike). */
async function settledStep(page: Page): Promise<number> {
  let last = -1;
  for (;;) {
    const step = await readNumber(page, "#stat-step");
    if (step === last) return step;
    last = step;
    await page.waitForTimeout(400);
  }
}

/**
 * Records the clip `ask` while the run trains (at least `seconds`, and until the run has gone
 * on by `iterations`): returns the file's bytes and name, and the iteration it stopped at.
 */
async function record(page: Page, ask: Ask, { seconds = 3, iterations = 3 } = {}): Promise<{ bytes: Uint8Array; name: string; step: number }> {
  for (const box of await page.locator("#record-views input[type=checkbox]").all()) await box.setChecked(false);
  for (const view of ask.views) await page.locator(`#record-views input[data-panel~="${view}"]`).check();
  await page.locator("#record-format").selectOption(ask.format);
  const label = `${ask.size.width} × ${ask.size.height}`;
  if (ask.keyboard) {
    await page.locator("#record-resolution").focus();
    const from = SIZES.indexOf((await page.locator("#record-resolution option:checked").textContent()) ?? "");
    const to = SIZES.indexOf(label);
    for (let i = from; i !== to; i += Math.sign(to - from)) await page.keyboard.press(to > from ? "ArrowDown" : "ArrowUp");
    await expect(page.locator("#record-resolution option:checked")).toHaveText(label);
  } else {
    await page.locator("#record-resolution").selectOption({ label });
  }
  await page.locator("#record-start").click();
  await expect(page.locator("#share-dialog")).not.toBeVisible();
  const bar = page.getByRole("region", { name: "Clip recorder" });
  await expect(bar).toBeVisible();
  await expect(page.locator("#record-label")).toContainText(`${ask.size.width} × ${ask.size.height}`);

  const from = await readNumber(page, "#stat-step");
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Pause");
  await page.waitForTimeout(seconds * 1000);
  await waitForStep(page, from + iterations, 120_000);
  // The timer and the size so far have moved.
  await expect(page.locator("#record-time")).not.toHaveText("0:00");
  await expect(page.locator("#record-size")).toHaveText(/^≈ \d+(\.\d)? (kB|MB)$/);
  // Paused first, so that the file is named by the iteration the run stays at.
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
  const step = await settledStep(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#record-stop").click()]);
  await expect(bar).toBeHidden();
  const bytes = new Uint8Array(readFileSync(await download.path()));
  await expect(page.locator("#messages")).toContainText(`Saved the clip ${download.suggestedFilename()}`);
  return { bytes, name: download.suggestedFilename(), step };
}

/** A page of the same origin without the app's Content-Security-Policy, to play a video file in. */
async function decoderPage(browser: Browser, baseURL: string): Promise<Page> {
  const page = await browser.newPage();
  await page.route("**/__fixtures__/decode.html", (route) =>
    route.fulfill({ contentType: "text/html", body: '<!doctype html><html lang="en"><head><title>Decode</title></head><body></body></html>' }),
  );
  await page.goto(`${baseURL}__fixtures__/decode.html`);
  return page;
}

/** Reads the clip back and checks it: frames, size, the counter drawn. */
async function checkClip(decoder: Page, ask: Ask, bytes: Uint8Array): Promise<string> {
  const region = counterRegion(ask.size);
  switch (ask.format) {
    case "gif": {
      const gif = readGif(bytes);
      expect({ width: gif.width, height: gif.height }, "the GIF's size").toEqual(ask.size);
      expect(gif.frames, "the GIF's frames").toBeGreaterThan(1);
      expect(gif.durationMs, "the GIF's delays add up to the clip").toBeGreaterThan(1000);
      expect(gif.counterChange, "the iteration counter changes between the first and the last frame").toBeGreaterThan(20);
      return `GIF ${gif.width}×${gif.height}, ${gif.frames} frames, ${gif.durationMs} ms, ${bytes.length} bytes`;
    }
    case "webm": {
      const webm = readWebm(bytes);
      expect({ width: webm.width, height: webm.height }, "the WebM track's size").toEqual(ask.size);
      expect(webm.frames.length, "the WebM's frames").toBeGreaterThan(1);
      expect(webm.durationMs, "the WebM's duration is in its header").toBeGreaterThan(1000);
      const decoded = await decoder.evaluate(decodeFrames, { codec: webCodec(webm.codecId), frames: webm.frames, region });
      expect(decoded.error).toBeNull();
      expect(decoded.frames, "every frame decodes").toBe(webm.frames.length);
      expect(decoded.sizes).toEqual([`${ask.size.width}×${ask.size.height}`]);
      expect(decoded.counterChange, "the iteration counter changes between the first and the last frame").toBeGreaterThan(20);
      return `WebM ${webm.codecId} ${webm.width}×${webm.height}, ${webm.frames.length} frames, ${Math.round(webm.durationMs!)} ms, ${bytes.length} bytes`;
    }
    case "mp4": {
      const mp4 = readMp4(bytes);
      expect({ width: mp4.width, height: mp4.height }, "the MP4 track's size").toEqual(ask.size);
      expect(mp4.samples, "the MP4's frames").toBeGreaterThan(1);
      const played = await decoder.evaluate(playVideo, { file: Buffer.from(bytes).toString("base64"), type: "video/mp4", region });
      expect(played.error).toBeNull();
      expect({ width: played.width, height: played.height }).toEqual(ask.size);
      expect(played.duration).toBeGreaterThan(1);
      expect(played.counterChange, "the iteration counter changes between the first and the last frame").toBeGreaterThan(20);
      return `MP4 ${mp4.codec} ${mp4.width}×${mp4.height}, ${mp4.samples} frames, ${played.duration.toFixed(2)} s, ${bytes.length} bytes`;
    }
  }
}

for (const { preset, clips } of LABS) {
  test(`${preset}: clips of the chosen views decode with their frames, the size asked and the iteration drawn`, async ({ page, browser, baseURL }) => {
    test.skip(webgpuProject(), "the recorder does not depend on the backend; WebGPU records a WebM below");
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    await openLab(page, preset);
    const decoder = await decoderPage(browser, baseURL!);
    let previous: string[] | null = null;
    for (const ask of clips) {
      await openDialog(page);
      // The lab's main view and its losses are ticked at first; later, the views of its last clip.
      const ticked = await page
        .locator("#record-views input:checked")
        .evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).dataset.panel ?? ""));
      if (previous) expect(ticked).toEqual(previous);
      else expect(ticked).toEqual([MAIN_VIEW[preset], "loss"]);
      if (!(await offered(page, ask.format))) {
        console.log(`${preset}: ${ask.format} is not offered by this browser`);
        await page.keyboard.press("Escape");
        continue;
      }
      const { bytes, name, step } = await record(page, ask);
      previous = await page.locator("#record-views input:checked").evaluateAll((boxes) => boxes.map((box) => (box as HTMLInputElement).dataset.panel ?? ""));
      expect(name).toBe(`gan-playground-${preset}-seed3-${step}.${ask.format}`);
      console.log(`${preset}: ${await checkClip(decoder, ask, bytes)}`);
    }
    await decoder.close();
    errors.assertNone();
  });
}

test("a WebM of the 1D lab decodes with its frames and size, on this build @both-builds", async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  // On WebGPU (SwiftShader: slow) the run trains there; elsewhere on the CPU build of the page.
  const webgpu = webgpuProject();
  await openLab(page, "tuned-1d", webgpu ? "webgpu" : "cpu");
  if (webgpu) await expect(page.locator("#backend")).toHaveAttribute("data-backend", "webgpu");
  const decoder = await decoderPage(browser, baseURL!);
  await openDialog(page);
  const ask: Ask = { views: ["hist", "loss"], format: "webm", size: { width: 640, height: 360 } };
  const { bytes } = await record(page, ask, { seconds: 2, iterations: webgpu ? 1 : 3 });
  console.log(`${test.info().project.name}: ${await checkClip(decoder, ask, bytes)}`);
  await decoder.close();
  errors.assertNone();
});

test("a frame of the largest clip costs the page's thread a few milliseconds, while the run trains", async ({ page }) => {
  test.skip(webgpuProject(), "the recorder does not depend on the backend");
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  await openLab(page, "tuned-1d");
  // Every frame's drawing and hand-over is an entry in the performance timeline (recorder.ts).
  // A GIF's pixels are read in its worker, a video's are the browser's encoder's: the page's
  // thread only composites. (A heartbeat would measure the machine: on two cores the trainer's
  // threads and the encoder's share them with it.)
  for (const format of ["gif", "webm", "mp4"] as const) {
    await openDialog(page);
    if (!(await offered(page, format))) continue;
    await record(page, { views: ["hist", "map", "loss", "metrics"], format, size: { width: 1280, height: 720 } }, { seconds: 4, iterations: 100 });
    const costs = await page.evaluate((name) => performance.getEntriesByName(name).map((entry) => entry.duration), FRAME_MEASURE);
    costs.sort((a, b) => a - b);
    const median = costs[Math.floor(costs.length / 2)]!;
    console.log(`${format} 1280 × 720: ${costs.length} frames, median ${median.toFixed(1)} ms, slowest ${costs.at(-1)!.toFixed(1)} ms of the page's thread`);
    expect(costs.length).toBeGreaterThan(20);
    expect(median, "a frame's median cost (ms)").toBeLessThan(10);
  }
  errors.assertNone();
});

test("the record section works from the keyboard alone, and says what it records while it does", async ({ page }) => {
  test.skip(webgpuProject(), "the dialog does not depend on the backend");
  const errors = watchErrors(page);
  await openLab(page, "tuned-1d");
  // Share by Tab and Enter; in the dialog, Tab to the record section's first view.
  await page.locator("h1").click();
  for (let i = 0; i < 40 && !(await page.locator("#share").evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page.locator("#share-dialog")).toBeVisible();
  const focusOn = async (selector: string) => {
    for (let i = 0; i < 80; i++) {
      if (await page.locator(selector).evaluate((el) => el === document.activeElement)) return;
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.getElementById("share-dialog")!.contains(document.activeElement)), "the focus stays in the dialog").toBe(true);
    }
    throw new Error(`Tab never reached ${selector}`);
  };
  // Untick every view with Space: Start cannot start nothing; tick one again.
  const boxes = await page.locator("#record-views input").count();
  for (let i = 0; i < boxes; i++) {
    await focusOn(`#record-view-${i}`);
    if (await page.locator(`#record-view-${i}`).isChecked()) await page.keyboard.press("Space");
  }
  await expect(page.locator("#record-start")).toBeDisabled();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Space");
  await expect(page.locator("#record-start")).toBeEnabled();
  // The format by arrow keys: its note follows.
  await focusOn("#record-format");
  const note = await page.locator("#record-format-note").textContent();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#record-format-note")).not.toHaveText(note ?? "");
  await focusOn("#record-start");
  await page.keyboard.press("Enter");
  await expect(page.locator("#share-dialog")).not.toBeVisible();
  await expect(page.locator("#recorder")).toBeVisible();
  await expect(page.locator("#record-label")).toHaveText(/^Recording (a|an) .+, 960 × 540 \(at most \d+:\d\d\)$/);
  // The bar is axe-clean in both themes.
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { violations } = await new AxeBuilder({ page }).include("#recorder").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      `axe, ${scheme}`,
    ).toEqual([]);
  }
  // While it records, the dialog says so and Start waits.
  await page.locator("#share").click();
  await expect(page.locator("#record-busy")).toBeVisible();
  await expect(page.locator("#record-start")).toBeDisabled();
  await page.keyboard.press("Escape");
  // Stop from the keyboard: the file downloads, the bar goes, the focus is not lost.
  await page.locator("#record-stop").focus();
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toMatch(/^gan-playground-tuned-1d-seed3-0\.(webm|gif|mp4)$/);
  await expect(page.locator("#recorder")).toBeHidden();
  await expect(page.locator("#share")).toBeFocused();
  errors.assertNone();
});
