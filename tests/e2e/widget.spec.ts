import { expect, test, type Page } from "@playwright/test";
import { command, lastStatus, openParent, received, type Received } from "./helpers";

/** Sends `get-status` and waits for the status message that answers it. */
async function freshStatus(page: Page): Promise<Received> {
  const before = (await received(page)).length;
  await command(page, { type: "get-status" });
  await expect.poll(async () => (await received(page)).slice(before).some((m) => m.type === "status")).toBe(true);
  return (await received(page)).slice(before).find((m) => m.type === "status")!;
}

test("a parent page drives the embedded widget through the protocol", async ({ page }) => {
  await openParent(page, "#v=1&backend=cpu&seed=5");

  await expect
    .poll(async () => (await received(page)).find((m) => m.type === "ready"))
    .toMatchObject({
      source: "gan-playground",
      v: 1,
      backend: "cpu",
      preset: "tuned-1d",
      hash: "#v=1&preset=tuned-1d&backend=cpu&seed=5",
    });
  await expect.poll(() => lastStatus(page)).toMatchObject({ running: false, step: 0, backend: "cpu" });

  await command(page, { type: "play" });
  await expect.poll(async () => (await lastStatus(page))?.step as number).toBeGreaterThan(50);
  expect(await lastStatus(page)).toMatchObject({ running: true });

  await command(page, { type: "pause" });
  await expect.poll(async () => (await lastStatus(page))?.running).toBe(false);
  const paused = await freshStatus(page);
  expect(paused.running).toBe(false);
  expect(Number.isFinite(paused.discriminator_loss) && Number.isFinite(paused.generator_loss)).toBe(true);
  expect((paused.metrics as Record<string, number>).w1).toBeGreaterThan(0);

  await command(page, { type: "step", n: 5 });
  await expect.poll(async () => (await freshStatus(page)).step).toBe((paused.step as number) + 5);

  // Malformed messages are ignored, never thrown; the widget keeps answering.
  await page.evaluate(() => {
    const send = (window as unknown as { sendRaw: (m: unknown) => void }).sendRaw;
    send("play");
    send({ target: "gan-playground", type: "step", n: -1 });
    send({ target: "gan-playground", type: "explode" });
    send(null);
  });
  await command(page, { type: "get-samples", id: "s1", n: 100 });
  await expect.poll(async () => (await received(page)).find((m) => m.type === "samples")).toBeTruthy();
  const samples = (await received(page)).find((m) => m.type === "samples")!;
  expect(samples).toMatchObject({ id: "s1", kind: "1d" });
  const values = samples.values as number[];
  expect(values).toHaveLength(100);
  expect(values.every(Number.isFinite)).toBe(true);
  expect(new Set(values).size).toBeGreaterThan(10);
  expect((await freshStatus(page)).step).toBe((paused.step as number) + 5);
});

test("set-hash switches the demo without a reload; resize reports the height; bad keys come as errors", async ({ page }) => {
  await openParent(page, "#v=1&backend=cpu&seed=5&batch=0");
  await expect.poll(async () => (await received(page)).find((m) => m.type === "ready")).toBeTruthy();
  // The bad key of the link, named.
  expect((await received(page)).find((m) => m.type === "error")).toMatchObject({ key: "batch", message: expect.stringContaining("batch=0 is not valid") });
  const resize = (await received(page)).find((m) => m.type === "resize");
  expect(resize?.height).toBeGreaterThan(100);

  await page.evaluate(
    () => (((document.getElementById("widget") as HTMLIFrameElement & { marker?: number }).contentWindow as unknown as { marker: number }).marker = 7),
  );
  await command(page, { type: "set-hash", hash: "#v=1&preset=seed001-mixture&backend=cpu&seed=3&embed=1&show=hist" });
  const frame = page.frameLocator("#widget");
  await expect(frame.locator("#set-preset")).toHaveValue("seed001-mixture");
  await expect.poll(() => frame.locator("body").evaluate(() => location.hash)).toBe("#v=1&preset=seed001-mixture&backend=cpu&seed=3&embed=1&show=hist");
  // The parent hears the switch: a second `ready` naming the new demo, and every status names it.
  await expect
    .poll(async () => (await received(page)).filter((m) => m.type === "ready").at(-1))
    .toMatchObject({ preset: "seed001-mixture", hash: expect.stringContaining("seed=3") });
  expect((await received(page)).filter((m) => m.type === "ready")).toHaveLength(2);
  expect(await freshStatus(page)).toMatchObject({ preset: "seed001-mixture", hash: expect.stringContaining("preset=seed001-mixture") });
  // The same document: no reload.
  expect(await frame.locator("body").evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
  await command(page, { type: "step", n: 2 });
  await expect.poll(async () => (await freshStatus(page)).step).toBe(2);
  // Embed mode is shorter than the full page: a new height is reported.
  await expect.poll(async () => (await received(page)).filter((m) => m.type === "resize").at(-1)?.height).not.toBe(resize?.height);
  // An unknown key comes as an error that names it, for the deck's script.
  await command(page, { type: "set-hash", hash: "#v=1&preset=seed001-mixture&backend=cpu&seed=3&embed=1&show=hist&colour=red" });
  await expect
    .poll(async () => (await received(page)).filter((m) => m.type === "error").at(-1))
    .toMatchObject({ key: "colour", message: "Ignored unknown link key: colour" });
  // A set-hash that is not a string is malformed: ignored.
  await page.evaluate(() => (window as unknown as { sendRaw: (m: unknown) => void }).sendRaw({ target: "gan-playground", type: "set-hash", hash: 5 }));
  expect((await freshStatus(page)).step).toBe(2);
});
