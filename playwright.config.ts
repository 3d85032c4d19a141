import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The same build served without COOP/COEP, as a plain static host would (one CPU thread). */
export const PLAIN_PORT = PORT + 1;
// Debian's Chromium (scripts/chromium.sh); Playwright never downloads a browser here.
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const common = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export default defineConfig({
  testDir: "tests/e2e",
  // WebGPU here is SwiftShader (software): seconds per iteration, so tests are given minutes.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    // Served from a sub-path, as a static host (GitHub Pages, a course site) would.
    baseURL: `http://127.0.0.1:${PORT}/demo/`,
    trace: "off",
  },
  webServer: [
    {
      // The production build (relative base) from a sub-path, with the cross-origin-isolation
      // headers that let the CPU backend use threads (vite.config.ts).
      command: `npx vite preview --port ${PORT} --strictPort --base /demo/`,
      url: `http://127.0.0.1:${PORT}/demo/`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite preview --port ${PLAIN_PORT} --strictPort --base /demo/`,
      url: `http://127.0.0.1:${PLAIN_PORT}/demo/`,
      env: { GAN_PLAIN_HEADERS: "1" },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
  projects: [
    {
      name: "webgpu",
      use: { launchOptions: { executablePath, args: [...common, "--enable-unsafe-webgpu"] } },
    },
    {
      name: "cpu",
      use: { launchOptions: { executablePath, args: common } },
    },
  ],
});
