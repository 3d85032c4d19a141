/**
 * Every lab's page object, found by the lab's id: `labs/<id>/lab.ts` exports `createLabUi`.
 * Vite's eager glob imports each at build time (as static imports would), so no file has to
 * name the labs a second time; the registry (registry.ts) says which labs there are. (Each
 * lab's elements, `labs/<id>/markup.html`, are in the page's HTML already: vite.config.ts
 * writes them into index.html.)
 */

import type { LabHost, LabUi } from "./lab";
import { LAB_IDS, type LabId } from "./registry";

/** What each lab's lab.ts exports. */
interface LabUiModule {
  createLabUi(host: LabHost): LabUi;
}

const MODULES = import.meta.glob<LabUiModule>("./*/lab.ts", { eager: true });

/** Every lab's page object, made once for the page's life. */
export function createLabs(host: LabHost): { [L in LabId]: LabUi } {
  const entries = LAB_IDS.map((lab): [LabId, LabUi] => {
    const module = MODULES[`./${lab}/lab.ts`];
    if (!module) throw new Error(`labs/${lab}/lab.ts is missing: every lab of the registry needs one`);
    return [lab, module.createLabUi(host)];
  });
  return Object.fromEntries(entries) as { [L in LabId]: LabUi };
}
