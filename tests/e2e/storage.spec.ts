/**
 * Where the browser's storage fails a resumable demo (issue 14): no IndexedDB (some private
 * windows), a full disk (the quota), a damaged saved state — the page trains, says what it
 * could not do, and loses nothing else. The damaged bytes go through the wasm restore, so these
 * run on both builds.
 */

import { expect, test, type Page } from "@playwright/test";
import { readNumber, waitForStep, watchErrors, webgpuProject } from "./helpers";

const HASH = "./#v=1&preset=tuned-1d&backend=cpu&resume=1";

/** Trains a few iterations and checks the run goes on (the page is usable). */
async function trains(page: Page): Promise<void> {
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  await page.locator("#play").click();
  await waitForStep(page, 100, 60_000);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
}

/**
 * Files a real checkpoint (one single step), then overwrites it in the page's store with
 * `record(key)`, under the key the page filed it (ui/resume.ts `runHash`).
 */
async function damageSaved(page: Page, record: (key: string) => unknown): Promise<void> {
  await page.locator("#step").click();
  await expect(page.locator("body")).toHaveAttribute("data-saved-step", "1", { timeout: 20_000 });
  const inStore = <T>(body: string, arg?: unknown) =>
    page.evaluate(
      ([write, value]) =>
        new Promise<T>((resolve, reject) => {
          const open = indexedDB.open("gan-playground", 1);
          open.onerror = () => reject(open.error ?? new Error("indexedDB.open failed"));
          open.onsuccess = () => {
            const store = open.result.transaction("checkpoints", "readwrite").objectStore("checkpoints");
            const req = write === "keys" ? store.getAllKeys() : store.put(value);
            req.onsuccess = () => resolve(req.result as T);
            req.onerror = () => reject(req.error ?? new Error("the checkpoint store refused the request"));
          };
        }),
      [body, arg] as const,
    );
  // The page files each run under its hash, a string (ui/resume.ts `runHash`).
  const keys = await inStore<string[]>("keys");
  expect(keys, "one saved run").toHaveLength(1);
  await inStore("put", record(String(keys[0])));
}

test.describe("storage that fails", () => {
  test.beforeEach(() => {
    test.skip(webgpuProject(), "the store is the page's, whatever the backend");
  });

  test("no IndexedDB: the demo trains and says that resume is off and why @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    await page.addInitScript(() => Object.defineProperty(window, "indexedDB", { value: undefined }));
    await page.goto(HASH);
    const notice = page.locator("#messages .message", { hasText: "Resume is off" });
    await expect(notice).toHaveCount(1, { timeout: 30_000 });
    await expect(notice).toContainText("this browser keeps no IndexedDB here");
    await trains(page);
    errors.assertNone();
  });

  test("IndexedDB refused (a sandboxed frame, storage blocked by the user): the demo trains and says why resume is off @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      IDBFactory.prototype.open = function () {
        throw new DOMException("The user denied permission to access the database.", "SecurityError");
      };
    });
    await page.goto(HASH);
    const notice = page.locator("#messages .message", { hasText: "Resume is off" });
    await expect(notice).toHaveCount(1, { timeout: 30_000 });
    await expect(notice).toContainText("The user denied permission to access the database.");
    await trains(page);
    errors.assertNone();
  });

  test("the site's storage is full: the demo trains on, says resume is off, and keeps its run @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    });
    await page.goto(HASH);
    await trains(page);
    const notice = page.locator("#messages .message", { hasText: "Resume is off" });
    await expect(notice).toHaveCount(1, { timeout: 30_000 });
    await expect(notice).toContainText("the browser's storage for this site is full");
    // Once said, not again; and the run is intact: it trains on from where it was.
    const step = await readNumber(page, "#stat-step");
    await page.locator("#step").click();
    await expect(page.locator("#stat-step")).toHaveText((step + 1).toLocaleString("en-US"));
    await page.locator("#play").click();
    await waitForStep(page, step + 100, 60_000);
    await page.locator("#play").click();
    await expect(notice).toHaveCount(1);
    errors.assertNone(); // a console.warn, not an error
  });

  test("a saved state damaged on disk is dropped with a notice, and the run starts at 0 @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(HASH);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    // Bytes of the right kind, but not a checkpoint: the trainer refuses them.
    await damageSaved(page, (key) => ({ key, step: 500, bytes: new Uint8Array([71, 65, 78, 80, 67, 75, 48, 49, 1, 2, 3]), history: [], savedAt: Date.now() }));
    await page.reload();
    const notice = page.locator("#messages .message", { hasText: "the saved state of this demo could not be used" });
    await expect(notice).toHaveCount(1, { timeout: 60_000 });
    await expect(notice).toContainText("damaged or from another version");
    await expect(page.locator("#stat-step")).toHaveText("0");
    await expect(page.locator("body")).toHaveAttribute("data-resumed-step", "");
    await trains(page);
    // Dropped: the next load neither offers it nor complains.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await expect(page.locator("#messages .message", { hasText: "could not be used" })).toHaveCount(0);
    errors.assertNone();
  });

  test("a stored record that is not a saved run is dropped with a notice @both-builds", async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(HASH);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
    await damageSaved(page, (key) => ({ key, step: "many", bytes: "not bytes" }));
    await page.reload();
    const notice = page.locator("#messages .message", { hasText: "could not be read (it is damaged)" });
    await expect(notice).toHaveCount(1, { timeout: 60_000 });
    await trains(page);
    errors.assertNone();
  });
});

test("the largest 1D settings the link allows train on both builds (they need ≈ 170 MB of the module's 1 GiB) @both-builds", async ({ page }) => {
  test.skip(webgpuProject(), "the CPU builds' memory; WebGPU's is the adapter's");
  const errors = watchErrors(page);
  // Every key at the top of its range (state/url.ts): 4 layers of 256 in both networks, batch
  // 4,096, latent 8; measured with bench/suite/memory.mjs: 171 MB of wasm memory with k = 1,
  // 124 MB with k = 10, flat after the first iteration, on both builds.
  await page.goto("./#v=1&preset=tuned-1d&backend=cpu&g_hidden=256,256,256,256&d_hidden=256,256,256,256&batch=4096&k=1&latent=8");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 60_000 });
  await page.locator("#play").click();
  await waitForStep(page, 5, 120_000);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
  await expect(page.locator("#messages .message.error")).toHaveCount(0);
  errors.assertNone();
});
