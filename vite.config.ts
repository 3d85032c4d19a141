import { defineConfig } from "vitest/config";

/**
 * Cross-origin isolation lets the CPU backend share the wasm memory with worker threads
 * (www/src/worker/wasm.ts). A static host without these headers still works, on one thread;
 * GAN_PLAIN_HEADERS=1 serves like one (the e2e tests check that page too).
 */
const isolation = process.env.GAN_PLAIN_HEADERS
  ? {}
  : { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

export default defineConfig({
  // Relative asset URLs: dist/ works from any sub-path (GitHub Pages, /demo/, …).
  base: "./",
  worker: { format: "es" },
  // GAN_DIST: another output folder, so that two builds (a helper's, CI's) never share one.
  build: { target: "es2022", outDir: process.env.GAN_DIST ?? "dist" },
  server: { host: "127.0.0.1", headers: isolation },
  preview: { host: "127.0.0.1", headers: isolation },
  test: { include: ["tests/unit/**/*.test.ts"] },
});
