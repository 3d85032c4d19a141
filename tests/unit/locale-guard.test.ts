/** The locale guard (www/src/locale-guard.ts): which languages Intl refuses, and what the page reads instead. */

import { describe, expect, it } from "vitest";
import { fallbackLocale, usableLocale } from "../../www/src/locale-guard";

describe("the locale guard", () => {
  it("refuses what WebKitGTK reports under LANG=C and other non-tags", () => {
    for (const tag of ["C", "", "en_US.UTF-8", "x-invalid-!", undefined]) expect(usableLocale(tag), String(tag)).toBe(false);
    for (const tag of ["en-US", "de-DE", "ar", "en-US-u-nu-arab", "zh-Hant-TW"]) expect(usableLocale(tag), tag).toBe(true);
  });

  it("reads the first usable language the browser lists, else en-US; a usable one is left alone", () => {
    expect(fallbackLocale("C", ["C", "fr-FR", "de"])).toBe("fr-FR");
    expect(fallbackLocale("C", [])).toBe("en-US");
    expect(fallbackLocale("de-DE", ["C"])).toBeNull();
  });
});
