/**
 * Accessibility (issue 19): axe-core on every page mode — the 1D lab, the digits lab, the 2D
 * lab, embed mode — in both colour schemes and with the link's own `theme` against the system's,
 * after a few iterations (charts drawn, read-outs filled) and with each target's editors open:
 * no serious or critical violation of WCAG 2.1 A/AA. Then a keyboard-only path (change a
 * setting, play, pause, copy the link), every control reached by Tab with a visible focus ring
 * in both themes, the views' text alternatives carrying the read-outs' numbers, and
 * prefers-reduced-motion. The page's accessibility does not depend on the backend: the CPU
 * project only.
 */

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";

/** The WCAG 2.0 and 2.1 rules, levels A and AA. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

test.beforeEach(() => {
  test.skip(webgpuProject(), "accessibility does not depend on the backend");
});

/** Runs axe on the page and fails on any serious or critical violation, listing each readably. */
async function expectNoSeriousViolations(page: Page, when: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.map((n) => `    ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\s*\n\s*/g, " ")}`),
  ]);
  expect(report, `axe, ${when}`).toEqual([]);
}

/**
 * Axe in the four looks: the system light and dark (theme=auto), and the link's theme against
 * the system's (theme=dark on a light system, theme=light on a dark one). `theme` is a view key:
 * changing it restarts nothing.
 */
async function expectNoSeriousViolationsInEveryTheme(page: Page, mode: string): Promise<void> {
  const base = await page.evaluate(() => location.hash.replace(/&theme=[^&]*/, ""));
  for (const [scheme, theme] of [
    ["light", "auto"],
    ["dark", "auto"],
    ["light", "dark"],
    ["dark", "light"],
  ] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((hash) => (location.hash = hash), theme === "auto" ? base : `${base}&theme=${theme}`);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    // Charts rebuild in the new colours on the next frames, and the colour transitions end.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.waitForFunction(() => document.getAnimations().length === 0);
    await expectNoSeriousViolations(page, `${mode}, ${scheme} system, theme=${theme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate((hash) => (location.hash = hash), base);
}

/** Opens `hash`, trains a few iterations and pauses: the charts are drawn and the read-outs filled. */
async function openTrained(page: Page, hash: string, steps = 20): Promise<void> {
  await page.goto(`./${hash}`);
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
  await page.locator("#play").click();
  await waitForStep(page, steps, 120_000);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
}

/** The accessible name of `selector` once it speaks of the paused run's step (names follow at most once a second). */
async function nameAtStep(page: Page, selector: string): Promise<string> {
  const step = (await page.locator("#stat-step").textContent()) ?? "";
  await expect(page.locator(selector)).toHaveAttribute("aria-label", new RegExp(`At iteration ${step}:`), { timeout: 5_000 });
  return (await page.locator(selector).getAttribute("aria-label")) ?? "";
}

test("1D lab: no serious axe violations in either theme, with every target's editor; the charts' names carry the read-outs", async ({ page }) => {
  const errors = watchErrors(page);
  await openTrained(page, "#v=1&preset=tuned-1d&backend=cpu");
  const w1 = (await page.locator("#stat-w1").textContent()) ?? "";
  const ks = (await page.locator("#stat-ks").textContent()) ?? "";
  expect(await nameAtStep(page, "#distribution")).toContain(`W₁ ${w1}, KS ${ks}`);
  expect(await nameAtStep(page, "#losses")).toContain(
    `D loss ${await page.locator("#stat-dloss").textContent()}, G loss ${await page.locator("#stat-gloss").textContent()}`,
  );
  for (const view of ["#generator-map", "#push-1d", "#metrics"]) await nameAtStep(page, view);
  await expectNoSeriousViolationsInEveryTheme(page, "1D lab");
  // The target's editors: the mixture's table, the drawn density, your own numbers.
  for (const target of ["mixture", "drawn", "data"]) {
    await page.locator("#set-target").selectOption(target);
    await expectNoSeriousViolations(page, `1D lab, target ${target}`);
  }
  errors.assertNone();
});

test("2D lab: no serious axe violations in either theme, with the points editor; the plane's name carries the read-outs", async ({ page }) => {
  const errors = watchErrors(page);
  await openTrained(page, "#v=1&preset=ring8-tuned&backend=cpu");
  const plane = await nameAtStep(page, "#plane canvas");
  expect(plane).toContain(`sliced W₁ ${await page.locator("#stat-sw1").textContent()}`);
  expect(plane).toMatch(/\d of 8 modes covered/);
  await nameAtStep(page, "#modes-2d");
  await expectNoSeriousViolationsInEveryTheme(page, "2D lab");
  await page.locator("#set-shape").selectOption("points");
  await expect(page.getByTestId("points-canvas")).toBeVisible();
  await expectNoSeriousViolations(page, "2D lab, your own points");
  errors.assertNone();
});

test("digits lab: no serious axe violations in either theme; the grid's name says what it holds", async ({ page }) => {
  const errors = watchErrors(page);
  await openTrained(page, "#v=1&preset=mnist-minute&backend=cpu", 10);
  expect(await nameAtStep(page, "#generated-grid")).toMatch(/images of 28 × 28 pixels/);
  expect(await nameAtStep(page, "#image-discriminator")).toContain(`D(real) ${await page.locator("#stat-dreal").textContent()}`);
  await expectNoSeriousViolationsInEveryTheme(page, "digits lab");
  errors.assertNone();
});

test("embed mode: no serious axe violations in either theme", async ({ page }) => {
  const errors = watchErrors(page);
  await openTrained(page, "#v=1&preset=tuned-1d&backend=cpu&embed=1");
  await expectNoSeriousViolationsInEveryTheme(page, "embed mode");
  errors.assertNone();
});

// ── keyboard ─────────────────────────────────────────────────────────────────────────────

/** Presses Tab (Shift+Tab with `back`) until the focus is on `id`; fails after `most` presses. */
async function tabTo(page: Page, id: string, { back = false, most = 60 } = {}): Promise<void> {
  for (let i = 0; i < most; i++) {
    if ((await page.evaluate(() => document.activeElement?.id ?? "")) === id) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  expect(await page.evaluate(() => document.activeElement?.id ?? ""), `Tab to #${id}`).toBe(id);
}

test("keyboard only: change the seed, play, pause and copy the link", async ({ page, context }) => {
  const errors = watchErrors(page);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu&seed=5");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });

  // A setting: the seed, typed over and applied with Enter (a new run at step 0).
  await tabTo(page, "set-seed");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type("1234");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.evaluate(() => location.hash)).toContain("seed=1234");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });

  // Play from the keyboard: the step counter rises.
  await tabTo(page, "play", { back: true });
  await page.keyboard.press("Enter");
  await expect(page.locator("#play")).toHaveText("Pause");
  await waitForStep(page, 50, 60_000);
  // Pause with Space on the focused button: the counter stops.
  await page.keyboard.press("Space");
  await expect(page.locator("#play")).toHaveText("Play");
  const paused = await readNumber(page, "#stat-step");
  await page.waitForTimeout(500);
  expect(await readNumber(page, "#stat-step"), "paused").toBe(paused);

  // Copy link, and the link holds the new seed.
  await tabTo(page, "copy-link");
  await page.keyboard.press("Enter");
  await expect(page.locator("#copy-link")).toHaveText("Copied ✓");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).hash).toContain("seed=1234");
  errors.assertNone();
});

/** Relative luminance of an `rgb(…)`/`rgba(…)` colour (WCAG 2). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

interface Ring {
  control: string;
  style: string;
  width: number;
  color: string;
  around: string;
}

/**
 * Tabs through the whole page from the top and returns, for each control the focus reached,
 * its focus ring: the outline of the control (of its label, for a hidden file input) and the
 * background the ring is drawn on (the nearest opaque one around the control).
 */
async function tabThrough(page: Page, presses: number): Promise<Ring[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const rings: Ring[] = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    const ring = await page.evaluate(() => {
      const focused = document.activeElement as HTMLElement | null;
      if (!focused || focused === document.body) return null;
      const shown = focused.matches(".file-button input") ? focused.parentElement! : focused;
      const style = getComputedStyle(shown);
      let around: Element | null = shown.parentElement;
      let background = "rgb(255, 255, 255)";
      while (around) {
        const color = getComputedStyle(around).backgroundColor;
        if (color !== "rgba(0, 0, 0, 0)" && color !== "transparent") {
          background = color;
          break;
        }
        around = around.parentElement;
      }
      const name = focused.id || focused.dataset.testid || `${focused.tagName.toLowerCase()} "${(focused.textContent ?? "").trim().slice(0, 20)}"`;
      return { control: name, style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor, around: background };
    });
    if (ring) rings.push(ring);
  }
  return rings;
}

/** Every control on show: visible, enabled, and meant to be reached by Tab. */
function controlsOnShow(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, select, input, textarea, [tabindex='0']")]
      // A hidden file input is reached by Tab, and shows where it is on its label.
      // (`visibility: hidden` is not on show either: the rewind bar's Live and Continue keep their room so.)
      .filter(
        (el) =>
          !(el as HTMLButtonElement).disabled &&
          el.tabIndex >= 0 &&
          (el.matches(".file-button input") ? el.parentElement! : el).checkVisibility({ visibilityProperty: true }),
      )
      .map((el) => el.id || el.dataset.testid || `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 20)}"`),
  );
}

for (const [lab, hash, shape] of [
  ["1D lab", "#v=1&preset=tuned-1d&backend=cpu", null],
  ["2D lab with the points editor", "#v=1&preset=ring8-tuned&backend=cpu", "points"],
  ["digits lab with the digit picker", "#v=1&preset=mnist-cgan&backend=cpu", null],
] as const) {
  test(`${lab}: Tab reaches every control, each with a focus ring of 3:1 in both themes`, async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`./${hash}`);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    if (shape) await page.locator("#set-shape").selectOption(shape);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    // One iteration: the rewind slider has two frames, and is a control on show.
    await page.locator("#step").click();
    await expect(page.locator("#rewind-slider")).toBeEnabled({ timeout: 60_000 });
    const controls = await controlsOnShow(page);
    expect(controls.length).toBeGreaterThan(15);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const rings = await tabThrough(page, controls.length + 5);
      const reached = new Set(rings.map((r) => r.control));
      expect(
        controls.filter((c) => !reached.has(c)),
        `${scheme}: controls Tab never reached`,
      ).toEqual([]);
      const weak = rings.filter((r) => r.style === "none" || r.width < 2 || contrast(r.color, r.around) < 3);
      expect(
        weak.map((r) => `${r.control}: ${r.style} ${r.width}px ${r.color} on ${r.around}`),
        `${scheme}: focus rings`,
      ).toEqual([]);
    }
    errors.assertNone();
  });
}

test("a chart's legend toggles a series from the keyboard", async ({ page }) => {
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  const toggle = page.locator("#losses .u-legend .u-series").nth(1).locator("th");
  await expect(toggle).toHaveAttribute("role", "button");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(page.locator("#losses .u-legend .u-series").nth(1)).toHaveClass(/u-off/);
  // Space switches it back, and does not start the run (the page's Space key is Play).
  await page.keyboard.press("Space");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#play")).toHaveText("Play");
});

/** The overview graph's labels that are faded or under 4.5:1 against the panel or a node's box (the page's background). */
async function faintGraphLabels(page: Page): Promise<string[]> {
  const labels = await page.locator("#graph-1d svg").evaluate((svg) => {
    const panel = getComputedStyle(svg.closest(".panel")!).backgroundColor;
    const background = getComputedStyle(document.documentElement).backgroundColor;
    return [...svg.querySelectorAll("text")].map((text) => {
      let opacity = 1;
      for (let el: Element | null = text; el && el !== svg; el = el.parentElement) opacity *= Number(getComputedStyle(el).opacity);
      return { label: text.textContent ?? "", fill: getComputedStyle(text).fill, opacity, panel, background };
    });
  });
  expect(labels.length).toBeGreaterThan(5);
  return labels
    .filter((l) => l.opacity < 1 || Math.min(contrast(l.fill, l.panel), contrast(l.fill, l.background)) < 4.5)
    .map((l) => `${l.label}: ${l.fill} × ${l.opacity} on ${l.panel} / ${l.background}`);
}

test("the overview graph's labels keep 4.5:1 while a step is lit, in both themes (axe cannot judge text over SVG shapes)", async ({ page }) => {
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  await page.locator("#step-d").click();
  await expect(page.locator("#graph-1d svg")).toHaveAttribute("data-phase", "discriminator");
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // Polled: the labels' colours fade to the new theme's over 150 ms.
    await expect.poll(() => faintGraphLabels(page), { message: scheme }).toEqual([]);
  }
});

// ── reduced motion ───────────────────────────────────────────────────────────────────────

/** The transition durations of the elements `selector` finds, as computed. */
function transitionDurations(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((s) => [...document.querySelectorAll(s)].map((el) => getComputedStyle(el).transitionDuration), selector);
}

test("prefers-reduced-motion: no transitions, no blinking diagram in slow motion; the run still trains", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  // Without the preference the diagram's parts fade (so the check below checks something).
  const animated = ".overview-graph .node, .overview-graph .edge, .overview-graph .node rect, .overview-graph .edge-line";
  expect((await transitionDurations(page, animated)).every((d) => d !== "0s")).toBe(true);

  await page.emulateMedia({ reducedMotion: "reduce" });
  const reduced = await transitionDurations(page, `${animated}, button, select`);
  expect(reduced.length).toBeGreaterThan(10);
  expect(reduced.filter((d) => d.split(",").some((part) => part.trim() !== "0s"))).toEqual([]);
  expect(await page.evaluate(() => [...document.querySelectorAll("*")].filter((el) => getComputedStyle(el).animationName !== "none").length)).toBe(0);

  // Slow motion lights each iteration; with reduced motion it holds G's step, never blinking D's.
  await page.locator("#speed").selectOption("slow");
  await page.locator("#play").click();
  const phases = new Set<string>();
  const until = Date.now() + 2_000;
  while (Date.now() < until) {
    phases.add((await page.locator("#graph-1d svg").getAttribute("data-phase")) ?? "");
    await page.waitForTimeout(25);
  }
  expect([...phases].filter((p) => p !== "idle")).toEqual(["generator"]);
  // Training is the content: it goes on, and the charts follow.
  await page.locator("#speed").selectOption("max");
  const before = await readNumber(page, "#stat-step");
  await waitForStep(page, before + 50, 60_000);
  await page.locator("#play").click();
  errors.assertNone();
});
