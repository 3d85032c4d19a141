/**
 * The shipped site (`dist/`, as `npm run build` writes it) carries no test seams: no fault hooks
 * in its scripts and no panic export in its wasm modules. The browser tests run the test build
 * (`dist-test/`, GAN_TEST_HOOKS=1), which has them — checked here too, so this test can fail.
 * And its service worker (`sw.js`) knows every file of it (tests/e2e/offline.spec.ts runs it).
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "@playwright/test";
import { manifestOf } from "../../scripts/service-worker-plugin.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
/** The shipped build and the test build (another folder each where a helper built its own). */
const SHIPPED = process.env.GAN_SHIPPED_DIST ?? "dist";
const TEST_BUILD = process.env.GAN_E2E_DIST ?? "dist-test";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * The names a wasm module exports, read from its export section (section 7). Read by hand,
 * without compiling the module: the same for every build, whatever features it was built with.
 */
function exportNames(bytes: Uint8Array): string[] {
  let at = 8; // magic and version
  const leb = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = leb();
    const end = at + size;
    if (id === 7) {
      const names: string[] = [];
      for (let count = leb(); count > 0; count--) {
        const length = leb();
        names.push(new TextDecoder().decode(bytes.subarray(at, at + length)));
        at += length + 1; // the name, then its kind
        leb(); // its index
      }
      return names;
    }
    at = end;
  }
  return [];
}

/**
 * The test seams' names: the page's fault hook and its faults, and the worker's calls of the
 * wasm test exports (the panic, the memory exhaustion, the backend comparison, the fuser
 * switch) with its test-only messages.
 */
const HOOKS =
  /ganPlaygroundFaults|trap-next-restore|slow-checkpoint|testPanic|testExhaustMemory|testCompareBackends|testKeepElementWiseFusion|has no test hooks|test hook:/;

/** What a build holds of the test seams: hook names in its scripts (page and worker), the test exports of its wasm modules. */
function seams(dist: string): { scripts: string[]; workers: string[]; wasmExports: string[]; wasmModules: number } {
  const all = files(join(ROOT, dist));
  const scripts = all.filter((f) => f.endsWith(".js") && HOOKS.test(readFileSync(f, "utf8")));
  const modules = all.filter((f) => f.endsWith(".wasm"));
  const wasmExports = modules.flatMap((f) =>
    exportNames(readFileSync(f))
      .filter((name) => /^test[A-Z]/.test(name))
      .map((name) => `${f}: ${name}`),
  );
  return { scripts, workers: scripts.filter((f) => /trainer\.worker/.test(f)), wasmExports, wasmModules: modules.length };
}

test("the shipped dist/ has no test seams, in the page, the worker or the wasm; the test build has them", () => {
  test.skip(test.info().project.name !== "cpu", "reads files: once is enough");
  const shipped = seams(SHIPPED);
  expect(shipped.wasmModules, "dist/ holds the three wasm builds (WebGPU, CPU on one thread, CPU on threads)").toBe(3);
  expect(shipped.scripts).toEqual([]);
  expect(shipped.wasmExports).toEqual([]);
  const testBuild = seams(TEST_BUILD);
  expect(testBuild.scripts.length).toBeGreaterThan(0);
  expect(testBuild.workers.length, "the test build's worker calls the wasm test exports").toBeGreaterThan(0);
  expect(testBuild.wasmExports.length).toBeGreaterThan(0);
});

test("the shipped dist/ has its service worker beside index.html, which precaches every other file of the build as it is", () => {
  test.skip(test.info().project.name !== "cpu", "reads files: once is enough");
  const dist = join(ROOT, SHIPPED);
  const manifest = manifestOf(readFileSync(join(dist, "sw.js"), "utf8"));
  const built = files(dist)
    .map((path) => relative(dist, path))
    .filter((path) => path !== "sw.js")
    .sort();
  expect(manifest.files.map((file) => file.url)).toEqual(built);
  // The page, the three wasm builds and the digits are among them, each at the size on disk.
  expect(built).toEqual(expect.arrayContaining(["index.html", "gan-playground.js", "data/mnist-10k.bin"]));
  expect(built.filter((path) => path.endsWith(".wasm"))).toHaveLength(3);
  for (const file of manifest.files) expect(file.bytes, file.url).toBe(statSync(join(dist, file.url)).size);
});
