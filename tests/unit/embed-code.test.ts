/**
 * The Share dialog's embed builder (www/src/ui/share/embed-code.ts): an embed link holds the run
 * and exactly the view chosen, canonical; the code for each slide tool is well-formed; and
 * docs/lecturers.md's recipes are what the builder writes (run with UPDATE_DOCS=1 to print them).
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SNIPPETS, defaultChoice, embedHash, heightFor, pageAddress, snippet, type EmbedChoice } from "../../www/src/ui/share/embed-code";
import { defaults, parseHash, withPreset, type UrlState } from "../../www/src/state/url";

const LECTURERS = readFileSync(new URL("../../docs/lecturers.md", import.meta.url), "utf8");
/** The address the docs' recipes use for a deployment of dist/. */
const DOCS_PAGE = "https://you.example/gan/";

/** The docs' example: tuned-1d's densities, D's curve and the losses, large for a projector. */
const EXAMPLE: EmbedChoice = {
  show: ["hist", "dcurve", "loss"],
  controls: { level: "min", extras: [] },
  theme: "auto",
  scale: 1.5,
  autoplay: true,
  resume: "auto",
  width: "100%",
  height: 540,
};

describe("embed links", () => {
  it("hold the run and the chosen view in canonical order, leaving out the defaults", () => {
    const state: UrlState = { ...defaults("tuned-1d"), seed: 7, speed: "10" };
    expect(embedHash(state, EXAMPLE)).toBe("#v=1&preset=tuned-1d&seed=7&embed=1&show=hist,dcurve,loss&controls=min&autoplay=1&scale=1.5");
    // The page's own view (its speed, a dark theme it was opened with) is not the embed's.
    expect(
      embedHash(
        { ...state, theme: "dark" },
        { ...EXAMPLE, theme: "light", show: [], controls: { level: "none", extras: [] }, autoplay: false, resume: "0", scale: 1 },
      ),
    ).toBe("#v=1&preset=tuned-1d&seed=7&embed=1&controls=none&theme=light&resume=0");
  });

  it("keep the run's moment (`at`), which is the run's and not the page's look", () => {
    expect(embedHash({ ...defaults("tuned-1d"), at: 4000 }, EXAMPLE)).toBe(
      "#v=1&preset=tuned-1d&embed=1&show=hist,dcurve,loss&controls=min&autoplay=1&scale=1.5&at=4000",
    );
  });

  it("read back as the same state, every choice kept", () => {
    const state = withPreset(defaults(), "mnist-cgan");
    const choice: EmbedChoice = { ...defaultChoice(state), show: ["grid", "row"], theme: "dark", scale: 2, resume: "1" };
    const parsed = parseHash(embedHash(state, choice));
    expect(parsed.problems).toEqual([]);
    expect(parsed.state).toMatchObject({
      preset: "mnist-cgan",
      embed: true,
      show: ["grid", "row"],
      controls: { level: "min", extras: [] },
      theme: "dark",
      scale: 2,
      autoplay: true,
      resume: "1",
    });
  });

  it("load the page beside gan-playground.js, without the page's own hash or query", () => {
    expect(pageAddress("https://you.example/gan/?x=1#v=1&preset=tuned-1d")).toBe(DOCS_PAGE);
    expect(pageAddress("http://127.0.0.1:4173/demo/index.html#v=1")).toBe("http://127.0.0.1:4173/demo/index.html");
  });
});

describe("the code to paste", () => {
  const hash = embedHash(defaults("tuned-1d"), EXAMPLE);

  it.each(SNIPPETS.map(({ kind }) => kind))("%s is docs/lecturers.md's recipe", (kind) => {
    const code = snippet(kind, DOCS_PAGE, hash, EXAMPLE);
    if (process.env.UPDATE_DOCS) console.log(`${kind}:\n${code}\n`);
    expect(LECTURERS, `docs/lecturers.md lacks the ${kind} code the Share dialog writes:\n${code}`).toContain(code);
  });

  it("sizes each frame as chosen, in pixels or the slide's width", () => {
    const sized = { ...EXAMPLE, width: 800, height: 450 } as const;
    expect(snippet("html", DOCS_PAGE, hash, sized)).toContain('width="800" height="450"');
    expect(snippet("slidev", DOCS_PAGE, hash, sized)).toContain('style="width: 800px; height: 450px; border: 0"');
    expect(snippet("jupyter", DOCS_PAGE, hash, sized)).toContain("width=800, height=450)");
    expect(snippet("element", DOCS_PAGE, hash, sized)).toContain('height="450" style="width: 800px"');
    expect(snippet("jupyter", DOCS_PAGE, hash, EXAMPLE)).toContain('width="100%", height=540)');
  });

  it("keeps every attribute well-formed whatever the page's address holds", () => {
    const page = pageAddress('https://you.example/a"b<c>/#x');
    for (const { kind } of SNIPPETS) {
      const code = snippet(kind, page, hash, EXAMPLE);
      expect(code, kind).not.toMatch(/a"b|<c>/);
    }
  });

  it("keeps an aspect ratio within the size limits", () => {
    expect(heightFor(960, 16 / 9)).toBe(540);
    expect(heightFor(300, 16 / 9)).toBe(200);
    expect(heightFor(4000, 1)).toBe(4000);
  });
});
