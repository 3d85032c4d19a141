/**
 * Every lab's page object and markup, found by the lab's id: `labs/<id>/lab.ts` exports
 * `createLabUi`, and `labs/<id>/markup.html` holds the lab's read-outs and views. Vite's eager
 * globs import each at build time (as static imports would; the markup as text), so no file has
 * to name the labs a second time; the registry (registry.ts) says which labs there are.
 */

import type { LabHost, LabUi } from "./lab";
import { LAB_IDS, type LabId } from "./registry";

/** What each lab's lab.ts exports. */
interface LabUiModule {
  createLabUi(host: LabHost): LabUi;
}

const MODULES = import.meta.glob<LabUiModule>("./*/lab.ts", { eager: true });
const MARKUP = import.meta.glob<string>("./*/markup.html", { eager: true, query: "?raw", import: "default" });

/**
 * Puts lab `lab`'s markup into the page: the rows of its `<dl data-part="stats">` at the end of
 * the page's read-outs (`dl.stats`), its `<main>` views after the settings (in `.lab`). The
 * markup is the build's own text, never anything a user gave.
 */
function insertMarkup(lab: LabId): void {
  const html = MARKUP[`./${lab}/markup.html`];
  if (html === undefined) throw new Error(`labs/${lab}/markup.html is missing: every lab of the registry needs one`);
  const stats = document.querySelector("dl.stats");
  const views = document.querySelector(".lab");
  if (!stats || !views) throw new Error("index.html lacks dl.stats or .lab, where the labs' markup goes");
  const parsed = new DOMParser().parseFromString(html, "text/html");
  for (const row of parsed.querySelectorAll('[data-part="stats"] > *')) stats.append(document.importNode(row, true));
  for (const main of parsed.querySelectorAll("body > main")) views.append(document.importNode(main, true));
}

/** Every lab's page object, made once for the page's life, after its markup is in the page. */
export function createLabs(host: LabHost): { [L in LabId]: LabUi } {
  const entries = LAB_IDS.map((lab): [LabId, LabUi] => {
    const module = MODULES[`./${lab}/lab.ts`];
    if (!module) throw new Error(`labs/${lab}/lab.ts is missing: every lab of the registry needs one`);
    insertMarkup(lab);
    return [lab, module.createLabUi(host)];
  });
  return Object.fromEntries(entries) as { [L in LabId]: LabUi };
}
