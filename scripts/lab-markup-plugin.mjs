// Each lab's markup (www/src/labs/<lab>/markup.html: its read-outs and its views) written into
// index.html where the page's markup has a place for it, at build time and by the dev server:
// the page's HTML holds every lab's elements from the start, as if written there, while
// index.html itself names no lab. Only the lab on view shows its elements (style.css
// `[data-only]`), so the labs' order (their folders', sorted) does not matter.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where each lab's read-outs go (inside the page's `<dl class="stats">`). */
export const STATS_PLACE = "<!-- each lab's read-outs -->";
/** Where each lab's views go (inside `.lab`, after the settings). */
export const VIEWS_PLACE = "<!-- each lab's views -->";

/**
 * A lab's markup file, split: the rows of its `<dl data-part="stats">` and its `<main>`.
 * @param {string} lab
 * @param {string} text
 */
export function splitMarkup(lab, text) {
  const stats = /<dl data-part="stats">([^]*?)<\/dl>/.exec(text);
  const views = /<main[\s>][^]*<\/main>/.exec(text);
  if (!stats || !views) throw new Error(`www/src/labs/${lab}/markup.html: expected a <dl data-part="stats"> and a <main>`);
  return { stats: stats[1].trim(), views: views[0] };
}

/**
 * index.html with every lab's markup in its two places; a page without them (the example deck)
 * as it is.
 * @param {string} html
 * @param {readonly string[]} labs
 * @param {(lab: string) => string} read
 */
export function withLabMarkup(html, labs, read) {
  const places = [STATS_PLACE, VIEWS_PLACE].filter((place) => html.includes(place)).length;
  if (places === 0) return html;
  if (places === 1) throw new Error(`index.html has one of the labs' places but not the other (${STATS_PLACE}, ${VIEWS_PLACE})`);
  const parts = labs.map((lab) => splitMarkup(lab, read(lab)));
  return html.replace(STATS_PLACE, () => parts.map((part) => part.stats).join("\n")).replace(VIEWS_PLACE, () => parts.map((part) => part.views).join("\n"));
}

/**
 * The labs that have a markup file: the folders of `labsDir` with a `markup.html`, sorted.
 * @param {string} labsDir
 */
export function labsWithMarkup(labsDir) {
  return readdirSync(labsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(labsDir, entry.name, "markup.html")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The Vite plugin.
 * @param {string} labsDir www/src/labs
 * @returns {import("vite").Plugin}
 */
export function labMarkup(labsDir) {
  const file = (lab) => join(labsDir, lab, "markup.html");
  const labs = labsWithMarkup(labsDir);
  return {
    name: "gan-playground-lab-markup",
    transformIndexHtml: {
      order: "pre",
      handler: (html) => withLabMarkup(html, labs, (lab) => readFileSync(file(lab), "utf8")),
    },
    configureServer(server) {
      // A change to a lab's markup reloads the page, as a change to index.html does.
      server.watcher.add(labs.map(file));
      server.watcher.on("change", (path) => {
        if (labs.some((lab) => file(lab) === path)) server.ws.send({ type: "full-reload" });
      });
    },
  };
}
