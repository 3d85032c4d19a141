/**
 * Each lab's markup (www/src/labs/<lab>/markup.html) is written into index.html by the build
 * and the dev server (scripts/lab-markup-plugin.mjs): the page's HTML has every lab's read-outs
 * and views from the start, and index.html names no lab.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { STATS_PLACE, VIEWS_PLACE, labsWithMarkup, withLabMarkup } from "../../scripts/lab-markup-plugin.mjs";
import { LAB_IDS } from "../../www/src/labs/registry";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LABS_DIR = join(ROOT, "www/src/labs");
const read = (lab: string) => readFileSync(join(LABS_DIR, lab, "markup.html"), "utf8");

describe("the labs' markup in index.html", () => {
  it("comes from every lab of the registry, and only from them", () => {
    expect(labsWithMarkup(LABS_DIR)).toEqual([...LAB_IDS].sort());
  });

  it("fills the page's two places: each lab's read-outs in the stats, its views after the settings", () => {
    const source = readFileSync(join(ROOT, "index.html"), "utf8");
    expect(source).toContain(STATS_PLACE);
    expect(source).toContain(VIEWS_PLACE);
    const page = withLabMarkup(source, labsWithMarkup(LABS_DIR), read);
    expect(page).not.toContain(STATS_PLACE);
    expect(page).not.toContain(VIEWS_PLACE);
    // The stats: the shared read-outs, then each lab's rows, each shown in its lab's mode only.
    const stats = /<dl class="stats"[^>]*>([^]*?)<\/dl>/.exec(page)![1]!;
    expect(stats).toContain('id="stat-step"');
    const rows = stats.match(/<div data-only="[^"]+"><dt[^]*?<\/div>/g) ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(LAB_IDS.length);
    for (const row of rows) expect(row).toMatch(/<dd id="stat-[a-z0-9]+">/);
    // The views: one <main> per lab, after the settings, each in a mode of its own.
    const lab = page.slice(page.indexOf('<div class="lab">'));
    const mains = lab.match(/<main [^>]*>/g) ?? [];
    expect(mains).toHaveLength(LAB_IDS.length);
    expect(lab.indexOf('id="settings"')).toBeLessThan(lab.indexOf("<main "));
    expect(new Set(mains.map((main) => /data-only="([^"]+)"/.exec(main)?.[1])).size).toBe(LAB_IDS.length);
    // No id twice in the page.
    const ids = [...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it("leaves a page without the places (the example deck) as it is, and refuses half of them or a broken file", () => {
    expect(withLabMarkup("<p>deck</p>", ["x"], () => "")).toBe("<p>deck</p>");
    expect(() => withLabMarkup(`<dl>${STATS_PLACE}</dl>`, ["x"], () => "")).toThrow(/one of the labs' places/);
    expect(() => withLabMarkup(`${STATS_PLACE}${VIEWS_PLACE}`, ["x"], () => "<main></main>")).toThrow(/markup.html/);
  });
});
