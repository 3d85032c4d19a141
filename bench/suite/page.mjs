/**
 * The built page as a visitor gets it (`vite build` into a folder of our own, `vite preview`,
 * which sends the cross-origin-isolation headers): time from navigation to the first training
 * step, cold (a new browser context: empty cache) and warm (a reload in the same context); then,
 * while it trains, the main thread's long tasks (Long Tasks API), the worst stall seen by a
 * 10 ms heartbeat (as tests/e2e/helpers.ts watchMainThread), the JS heap and the renderer's
 * resident memory.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { launch, rendererRss } from "./browser.mjs";
import { startVite } from "../serve.mjs";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** Installed before any page script: records the first step, readiness, long tasks and beats. */
function probe() {
  const bench = (window.__bench = { firstStepAt: null, readyAt: null, longTasks: [], gaps: [], longTaskApi: false });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: "longtask", buffered: true });
    bench.longTaskApi = PerformanceObserver.supportedEntryTypes.includes("longtask");
  } catch {
    // No Long Tasks API in this browser: longTaskApi stays false and the report says so.
  }
  const check = () => {
    const step = document.getElementById("stat-step");
    if (bench.firstStepAt === null && step && Number(step.textContent.replace(/[^0-9]/g, "")) >= 1) bench.firstStepAt = performance.now();
    const play = document.getElementById("play");
    if (bench.readyAt === null && play && !play.disabled) bench.readyAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["disabled"] });
  // The heartbeat: gaps between 10 ms beats longer than 20 ms (a gap of g ms is a stall of g − 10).
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 20 && bench.gaps.length < 100_000) bench.gaps.push({ at: last, gap: now - last });
    last = now;
  }, 10);
}

/** Builds the page into `outDir` (never dist/, which others use). */
export function buildPage(outDir, log) {
  log(`  GAN_DIST=${outDir} npx vite build --logLevel warn`);
  return new Promise((resolve) => {
    const child = spawn("npx", ["vite", "build", "--logLevel", "warn"], {
      cwd: REPO,
      env: { ...process.env, GAN_DIST: outDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) =>
      resolve(code === 0 ? { ok: true } : { ok: false, error: `vite build failed (exit ${code}): ${output.trim().split("\n").slice(-4).join(" / ")}` }),
    );
  });
}

/** Navigates (`go`) and waits for the first step; presses Play if autoplay did not start it. */
async function loadOnce(page, go) {
  const wasm = [];
  const onRequest = (request) => request.url().endsWith(".wasm") && wasm.push(request.url().replace(/^.*\/assets\//, ""));
  page.context().on("request", onRequest);
  await go();
  await page.waitForFunction(
    () => window.__bench?.firstStepAt !== null || (window.__bench?.readyAt !== null && performance.now() - window.__bench.readyAt > 3000),
    null,
    { timeout: 120_000, polling: 50 },
  );
  let pressedPlay = false;
  if ((await page.evaluate(() => window.__bench.firstStepAt)) === null) {
    pressedPlay = true;
    await page.click("#play");
    await page.waitForFunction(() => window.__bench.firstStepAt !== null, null, { timeout: 60_000, polling: 50 });
  }
  page.context().off("request", onRequest);
  const b = await page.evaluate(() => ({
    firstStepAt: window.__bench.firstStepAt,
    readyAt: window.__bench.readyAt,
    badge: document.getElementById("backend")?.textContent,
  }));
  return { ms: b.firstStepAt, readyMs: b.readyAt, pressedPlay, badge: b.badge, wasm: [...new Set(wasm)] };
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Opens `hash` once, waits for the first step, then watches `seconds` of training. */
async function watchTraining(browser, base, hash, seconds) {
  const context = await browser.newContext();
  await context.addInitScript(probe);
  const page = await context.newPage();
  try {
    const load = await loadOnce(page, () => page.goto(base + "/" + hash));
    const stepNow = async () => Number((await page.textContent("#stat-step")).replace(/[^0-9]/g, ""));
    const heap = () => page.evaluate(() => performance.memory?.usedJSHeapSize ?? null);
    const start = { step: await stepNow(), heap: await heap(), rss: await rendererRss(browser), at: Date.now() };
    await page.waitForTimeout(seconds * 1000);
    const end = { step: await stepNow(), heap: await heap(), rss: await rendererRss(browser), at: Date.now() };
    const probed = await page.evaluate(() => {
      const b = window.__bench;
      return {
        longTaskApi: b.longTaskApi,
        longTasks: b.longTasks.filter((t) => t.start >= b.firstStepAt),
        gaps: b.gaps.filter((g) => g.at >= b.firstStepAt),
        watchedFrom: b.firstStepAt,
        now: performance.now(),
      };
    });
    // Does the Long Tasks API report on this page in this browser? A 70 ms task of our own,
    // after the watch, must show up (headless Chromium may report none at all).
    const longTaskApiVerified = await page.evaluate(async () => {
      const before = window.__bench.longTasks.length;
      setTimeout(() => {
        const t = performance.now();
        while (performance.now() - t < 70);
      }, 0);
      await new Promise((r) => setTimeout(r, 500));
      return window.__bench.longTasks.slice(before).some((t) => t.duration >= 60);
    });
    const worstGap = Math.max(0, ...probed.gaps.map((g) => g.gap));
    return {
      hash,
      seconds,
      load,
      steps: end.step - start.step,
      itPerSec: (end.step - start.step) / ((end.at - start.at) / 1000),
      longTaskApi: probed.longTaskApi,
      longTaskApiVerified,
      longTasks: probed.longTasks,
      longestTaskMs: probed.longTasks.length ? Math.max(...probed.longTasks.map((t) => t.duration)) : null,
      heartbeatWorstGapMs: worstGap,
      heartbeatWorstStallMs: worstGap ? worstGap - 10 : 0,
      stallsOver50ms: probed.gaps.filter((g) => g.gap - 10 > 50).length,
      jsHeap: { start: start.heap, end: end.heap },
      rendererRss: { start: start.rss, end: end.rss },
    };
  } finally {
    await context.close();
  }
}

/** Page load, cold and warm (`repeats` each), of `url`: the first step, and the wasm fetched before it. */
async function measureLoads(browser, url, repeats, log, label) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < repeats; i++) {
    const context = await browser.newContext();
    await context.addInitScript(probe);
    const page = await context.newPage();
    cold.push(await loadOnce(page, () => page.goto(url)));
    warm.push(await loadOnce(page, () => page.reload()));
    await context.close();
    log(
      `  ${label} load ${i + 1}: cold ${cold.at(-1).ms.toFixed(0)} ms, warm ${warm.at(-1).ms.toFixed(0)} ms to the first step${cold.at(-1).pressedPlay ? " (autoplay did not start: pressed Play)" : ""}; wasm fetched: ${cold.at(-1).wasm.join(", ") || "none"}`,
    );
  }
  return { url, cold: { medianMs: median(cold.map((c) => c.ms)), runs: cold }, warm: { medianMs: median(warm.map((c) => c.ms)), runs: warm } };
}

/**
 * Page load (cold and warm, `repeats` each) for `loadHash` on a cross-origin-isolated page and
 * on the same site served without COOP/COEP (a static host: another wasm build), and a
 * training watch for each [hash, seconds] of `watch` (isolated).
 */
export async function measurePage({ port, outDir, loadHash, watch, repeats, log }) {
  const preview = await startVite(["preview", "--outDir", outDir], { port });
  const plainPreview = await startVite(["preview", "--outDir", outDir], { port: port + 10, env: { GAN_PLAIN_HEADERS: "1" } });
  const browser = await launch({ memory: true });
  try {
    const isolated = await measureLoads(browser, preview.url + "/" + loadHash, repeats, log, "isolated");
    const { cold, warm } = isolated;
    const plain = await measureLoads(browser, plainPreview.url + "/" + loadHash, repeats, log, "plain (no COOP/COEP)");
    const watches = [];
    for (const [hash, seconds] of watch) {
      const w = await watchTraining(browser, preview.url, hash, seconds);
      watches.push(w);
      log(
        `  ${hash}: ${w.seconds} s of training (${w.itPerSec.toFixed(1)} it/s): ${w.longTaskApi ? `${w.longTasks.length} long tasks (longest ${w.longestTaskMs?.toFixed(0) ?? "–"} ms; the API ${w.longTaskApiVerified ? "reported" : "missed"} a 70 ms test task)` : "no Long Tasks API"}, heartbeat worst stall ${w.heartbeatWorstStallMs.toFixed(0)} ms`,
      );
    }
    return {
      url: `${preview.url}/${loadHash}`,
      browserArgs: browser.launchArgs,
      cold,
      warm,
      plain,
      watches,
    };
  } finally {
    await browser.close().catch(() => {});
    preview.stop();
    plainPreview.stop();
  }
}
