import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";
import { labMarkup } from "./scripts/lab-markup-plugin.mjs";
import { serviceWorker } from "./scripts/service-worker-plugin.mjs";

/**
 * Cross-origin isolation lets the CPU backend share the wasm memory with worker threads
 * (www/src/worker/wasm.ts). A static host without these headers still works: on one thread
 * until the site's service worker (www/src/sw/service-worker.ts) adds them, after the first
 * visit. GAN_PLAIN_HEADERS=1 serves like one (the e2e tests check that page too).
 */
const isolation = process.env.GAN_PLAIN_HEADERS ? {} : { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

const root = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The `<gan-playground>` element's module: one file at a fixed name beside index.html. */
const COMPONENT_FILE = "gan-playground.js";
const COMPONENT_SOURCE = "/www/src/embed/gan-playground.ts";

/**
 * The dev server (`npm start`) answers `/gan-playground.js` with the element's source, so that
 * pages written against the build (the example deck) work there too; the module's URL stays
 * `/gan-playground.js`, and its `./index.html` is the page, as in `dist/`.
 */
function componentInDev(): Plugin {
  return {
    name: "gan-playground-component-in-dev",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        const [path, query] = (request.url ?? "").split("?", 2);
        if (path === `/${COMPONENT_FILE}`) request.url = COMPONENT_SOURCE + (query ? `?${query}` : "");
        next();
      });
    },
  };
}

/**
 * The Content-Security-Policy of every page the build writes (index.html, the example deck),
 * as a `<meta>`: a static host (GitHub Pages) sends no headers of ours. Scripts only from this
 * origin — no inline script, no `eval`, no `javascript:` URL — with WebAssembly allowed
 * (`'wasm-unsafe-eval'`: the trainer compiles its module; the page's own meta does not reach
 * its workers, but the same policy served as a header would). Styles only from this origin's
 * stylesheets: the page styles elements through `element.style` (CSSOM, which CSP leaves
 * alone) and never with `style` attributes or `<style>` elements, so no `'unsafe-inline'`.
 * `data:` for the favicon and the deck's fonts and icons. `frame-ancestors` is left out on
 * purpose: a `<meta>` cannot carry it, and the page is meant to be framed (slides).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/**
 * Puts {@link CONTENT_SECURITY_POLICY} first in the `<head>` of each built page. Build only:
 * the dev server (`npm start`) injects its client and CSS as it needs, which this would block.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: "gan-playground-content-security-policy",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY }, injectTo: "head-prepend" }],
  };
}

/**
 * The test build (GAN_TEST_HOOKS=1, as `npm test` builds it into dist-test/) keeps the fault
 * hooks (`window.ganPlaygroundFaults` and the worker's `fault` command); every other build
 * compiles them out, so a visitor's page has no way to reach them.
 */
const testHooks = process.env.GAN_TEST_HOOKS === "1";

export default defineConfig({
  // Relative asset URLs: dist/ works from any sub-path (GitHub Pages, /demo/, …).
  base: "./",
  define: { __TEST_HOOKS__: JSON.stringify(testHooks) },
  // …and loads the wasm builds made with the test seam (scripts/build-wasm.sh --test-hooks).
  resolve: testHooks
    ? {
        alias: [
          { find: /^(.*)\/pkg\/gan_playground\.js$/, replacement: "$1/pkg-test/gan_playground.js" },
          { find: /^(.*)\/pkg-cpu\/gan_playground\.js$/, replacement: "$1/pkg-cpu-test/gan_playground.js" },
        ],
      }
    : {},
  worker: { format: "es" },
  // dist/sw.js: the service worker (all cores on any static host, offline after the first
  // visit), written last, with the list of every file the build wrote (scripts/service-worker-plugin.mjs).
  // index.html gets every lab's markup (www/src/labs/<lab>/markup.html).
  plugins: [
    labMarkup(root("www/src/labs")),
    componentInDev(),
    contentSecurityPolicy(),
    serviceWorker(root("www/src/sw/service-worker.ts"), {
      // The one-thread CPU build, which any other build falls back to: kept with whichever it is.
      fallbackWasm: root(testHooks ? "www/pkg-cpu-test/gan_playground_bg.wasm" : "www/pkg-cpu/gan_playground_bg.wasm"),
    }),
  ],
  build: {
    target: "es2022",
    // GAN_DIST: another output folder, so that two builds (a helper's, CI's) never share one.
    outDir: process.env.GAN_DIST ?? "dist",
    rolldownOptions: {
      input: {
        index: root("index.html"),
        // dist/gan-playground.js: the custom element (www/src/embed/gan-playground.ts).
        "gan-playground": root("www/src/embed/gan-playground.ts"),
        // dist/examples/reveal/index.html: the example slide deck.
        "examples-reveal": root("examples/reveal/index.html"),
      },
      // The element's module keeps its exports (the class, for `import { GanPlaygroundElement }`).
      preserveEntrySignatures: "exports-only",
      output: {
        entryFileNames: (chunk) => (chunk.name === "gan-playground" ? COMPONENT_FILE : "assets/[name]-[hash].js"),
      },
    },
  },
  server: { host: "127.0.0.1", headers: isolation },
  preview: { host: "127.0.0.1", headers: isolation },
  test: { include: ["tests/unit/**/*.test.ts"] },
});
