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

/** What a build holds of the test seams: hook names in its scripts, the panic in its wasm exports. */
function seams(dist: string): { scripts: string[]; wasmExports: string[]; wasmModules: number } {
  const all = files(join(ROOT, dist));
  const hooks = /ganPlaygroundFaults|trap-next-restore|slow-checkpoint/;
  const scripts = all.filter((f) => f.endsWith(".js") && hooks.test(readFileSync(f, "utf8")));
  const modules = all.filter((f) => f.endsWith(".wasm"));
  const wasmExports = modules.flatMap((f) =>
    WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(f)))
      .map((e) => e.name)
      .filter((name) => /panic/i.test(name))
      .map((name) => `${f}: ${name}`),
  );
  return { scripts, wasmExports, wasmModules: modules.length };
}

test("the shipped dist/ has no fault hooks and no panic export; the test build has them", () => {
  test.skip(test.info().project.name !== "cpu", "reads files: once is enough");
  const shipped = seams("dist");
  expect(shipped.wasmModules, "dist/ holds both wasm builds").toBeGreaterThanOrEqual(1);
  expect(shipped.scripts).toEqual([]);
  expect(shipped.wasmExports).toEqual([]);
  const testBuild = seams("dist-test");
  expect(testBuild.scripts.length).toBeGreaterThan(0);
  expect(testBuild.wasmExports.length).toBeGreaterThan(0);
});
