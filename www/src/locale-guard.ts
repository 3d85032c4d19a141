/**
 * A page that starts under any locale (issue 29): a browser may report a `navigator.language`
 * that `Intl` refuses — WebKitGTK under `LANG=C.UTF-8` reports `C` — and a chart library that
 * formats by it when its module loads (uPlot: `new Intl.NumberFormat(navigator.language)`)
 * would throw before the page could say anything. Imported first by main.ts, before any such
 * library: when the reported language is not one `Intl` takes, the page reads the first of
 * `navigator.languages` that is, else `en-US`. The page's own numbers are formatted `en-US`
 * throughout; only the charts' axes follow the browser's language.
 */

/** Whether `Intl` takes `tag` as a locale. */
export function usableLocale(tag: string | undefined): tag is string {
  if (!tag) return false;
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

/** The language to report instead of `language` (none: it is usable as it is). */
export function fallbackLocale(language: string | undefined, languages: readonly string[] = []): string | null {
  if (usableLocale(language)) return null;
  return languages.find(usableLocale) ?? "en-US";
}

if (typeof navigator !== "undefined") {
  const fallback = fallbackLocale(navigator.language, navigator.languages ?? []);
  if (fallback !== null) {
    console.warn(`gan-playground: the browser's language "${navigator.language}" is not a locale Intl takes; the charts use ${fallback}`);
    Object.defineProperty(navigator, "language", { configurable: true, get: () => fallback });
  }
}
