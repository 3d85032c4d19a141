#!/usr/bin/env node
/**
 * For a machine with a real GPU and Chromium (issue 17): what `backend=auto` chooses for every
 * preset and why (the badge of the built page, on the real adapter, as a visitor would see it),
 * then each preset's training speed on WebGPU and on the CPU (bench/image-rate.mjs: iterations
 * per second over timed windows, each ending in a read-back).
 *
 *   npm run build && node bench/gpu-machine.mjs [--presets all|tuned-1d,mnist-mlp] [--windows 5]
 *
 * Chromium gets `--enable-unsafe-webgpu` and, on Linux, Vulkan (`--enable-features=Vulkan
 * --ignore-gpu-blocklist`); GAN_CHROMIUM_ARGS replaces those (space-separated), CHROMIUM names
 * the executable. On a machine without a GPU the adapter is SwiftShader (software): the script
 * says so, and `auto` then chooses the CPU without a trial.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { chromium } from "@playwright/test";
import { startVite } from "./serve.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const allPresets = Object.keys(JSON.parse(readFileSync(new URL("../crate/presets.json", import.meta.url), "utf8")));
const presets = !args.presets || args.presets === "all" ? allPresets : args.presets.split(",");
const windows = args.windows ?? "5";
const port = Number(args.port ?? 4190);
const gpuArgs = process.env.GAN_CHROMIUM_ARGS?.split(" ").filter(Boolean) ?? [
  "--enable-unsafe-webgpu",
  ...(process.platform === "linux" ? ["--enable-features=Vulkan", "--ignore-gpu-blocklist"] : []),
];

// The built site (dist/), cross-origin isolated as `npm start` serves it: what a visitor gets.
const site = await startVite(["preview"], { port, path: "/" });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--no-first-run", "--disable-background-networking", ...gpuArgs],
});
console.log(`Chromium ${browser.version()} with ${gpuArgs.join(" ")}`);
const rows = [];
try {
  const page = await browser.newPage({ serviceWorkers: "block" });
  await page.goto(`${site.url}/`);
  const adapter = await page.evaluate(async () => {
    const found = await navigator.gpu?.requestAdapter();
    if (!found) return null;
    const info = found.info ?? {};
    return `${info.vendor || "?"} ${info.architecture || ""} ${info.device || ""} ${info.description || ""}`.replace(/\s+/g, " ").trim();
  });
  console.log(`WebGPU adapter: ${adapter ?? "none"}${adapter && /swiftshader/i.test(adapter) ? " (software: no GPU figure)" : ""}\n`);
  console.log("## What backend=auto chooses (the badge)\n");
  for (const preset of presets) {
    // A fresh page per preset: `auto` times each lab's model once per worker.
    const fresh = await browser.newPage({ serviceWorkers: "block" });
    await fresh.goto(`${site.url}/#v=1&preset=${preset}&backend=auto`);
    const badge = fresh.locator("#backend");
    await fresh.locator("#play").waitFor({ state: "visible" });
    await fresh.waitForFunction(() => /^(WebGPU|CPU) — /.test(document.querySelector("#backend")?.textContent ?? ""), null, { timeout: 300_000 });
    const text = (await badge.textContent())?.trim() ?? "";
    rows.push({ preset, badge: text });
    console.log(`- ${preset}: ${text}`);
    await fresh.close();
  }
  await page.close();
} finally {
  await browser.close();
  site.stop();
}

console.log("\n## Training speed, WebGPU and the CPU (bench/image-rate.mjs)\n");
const child = spawn(
  process.execPath,
  [
    new URL("./image-rate.mjs", import.meta.url).pathname,
    "--presets",
    presets.join(","),
    "--backends",
    "webgpu,cpu",
    "--builds",
    "pkg-cpu,pkg-threads",
    "--windows",
    windows,
  ],
  { stdio: "inherit", env: { ...process.env, GAN_CHROMIUM_ARGS: gpuArgs.join(" ") } },
);
process.exitCode = await new Promise((resolve) => child.on("close", resolve));
