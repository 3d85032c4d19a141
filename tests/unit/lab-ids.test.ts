/**
 * A lab describes itself (STYLE.md rule 15): outside its own folder, www/src/labs/<lab>/, no
 * file of the page names a lab's id but the registry (www/src/labs/registry.ts); in the crate,
 * outside crate/src/labs/<lab>/, none but crate/src/labs/mod.rs. The code
 * outside loops over the registry instead; a lab's markup is its folder's markup.html.
 */

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LAB_IDS } from "../../www/src/labs/registry";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The one file outside the lab folders that names each lab. */
const REGISTRY = "www/src/labs/registry.ts";
/** The page's files that are read for the ids: its code, its styles, its markup. */
const SOURCE = /\.(ts|mts|js|css|html)$/;

/** Every source file of the page: index.html and www/src's, as paths relative to the repository root. */
function pageFiles(): string[] {
  return ["index.html", ...filesUnder("www/src", SOURCE)];
}

/** The files under `dir` whose names match `name`, relative to the repository root, sorted. */
function filesUnder(dir: string, name: RegExp): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return walk(path);
      return name.test(entry.name) ? [path] : [];
    });
  return walk(dir).sort();
}

/** How often each lab's id is named, as a word, in each file outside that lab's folder (but the registry): `file: lab ×count`. */
function mentions(): string[] {
  const found: string[] = [];
  for (const file of pageFiles()) {
    if (file === REGISTRY) continue;
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const lab of LAB_IDS) {
      if (file.startsWith(`www/src/labs/${lab}/`)) continue;
      const count = text.match(new RegExp(`\\b${lab}\\b`, "g"))?.length ?? 0;
      if (count > 0) found.push(`${file}: ${lab} ×${count}`);
    }
  }
  return found;
}

/** The crate's one file outside the lab folders that names each lab: the Lab trait's registry. */
const CRATE_REGISTRY = "crate/src/labs/mod.rs";

/** Every Rust source file of the crate's library, relative to the repository root. */
function crateFiles(): string[] {
  return filesUnder("crate/src", /\.rs$/);
}

/**
 * The crate's code as a reader meets it, without what tests may name: comments go (prose says
 * "the digits" in every file), and so do test files (`*tests.rs`) and a file's trailing
 * `#[cfg(test)] mod tests { … }`.
 */
function crateCode(file: string): string {
  if (/tests\.rs$/.test(file)) return "";
  const text = readFileSync(join(ROOT, file), "utf8");
  const tests = text.indexOf("#[cfg(test)]\nmod tests {");
  return (tests >= 0 ? text.slice(0, tests) : text).replace(/\/\/.*$/gm, "");
}

describe("lab ids", () => {
  it("are named in the crate only in their own folders and the registry (crate/src/labs/mod.rs)", () => {
    const found: string[] = [];
    for (const file of crateFiles()) {
      if (file === CRATE_REGISTRY) continue;
      const code = crateCode(file);
      for (const lab of LAB_IDS) {
        if (file.startsWith(`crate/src/labs/${lab}/`)) continue;
        const count = code.match(new RegExp(`\\b${lab}\\b`, "g"))?.length ?? 0;
        if (count > 0) found.push(`${file}: ${lab} ×${count}`);
      }
    }
    expect(found).toEqual([]);
    // The check reads the files it means to: the registry names every lab.
    const registry = crateCode(CRATE_REGISTRY);
    for (const lab of LAB_IDS) expect(registry).toMatch(new RegExp(`\\b${lab}\\b`));
  });

  it("are named on the page outside their own folders only by the registry", () => {
    expect(mentions()).toEqual([]);
  });

  it("every lab of the registry has its folder: descriptor.ts, lab.ts with the createLabUi and markup.html with the views that lab-uis.ts finds", async () => {
    for (const lab of LAB_IDS) {
      expect(readFileSync(join(ROOT, `www/src/labs/${lab}/descriptor.ts`), "utf8")).toContain(`id: "${lab}"`);
      expect(readFileSync(join(ROOT, `www/src/labs/${lab}/lab.ts`), "utf8")).toContain("export function createLabUi(");
      expect(readFileSync(join(ROOT, `www/src/labs/${lab}/markup.html`), "utf8")).toMatch(/<dl data-part="stats">[^]*<main /);
    }
    // The page's objects are found through Vite's glob; the module resolves it as the build does.
    const { createLabs } = await import("../../www/src/labs/lab-uis");
    expect(typeof createLabs).toBe("function");
  });

  it("every lab of the registry is looked for", () => {
    expect(LAB_IDS.length).toBeGreaterThan(0);
    expect(readFileSync(join(ROOT, REGISTRY), "utf8")).toMatch(new RegExp(`\\b${LAB_IDS[0]}\\b`));
  });
});
