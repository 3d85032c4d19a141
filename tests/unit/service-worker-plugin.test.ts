/**
 * The build's service-worker plugin (scripts/service-worker-plugin.mjs): the precache manifest
 * lists every file a build wrote but `sw.js` itself, each with the hash of its contents (and a
 * script with the scripts it loads), under a version that changes exactly when a file does; the `sw.js` it writes is one classic script
 * (no import, no export) that starts with that manifest.
 */

import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Script } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { manifestOf, precacheManifest, serviceWorker, SERVICE_WORKER_FILE } from "../../scripts/service-worker-plugin.mjs";

const SOURCE = new URL("../../www/src/sw/service-worker.ts", import.meta.url).pathname;

let site = "";
afterEach(() => rmSync(site, { recursive: true, force: true }));

/** A small built site: a page, hashed assets, a public file, a nested page, a map, an old sw.js. */
function builtSite(): string {
  site = mkdtempSync(join(tmpdir(), "sw-plugin-"));
  const files: Record<string, string> = {
    "index.html": "<!doctype html><title>page</title>",
    "assets/index-abc.js": "console.log(1)",
    "assets/index-abc.js.map": "{}",
    "assets/gan_playground_bg-def.wasm": "\0asm",
    "data/mnist-10k.bin": "digits",
    "examples/reveal/index.html": "<!doctype html><title>deck</title>",
    "gan-playground.js": "export class GanPlaygroundElement {}",
    [SERVICE_WORKER_FILE]: "an older build's worker",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(site, path, ".."), { recursive: true });
    writeFileSync(join(site, path), text);
  }
  return site;
}

describe("the service worker's precache manifest", () => {
  it("lists every built file but sw.js and source maps, sorted, each with its revision and size", () => {
    const manifest = precacheManifest(builtSite());
    expect(manifest.files.map((file) => file.url)).toEqual([
      "assets/gan_playground_bg-def.wasm",
      "assets/index-abc.js",
      "data/mnist-10k.bin",
      "examples/reveal/index.html",
      "gan-playground.js",
      "index.html",
    ]);
    const page = manifest.files.find((file) => file.url === "index.html")!;
    const contents = readFileSync(join(site, "index.html"));
    expect(page).toEqual({ url: "index.html", revision: createHash("sha256").update(contents).digest("hex").slice(0, 16), bytes: contents.length });
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it("names the scripts each script loads (kept with it offline), but not the wasm it names", () => {
    const dir = builtSite();
    writeFileSync(join(dir, "assets/index-abc.js"), 'new Worker(new URL("./trainer-1.js", import.meta.url));');
    writeFileSync(join(dir, "assets/trainer-1.js"), 'const load = () => import("./glue-2.js");');
    writeFileSync(join(dir, "assets/glue-2.js"), 'import { start } from "./helpers-3.js"; new URL("gan_playground_bg-def.wasm", import.meta.url);');
    writeFileSync(join(dir, "assets/helpers-3.js"), "export const start = 1;");
    const uses = Object.fromEntries(precacheManifest(dir).files.map((file) => [file.url, file.uses]));
    expect(uses).toMatchObject({
      "assets/index-abc.js": ["assets/trainer-1.js"],
      "assets/trainer-1.js": ["assets/glue-2.js"],
      "assets/glue-2.js": ["assets/helpers-3.js"],
      "assets/helpers-3.js": undefined,
      "assets/gan_playground_bg-def.wasm": undefined,
    });
  });

  it("names the one-thread build every other build falls back to: its wasm, found by its bytes, and the script naming it", () => {
    const dir = builtSite();
    const source = join(dir, "..", `${basename(dir)}-pkg-cpu.wasm`);
    writeFileSync(source, "\0asm one thread");
    writeFileSync(join(dir, "assets/gan_playground_bg-cpu1.wasm"), "\0asm one thread");
    writeFileSync(join(dir, "assets/gan_playground-cpu1.js"), 'new URL("gan_playground_bg-cpu1.wasm", import.meta.url);');
    try {
      expect(precacheManifest(dir, { fallbackWasm: source }).fallback).toEqual(["assets/gan_playground-cpu1.js", "assets/gan_playground_bg-cpu1.wasm"]);
      // No such build (or none given): no fallback.
      expect(precacheManifest(dir).fallback).toBeUndefined();
      writeFileSync(source, "\0asm another build");
      expect(precacheManifest(dir, { fallbackWasm: source }).fallback).toBeUndefined();
    } finally {
      rmSync(source, { force: true });
    }
  });

  it("has a new version when a file changes, and the same one when nothing does", () => {
    const first = precacheManifest(builtSite());
    expect(precacheManifest(site)).toEqual(first);
    writeFileSync(join(site, "data/mnist-10k.bin"), "other digits");
    const second = precacheManifest(site);
    expect(second.version).not.toBe(first.version);
    // Only the changed file has a new revision: the others are copied from the old cache.
    const changed = second.files.filter((file, n) => file.revision !== first.files[n]!.revision).map((file) => file.url);
    expect(changed).toEqual(["data/mnist-10k.bin"]);
  });

  it("writes sw.js after the build: one classic script, with the manifest of the files first", async () => {
    builtSite();
    const plugin = serviceWorker(SOURCE) as unknown as {
      configResolved(config: { root: string; build: { outDir: string } }): void;
      closeBundle(this: { error(message: string): never }): Promise<void>;
    };
    plugin.configResolved({ root: site, build: { outDir: "." } });
    await plugin.closeBundle.call({
      error: (message) => {
        throw new Error(message);
      },
    });
    const script = readFileSync(join(site, SERVICE_WORKER_FILE), "utf8");
    expect(manifestOf(script)).toEqual(precacheManifest(site));
    // Compiles as a classic script (an `import` or `export` would not), with the types gone.
    expect(() => new Script(script)).not.toThrow();
    expect(script).not.toMatch(/^\s*(import|export)\b|declare const|: Promise<|ServiceWorkerGlobalScope/m);
    expect(script).toContain('"Cross-Origin-Embedder-Policy": "require-corp"');
  });
});
