/**
 * A link to a moment (issue 28, part 4): `at=<iteration>` trains the run there as fast as the
 * backend goes, with a progress bar, and pauses there; the run it pauses is the run stepped
 * there by hand (the widget's `step` command), to the bit on the same build; Stop and Play take
 * over on the way; a link edited to a later moment trains on to it. The one-thread and threaded
 * builds are compared too, and how close they come is printed (docs/lecturers.md states it).
 */

import { expect, test, type Page } from "@playwright/test";
import { PLAIN_PORT } from "../../playwright.config";
import { command, lastStatus, openParent, plainProject, readNumber, received, watchErrors, webgpuProject, type Received } from "./helpers";

const AT = 3000;
// `resume=0`: the run stepped by hand opens in the same browser as the moment, and must start at 0, not from the moment's checkpoint.
const LINK = `#v=1&preset=tuned-1d&backend=cpu&seed=5&embed=1&resume=0`;

/** The widget's status once it is paused at `step`. */
async function pausedAt(page: Page, step: number, timeout = 120_000): Promise<Received> {
  await expect
    .poll(
      async () => {
        const status = await lastStatus(page);
        return status && status.step === step && status.running === false;
      },
      { timeout, intervals: [250] },
    )
    .toBe(true);
  return (await lastStatus(page))!;
}

/** The losses and measures a status carries: what "the same run" is compared on. */
const numbers = (status: Received) => ({
  discriminator_loss: status.discriminator_loss,
  generator_loss: status.generator_loss,
  metrics: status.metrics as Record<string, number>,
});

test(`at=${AT} opens paused at ${AT.toLocaleString("en-US")} with the losses of the same run stepped there by hand @both-builds`, async ({ page, context }) => {
  test.skip(webgpuProject(), "the CPU builds; WebGPU's moment is its own test");
  const errors = watchErrors(page);
  // The threaded build in the cpu project (an isolated deck), the one-thread build in cpu-plain.
  const isolated = !plainProject();
  await openParent(page, `${LINK}&at=${AT}`, { isolated });
  const moment = await pausedAt(page, AT);
  const adapter = String((await received(page)).find((m) => m.type === "ready")?.adapter);
  expect(adapter).toMatch(isolated ? /threads\)$/ : /1 thread\)$/);
  // It trained there in steps: never playing, and the bar said how far.
  expect((await received(page)).filter((m) => m.type === "status" && m.running === true)).toEqual([]);
  const widget = page.frameLocator("#widget");
  await expect(widget.locator("#moment")).toBeHidden();
  await expect(widget.locator("#play")).toHaveText("Play");
  await expect(widget.locator("#stat-step")).toHaveText(AT.toLocaleString("en-US"));

  const byHand = await context.newPage();
  await openParent(byHand, LINK, { isolated });
  await expect.poll(async () => (await received(byHand)).some((m) => m.type === "ready"), { timeout: 120_000 }).toBe(true);
  await pausedAt(byHand, 0);
  await command(byHand, { type: "step", n: AT });
  const stepped = await pausedAt(byHand, AT);
  expect(numbers(moment), "the moment is the run stepped there by hand, to the bit").toEqual(numbers(stepped));
  console.log(`${adapter}: at=${AT}: ${JSON.stringify(numbers(moment))}`);
  errors.assertNone();
});

test("the one-thread and the threaded build reach the same moment: how close", async ({ page, context, baseURL }) => {
  test.skip(webgpuProject(), "the CPU builds; WebGPU's moment is its own test");
  // The page itself: cross-origin isolated here (the threaded build), not on the plain server.
  const reach = async (p: Page, site: string) => {
    await p.goto(`${site}${LINK.replace("&embed=1", "")}&at=${AT}`);
    await expect.poll(() => readNumber(p, "#stat-step"), { timeout: 120_000 }).toBe(AT);
    await expect(p.locator("#moment")).toBeHidden();
    const snapshot = await p.evaluate(
      () => (window as unknown as { ganPlaygroundFaults: { latestSnapshot(): Record<string, unknown> | null } }).ganPlaygroundFaults.latestSnapshot() ?? {},
    );
    return {
      build: (await p.locator("#backend").textContent()) ?? "",
      discriminator_loss: Number(snapshot.discriminator_loss),
      generator_loss: Number(snapshot.generator_loss),
    };
  };
  const threaded = await reach(page, "./");
  const plain = await context.newPage();
  const onePage = await reach(plain, baseURL!.replace(/:\d+\//, `:${PLAIN_PORT}/`));
  expect(threaded.build).toMatch(/threads\)$/);
  expect(onePage.build).toMatch(/1 thread/);
  const apart = {
    discriminator_loss: Math.abs(threaded.discriminator_loss - onePage.discriminator_loss),
    generator_loss: Math.abs(threaded.generator_loss - onePage.generator_loss),
  };
  const report = `at ${AT}: ${JSON.stringify(threaded)}; ${JSON.stringify(onePage)}; apart ${JSON.stringify(apart)}`;
  console.log(report);
  test.info().annotations.push({ type: "moment across builds", description: report });
  for (const value of Object.values(apart)) expect(Number.isFinite(value), report).toBe(true);
});

test("on the way to a moment: the bar moves, Stop stops there, and a later moment in an edited link trains on to it", async ({ page }) => {
  test.skip(webgpuProject(), "the CPU builds; WebGPU's moment is its own test");
  const errors = watchErrors(page);
  await page.goto(`./#v=1&preset=tuned-1d&backend=cpu&seed=5&at=2000000`);
  const box = page.locator("#moment");
  await expect(box).toBeVisible({ timeout: 120_000 });
  await expect(page.locator("#moment-label")).toContainText("Training to iteration 2,000,000");
  const first = await page.locator("#moment-progress").evaluate((p: HTMLProgressElement) => p.value);
  await expect.poll(() => page.locator("#moment-progress").evaluate((p: HTMLProgressElement) => p.value)).toBeGreaterThan(first);
  await page.locator("#moment-stop").click();
  await expect(box).toBeHidden();
  // The chunk asked for before Stop (≈ 150 ms of steps) still lands; nothing is asked after it.
  const settled = async () => {
    const before = await readNumber(page, "#stat-step");
    await page.waitForTimeout(400);
    return (await readNumber(page, "#stat-step")) === before;
  };
  await expect.poll(settled, { timeout: 10_000 }).toBe(true);
  const stopped = await readNumber(page, "#stat-step");
  expect(stopped).toBeGreaterThan(0);
  expect(stopped).toBeLessThan(2_000_000);
  await page.waitForTimeout(1000);
  expect(await readNumber(page, "#stat-step"), "nothing runs on after Stop").toBe(stopped);
  await expect(page.locator("#play")).toHaveText("Play");

  // A link edited to a later moment: trained on from where the run is, and paused there.
  const later = stopped + 500;
  await page.evaluate((at) => (location.hash = location.hash.replace(/at=\d+/, `at=${at}`)), later);
  await expect.poll(() => readNumber(page, "#stat-step"), { timeout: 60_000 }).toBe(later);
  await expect(box).toBeHidden();
  await expect(page.locator("#play")).toHaveText("Play");

  // Play on the way takes over: the moment is dropped and the run plays on.
  await page.evaluate(() => (location.hash = location.hash.replace(/at=\d+/, "at=2000000")));
  await expect(box).toBeVisible();
  await page.locator("#play").click();
  await expect(box).toBeHidden();
  await expect(page.locator("#play")).toHaveText("Pause");
  await page.locator("#play").click();
  errors.assertNone();
});

test("a digit run and a 2D run go to their moments too", async ({ page }) => {
  test.skip(webgpuProject(), "the CPU builds; WebGPU's moment is its own test");
  const errors = watchErrors(page);
  for (const [preset, at] of [
    ["ring8-tuned", 200],
    ["mnist-mlp", 20],
  ] as const) {
    await page.goto(`./#v=1&preset=${preset}&backend=cpu&seed=5&at=${at}`);
    await expect.poll(() => readNumber(page, "#stat-step"), { timeout: 120_000 }).toBe(at);
    await expect(page.locator("#moment")).toBeHidden();
    await expect(page.locator("#play")).toHaveText("Play");
  }
  errors.assertNone();
});

test("on WebGPU a link to a moment trains there and pauses", async ({ page }) => {
  test.skip(!webgpuProject(), "needs a WebGPU adapter (SwiftShader here)");
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto(`./#v=1&preset=tuned-1d&backend=webgpu&seed=5&at=12`);
  await expect(page.locator("#backend")).toHaveText(/^WebGPU — /, { timeout: 120_000 });
  await expect.poll(() => readNumber(page, "#stat-step"), { timeout: 180_000 }).toBe(12);
  await expect(page.locator("#moment")).toBeHidden();
  await expect(page.locator("#play")).toHaveText("Play");
  errors.assertNone();
});
