/**
 * The shipped site (`dist/`, as `npm run build` writes it) carries no test seams: no fault hooks
 * in its scripts and no panic export in its wasm modules. The browser tests run the test build
 * (`dist-test/`, GAN_TEST_HOOKS=1), which has them — checked here too, so this test can fail.
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

const ROOT = new URL("../../", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/**
 * The names a wasm module exports, read from its export section (section 7). Read by hand:
 * Node cannot compile the threaded module (relaxed SIMD) to ask `WebAssembly.Module.exports`.
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

/** What a build holds of the test seams: hook names in its scripts, the panic in its wasm exports. */
function seams(dist: string): { scripts: string[]; wasmExports: string[]; wasmModules: number } {
  const all = files(join(ROOT, dist));
  const hooks = /ganPlaygroundFaults|trap-next-restore|slow-checkpoint/;
  const scripts = all.filter((f) => f.endsWith(".js") && hooks.test(readFileSync(f, "utf8")));
  const modules = all.filter((f) => f.endsWith(".wasm"));
  const wasmExports = modules.flatMap((f) =>
    exportNames(readFileSync(f))
      .filter((name) => /panic/i.test(name))
      .map((name) => `${f}: ${name}`),
  );
  return { scripts, wasmExports, wasmModules: modules.length };
}

test("the shipped dist/ has no fault hooks and no panic export; the test build has them", () => {
  test.skip(test.info().project.name !== "cpu", "reads files: once is enough");
  const shipped = seams("dist");
  expect(shipped.wasmModules, "dist/ holds the three wasm builds (WebGPU, CPU on one thread, CPU on threads)").toBe(3);
  expect(shipped.scripts).toEqual([]);
  expect(shipped.wasmExports).toEqual([]);
  const testBuild = seams("dist-test");
  expect(testBuild.scripts.length).toBeGreaterThan(0);
  expect(testBuild.wasmExports.length).toBeGreaterThan(0);
});
