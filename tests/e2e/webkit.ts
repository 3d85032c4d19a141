/**
 * WebKit for webkit.spec.ts: Debian's WebKitGTK (the engine of Safari) through WebDriver
 * classic — WebKitWebDriver (scripts/webkit.sh, `$WEBKIT_DRIVER`) and its MiniBrowser on an
 * Xvfb display of their own, with `LANG=C.UTF-8` (the locale under which WebKitGTK reports a
 * `navigator.language` that `Intl` refuses: www/src/locale-guard.ts) — and a page in it
 * behind a proxy (proxy.ts) that puts an error collector first in every page. WebDriver
 * classic has no console events: the collector keeps what each page says (uncaught errors,
 * rejections, console errors and warnings) in the page and reports it to the proxy, so that a
 * page's words outlive a reload.
 */

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { Builder, By, type WebDriver, type WebElement } from "selenium-webdriver";
import { proxyServer, type Fixture, type Proxy } from "./proxy";

/** WebKitWebDriver: scripts/webkit.sh's answer (npm test exports it), else Debian's. */
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? "/usr/bin/WebKitWebDriver";

/** The browser WebKitWebDriver starts: `$WEBKIT_BROWSER`, else Debian's MiniBrowser (libwebkit2gtk-4.1-0, under the multiarch folder). */
export function miniBrowser(): string | undefined {
  if (process.env.WEBKIT_BROWSER) return process.env.WEBKIT_BROWSER;
  const found = readdirSync("/usr/lib", { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `/usr/lib/${entry.name}/webkit2gtk-4.1/MiniBrowser`);
  return found.find((path) => existsSync(path));
}

/** An Xvfb display and a WebKitWebDriver on it, both in process groups of their own. */
export interface WebKitDriver {
  /** The driver's address for `Builder.usingServer`. */
  url: string;
  /** The last lines the driver and its browser wrote (stdout and stderr), for a failed test's report. */
  output: () => string;
  /** Ends the driver, any browser it started, and the display. */
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return Promise.resolve();
  }
  return exited;
}

/** `env` without the variables that would outrank `LANG` in WebKitGTK's choice of language (GLib's g_get_language_names). */
function localeFree(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !["LANGUAGE", "LC_ALL", "LC_MESSAGES"].includes(name)));
}

/** Starts Xvfb on a free display (`-displayfd`) and WebKitWebDriver on a free port. */
export async function startWebKitDriver(): Promise<WebKitDriver> {
  const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], {
    detached: true,
    stdio: ["ignore", "ignore", "pipe", "pipe"],
  });
  let xvfbLog = "";
  xvfb.stderr!.on("data", (chunk: Buffer) => (xvfbLog += chunk.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    let written = "";
    xvfb.stdio[3]!.on("data", (chunk: Buffer) => {
      written += chunk.toString();
      if (written.includes("\n")) resolve(written.trim());
    });
    xvfb.once("exit", (code) => reject(new Error(`Xvfb exited (${code}) before it named a display: ${xvfbLog}`)));
  });
  const port = await freePort();
  const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
    detached: true,
    // JSC_useSharedArrayBuffer: WebKitGTK makes a page cross-origin isolated but keeps the
    // SharedArrayBuffer global off unless JavaScriptCore's option says so; Safari turns it on for
    // isolated pages. On, WebKit runs the threaded build as Safari does (docs/measuring.md).
    env: { ...localeFree(process.env), DISPLAY: `:${display}`, LANG: "C.UTF-8", JSC_useSharedArrayBuffer: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const hear = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
  driver.stdout.on("data", hear);
  driver.stderr.on("data", hear);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(driver);
    await stopGroup(xvfb);
  };
  for (const started = Date.now(); ;) {
    const up = await fetch(`${url}/status`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (driver.exitCode !== null || Date.now() - started > 20_000) {
      await stop();
      throw new Error(`WebKitWebDriver (${WEBKIT_DRIVER}) did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, output: () => output, stop };
}

/**
 * The collector, first in every page the browser navigates to (the proxy puts it before the
 * page's Content-Security-Policy, which forbids inline scripts after it): `window.pageSaid` has
 * the browser's own `navigator.language` (before locale-guard.ts can replace it) and what the
 * page said; each entry is also posted to the proxy's `/report`. Self-contained: it runs in
 * the page, inline or through `WebKitPage.collect`.
 */
function collectWhatThePageSays(): void {
  const w = window as unknown as { pageSaid?: PageSaid & { language: string } };
  if (w.pageSaid) return;
  const said = (w.pageSaid = { language: navigator.language, errors: [] as string[], warnings: [] as string[] });
  const where = location.pathname.split("/").pop() || "index.html";
  const note = (kind: keyof PageSaid, words: string) => {
    const text = `${where}: ${words}`;
    said[kind].push(text);
    try {
      navigator.sendBeacon("/report", JSON.stringify({ type: "page-said", kind, text }));
    } catch {
      // Kept in the page all the same (the network may be gone).
    }
  };
  // The ResizeObserver loop notice is an error event without an error, which Chromium fires
  // too and which neither Playwright nor puppeteer counts as a page error: a warning here.
  addEventListener("error", (event) => {
    if (/^ResizeObserver loop/.test(event.message) && !event.error) note("warnings", event.message);
    else note("errors", `uncaught ${event.message} (${event.filename}:${event.lineno})`);
  });
  addEventListener("unhandledrejection", (event) => note("errors", `unhandled rejection: ${String(event.reason)}`));
  for (const level of ["error", "warn"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      note(level === "error" ? "errors" : "warnings", args.map(String).join(" "));
      original(...args);
    };
  }
}

const COLLECTOR = `<script>(${collectWhatThePageSays.toString()})();</script>`;

export interface PageSaid {
  errors: string[];
  warnings: string[];
}

/** One WebDriver session (a fresh MiniBrowser: its storage starts empty) on one proxy (its own origin). */
export class WebKitPage {
  private constructor(
    readonly driver: WebDriver,
    readonly site: Proxy,
  ) {}

  /**
   * A session on a proxy for `upstream`. Without `serviceWorker` the proxy answers `sw.js`
   * with 404, as the config's `serviceWorkers: "block"` does for Chromium: otherwise the worker
   * takes a plain page over and reloads it once (www/src/ui/offline.ts) under the test.
   */
  static async open(
    driverUrl: string,
    upstream: string,
    { serviceWorker = false, fixtures = {} }: { serviceWorker?: boolean; fixtures?: Record<string, Fixture> } = {},
  ): Promise<WebKitPage> {
    const site = await proxyServer(upstream, { fixtures, missing: serviceWorker ? [] : ["sw.js"], headStart: COLLECTOR });
    try {
      const driver = await new Builder()
        .usingServer(driverUrl)
        .withCapabilities({ browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: miniBrowser(), args: ["--automation"] } })
        .build();
      return new WebKitPage(driver, site);
    } catch (error) {
      await site.close();
      throw error;
    }
  }

  /**
   * Installs the collector in the page on show, for a page the proxy did not serve (one the
   * service worker answered from its cache): it hears what the page says from now on.
   */
  async collect(): Promise<void> {
    await this.driver.executeScript(collectWhatThePageSays);
  }

  /** Goes to `path` (with its hash) under the site's path. */
  async goto(path: string): Promise<void> {
    await this.driver.get(`${this.site.url}${path}`);
  }

  /** Runs `script` in the page (selenium passes a function's source and its arguments). */
  evaluate<T, A extends unknown[]>(script: (...args: A) => T | Promise<T>, ...args: A): Promise<T> {
    return this.driver.executeScript<T>(script, ...args);
  }

  element(selector: string): Promise<WebElement> {
    return this.driver.findElement(By.css(selector));
  }

  async text(selector: string): Promise<string> {
    return this.evaluate((s: string) => document.querySelector(s)?.textContent ?? "", selector);
  }

  /** A read-out as a number (its thousands' commas dropped). */
  async number(selector: string): Promise<number> {
    return Number((await this.text(selector)).replace(/,/g, ""));
  }

  enabled(selector: string): Promise<boolean> {
    return this.evaluate((s: string) => {
      const button = document.querySelector<HTMLButtonElement>(s);
      return button !== null && !button.disabled;
    }, selector);
  }

  async click(selector: string): Promise<void> {
    await (await this.element(selector)).click();
  }

  /** The texts of the page's messages (#messages). */
  messages(): Promise<string[]> {
    return this.evaluate(() => Array.from(document.querySelectorAll("#messages .message > span"), (span) => span.textContent ?? ""));
  }

  /** A `data-*` of the page's <body>, or null. */
  bodyData(name: string): Promise<string | null> {
    return this.evaluate((n: string) => document.body.dataset[n] ?? null, name);
  }

  /**
   * What the pages of this session said (reported to the proxy, reloads and frames included),
   * with what the page on show holds (a report may still be on its way).
   */
  async said(): Promise<PageSaid> {
    const here = await this.evaluate(() => (window as unknown as { pageSaid?: PageSaid }).pageSaid ?? { errors: [], warnings: [] }).catch(() => ({
      errors: [],
      warnings: [],
    }));
    const reported = (kind: string) => this.site.reports.filter((r) => r.type === "page-said" && r.kind === kind).map((r) => String(r.text));
    const merged = (kind: keyof PageSaid) => [...new Set([...reported(kind), ...here[kind]])];
    return { errors: merged("errors"), warnings: merged("warnings") };
  }

  async close(): Promise<void> {
    await this.driver.quit().catch(() => undefined);
    await this.site.close();
  }
}
