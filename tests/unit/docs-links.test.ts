/**
 * The docs hold together: every relative link and image in README.md and docs/*.md names a file
 * of the repository, every `#anchor` a heading of its file (GitHub's slugs), every web link parses
 * as a URL, every page of docs/ is linked from README, and README stays a short front door.
 */

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const README_MAX_LINES = 250;

/** README.md and every Markdown file under docs/, as paths relative to the repository root. */
function docFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith(".md") ? [path] : [];
    });
  return ["README.md", ...walk("docs").sort()];
}

/** The Markdown's lines with fenced code blocks blanked (kept as empty lines, so line numbers hold). */
function withoutFences(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split("\n").map((line) => {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null) {
      if (opener) fence = opener;
      return opener ? "" : line;
    }
    if (opener && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener) fence = null;
    return "";
  });
}

/** A heading's anchor as GitHub makes it: the text, lower-cased, without punctuation, spaces as hyphens. */
function slugOf(heading: string): string {
  const text = heading
    .split(/(`+)(.*?)\1/)
    .map((part, i) => {
      if (i % 3 === 2) return part; // the inside of a code span: its text as it stands
      if (i % 3 === 1) return "";
      return part
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images: their text
        .replace(/<[^>]+>/g, "") // HTML tags
        .replace(/[*~]/g, ""); // emphasis marks
    })
    .join("");
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a file offers: its headings' slugs (repeats numbered -1, -2 as GitHub does) and HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = slugOf(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(match[1]!);
  }
  return anchors;
}

/** Every link and image target of the Markdown outside code, with its line number. */
function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  withoutFences(markdown).forEach((raw, index) => {
    const line = raw.replace(/(`+).*?\1/g, (span) => " ".repeat(span.length)); // code spans are not links
    const patterns = [
      /\]\(\s*<([^>]*)>/g, // [text](<target with spaces>)
      /\]\(\s*([^\s)<][^\s)]*)/g, // [text](target "title") and ![alt](target)
      /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)/g, // [ref]: target
      /<(https?:\/\/[^>\s]+)>/g, // <https://…>
      /\s(?:href|src)="([^"]+)"/g, // HTML links and images
    ];
    for (const pattern of patterns) for (const match of line.matchAll(pattern)) links.push({ line: index + 1, target: match[1]! });
  });
  return links;
}

/** What is wrong with the links of `markdown`, read as the file `file` (relative to the root); [] when nothing. */
function linkProblems(file: string, markdown: string, readFile = (path: string) => readFileSync(path, "utf8")): string[] {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsAt = (path: string, text?: string) => {
    if (!anchorCache.has(path)) anchorCache.set(path, anchorsOf(text ?? readFile(path)));
    return anchorCache.get(path)!;
  };
  const self = resolve(ROOT, file);
  anchorsAt(self, markdown);
  for (const { line, target } of linksOf(markdown)) {
    const where = `${file}:${line}: ${target}`;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1]?.toLowerCase();
    if (scheme !== undefined) {
      if (scheme === "mailto") continue;
      if (scheme !== "http" && scheme !== "https") {
        problems.push(`${where}: only http(s) and mailto links may leave the repository`);
        continue;
      }
      if (!URL.canParse(target) || new URL(target).hostname === "") problems.push(`${where}: not a URL`);
      continue;
    }
    const hash = target.indexOf("#");
    const pathPart = hash < 0 ? target : target.slice(0, hash);
    const anchor = hash < 0 ? null : target.slice(hash + 1);
    let path: string;
    try {
      const decoded = decodeURIComponent(pathPart);
      path = decoded === "" ? self : decoded.startsWith("/") ? join(ROOT, decoded) : resolve(dirname(self), decoded);
    } catch {
      problems.push(`${where}: broken percent-encoding`);
      continue;
    }
    const inRepo = relative(ROOT, path);
    if (inRepo.startsWith(`..${sep}`) || inRepo === "..") {
      problems.push(`${where}: points outside the repository`);
      continue;
    }
    if (pathPart !== "" && !existsSync(path)) {
      problems.push(`${where}: ${inRepo} does not exist`);
      continue;
    }
    if (anchor === null) continue;
    if (path.endsWith(".md")) {
      if (!anchorsAt(path).has(decodeURIComponent(anchor))) problems.push(`${where}: no heading of ${inRepo} has the anchor #${anchor}`);
    } else if (!/^L\d+(-L\d+)?$/.test(anchor)) problems.push(`${where}: an anchor into a file that is not Markdown (only #L<line> works)`);
  }
  return problems;
}

/** Lines as `wc -l` counts them. */
function lineCount(text: string): number {
  return text.replace(/\n$/, "").split("\n").length;
}

describe("docs links", () => {
  const files = docFiles();

  it(`README.md is the front door: at most ${README_MAX_LINES} lines`, () => {
    const lines = lineCount(readFileSync(join(ROOT, "README.md"), "utf8"));
    expect(lines, `README.md has ${lines} lines; move the detail into docs/`).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it.each(files)("%s: every link and image points at a file of the repository and every #anchor at a heading", (file) => {
    expect(linkProblems(file, readFileSync(join(ROOT, file), "utf8"))).toEqual([]);
  });

  it("README links every page of docs/", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const linked = new Set(linksOf(readme).map(({ target }) => target.split("#")[0]));
    expect(files.filter((file) => file !== "README.md" && !linked.has(file))).toEqual([]);
  });

  it("the check finds a missing file, a missing anchor, a link out of the repository and a URL that does not parse", () => {
    const broken = [
      "# Broken on purpose",
      "[a missing file](no-such-file.md) and ![a missing picture](no-such-picture.png)",
      "[a heading of another file that is not there](../README.md#no-such-heading)",
      "[a heading of this file that is not there](#broken-on-purpos)",
      "[outside](../../elsewhere.md) [not a URL](https://) [a scheme](javascript:alert(1))",
      "```md",
      "[inside a fence](not-checked.md)",
      "```",
      "`[inside code](not-checked.md)` and [this heading](#broken-on-purpose) are fine",
    ].join("\n");
    const problems = linkProblems("docs/broken.md", broken);
    expect(problems.map((problem) => problem.replace(/^docs\/broken\.md:(\d+): (\S+): .*$/, "$1 $2"))).toEqual([
      "2 no-such-file.md",
      "2 no-such-picture.png",
      "3 ../README.md#no-such-heading",
      "4 #broken-on-purpos",
      "5 ../../elsewhere.md",
      "5 https://",
      "5 javascript:alert(1",
    ]);
  });

  it("slugs are GitHub's: code kept as text, punctuation dropped, repeats numbered", () => {
    expect(slugOf("Deploying `dist/` (any static host, any sub-path)")).toBe("deploying-dist-any-static-host-any-sub-path");
    expect(slugOf("The `<gan-playground>` element")).toBe("the-gan-playground-element");
    expect(slugOf("The 2D lab: `npm run bench:2d`")).toBe("the-2d-lab-npm-run-bench2d");
    expect(slugOf("Embedding (widget protocol v1)")).toBe("embedding-widget-protocol-v1");
    expect([...anchorsOf("## Notes\n\n## Notes\n```\n# not a heading\n```\n")]).toEqual(["notes", "notes-1"]);
  });
});
