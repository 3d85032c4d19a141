/**
 * The Share dialog (issue 28, part 1), in each lab: the link and its QR code, which a decoder
 * (npm `jsqr`) reads back as that link; full screen for the QR code; the embed builder, whose
 * code — pasted into a fresh parent page, as plain HTML and as the `<gan-playground>` element —
 * shows exactly what its live preview shows; axe with the dialog open in both themes; and a
 * keyboard-only path through it. The dialog does not depend on the backend: the CPU project.
 */

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type FrameLocator, type Page } from "@playwright/test";
import jsQR from "jsqr";
import { ISOLATION_HEADERS, watchErrors, webgpuProject } from "./helpers";

test.beforeEach(() => {
  test.skip(webgpuProject(), "the dialog and the embeds it writes do not depend on the backend");
});

/** A preset of each lab, and two of its panels to embed. */
const LABS = [
  { preset: "tuned-1d", panels: ["hist", "loss"] },
  { preset: "ring8-pack", panels: ["points", "modes"] },
  { preset: "mnist-mlp", panels: ["grid", "judge"] },
] as const;

async function openDialog(page: Page, preset: string): Promise<void> {
  await page.goto(`./#v=1&preset=${preset}&backend=cpu&seed=3`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
  await page.locator("#share").click();
  await expect(page.getByRole("dialog", { name: "Share this demo" })).toBeVisible();
}

/** The text the QR code on the dialog's canvas holds, as a decoder reads it. */
async function qrText(page: Page): Promise<string | null> {
  const image = await page.locator("#share-qr").evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, pixels: Array.from(data.data) };
  });
  return jsQR(Uint8ClampedArray.from(image.pixels), image.width, image.height)?.data ?? null;
}

/** What an embedded page shows: its panels, look and controls, and the link it was given. */
async function look(frame: FrameLocator) {
  const body = frame.locator("body");
  await expect(body).toHaveAttribute("data-embed", "");
  await expect(frame.locator("#play")).toBeAttached();
  return body.evaluate((b) => ({
    hash: location.hash,
    // Each shown element with the panels it holds (one element may hold two: `hist dcurve`).
    panels: [...document.querySelectorAll<HTMLElement>("[data-panel]")]
      .filter((el) => !el.hasAttribute("data-left-out") && el.getClientRects().length > 0)
      .map((el) => el.dataset.panel ?? ""),
    theme: document.documentElement.dataset.theme,
    controls: b.dataset.controls,
    // What `controls` adds: the rewind slider, the QR code of the link.
    extras: ["rewind", "embed-qr"].filter((id) => document.getElementById(id)!.getClientRects().length > 0),
    scale: document.documentElement.style.getPropertyValue("--scale"),
  }));
}

/**
 * The embed the tests build: two panels, no controls, dark, at 1.25×, no autoplay nor resume,
 * 640 px wide at 4:3 (the height follows: 480).
 */
async function choose(page: Page, panels: readonly string[]): Promise<void> {
  for (const box of await page.locator("#share-panels input[type=checkbox]").all()) await box.setChecked(false);
  for (const panel of panels) await page.locator(`#share-panels input[data-panel="${panel}"]`).check();
  await page.locator("#share-controls").selectOption("none");
  await page.locator("#share-controls-rewind").check();
  await page.locator("#share-controls-qr").check();
  await page.locator("#share-theme").selectOption("dark");
  await page.locator("#share-scale").fill("1.25");
  await page.locator("#share-autoplay").setChecked(false);
  await page.locator("#share-resume").selectOption("0");
  await page.locator("#share-full-width").setChecked(false);
  await page.locator("#share-width").fill("640");
  await page.locator("#share-aspect").selectOption("4:3");
  await expect(page.locator("#share-height")).toHaveValue("480");
}

/** Serves `html` as a same-origin page with the site's isolation headers, and opens it. */
async function openPasted(page: Page, html: string): Promise<void> {
  await page.route("**/__fixtures__/pasted.html", (route) =>
    route.fulfill({
      contentType: "text/html",
      headers: { ...ISOLATION_HEADERS },
      body: `<!doctype html><html lang="en"><head><title>A deck</title></head><body style="margin: 0">${html}</body></html>`,
    }),
  );
  await page.goto("./__fixtures__/pasted.html");
}

for (const { preset, panels } of LABS) {
  test(`${preset}: the link, and a QR code that reads back as it, full screen on a click`, async ({ page }) => {
    const errors = watchErrors(page);
    await openDialog(page, preset);
    const link = await page.locator("#share-link").inputValue();
    expect(link).toBe(page.url());
    expect(await qrText(page)).toBe(link);
    // Big enough to scan across a room: at least 250 CSS pixels on the dialog.
    expect((await page.locator("#share-qr").boundingBox())!.width).toBeGreaterThanOrEqual(250);
    await page.locator("#share-qr-full").click();
    await expect
      .poll(() => page.evaluate(() => document.fullscreenElement?.id ?? (document.querySelector(".share-qr-zoomed") ? "zoomed" : null)))
      .toMatch(/^(share-qr|zoomed)$/);
    await page.evaluate(() => (document.fullscreenElement ? document.exitFullscreen() : undefined));
    // The dialog shows the run as it is now: a new seed, a new link and code.
    await page.keyboard.press("Escape");
    await expect(page.locator("#share-dialog")).not.toBeVisible();
    await page.locator("#new-seed").click();
    await page.locator("#share").click();
    const next = await page.locator("#share-link").inputValue();
    expect(next).not.toBe(link);
    expect(next).toBe(page.url());
    expect(await qrText(page)).toBe(next);
    // At this moment: once the run has trained, the link (and its code) can take it there (`at`).
    await expect(page.locator("#share-at")).toBeDisabled();
    await page.keyboard.press("Escape");
    for (let i = 1; i <= 3; i++) {
      await page.locator("#step").click();
      await expect(page.locator("#stat-step")).toHaveText(String(i), { timeout: 60_000 });
    }
    await page.locator("#share").click();
    await page.locator("#share-at").check();
    await expect(page.locator("#share-link")).toHaveValue(`${page.url()}&at=3`);
    expect(await qrText(page)).toBe(`${page.url()}&at=3`);
    expect(await page.locator("#share-code").inputValue()).toContain("&at=3");
    errors.assertNone();
  });

  test(`${preset}: the embed code, pasted into a fresh page, shows exactly the previewed embed`, async ({ page, context }) => {
    test.setTimeout(240_000);
    const errors = watchErrors(page);
    await openDialog(page, preset);
    await choose(page, panels);

    await page.locator("#share-tool").selectOption("html");
    const html = await page.locator("#share-code").inputValue();
    const src = /src="([^"]+)"/.exec(html)![1]!;
    expect(new URL(src).hash).toBe(
      `#v=1&preset=${preset}&backend=cpu&seed=3&embed=1&show=${panels.join(",")}&controls=none,rewind,qr&theme=dark&scale=1.25&resume=0`,
    );
    expect(html).toContain('width="640" height="480"');
    await expect(page.locator("#share-preview")).toHaveAttribute("src", src, { timeout: 10_000 });
    const previewed = await look(page.frameLocator("#share-preview"));
    expect(previewed).toMatchObject({ theme: "dark", controls: "none", extras: ["rewind", "embed-qr"], scale: "1.25" });
    // What is shown is what was ticked: each panel on show, and nothing that holds none of them.
    const shown = previewed.panels.map((held) => held.split(" "));
    for (const panel of panels) expect(shown.flat(), `${panel} is shown`).toContain(panel);
    for (const held of shown)
      expect(
        held.some((panel) => (panels as readonly string[]).includes(panel)),
        `${held.join(" ")} is not asked for`,
      ).toBe(true);
    expect(previewed.hash).toBe(new URL(src).hash);
    const previewSize = await page.locator("#share-preview").evaluate((f: HTMLIFrameElement) => [f.offsetWidth, f.offsetHeight]);
    expect(previewSize).toEqual([640, 480]);
    // Closing the dialog unloads the preview (it would go on using the CPU).
    await page.keyboard.press("Escape");
    await expect(page.locator("#share-preview")).toHaveAttribute("src", "about:blank");

    await page.locator("#share").click();
    await choose(page, panels);
    await page.locator("#share-tool").selectOption("element");
    const element = await page.locator("#share-code").inputValue();
    expect(element).toContain(`hash="${new URL(src).hash}" height="480" style="width: 640px"`);

    // Pasted into a fresh page of a deck, each shows what the preview showed, at the size asked.
    const deck = await context.newPage();
    const deckErrors = watchErrors(deck);
    await openPasted(deck, html);
    expect(await look(deck.frameLocator("iframe"))).toEqual(previewed);
    expect(await deck.locator("iframe").evaluate((f: HTMLIFrameElement) => [f.offsetWidth, f.offsetHeight])).toEqual([640, 480]);
    await openPasted(deck, element);
    expect(await look(deck.frameLocator("gan-playground iframe"))).toEqual(previewed);
    expect(await deck.locator("gan-playground iframe").evaluate((f: HTMLIFrameElement) => [f.offsetWidth, f.offsetHeight])).toEqual([640, 480]);
    errors.assertNone();
    deckErrors.assertNone();
  });
}

test("the dialog is axe-clean in both themes, and works from the keyboard alone", async ({ page }) => {
  const errors = watchErrors(page);
  await openDialog(page, "tuned-1d");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction(() => document.getAnimations().length === 0);
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious, `axe, ${scheme}`).toEqual([]);
  }

  // Keyboard only: Share is reached by Tab and opened with Enter; the dialog holds the focus;
  // a choice made with the keyboard changes the code; Escape closes it and gives the focus back.
  await page.emulateMedia({ colorScheme: "light" });
  await page.keyboard.press("Escape");
  await expect(page.locator("#share-dialog")).not.toBeVisible();
  await page.locator("h1").click();
  for (let i = 0; i < 40 && !(await page.locator("#share").evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(page.locator("#share")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#share-dialog")).toBeVisible();
  expect(await page.evaluate(() => document.getElementById("share-dialog")!.contains(document.activeElement))).toBe(true);
  // The page's keys (→ one iteration, R reset) do nothing behind the dialog.
  await page.keyboard.press("ArrowRight");
  await page.waitForTimeout(500);
  await expect(page.locator("#stat-step")).toHaveText("0");
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.getElementById("share-dialog")!.contains(document.activeElement)), "the focus stays in the dialog").toBe(true);
    if (await page.locator("#share-controls").evaluate((el) => el === document.activeElement)) break;
  }
  await expect(page.locator("#share-controls")).toBeFocused();
  const before = await page.locator("#share-code").inputValue();
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => page.locator("#share-code").inputValue()).not.toBe(before);
  await page.keyboard.press("Escape");
  await expect(page.locator("#share-dialog")).not.toBeVisible();
  await expect(page.locator("#share")).toBeFocused();
  errors.assertNone();
});
