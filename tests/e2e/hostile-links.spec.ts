/**
 * 1,000 hostile and garbled links (tests/e2e/hostile-links.ts), opened in the page: no
 * exception, no console error, no dialog, nothing injected into the DOM and no payload run;
 * every bad key named in a message of its own, every unknown name listed, every key at its
 * link value or its default in the settings; the link the page would copy opens without a
 * message; and the run still trains. Most links are applied to one running page through
 * `location.hash` (a full load boots a worker and the wasm each time); one in 40 is opened
 * by a full page load. A failure names the link: `hostileLink(HOSTILE_SEED, index, …)` makes
 * it again.
 */

import { expect, test, type Page } from "@playwright/test";
import { readNumber, webgpuProject } from "./helpers";
import { COVERAGE_CASES, HOSTILE_SEED, KEY_NAMES, applies, expectedText, hostileLinks, isImagePreset, type HostileLink, type Key } from "./hostile-links";

const COUNT = 1000;
/** Every 40th link is opened by a full page load; the others through `location.hash`. */
const LOADED_EVERY = 40;
/**
 * The links the WebGPU project opens: the first of the same list, enough to break every key's
 * every case once and a quarter again, in whole rounds of {@link LOADED_EVERY} (the CPU project
 * opens all 1,000, each case about eight times; what a link means does not depend on the
 * backend, and SwiftShader takes seconds a step).
 */
const WEBGPU_COUNT = Math.ceil((COVERAGE_CASES * 1.25) / LOADED_EVERY) * LOADED_EVERY;
const linkCount = () => (webgpuProject() ? WEBGPU_COUNT : COUNT);

/** What the page shows after reading a link (collected in the page by the init script below). */
interface Seen {
  hash: string;
  messages: string[];
  /** Each key's value as the page shows it: settings fields, the speed, the look (theme, …). */
  shown: Partial<Record<Key, string>>;
  /** Elements or attributes that a link put into the DOM, payloads that ran, CSP violations. */
  injected: string[];
  pwned: string[];
  violations: string[];
  /** Worker messages that say something went wrong (an error, a divergence). */
  trouble: string[];
}

/** What the init script puts on the window. */
interface HostileWindow {
  __hostile: { collect(): Seen; flush(): Promise<boolean> };
}

/**
 * Runs before the page's own scripts: a canary the payloads call (`__pwned`), a watch for
 * injected elements and attributes, CSP violations, and a wrapper around `Worker` that hears
 * the trainer's errors and can flush its command queue.
 */
function instrument(): void {
  const w = window as unknown as Record<string, unknown>;
  const injected: string[] = [];
  const pwned: string[] = [];
  const violations: string[] = [];
  const trouble: string[] = [];
  // The elements of index.html itself (its favicon is a data: URL): snapshotted once parsed,
  // before the page's module runs; from then on everything added is watched.
  const original = new WeakSet<Element>();
  let armed = false;
  document.addEventListener("readystatechange", () => {
    if (document.readyState !== "interactive") return;
    for (const el of document.querySelectorAll("*")) original.add(el);
    armed = true;
  });
  w.__pwned = (what: unknown) => pwned.push(String(what));
  document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

  // Nothing a link says may become markup: no scripts, frames, images, SVG, forms, handlers.
  const FORBIDDEN = /^(SCRIPT|IFRAME|FRAME|OBJECT|EMBED|IMG|IMAGE|SVG|MATH|BASE|META|FORM|VIDEO|AUDIO|SOURCE|TEMPLATE|STYLE)$/;
  const URL_ATTRIBUTES = /^(href|src|srcdoc|action|formaction|xlink:href|data)$/i;
  const suspicious = (el: Element): string | null => {
    if (FORBIDDEN.test(el.tagName.toUpperCase())) return `<${el.tagName.toLowerCase()}>`;
    for (const attribute of el.attributes) {
      if (/^on/i.test(attribute.name)) return `${attribute.name}= on <${el.tagName.toLowerCase()}>`;
      if (URL_ATTRIBUTES.test(attribute.name) && /^\s*(javascript|vbscript|data):/i.test(attribute.value)) {
        return `${attribute.name}=${attribute.value.slice(0, 40)} on <${el.tagName.toLowerCase()}>`;
      }
    }
    return null;
  };
  new MutationObserver((records) => {
    if (!armed) return;
    for (const record of records) {
      if (record.type === "attributes" && /^on/i.test(record.attributeName ?? "")) injected.push(`${record.attributeName}= set`);
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        for (const el of [node, ...node.querySelectorAll("*")]) {
          // index.html's own elements may be moved (ui/layout.ts orders the panels): not injected.
          const found = original.has(el) ? null : suspicious(el);
          if (found) injected.push(found);
        }
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });

  // The page's only worker is the trainer (training.worker.ts): hear its errors, and flush it.
  const workers: Worker[] = [];
  const answers = new Map<string, () => void>();
  const Original = window.Worker;
  w.Worker = class extends Original {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workers.push(this);
      this.addEventListener("message", (event: MessageEvent) => {
        const data = event.data as { type?: string; message?: string; id?: unknown; divergence?: unknown };
        if (data?.type === "error") trouble.push(`error: ${data.message}`);
        if (data?.type === "diverged") trouble.push(`diverged: ${JSON.stringify(data.divergence)}`);
        if (data?.type === "samples" && typeof data.id === "string") answers.get(data.id)?.();
      });
    }
  };
  let flushes = 0;

  const scan = (): string[] => {
    const found: string[] = [];
    for (const el of document.querySelectorAll("*")) {
      if (el.tagName === "SCRIPT") {
        // The build's own module script, and nothing else.
        const src = (el as HTMLScriptElement).src;
        if (!src || !new URL(src).pathname.includes("/assets/") || el.textContent !== "") found.push(`script ${src || el.textContent?.slice(0, 40)}`);
        continue;
      }
      const bad = original.has(el) ? null : suspicious(el);
      if (bad) found.push(bad);
    }
    return found;
  };

  w.__hostile = {
    collect: (): Seen => {
      const shown: Record<string, string> = {};
      for (const el of document.querySelectorAll("[id^='set-']")) {
        if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) shown[el.id.slice(4)] = el.value;
      }
      shown.mixture = [...document.querySelectorAll("#mixture-editor .mixture-row")]
        .map((row) => [...row.querySelectorAll("input")].map((input) => input.value).join(":"))
        .join(",");
      shown.speed = (document.getElementById("speed") as HTMLSelectElement).value;
      shown.theme = document.documentElement.dataset.theme ?? "";
      // The level, then what the link's `controls` adds (`min,rewind,qr`).
      shown.controls = [document.body.dataset.controls ?? "", ...(document.body.dataset.controlsExtras ?? "").split(" ").filter(Boolean)].join(",");
      shown.embed = document.body.hasAttribute("data-embed") ? "1" : "0";
      shown.scale = document.documentElement.style.getPropertyValue("--scale") || "1";
      shown.digit = document.querySelector("#digit-picker [aria-pressed=true]")?.id.replace(/^digit-/, "") ?? "";
      return {
        hash: location.hash,
        messages: [...document.querySelectorAll("#messages .message > span")].map((span) => span.textContent ?? ""),
        shown,
        injected: [...injected.splice(0), ...scan()],
        pwned: pwned.splice(0),
        violations: violations.splice(0),
        trouble: trouble.splice(0),
      };
    },
    // Every command sent before this one has been carried out once its answer is back
    // (the worker runs commands in order).
    flush: () => {
      const worker = workers.at(-1);
      if (!worker) return Promise.resolve(false);
      const id = `hostile-flush-${++flushes}`;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 90_000);
        answers.set(id, () => {
          clearTimeout(timer);
          resolve(true);
        });
        worker.postMessage({ type: "get-samples", id, n: 1 });
      });
    },
  };
}

/** Errors the browser reports for the page: uncaught exceptions, console errors, dialogs. */
function watchPage(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content.Security.Policy/i.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${String(error)}`));
  page.on("dialog", (dialog) => {
    errors.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  return errors;
}

const short = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}… (${text.length.toLocaleString("en-US")} characters)` : text);

/** Whether `message` names `key`: `key=…`, or the rule between low and high (`low=… and high=…`). */
function names(message: string, key: Key): boolean {
  return message.startsWith(`${key}=`) || (key === "high" && /^low=\S* and high=/.test(message));
}

/** What is wrong with what the page shows for `link` (nothing, when it did all it should). */
function problemsWith(link: HostileLink, seen: Seen, errors: string[]): string[] {
  const found: string[] = [];
  if (seen.hash !== link.hash) found.push(`location.hash reads ${short(seen.hash)}`);
  const listing = seen.messages.filter((m) => m.startsWith("Ignored unknown link keys: "));
  const expectedCount = link.bad.length + (link.ignored.length > 0 ? 1 : 0);
  if (seen.messages.length !== expectedCount) found.push(`${seen.messages.length} messages, not ${expectedCount}: ${seen.messages.map(short).join(" | ")}`);
  for (const key of link.bad) if (!seen.messages.some((m) => names(m, key))) found.push(`${key} is not named`);
  if (link.ignored.length > 0) {
    const text = listing[0] ?? "";
    if (link.ignored.length > 10) {
      if (!text.endsWith(` and ${(link.ignored.length - 10).toLocaleString("en-US")} more`)) found.push(`the unknown names are not counted: ${short(text)}`);
    } else {
      for (const name of link.ignored) {
        const head = name === "" ? "(an empty name)" : Array.from(name).slice(0, 50).join("");
        if (!text.includes(head)) found.push(`unknown name ${JSON.stringify(short(name))} is not listed`);
      }
    }
  }
  for (const key of KEY_NAMES) {
    const value = seen.shown[key];
    if (value === undefined || (key === "digit" && !applies("digit", link.preset))) continue;
    const expected = expectedText(link, key);
    if (value !== expected) found.push(`${key} shows ${JSON.stringify(short(value))}, not ${JSON.stringify(expected)}`);
  }
  for (const [what, list] of [
    ["injected", seen.injected],
    ["payload ran", seen.pwned],
    ["CSP violation", seen.violations],
    ["worker", seen.trouble],
  ] as const) {
    for (const item of list) found.push(`${what}: ${item}`);
  }
  found.push(...errors.splice(0));
  return found;
}

function where(link: HostileLink): string {
  return `hostile link #${link.index} (hostileLink(${HOSTILE_SEED}, ${link.index}, …)): ${short(link.hash)}`;
}

/** Applies `hash` to the running page, as an edit of the address would, and collects what it shows. */
async function applyHash(page: Page, hash: string): Promise<Seen | null> {
  return page.evaluate(async (next) => {
    const changed = new Promise<boolean>((resolve) => {
      addEventListener("hashchange", () => resolve(true), { once: true });
      setTimeout(() => resolve(false), 10_000);
    });
    location.hash = next;
    if (!(await changed)) return null;
    return (window as unknown as HostileWindow).__hostile.collect();
  }, hash);
}

/**
 * The run of the page's current link trains: once the worker has carried out every command
 * sent so far, one more iteration moves the step counter (Iteration is pressed by script: a
 * link may have hidden it with `controls=none`).
 */
async function trains(page: Page, label: string): Promise<void> {
  // An image preset first downloads its digits; a new backend starts a new worker.
  await expect(page.locator("#step"), `${label}: Iteration never enabled`).toBeEnabled({ timeout: 120_000 });
  expect(await page.evaluate(() => (window as unknown as HostileWindow).__hostile.flush()), `${label}: the worker does not answer`).toBe(true);
  const before = await readNumber(page, "#stat-step");
  expect(Number.isInteger(before), `${label}: the step reads ${before}`).toBe(true);
  await page.evaluate(() => document.getElementById("step")!.click());
  await expect.poll(() => readNumber(page, "#stat-step"), { message: `${label}: no step`, timeout: 120_000, intervals: [100] }).toBeGreaterThan(before);
}

/** Opens the link the page copies (Copy link) and expects it to open without a message, showing the same. */
async function copiedLinkReadsClean(page: Page, seen: Seen, label: string): Promise<void> {
  await page.evaluate(() => navigator.clipboard.writeText("nothing copied"));
  await page.evaluate(() => document.getElementById("copy-link")!.click());
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { message: `${label}: Copy link` }).not.toBe("nothing copied");
  const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  if (copied.hash === seen.hash) return; // the address is canonical already
  const again = await applyHash(page, copied.hash);
  expect(again, `${label}: the copied link ${copied.hash} did not apply`).not.toBeNull();
  if (again === null) return;
  expect(again.messages, `${label}: the copied link ${copied.hash}`).toEqual([]);
  // In embed mode Copy link gives the full page of the same run: compare the run's keys only.
  const view = new Set(["theme", "controls", "embed", "scale"]);
  const compared = (shown: Seen["shown"]) => Object.entries(shown).filter(([key]) => seen.shown.embed === "0" || !view.has(key));
  expect(compared(again.shown), `${label}: the copied link ${copied.hash}`).toEqual(compared(seen.shown));
}

test.describe("hostile links", () => {
  test.beforeEach(async ({ context }) => {
    await context.addInitScript(instrument);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  });

  const backend = () => (webgpuProject() ? "webgpu" : "cpu");
  // Image runs on the software WebGPU adapter take seconds per step: fewer of them there.
  const links = () => hostileLinks(HOSTILE_SEED, linkCount(), { backend: backend(), imageShare: webgpuProject() ? 0.05 : 0.15 });

  test(`${COUNT - COUNT / LOADED_EVERY} links (${WEBGPU_COUNT - WEBGPU_COUNT / LOADED_EVERY} on WebGPU) applied to a running page through location.hash`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    const errors = watchPage(page);
    await page.goto(`./#v=1&backend=${backend()}`);
    await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
    // Training checks every 80 links (on the software GPU, on 1D runs only: a digit GAN's step
    // takes half a minute there; the CPU project checks those).
    const webgpu = webgpuProject();
    const checkEvery = 80;
    let nextCheck = checkEvery;
    const applied = links().filter((link) => link.index % LOADED_EVERY !== 0);
    let count = 0;
    let previous: HostileLink | null = null;
    for (const link of applied) {
      const seen = await applyHash(page, link.hash);
      expect(seen, `${where(link)}: no hashchange`).not.toBeNull();
      expect(problemsWith(link, seen!, errors), where(link)).toEqual([]);
      count++;
      // Back and forward apply the links again, without a reload (popstate).
      if (previous && count % 97 === 0) {
        await page.goBack();
        expect(
          problemsWith(previous, await page.evaluate(() => (window as unknown as HostileWindow).__hostile.collect()), errors),
          `back to ${where(previous)}`,
        ).toEqual([]);
        await page.goForward();
        expect(
          problemsWith(link, await page.evaluate(() => (window as unknown as HostileWindow).__hostile.collect()), errors),
          `forward to ${where(link)}`,
        ).toEqual([]);
      }
      previous = link;
      if ((count >= nextCheck && !(webgpu && isImagePreset(link.preset))) || count === applied.length) {
        nextCheck = count + checkEvery;
        await trains(page, where(link));
        await copiedLinkReadsClean(page, seen!, where(link));
        await trains(page, `${where(link)}, its copied link`);
        const after = await page.evaluate(() => (window as unknown as HostileWindow).__hostile.collect());
        expect([...after.injected, ...after.pwned, ...after.violations, ...after.trouble, ...errors.splice(0)], where(link)).toEqual([]);
        // The copied link is the entry before the next one now.
        previous = null;
      }
    }
    expect(count).toBe(applied.length);
    expect(applied).toHaveLength(linkCount() - linkCount() / LOADED_EVERY);
  });

  test(`${COUNT / LOADED_EVERY} links (${WEBGPU_COUNT / LOADED_EVERY} on WebGPU) opened by a full page load`, async ({ page }) => {
    test.setTimeout(300_000);
    const errors = watchPage(page);
    const loaded = links().filter((link) => link.index % LOADED_EVERY === 0);
    for (const [i, link] of loaded.entries()) {
      // A query of its own: a new document each time, not a same-document hash change.
      await page.goto(`./?load=${link.index}${link.hash}`);
      const seen = await page.evaluate(() => (window as unknown as HostileWindow).__hostile.collect());
      expect(problemsWith(link, seen, errors), where(link)).toEqual([]);
      if (i % (webgpuProject() ? 10 : 5) === 4) {
        await trains(page, where(link));
        await copiedLinkReadsClean(page, seen, where(link));
      }
    }
    expect(loaded).toHaveLength(linkCount() / LOADED_EVERY);
  });
});
