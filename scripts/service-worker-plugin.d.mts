// Types for scripts/service-worker-plugin.mjs (plain JavaScript that vite.config.ts imports),
// and the manifest that www/src/sw/service-worker.ts reads.

import type { Plugin } from "vite";

/** One file of the built site. */
export interface PrecacheFile {
  /** Its path relative to `sw.js` (the site's root): `index.html`, `assets/index-….js`, `data/mnist-10k.bin`. */
  url: string;
  /** The first hex digits of the SHA-256 of its contents: a new revision is downloaded, an unchanged one kept. */
  revision: string;
  /** Its size in bytes. */
  bytes: number;
  /** A script's: the build's other scripts it loads (kept with it for offline use). */
  uses?: string[];
}

/** The whole site as one build wrote it. */
export interface PrecacheManifest {
  /** A hash of every file's path and revision: a new build with any change has a new version. */
  version: string;
  files: PrecacheFile[];
  /**
   * The build every other build falls back to (the one-thread CPU build: its glue and wasm),
   * kept wherever another build is: absent when the build has none.
   */
  fallback?: string[];
}

/** What the plugin is told of the build. */
export interface ServiceWorkerOptions {
  /** The source of the one-thread CPU build's wasm (found among the built files by its bytes). */
  fallbackWasm?: string;
}

export declare const SERVICE_WORKER_FILE: "sw.js";
export declare const MANIFEST_GLOBAL: "__GAN_PLAYGROUND_PRECACHE__";

/** The manifest of the built site in `dir`: every file but `sw.js` (and source maps). */
export declare function precacheManifest(dir: string, options?: ServiceWorkerOptions): PrecacheManifest;
/** Reads the manifest back out of a written `sw.js`. */
export declare function manifestOf(script: string): PrecacheManifest;
/** `sw.js`: the manifest, then the worker's code. */
export declare function serviceWorkerScript(manifest: PrecacheManifest, code: string): string;
/** The plugin: writes `<outDir>/sw.js` from the worker's TypeScript at `source` after the build. */
export declare function serviceWorker(source: string, options?: ServiceWorkerOptions): Plugin;
