import { describe, expect, it } from "vitest";
import { BACKENDS, KEYS, PRESETS, defaults, formatHash, parseHash, type UrlState } from "../../www/src/state/url";

describe("URL state", () => {
  it("an empty hash gives the defaults, and the defaults give the shortest hash", () => {
    expect(parseHash("")).toEqual({ state: defaults(), problems: [], ignored: [] });
    expect(formatHash(defaults())).toBe("#v=1");
  });

  it("round-trips every value of every key", () => {
    const variants: Array<Partial<UrlState>> = [
      ...PRESETS.map((preset) => ({ preset })),
      ...BACKENDS.map((backend) => ({ backend })),
      { seed: 0 },
      { seed: 42 },
      { seed: 2 ** 32 - 1 },
    ];
    for (const variant of variants) {
      const state = { ...defaults(), ...variant };
      const hash = formatHash(state);
      expect(parseHash(hash), hash).toEqual({ state, problems: [], ignored: [] });
    }
  });

  it("writes v first, then the keys in canonical order, defaults omitted", () => {
    expect(formatHash({ ...defaults(), seed: 7, backend: "cpu" })).toBe("#v=1&backend=cpu&seed=7");
    expect(parseHash("seed=7&backend=cpu&v=1").state).toEqual({ ...defaults(), seed: 7, backend: "cpu" });
  });

  it.each([
    ["seed", "-1"],
    ["seed", "1.5"],
    ["seed", "abc"],
    ["seed", "4294967296"],
    ["seed", "NaN"],
    ["seed", ""],
    ["backend", "gpu"],
    ["backend", "WEBGPU"],
    ["preset", "seed000-2d"],
    ["v", "2"],
    ["v", "0"],
  ])("names the bad value %s=%s and uses the default", (key, value) => {
    const parsed = parseHash(`#v=1&${key}=${value}`);
    expect(parsed.state).toEqual(defaults());
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ key, value });
    expect(parsed.problems[0]!.message).toContain(`${key}=${value} is not valid`);
    const spec = KEYS[key as keyof typeof KEYS];
    expect(parsed.problems[0]!.message).toContain(`using ${String(spec.default)}`);
  });

  it("keeps the good keys of a partly bad link", () => {
    const parsed = parseHash("#v=1&backend=cpu&seed=oops");
    expect(parsed.state).toEqual({ ...defaults(), backend: "cpu" });
    expect(parsed.problems.map((p) => p.key)).toEqual(["seed"]);
  });

  it("reports broken percent-encoding instead of throwing", () => {
    const parsed = parseHash("#seed=%E0%A4%A&backend=cpu");
    expect(parsed.state.backend).toBe("cpu");
    expect(parsed.problems[0]).toMatchObject({ key: "seed", value: "%E0%A4%A" });
    expect(parsed.problems[0]!.message).toContain("percent-encoding");
  });

  it("lists unknown keys as ignored, including prototype names", () => {
    const parsed = parseHash("#v=1&color=red&__proto__=1&constructor=x&toString");
    expect(parsed.ignored).toEqual(["color", "__proto__", "constructor", "toString"]);
    expect(parsed.state).toEqual(defaults());
    expect(Object.getPrototypeOf(parsed.state)).toBe(Object.prototype);
  });

  it("lets the last occurrence of a repeated key win, even a bad one", () => {
    expect(parseHash("#seed=3&seed=4").state.seed).toBe(4);
    expect(parseHash("#seed=x&seed=5")).toEqual({ state: { ...defaults(), seed: 5 }, problems: [], ignored: [] });
    const parsed = parseHash("#backend=cpu&backend=nope");
    expect(parsed.state.backend).toBe("auto");
    expect(parsed.problems[0]!.message).toBe("backend=nope is not valid (expected one of auto, webgpu, cpu); using auto");
  });

  it("decodes percent-encoded values", () => {
    expect(parseHash("#backend=%63pu").state.backend).toBe("cpu");
  });
});

describe("README", () => {
  it("documents exactly the declared URL keys", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## URL keys"), readme.indexOf("## Browser support"));
    const documented = [...section.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(KEYS));
  });
});
