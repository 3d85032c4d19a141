/**
 * The Content-Security-Policy of the built pages (vite.config.ts `CONTENT_SECURITY_POLICY`, a
 * `<meta>` in each): the page trains under it on both backends and nothing is refused; inline
 * script, inline handlers, `eval`, `javascript:` URLs and inline styles are refused while
 * WebAssembly is not; sent as a header, which reaches the worker too, it still trains (and
 * without `'wasm-unsafe-eval'` it would not); the example deck runs under it.
 */

import { expect, test, type BrowserContext, type Page, type Worker } from "@playwright/test";
import { cpuBadge, waitForStep, webgpuProject } from "./helpers";

/** Records CSP violations in every frame of the page (read them with `violations`). */
async function recordViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`.trim()));
  });
}

async function violations(page: Page): Promise<string[]> {
  const all = await Promise.all(
    page.frames().map((frame) => frame.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []).catch(() => [])),
  );
  return all.flat();
}

/** Console errors and every console line about the policy, from the page, its frames and its workers. */
function watchConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content.Security.Policy/i.test(message.text())) lines.push(message.text());
  });
  page.on("pageerror", (error) => lines.push(String(error)));
  return lines;
}

/** The policy in the built page's `<meta>`. */
async function builtPolicy(page: Page): Promise<string> {
  const html = await (await page.request.get("./index.html")).text();
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  expect(content, "index.html has no Content-Security-Policy").toBeDefined();
  return content!
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

test.beforeEach(async ({ context }) => {
  await recordViolations(context);
});

test("the built page has a policy: scripts and wasm from its origin, nothing inline", async ({ page }) => {
  test.skip(webgpuProject(), "the policy does not depend on the backend");
  const policy = await builtPolicy(page);
  const directives = new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
  expect(directives.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives.get("object-src")).toEqual(["'none'"]);
  expect(directives.get("base-uri")).toEqual(["'none'"]);
  expect(policy).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
  // Not framed by policy: a <meta> cannot carry frame-ancestors (the page is embedded in slides).
  expect(directives.has("frame-ancestors")).toBe(false);
  // Every page of the build has it (the example deck too).
  const deck = await (await page.request.get("./examples/reveal/index.html")).text();
  expect(deck.replace(/&#39;/g, "'")).toContain(`content="${policy}"`);
});

test("the page trains under its policy with nothing refused", async ({ page }) => {
  const webgpu = webgpuProject();
  const logged = watchConsole(page);
  await page.goto(`./#v=1&backend=${webgpu ? "webgpu" : "cpu"}`);
  const badge = webgpu ? /^WebGPU — / : await cpuBadge(page, "CPU — chosen in the link (backend=cpu)");
  await expect(page.locator("#backend")).toHaveText(badge, { timeout: 120_000 });
  await page.locator("#play").click();
  // The software WebGPU adapter manages about one iteration a second.
  await waitForStep(page, webgpu ? 3 : 100, 120_000);
  await page.locator("#play").click();
  await expect(page.locator("#play")).toHaveText("Play");
  if (!webgpu) {
    // The digits: a download (connect-src), and their canvases and judge.
    await page.evaluate(() => (location.hash = "#v=1&preset=mnist-mlp&backend=cpu"));
    await expect(page.locator("#step")).toBeEnabled({ timeout: 120_000 });
    await expect(page.locator("#stat-step")).toHaveText("0", { timeout: 60_000 });
    await page.locator("#step").click();
    await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  }
  expect(await violations(page)).toEqual([]);
  expect(logged).toEqual([]);
});

test("inline script, handlers, eval, javascript: URLs and inline styles are refused; WebAssembly is not", async ({ page }) => {
  test.skip(webgpuProject(), "the policy does not depend on the backend");
  await page.goto("./#v=1&backend=cpu");
  await expect(page.locator("#play")).toBeEnabled({ timeout: 120_000 });
  const result = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    const script = document.createElement("script");
    script.textContent = "window.inlineScript = 'ran'";
    document.body.append(script);
    const image = document.createElement("img");
    image.setAttribute("onerror", "window.inlineHandler = 'ran'");
    image.src = "data:,not-an-image";
    document.body.append(image);
    const link = document.createElement("a");
    link.href = "javascript:window.javascriptUrl = 'ran'";
    document.body.append(link);
    link.click();
    const refused = (run: () => unknown) => {
      try {
        run();
        return false;
      } catch {
        return true;
      }
    };
    const styled = document.createElement("div");
    styled.setAttribute("style", "width: 123px");
    document.body.append(styled);
    const style = document.createElement("style");
    style.textContent = "body { outline: 7px solid red }";
    document.head.append(style);
    // The smallest module there is: WebAssembly is allowed ('wasm-unsafe-eval').
    const wasm = await WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => "compiled", String);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const el of [script, image, link, styled, style]) el.remove();
    return {
      ran: [w.inlineScript, w.inlineHandler, w.javascriptUrl].filter((v) => v !== undefined),
      evalRefused: refused(() => (0, eval)("1")),
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point: the page's CSP must refuse it
      functionRefused: refused(() => new Function("return 1")),
      styleAttribute: getComputedStyle(styled).width === "123px",
      styleElement: getComputedStyle(document.body).outlineStyle,
      wasm,
    };
  });
  expect(result).toEqual({ ran: [], evalRefused: true, functionRefused: true, styleAttribute: false, styleElement: "none", wasm: "compiled" });
  const refusedDirectives = new Set((await violations(page)).map((v) => v.split(" ")[0]));
  expect([...refusedDirectives].sort()).toEqual(["script-src", "script-src-attr", "script-src-elem", "style-src-attr", "style-src-elem"]);
});

test("the same policy as a header reaches the worker, which still trains; without 'wasm-unsafe-eval' it could not", async ({ page, context }) => {
  test.skip(webgpuProject(), "the CPU backend's threaded module (wasm in rayon workers) is the demanding case");
  const policy = await builtPolicy(page);
  let served = policy;
  // Every response of the site, the worker's script and the wasm included, carries the policy.
  await context.route("**/demo/**", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": served } });
  });
  const workers: Worker[] = [];
  page.on("worker", (worker) => workers.push(worker));
  const logged = watchConsole(page);
  await page.goto("./#v=1&backend=cpu");
  await expect(page.locator("#backend")).toHaveText(await cpuBadge(page, "CPU — chosen in the link (backend=cpu)"), { timeout: 120_000 });
  await page.locator("#step").click();
  await expect(page.locator("#stat-step")).toHaveText("1", { timeout: 60_000 });
  // The trainer's worker is under the policy (it may not fetch from elsewhere), yet it
  // compiled its wasm. (Not `eval`: an evaluation from the test is exempt from that rule.)
  const trainer = workers.find((worker) => /trainer/.test(worker.url()));
  expect(trainer, workers.map((w) => w.url()).join(", ")).toBeDefined();
  const refused = await trainer!.evaluate(
    () =>
      new Promise<string>((resolve) => {
        self.addEventListener("securitypolicyviolation", (e) => resolve(e.effectiveDirective), { once: true });
        fetch("https://example.invalid/").catch(() => setTimeout(() => resolve("not refused"), 500));
      }),
  );
  expect(refused).toBe("connect-src");
  expect(await violations(page)).toEqual([]);
  expect(logged.filter((line) => !/example\.invalid/.test(line))).toEqual([]);

  // The control: the same policy without 'wasm-unsafe-eval' stops the trainer from starting.
  served = policy.replace(" 'wasm-unsafe-eval'", "");
  await page.goto("./?nowasm#v=1&backend=cpu");
  await expect(page.locator("#messages .message.error")).toContainText("the trainer could not start", { timeout: 60_000 });
});

test("the example deck runs under the policy: reveal.js, the element and its frames", async ({ page }) => {
  test.skip(webgpuProject(), "the deck does not depend on the backend");
  const logged = watchConsole(page);
  await page.goto("./examples/reveal/index.html");
  await expect.poll(() => page.evaluate(() => (window as unknown as { deck?: { isReady(): boolean } }).deck?.isReady() ?? false)).toBe(true);
  await page.evaluate(() => (window as unknown as { deck: { slide(h: number): void } }).deck.slide(2));
  await expect(page.locator("#digits-play")).toBeEnabled({ timeout: 180_000 });
  // The element's stylesheet applies (a constructed one: a <style> would be refused).
  const frame = await page.evaluate(() => {
    const iframe = document.querySelector("gan-playground")!.shadowRoot!.querySelector("iframe")!;
    const style = getComputedStyle(iframe);
    return { display: style.display, border: style.borderTopStyle };
  });
  expect(frame).toEqual({ display: "block", border: "none" });
  expect(await violations(page)).toEqual([]);
  expect(logged).toEqual([]);
});
