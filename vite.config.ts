import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

/**
 * Cross-origin isolation lets the CPU backend share the wasm memory with worker threads
 * (www/src/worker/wasm.ts). A static host without these headers still works, on one thread;
 * GAN_PLAIN_HEADERS=1 serves like one (the e2e tests check that page too).
 */
const isolation = process.env.GAN_PLAIN_HEADERS
  ? {}
  : { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

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

export default defineConfig({
  // Relative asset URLs: dist/ works from any sub-path (GitHub Pages, /demo/, …).
  base: "./",
  worker: { format: "es" },
  plugins: [componentInDev()],
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
