import { defineConfig } from "vitest/config";

export default defineConfig({
  // Relative asset URLs: dist/ works from any sub-path (GitHub Pages, /demo/, …).
  base: "./",
  worker: { format: "es" },
  build: { target: "es2022" },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  test: { include: ["tests/unit/**/*.test.ts"] },
});
