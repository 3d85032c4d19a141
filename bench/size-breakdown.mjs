#!/usr/bin/env node
/**
 * Where the WebGPU build's bytes go: reads a wasm module's code section and its `name` section
 * (function index → demangled Rust path) and adds up the code bytes per crate; also per-crate
 * monomorphised copies (the same path, generics stripped, compiled more than once), and the
 * raw and gzip sizes of every build in www/.
 *
 *   node bench/size-breakdown.mjs [--wasm www/pkg-prof/gan_playground_bg.wasm] [--top 25]
 *
 * Needs a build with names: `bash scripts/build-wasm.sh --names` writes www/pkg-prof/ (the
 * page's builds drop the names to save bytes; their totals are printed all the same).
 */
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const path = args.wasm ?? "www/pkg-prof/gan_playground_bg.wasm";
const top = Number(args.top ?? 25);

/** The module's sections, and from them the body size and the name of every defined function. */
function parse(bytes) {
  let p = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const text = (n) => new TextDecoder().decode(bytes.subarray(p, (p += n)));
  const sections = [];
  let imports = 0;
  let bodies = [];
  const names = new Map();
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = leb();
    const end = p + size;
    let name =
      ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"][id] ?? String(id);
    if (id === 0) name = `custom:${text(leb())}`;
    sections.push({ name, size });
    if (id === 2) {
      for (let n = leb(), i = 0; i < n; i++) {
        text(leb());
        text(leb());
        const kind = bytes[p++];
        if (kind === 0) (leb(), imports++);
        else if (kind === 1) (p++, leb() & 1 ? (leb(), leb()) : leb());
        else if (kind === 2) leb() & 1 ? (leb(), leb()) : leb();
        else if (kind === 3) p += 2;
        else if (kind === 4) (p++, leb());
      }
    } else if (id === 10) {
      bodies = Array.from({ length: leb() }, () => {
        const n = leb();
        p += n;
        return n;
      });
    } else if (name === "custom:name") {
      while (p < end) {
        const sub = bytes[p++];
        const subEnd = leb() + p;
        if (sub === 1) for (let n = leb(), i = 0; i < n; i++) names.set(leb(), text(leb()));
        p = subEnd;
      }
    }
    p = end;
  }
  const functions = bodies.map((size, i) => ({ size, name: names.get(imports + i) ?? "" }));
  return { sections, functions };
}

/** The crate a demangled path belongs to: its first segment (inside `<…>` for trait impls). */
function crateOf(name) {
  if (!name) return "(no name)";
  const bare = name.replace(/^(<|&|mut |dyn |\[|\()+/g, "");
  const match = /^([A-Za-z_][A-Za-z0-9_]*)::/.exec(bare);
  if (match) return match[1];
  return /^[A-Za-z_][A-Za-z0-9_$.]*$/.test(bare) ? "(C / runtime symbols)" : "(other)";
}

/** A path without generic arguments or hash, to find copies of one generic function. */
function generic(name) {
  let depth = 0;
  let out = "";
  for (const c of name.replace(/::h[0-9a-f]{16}$/, "")) {
    if (c === "<") depth++;
    if (depth === 0) out += c;
    if (c === ">") depth = Math.max(0, depth - 1);
  }
  return out;
}

const mb = (n) => (n / 1e6).toFixed(2);
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

console.log("## Builds (raw / gzip -9)\n");
console.log("| build | raw MB | gzip MB |\n|---|---|---|");
for (const build of ["pkg", "pkg-threads", "pkg-prof", "pkg-fusion"]) {
  const file = `www/${build}/gan_playground_bg.wasm`;
  if (!existsSync(file)) continue;
  const bytes = readFileSync(file);
  console.log(`| ${build} | ${mb(bytes.length)} | ${mb(gz(bytes))} |`);
}

const bytes = readFileSync(path);
const { sections, functions } = parse(bytes);
console.log(`\n## ${path}: sections\n`);
console.log("| section | MB |\n|---|---|");
for (const s of sections.filter((s) => s.size > 10_000)) console.log(`| ${s.name} | ${mb(s.size)} |`);

const code = functions.reduce((sum, f) => sum + f.size, 0);
const perCrate = new Map();
const copies = new Map();
for (const f of functions) {
  const crate = crateOf(f.name);
  const entry = perCrate.get(crate) ?? { bytes: 0, functions: 0 };
  entry.bytes += f.size;
  entry.functions += 1;
  perCrate.set(crate, entry);
  const key = generic(f.name);
  const c = copies.get(key) ?? { crate, count: 0, bytes: 0 };
  c.count += 1;
  c.bytes += f.size;
  copies.set(key, c);
}
console.log(`\n## Code by crate (${functions.length} functions, ${mb(code)} MB of code)\n`);
console.log("| crate | MB | share | functions |\n|---|---|---|---|");
for (const [crate, e] of [...perCrate].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
  console.log(`| ${crate} | ${mb(e.bytes)} | ${((100 * e.bytes) / code).toFixed(1)} % | ${e.functions} |`);
}
const repeated = [...copies.values()].filter((c) => c.count > 1);
const extra = repeated.reduce((sum, c) => sum + c.bytes - c.bytes / c.count, 0);
console.log(
  `\nMonomorphised copies: ${repeated.length} generic functions compiled more than once; the copies beyond the first hold ≈ ${mb(extra)} MB (${((100 * extra) / code).toFixed(0)} % of the code).\n`,
);
console.log("| generic function | crate | copies | MB |\n|---|---|---|---|");
for (const [name, c] of [...copies]
  .filter(([, c]) => c.count > 1)
  .sort((a, b) => b[1].bytes - a[1].bytes)
  .slice(0, 15)) {
  console.log(`| \`${name.slice(0, 90)}\` | ${c.crate} | ${c.count} | ${mb(c.bytes)} |`);
}
