/**
 * Chromium as the peer benchmark launches it (shared/bench/peers/run-tfjs.mjs): the same
 * executable and flags, so the project's figures and TF.js's are taken side by side.
 */
import { existsSync, readFileSync } from "node:fs";
import { chromium } from "@playwright/test";

/** run-tfjs.mjs's BASE_ARGS, unchanged. */
export const BASE_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
/** run-tfjs.mjs's `webgpu` config adds this. */
export const WEBGPU_ARGS = ["--enable-unsafe-webgpu"];

export function chromiumPath() {
  return process.env.CHROMIUM ?? "/usr/bin/chromium";
}

/** A fresh browser; `webgpu` adds the peers' WebGPU flag, `memory` exposes precise JS heap sizes. */
export function launch({ webgpu = false, memory = false } = {}) {
  const args = [...BASE_ARGS, ...(webgpu ? WEBGPU_ARGS : []), ...(memory ? ["--enable-precise-memory-info"] : [])];
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args }).then((browser) => Object.assign(browser, { launchArgs: args }));
}

/**
 * Resident memory of the browser's renderer processes (the page, its workers and their wasm
 * memories live there), in bytes, from /proc; null where that cannot be read (not Linux).
 */
export function rendererRss(browser) {
  return processRss(browser, "renderer");
}

/** Resident memory of the browser's GPU process (WebGPU's buffers live there), as `rendererRss`. */
export function gpuProcessRss(browser) {
  return processRss(browser, "GPU");
}

async function processRss(browser, type) {
  try {
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = await cdp.send("SystemInfo.getProcessInfo");
    await cdp.detach();
    let total = 0;
    for (const p of processInfo.filter((p) => p.type === type)) {
      const status = `/proc/${p.id}/status`;
      if (!existsSync(status)) return null;
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(status, "utf8"))?.[1]);
      total += kb * 1024;
    }
    return total || null;
  } catch {
    return null;
  }
}

/** Rejects after `seconds`, naming `what`. */
export function withTimeout(promise, seconds, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${seconds} s`)), seconds * 1000)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
