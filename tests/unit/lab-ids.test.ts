/**
 * A lab describes itself (STYLE.md rule 15): outside its own folder, www/src/labs/<lab>/, no
 * file of the page names a lab's id but the registry (www/src/labs/registry.ts); in the crate,
 * outside crate/src/labs/<lab>/, none but crate/src/labs/mod.rs. The code
 * outside loops over the registry instead. The mentions this pass could not move yet are
 * listed below, each with its file, its count and why: the list can only shrink (a new mention
 * fails, and so does a count that fell without the list following it).
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

/** A mention left for a later pass: `count` mentions of `lab` in `file`, and why they are there. */
interface Allowed {
  file: string;
  lab: string;
  count: number;
  reason: string;
}

const ALLOWED: readonly Allowed[] = [
  // The key table's rows still live in url.ts: the `labs` each row applies to, and the `grid`
  // key's doc (docs/url-keys.md is generated from it and must not change). Next: each lab's
  // rows in its descriptor.
  { file: "www/src/state/url.ts", lab: "gan1d", count: 2, reason: "key rows' labs (GAN1D, MLP_LABS)" },
  { file: "www/src/state/url.ts", lab: "gan2d", count: 2, reason: "key rows' labs (GAN2D, MLP_LABS)" },
  { file: "www/src/state/url.ts", lab: "digits", count: 2, reason: "key rows' labs (DIGITS) and the `grid` key's doc text (docs/url-keys.md)" },
  // The digit lab's panels' markup: DOM ids (digits-progress*) and texts the e2e tests read.
  { file: "index.html", lab: "digits", count: 15, reason: "the digit lab's markup: ids and captions the e2e tests read" },
];

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

/** How often each lab's id is named, as a word, in each file outside that lab's folder (but the registry). */
function mentions(): Allowed[] {
  const found: Allowed[] = [];
  for (const file of pageFiles()) {
    if (file === REGISTRY) continue;
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const lab of LAB_IDS) {
      if (file.startsWith(`www/src/labs/${lab}/`)) continue;
      const count = text.match(new RegExp(`\\b${lab}\\b`, "g"))?.length ?? 0;
      if (count > 0) found.push({ file, lab, count, reason: "" });
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

  it("are named outside their own folders only by the registry (and the allow-list, which only shrinks)", () => {
    const key = (m: Allowed) => `${m.file}: ${m.lab} ×${m.count}`;
    expect(mentions().map(key).sort()).toEqual(ALLOWED.map(key).sort());
  });

  it("every lab of the registry has its folder: descriptor.ts, and lab.ts with the createLabUi that lab-uis.ts finds", async () => {
    for (const lab of LAB_IDS) {
      expect(readFileSync(join(ROOT, `www/src/labs/${lab}/descriptor.ts`), "utf8")).toContain(`id: "${lab}"`);
      expect(readFileSync(join(ROOT, `www/src/labs/${lab}/lab.ts`), "utf8")).toContain("export function createLabUi(");
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
