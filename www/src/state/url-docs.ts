/**
 * The URL key reference of docs/url-keys.md, generated from the key table (state/url.ts, with
 * each lab's rows from its descriptor) so that the two cannot drift: `npm run docs` writes it,
 * and a unit test fails while it is stale.
 */

import { LABS } from "./presets";
import { DEFAULT_PRESET, KEYS, type Key, type KeySpec } from "./url";

export const KEY_TABLE_BEGIN =
  "<!-- url-keys:begin — generated from the key table (www/src/state/url.ts, each lab's rows in www/src/labs/<lab>/descriptor.ts) by `npm run docs`; edit there -->";
export const KEY_TABLE_END = "<!-- url-keys:end -->";

/** The labs a key applies to, as the table says them: `all`, or the labs (and what it further requires). */
function labsText(spec: KeySpec<unknown>): string {
  const labs = LABS.every((lab) => spec.labs.includes(lab)) ? "all" : spec.labs.join(", ");
  return spec.requires ? `${labs} (${spec.requires})` : labs;
}

/** One Markdown row per key, in canonical order: name, accepted values, default, labs, scope, meaning. */
export function keyTableMarkdown(): string {
  const rows = (Object.keys(KEYS) as Key[]).map((key) => {
    const spec: KeySpec<unknown> = KEYS[key];
    const fallback = spec.fromPreset ? "preset" : `\`${spec.format(spec.default(DEFAULT_PRESET))}\``;
    return `| \`${key}\` | ${spec.values} | ${fallback} | ${labsText(spec)} | ${spec.scope} | ${spec.doc} |`;
  });
  return ["| key | values | default | labs | scope | meaning |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

/** `doc` (docs/url-keys.md) with its key table replaced by the generated one. */
export function withKeyTable(doc: string): string {
  const begin = doc.indexOf(KEY_TABLE_BEGIN);
  const end = doc.indexOf(KEY_TABLE_END);
  if (begin < 0 || end < begin) throw new Error("docs/url-keys.md lacks the url-keys markers");
  return `${doc.slice(0, begin + KEY_TABLE_BEGIN.length)}\n${keyTableMarkdown()}\n${doc.slice(end)}`;
}
