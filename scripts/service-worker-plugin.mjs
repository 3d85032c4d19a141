/**
 * The Vite plugin that writes the site's service worker, `sw.js`, beside index.html: the
 * TypeScript of www/src/sw/service-worker.ts (types stripped, one classic script, no imports)
 * with the precache manifest — every file the build wrote, public/ files such as
 * data/mnist-10k.bin included, each with a hash of its contents — put first in it as a
 * `const`. It runs after everything is written (`closeBundle`), so it sees the files as the
 * host will serve them: the page's chunks, the workers' bundles, the wasm builds, the deck.
 * (Plain JavaScript, typed by service-worker-plugin.d.mts, like mnist-asset.mjs: Vite loads
 * the config's imports as they are.)
 */

import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { transformWithOxc } from "vite";

/** The worker's fixed name at the site's root: its scope is the folder the site is served from. */
export const SERVICE_WORKER_FILE = "sw.js";

/** The `const` that holds the manifest in `sw.js` (service-worker.ts declares it). */
export const MANIFEST_GLOBAL = "__GAN_PLAYGROUND_PRECACHE__";

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
function filesUnder(dir, root = dir) {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path).split(sep).join("/")];
    })
    .sort();
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/**
 * The manifest of the site in `dir`: every file but the service worker itself (and source
 * maps, which only a developer's tools fetch). The version hashes the list of paths and
 * revisions, so it changes exactly when a file is added, removed or changed.
 */
/**
 * The manifest's `fallback`: the built files of the build every other build falls back to (the
 * one-thread CPU build: its wasm, found by its bytes, and the script that names it), so that a
 * device that keeps a threaded or WebGPU build keeps what it would run without them.
 */
function fallbackOf(dir, files, wasmSource) {
  if (!wasmSource) return [];
  let source;
  try {
    source = sha256(readFileSync(wasmSource)).slice(0, 16);
  } catch {
    return [];
  }
  const wasm = files.find((file) => file.url.endsWith(".wasm") && file.revision === source);
  if (!wasm) return [];
  const glue = files.filter((file) => file.url.endsWith(".js") && readFileSync(join(dir, file.url), "utf8").includes(basename(wasm.url)));
  return [...glue.map((file) => file.url), wasm.url];
}

export function precacheManifest(dir, { fallbackWasm } = {}) {
  const urls = filesUnder(dir).filter((url) => url !== SERVICE_WORKER_FILE && !url.endsWith(".map"));
  const scripts = urls.filter((url) => url.endsWith(".js"));
  const files = urls.map((url) => {
    const bytes = readFileSync(join(dir, url));
    const file = { url, revision: sha256(bytes).slice(0, 16), bytes: bytes.length };
    if (!url.endsWith(".js")) return file;
    // The scripts this one loads (by import, import() or new Worker): a kept script keeps them,
    // since a worker's workers report nothing to the page (wasm-bindgen-rayon's threads import
    // their own copy of the glue). A script naming a wasm build does not keep it: only a run
    // of that build does.
    const text = bytes.toString("utf8");
    const uses = scripts.filter((other) => other !== url && text.includes(`/${basename(other)}`));
    return uses.length > 0 ? { ...file, uses } : file;
  });
  const version = sha256(files.map((file) => `${file.url} ${file.revision}`).join("\n")).slice(0, 16);
  const fallback = fallbackOf(dir, files, fallbackWasm);
  return fallback.length > 0 ? { version, files, fallback } : { version, files };
}

/** Reads the manifest back out of a written `sw.js` (its first line). */
export function manifestOf(script) {
  const line = script.split("\n", 1)[0] ?? "";
  const prefix = `const ${MANIFEST_GLOBAL} = `;
  if (!line.startsWith(prefix)) throw new Error(`${SERVICE_WORKER_FILE} does not start with its manifest`);
  return JSON.parse(line.slice(prefix.length).replace(/;$/, ""));
}

/** `sw.js`: the manifest, then the worker's code. */
export function serviceWorkerScript(manifest, code) {
  const origin = "// GAN Playground's service worker: www/src/sw/service-worker.ts, built by scripts/service-worker-plugin.mjs.";
  return `const ${MANIFEST_GLOBAL} = ${JSON.stringify(manifest)};\n${origin}\n${code}`;
}

/** The plugin: writes `<outDir>/sw.js` from `source` once the build has written everything else. */
export function serviceWorker(source, { fallbackWasm } = {}) {
  let outDir = "";
  return {
    name: "gan-playground-service-worker",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const manifest = precacheManifest(outDir, { fallbackWasm });
      const stripped = await transformWithOxc(readFileSync(source, "utf8"), source, { lang: "ts", target: "es2022" });
      // The empty `export {}` that keeps a file with only type imports a module; a classic script has none.
      const code = stripped.code.replace(/^export \{\};?\s*$/m, "");
      if (/^\s*(import|export)\b/m.test(code)) this.error(`${source} must import and export nothing: sw.js is one classic script`);
      writeFileSync(join(outDir, SERVICE_WORKER_FILE), serviceWorkerScript(manifest, code));
    },
  };
}
