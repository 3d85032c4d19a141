import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 4173);
/** The same build served without COOP/COEP, as a plain static host would (one CPU thread). */
export const PLAIN_PORT = PORT + 1;
/** The build the browser tests load: the test build, with the fault hooks (vite.config.ts). */
const E2E_DIST = process.env.GAN_E2E_DIST ?? "dist-test";
// Debian's Chromium (scripts/chromium.sh); Playwright never downloads a browser here.
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
/** Firefox's spec: the `firefox` project's only file, which every Chromium project ignores. */
const FIREFOX_SPEC = /firefox\.spec\.ts$/;
/** WebKit's spec: the `webkit` project's only file, which every Chromium project ignores. */
const WEBKIT_SPEC = /webkit\.spec\.ts$/;
/** The specs that drive a browser of their own, not Playwright's Chromium. */
const OTHER_BROWSERS = [FIREFOX_SPEC, WEBKIT_SPEC];
const common = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

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
    // The site's service worker would make the plain server's page isolated (the threaded build)
    // and answer from its cache: only tests/e2e/offline.spec.ts lets it run.
    serviceWorkers: "block",
  },
  webServer: [
    {
      // The production build (relative base) from a sub-path, with the cross-origin-isolation
      // headers that let the CPU backend use threads (vite.config.ts). The test build of it
      // (dist-test/: the same site with the fault hooks; scripts/test.sh builds both).
      command: `npx vite preview --port ${PORT} --strictPort --base /demo/`,
      url: `http://127.0.0.1:${PORT}/demo/`,
      env: { GAN_DIST: E2E_DIST },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: `npx vite preview --port ${PLAIN_PORT} --strictPort --base /demo/`,
      url: `http://127.0.0.1:${PLAIN_PORT}/demo/`,
      env: { GAN_PLAIN_HEADERS: "1", GAN_DIST: E2E_DIST },
      reuseExistingServer: false,
      timeout: 60_000,
    },
  ],
  projects: [
    {
      name: "webgpu",
      testIgnore: OTHER_BROWSERS,
      use: { launchOptions: { executablePath, args: [...common, "--enable-unsafe-webgpu"] } },
    },
    {
      name: "cpu",
      testIgnore: OTHER_BROWSERS,
      use: { launchOptions: { executablePath, args: common } },
    },
    {
      // A lost GPU on a page that is not cross-origin isolated: the run moves to the CPU of the
      // one-thread build (on an isolated page, to the threaded one).
      name: "webgpu-plain",
      testIgnore: OTHER_BROWSERS,
      grep: /@webgpu-plain/,
      use: { baseURL: `http://127.0.0.1:${PLAIN_PORT}/demo/`, launchOptions: { executablePath, args: [...common, "--enable-unsafe-webgpu"] } },
    },
    {
      // The checks tagged @both-builds again on a page that is not cross-origin isolated (a
      // static host, a deck's iframe): the one-thread build (`pkg`), a different program.
      name: "cpu-plain",
      testIgnore: OTHER_BROWSERS,
      grep: /@both-builds/,
      use: { baseURL: `http://127.0.0.1:${PLAIN_PORT}/demo/`, launchOptions: { executablePath, args: common } },
    },
    {
      // Debian's firefox-esr, driven through WebDriver BiDi by puppeteer-core inside the spec
      // (Playwright's Firefox is a patched build): the page's core on both builds, the widget,
      // and what Firefox has (tests/e2e/firefox.spec.ts; scripts/firefox.sh finds it).
      name: "firefox",
      testMatch: FIREFOX_SPEC,
    },
    {
      // Debian's WebKitGTK (MiniBrowser, the engine of Safari), driven through WebDriver classic
      // by selenium-webdriver inside the spec (Playwright's WebKit is a patched build): the
      // page's core on the one-thread build, the widget, resume, the service worker offline, and
      // the locale WebKitGTK reports under LANG=C.UTF-8 (tests/e2e/webkit.spec.ts; scripts/webkit.sh finds it).
      name: "webkit",
      testMatch: WEBKIT_SPEC,
      // One retry, for WebKitGTK's own crash: now and then (1 test in about 60 here) its web
      // process dies while it loads the page — Skia fails to compile one of its built-in shader
      // modules ("sksl_rt_shader … integer is too large: 1", "WebProcess CRASHED" in the driver's
      // output, which a failed test prints) and the session is gone. A retry is a fresh browser;
      // a failure of the page itself fails again.
      retries: 1,
    },
  ],
});
