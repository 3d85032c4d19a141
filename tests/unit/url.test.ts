import { describe, expect, it } from "vitest";
import {
  BACKENDS,
  CONTROLS,
  clip,
  ignoredMessage,
  DEFAULT_PRESET,
  PANELS,
  RESUME,
  MAX_MOMENT,
  THEMES,
  KEYS,
  PRESETS,
  SETTING_KEYS,
  crossCheck,
  defaults,
  formatHash,
  formatValue,
  defaultPresetOf,
  isPresetOf,
  keyApplies,
  parseHash,
  runSettingsOf,
  sameState,
  withPreset,
  type Key,
  type UrlState,
} from "../../www/src/state/url";
import { keyTableMarkdown, withKeyTable } from "../../www/src/state/url-docs";
import presetFile from "../../crate/presets.json";
import { CONDITIONAL_PRESETS, LABS, VIEW_KEYS, isConditional, labOf, panelsOf, presetInfo, runChanged } from "../../www/src/state/url";
import * as HOSTILE from "../e2e/hostile-links";
import { MIGRATIONS, migrateWith, type Migration } from "../../www/src/state/url";
import { presetsOf, type PresetId } from "../../www/src/state/presets";
import { ACTIVATIONS, G_OUTPUTS, LOSSES, NOISES, OPTIMIZERS, ORDERS, REDUCTIONS, SHAPES, SPEEDS, TARGETS } from "../../www/src/protocol";

const withData = { dataLoaded: true };

// Each lab's presets, as the registry's generic functions give them.
const PRESETS_1D = presetsOf("gan1d");
const IMAGE_PRESETS = presetsOf("digits");
const DEFAULT_IMAGE_PRESET = defaultPresetOf("digits");
const isPreset1d = (preset: PresetId) => isPresetOf("gan1d", preset);
const isImagePreset = (preset: PresetId) => isPresetOf("digits", preset);

/** Values worth a round trip, per key: every word, the ends of every range, awkward decimals. */
const SAMPLES: { [K in Key]: Array<Partial<UrlState>> } = {
  v: [{ v: 1 }],
  preset: PRESETS.map((preset) => ({ preset })),
  backend: BACKENDS.map((backend) => ({ backend })),
  seed: [{ seed: 0 }, { seed: 42 }, { seed: 2 ** 32 - 1 }],
  target: TARGETS.map((target) => (target === "drawn" ? { target, density: [1, 2] } : { target })),
  mean: [{ mean: -100 }, { mean: 100 }, { mean: 0.30000000000000004 }, { mean: -1e-7 }],
  std: [{ std: 1e-9 }, { std: 100 }, { std: 2.5 }],
  mixture: [
    { mixture: [[1, 0, 1]] },
    {
      mixture: [
        [0.2, -3, 0.3],
        [0.3, 0, 0.3],
        [0.5, 3, 0.3],
      ],
    },
    {
      mixture: [
        [1, -100, 100],
        [2, 100, 1e-3],
        [3, 0, 1],
        [4, 1, 1],
        [100, 2, 0.5],
      ],
    },
  ],
  low: [{ low: -100 }, { low: 0.5 }],
  high: [{ high: 100 }, { high: 7.25 }],
  logmean: [{ logmean: -5 }, { logmean: 5 }, { logmean: 0.1 }],
  logstd: [{ logstd: 2 }, { logstd: 0.01 }],
  density: [{ density: [0, 1] }, { density: Array.from({ length: 64 }, (_, i) => i) }, { density: [0.5, 1e6, 0] }, { density: [] }],
  grid: [{ grid: 4 }, { grid: 5 }, { grid: 8 }],
  digit: [{ digit: "all" }, { digit: "0" }, { digit: "3" }, { digit: "9" }],
  shape: SHAPES.map((shape) => ({ shape })),
  spread: [{ spread: 0.5 }, { spread: 1e-3 }, { spread: 0.05 }],
  pack: [{ pack: 1 }, { pack: 4 }],
  noise: NOISES.map((noise) => ({ noise })),
  latent: [{ latent: 1 }, { latent: 8 }],
  g_hidden: [{ g_hidden: [] }, { g_hidden: [1] }, { g_hidden: [256, 256, 256, 256] }, { g_hidden: [8, 16] }],
  d_hidden: [{ d_hidden: [] }, { d_hidden: [3, 5] }],
  activation: ACTIVATIONS.map((activation) => ({ activation })),
  slope: [{ slope: 0 }, { slope: 0.999 }, { slope: 0.01 }],
  g_output: G_OUTPUTS.map((g_output) => ({ g_output })),
  batch: [{ batch: 1 }, { batch: 4096 }, { batch: 100 }],
  k: [{ k: 1 }, { k: 10 }],
  order: ORDERS.map((order) => ({ order })),
  d_reduce: REDUCTIONS.map((d_reduce) => ({ d_reduce })),
  loss: LOSSES.map((loss) => ({ loss })),
  gp: [{ gp: 0 }, { gp: 100 }, { gp: 0.5 }],
  smooth: [{ smooth: 0 }, { smooth: 0.1 }, { smooth: 0.49 }],
  ema: [{ ema: 0 }, { ema: 0.999 }, { ema: 0.5 }],
  g_opt: OPTIMIZERS.map((g_opt) => ({ g_opt })),
  g_lr: [{ g_lr: 1 }, { g_lr: 1e-5 }, { g_lr: 0.0002 }, { g_lr: 1000 }],
  g_momentum: [{ g_momentum: 0 }, { g_momentum: 0.9 }],
  g_beta1: [{ g_beta1: 0 }, { g_beta1: 0.5 }],
  g_beta2: [{ g_beta2: 0.99 }, { g_beta2: 0.9999 }],
  d_opt: OPTIMIZERS.map((d_opt) => ({ d_opt })),
  d_lr: [{ d_lr: 0.1 }, { d_lr: 3e-4 }],
  d_momentum: [{ d_momentum: 0.5 }],
  d_beta1: [{ d_beta1: 0.1 }],
  d_beta2: [{ d_beta2: 0.9 }],
  speed: SPEEDS.map((speed) => ({ speed })),
  embed: [{ embed: true }, { embed: false }],
  show: [{ show: [] }, { show: ["grid"] }, { show: ["hist", "dcurve", "loss"] }, { show: [...PANELS] }],
  controls: [
    ...CONTROLS.map((level) => ({ controls: { level, extras: [] } })),
    { controls: { level: "min", extras: ["rewind", "qr"] } },
    { controls: { level: "none", extras: ["qr"] } },
    { controls: { level: "full", extras: ["rewind"] } },
  ],
  autoplay: [{ autoplay: true }],
  theme: THEMES.map((theme) => ({ theme })),
  scale: [{ scale: 0.5 }, { scale: 1.5 }, { scale: 4 }],
  resume: RESUME.map((resume) => ({ resume })),
  at: [{ at: 1 }, { at: 3000 }, { at: MAX_MOMENT }],
};

/** Bad values per key; each must be named in a problem and replaced by the preset's value. */
const INVALID: { [K in Key]: string[] } = {
  v: [], // bad versions are read as the current one: see "versions" below
  preset: ["seed000-2d", "TUNED-1D", ""],
  backend: ["gpu", "WEBGPU", ""],
  seed: ["-1", "1.5", "abc", "4294967296", "NaN", ""],
  target: ["normal", "Gaussian", ""],
  mean: ["101", "-100.5", "abc", "Infinity", "1e400", "0x10", "", "1,2"],
  std: ["0", "-1", "100.01", "NaN"],
  mixture: ["", "1:0", "1:0:1:2", "0:0:1", "-1:0:1", "1:0:0", "1:200:1", "1:0:1,", "1:0:1;1:1:1", "1:0:1,1:0:1,1:0:1,1:0:1,1:0:1,1:0:1", "a:b:c"],
  low: ["-101", "x"],
  high: ["101", ""],
  logmean: ["6", "-5.1"],
  logstd: ["0", "2.5", "-1"],
  density: ["1", "0,0,0", "1,-1", "", "1,,2", Array.from({ length: 65 }, () => "1").join(","), "2e6,1", "1 2"],
  grid: ["3", "9", "4.5", "four", "", "-4"],
  digit: ["10", "-1", "1.0", "x", ""],
  shape: ["ring", "Ring8", "grid", ""],
  spread: ["0", "0.6", "-0.1", "x"],
  pack: ["0", "5", "1.5"],
  noise: ["gaussian", "Uniform"],
  latent: ["0", "9", "1.5"],
  g_hidden: ["", "0", "257", "8,16,16,16,16", "8,,16", "8.5", "8;16", "None"],
  d_hidden: ["-1", "8,"],
  activation: ["sigmoid", "leaky"],
  slope: ["1", "-0.1", "abc"],
  g_output: ["tanh", ""],
  batch: ["0", "4097", "1e3", "64.5"],
  k: ["0", "11", "two"],
  order: ["dfirst", "g_first"],
  d_reduce: ["avg", ""],
  loss: ["wgan", "bce", "least-squares"],
  gp: ["-1", "101", "x"],
  smooth: ["0.5", "-0.1", "1"],
  ema: ["1", "-0.1", "x"],
  g_opt: ["Adam", "lbfgs"],
  g_lr: ["0", "1001", "-0.001", ""],
  g_momentum: ["1", "-0.5"],
  g_beta1: ["1", "2"],
  g_beta2: ["1.0", "-1"],
  d_opt: ["sg d", "momentum"],
  d_lr: ["0", "2000"],
  d_momentum: ["1.1"],
  d_beta1: ["x"],
  d_beta2: ["1"],
  speed: ["fast", "1000", "0"],
  embed: ["true", "yes", "2", ""],
  show: ["", "histogram", "hist,,loss", "hist,hist", "grid;loss", "Grid"],
  controls: ["minimal", "off", "", "min,full", "min,min", "rewind,rewind", "min,,qr", "Min", "qr;min"],
  autoplay: ["true", "on"],
  theme: ["black", "Dark"],
  scale: ["0", "0.4", "5", "big"],
  resume: ["yes", "2"],
  at: ["-1", "1.5", "10000001", "soon"],
};

function expectRoundTrip(state: UrlState): void {
  const hash = formatHash(state);
  const parsed = parseHash(hash, withData);
  expect(parsed, hash).toEqual({ state, problems: [], ignored: [] });
  expect(formatHash(parsed.state)).toBe(hash);
}

describe("URL state", () => {
  it("an empty hash gives the default preset, which gives the shortest hash", () => {
    expect(parseHash("")).toEqual({ state: defaults(), problems: [], ignored: [] });
    expect(defaults().preset).toBe(DEFAULT_PRESET);
    expect(formatHash(defaults())).toBe(`#v=1&preset=${DEFAULT_PRESET}`);
  });

  it.each(PRESETS)("round-trips every value of every key under %s", (preset) => {
    for (const key of Object.keys(SAMPLES) as Key[]) {
      if (!keyApplies(key, preset)) continue;
      for (const variant of SAMPLES[key]) {
        // Another key of the same variant (a drawn target's density) may not apply either.
        if (!variant.preset && Object.keys(variant).some((k) => !keyApplies(k as Key, preset))) continue;
        // A preset change is a state of that preset; otherwise one key differs from `preset`.
        const base = variant.preset ? defaults(variant.preset) : defaults(preset);
        expectRoundTrip({ ...base, ...variant });
      }
    }
  });

  it.each(["seed000-1d", "mnist-cgan", "ring8-pack"] as const)("round-trips a state where every key of %s differs from its preset", (preset) => {
    const state = defaults(preset);
    const applying = (Object.keys(KEYS) as Key[]).filter((key) => keyApplies(key, preset));
    for (const key of applying) {
      if (key === "preset" || key === "v") continue;
      const differing = SAMPLES[key].find((variant) => formatValue(key, variant[key] as never) !== formatValue(key, state[key]));
      Object.assign(state, differing);
    }
    if (isPreset1d(preset)) Object.assign(state, { low: -3, high: 5 });
    expectRoundTrip(state);
    expect(formatHash(state).split("&")).toHaveLength(applying.length);
  });

  it("writes v and preset first, then the keys in table order, the preset's values omitted", () => {
    const state = { ...defaults("tuned-1d"), seed: 7, backend: "cpu" as const, g_lr: 0.00123, g_hidden: [7, 13] };
    expect(formatHash(state)).toBe("#v=1&preset=tuned-1d&backend=cpu&seed=7&g_hidden=7,13&g_lr=0.00123");
    expect(parseHash("g_lr=0.00123&seed=7&g_hidden=7%2C13&backend=cpu&v=1&preset=tuned-1d").state).toEqual(state);
  });

  it("takes the defaults of every training key from the preset, wherever `preset` stands", () => {
    for (const preset of PRESETS_1D) {
      expect(parseHash(`#v=1&preset=${preset}`).state).toEqual(defaults(preset));
      const parsed = parseHash(`#batch=77&preset=${preset}`);
      expect(parsed.state).toEqual({ ...defaults(preset), batch: 77 });
      expect(formatHash(parsed.state)).toBe(`#v=1&preset=${preset}&batch=77`);
    }
    // The same value is a default under one preset and not under another.
    const [seed000, tuned] = [defaults("seed000-1d"), defaults("tuned-1d")];
    const key = SETTING_KEYS.find((k) => formatValue(k, seed000[k]) !== formatValue(k, tuned[k]))!;
    const text = formatValue(key, seed000[key]);
    expect(formatHash({ ...tuned, [key]: seed000[key] })).toContain(`&${key}=${text}`);
    expect(formatHash({ ...seed000 })).not.toContain(`&${key}=`);
  });

  it("switching preset resets the training keys and keeps backend, seed and speed", () => {
    const state = { ...defaults("tuned-1d"), backend: "cpu" as const, seed: 9, speed: "10" as const, batch: 3 };
    expect(withPreset(state, "seed001-mixture")).toEqual({ ...defaults("seed001-mixture"), backend: "cpu", seed: 9, speed: "10" });
  });

  for (const key of Object.keys(INVALID) as Key[]) {
    if (INVALID[key].length === 0) continue;
    it.each(INVALID[key].map((value) => [key, value]))("names the bad value %s=%s and uses the preset's", (key, value) => {
      const presets = PRESETS.filter((preset) => key === "preset" || keyApplies(key, preset));
      expect(presets.length).toBeGreaterThan(0);
      for (const preset of presets) {
        const link = key === "preset" ? `#v=1&preset=${value}` : `#v=1&preset=${preset}&${key}=${encodeURIComponent(value)}`;
        const parsed = parseHash(link, withData);
        const fallbackPreset = key === "preset" ? DEFAULT_PRESET : preset;
        expect(parsed.state, link).toEqual(defaults(fallbackPreset));
        expect(parsed.problems, link).toHaveLength(1);
        expect(parsed.problems[0]).toMatchObject({ key, value });
        const message = parsed.problems[0]!.message;
        expect(message).toContain(`${key}=${value} is not valid (expected `);
        expect(message).toMatch(new RegExp(`using ${escape(formatValue(key, defaults(fallbackPreset)[key]))}$`));
      }
    });
  }

  it("checks every key has bad values above", () => {
    expect(Object.keys(INVALID)).toEqual(Object.keys(KEYS));
    expect(Object.keys(SAMPLES)).toEqual(Object.keys(KEYS));
  });

  it("requires low < high and names the key the link set", () => {
    const p = defaults("tuned-1d");
    let parsed = parseHash(`#preset=tuned-1d&low=${p.high}`);
    expect(parsed.problems).toEqual([
      {
        key: "low",
        value: String(p.high),
        message: `low=${p.high} and high=${p.high}: low must be less than high; using low=${p.low}, high=${p.high}`,
      },
    ]);
    expect(parsed.state).toEqual(p);
    parsed = parseHash("#preset=tuned-1d&low=2&high=2");
    expect(parsed.problems.map((x) => x.key)).toEqual(["high"]);
    expect(parsed.state).toEqual(p);
    expect(parseHash("#preset=tuned-1d&low=-5&high=5").problems).toEqual([]);
    expect(parseHash("#preset=tuned-1d&low=2&high=7").state).toMatchObject({ low: 2, high: 7 });
  });

  it("a drawn target needs a drawing", () => {
    const parsed = parseHash("#preset=tuned-1d&target=drawn&density=none");
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ key: "density", value: "none" });
    expect(parsed.problems[0]!.message).toContain("target=drawn: a drawn target needs a drawn density");
    expect(parsed.state.target).toBe(defaults("tuned-1d").target);
    // Without a density in the link, the target is what the link got wrong.
    for (const preset of PRESETS_1D.filter((p) => defaults(p).density.length === 0)) {
      expect(parseHash(`#preset=${preset}&target=drawn`).problems.map((p) => [p.key, p.value])).toEqual([["target", "drawn"]]);
    }
    expect(parseHash("#preset=tuned-1d&target=drawn&density=0,1,3").state).toMatchObject({ target: "drawn", density: [0, 1, 3] });
  });

  it("target=data is refused without data in the page, and kept with it", () => {
    const parsed = parseHash("#preset=seed001-mixture&target=data");
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatchObject({ key: "target", value: "data" });
    expect(parsed.problems[0]!.message).toContain("paste or upload the data again");
    expect(parsed.problems[0]!.message).toMatch(new RegExp(`using target=${defaults("seed001-mixture").target}$`));
    expect(parsed.state).toEqual(defaults("seed001-mixture"));
    expect(parseHash("#preset=seed001-mixture&target=data", withData)).toMatchObject({ problems: [], state: { target: "data" } });
  });

  it("reads lists: hidden layers, mixtures and densities", () => {
    const read = (hash: string) => parseHash(hash).state;
    expect(read("#g_hidden=8,16&d_hidden=none")).toMatchObject({ g_hidden: [8, 16], d_hidden: [] });
    expect(read("#mixture=0.2:-1.5:0.25,0.8:2:1")).toMatchObject({
      mixture: [
        [0.2, -1.5, 0.25],
        [0.8, 2, 1],
      ],
    });
    expect(read("#mixture=1%3A2%3A3")).toMatchObject({ mixture: [[1, 2, 3]] });
    expect(read("#density=0,1.5,3,0")).toMatchObject({ density: [0, 1.5, 3, 0] });
    expect(formatHash({ ...defaults(), mixture: [[0.5, -2, 0.5]], density: [0, 12.5] })).toBe("#v=1&preset=tuned-1d&mixture=0.5:-2:0.5&density=0,12.5");
  });

  it("keeps the good keys of a partly bad link", () => {
    const parsed = parseHash("#v=1&backend=cpu&seed=oops&batch=64");
    expect(parsed.state).toEqual({ ...defaults(), backend: "cpu", batch: 64 });
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
    expect(parseHash("#preset=seed000-1d&preset=seed001-mixture").state.preset).toBe("seed001-mixture");
  });

  it("decodes percent-encoded values", () => {
    expect(parseHash("#backend=%63pu").state.backend).toBe("cpu");
  });

  it("compares states by their canonical text", () => {
    const state = defaults();
    expect(sameState(state, { ...defaults(), g_hidden: [...state.g_hidden] })).toBe(true);
    expect(sameState(state, { ...defaults(), g_hidden: [...state.g_hidden, 7] })).toBe(false);
  });
});

describe("image presets", () => {
  it("read grid and digit, and pass over the 1D keys without calling them mistakes", () => {
    const parsed = parseHash("#v=1&preset=mnist-cgan&grid=6&digit=7&batch=3&k=oops&seed=9&backend=cpu");
    expect(parsed).toEqual({
      state: { ...defaults("mnist-cgan"), grid: 6, digit: "7", seed: 9, backend: "cpu" },
      problems: [],
      ignored: [],
    });
    expect(formatHash(parsed.state)).toBe("#v=1&preset=mnist-cgan&backend=cpu&seed=9&grid=6&digit=7");
  });

  it("digit belongs to the conditional presets alone, grid to the image presets alone", () => {
    expect(parseHash("#preset=mnist-mlp&digit=7&grid=8")).toEqual({
      state: { ...defaults("mnist-mlp"), grid: 8 },
      problems: [],
      ignored: [],
    });
    expect(parseHash("#preset=tuned-1d&grid=8&digit=3")).toEqual({ state: defaults("tuned-1d"), problems: [], ignored: [] });
    // A state that holds them anyway does not write them.
    expect(formatHash({ ...defaults("mnist-dcgan"), digit: "5", batch: 3 })).toBe("#v=1&preset=mnist-dcgan");
    // The conditional presets read it; `all` (every digit) is the default, so it is left out.
    expect(parseHash("#preset=mnist-minute&digit=7").state).toEqual({ ...defaults("mnist-minute"), digit: "7" });
    expect(formatHash({ ...defaults("mnist-minute"), digit: "7" })).toBe("#v=1&preset=mnist-minute&digit=7");
    expect(formatHash(defaults("mnist-cgan"))).toBe("#v=1&preset=mnist-cgan");
    expect(formatHash({ ...defaults("tuned-1d"), grid: 7 })).toBe("#v=1&preset=tuned-1d");
  });

  it("name a bad grid or digit and use the default", () => {
    const parsed = parseHash("#preset=mnist-cgan&grid=12&digit=x");
    expect(parsed.state).toEqual(defaults("mnist-cgan"));
    expect(parsed.problems.map((p) => p.message)).toEqual([
      "grid=12 is not valid (expected an integer from 4 to 8); using 4",
      "digit=x is not valid (expected one of all, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9); using all",
    ]);
  });

  it("give the trainer image settings", () => {
    expect(runSettingsOf({ ...defaults("mnist-cgan"), seed: 5, grid: 6, digit: "2" })).toEqual({
      lab: "digits",
      preset: "mnist-cgan",
      seed: 5,
      grid: 6,
      digit: 2,
      g_opt: "adam",
      g_lr: 1e-3,
      g_momentum: 0,
      g_beta1: 0.5,
      g_beta2: 0.999,
      d_opt: "adam",
      d_lr: 1e-3,
      d_momentum: 0,
      d_beta1: 0.5,
      d_beta2: 0.999,
    });
    // Each network its own optimiser, as in the other labs.
    expect(runSettingsOf({ ...defaults("mnist-dcgan"), d_opt: "sgd", g_lr: 0.001 })).toMatchObject({ g_opt: "adam", g_lr: 1e-3, d_opt: "sgd", d_lr: 2e-4 });
    // Every digit on view: no digit; an unconditional preset never has one.
    expect(runSettingsOf(defaults("mnist-minute"))).toMatchObject({ preset: "mnist-minute", digit: undefined, g_lr: 2e-3, d_lr: 2e-3 });
    expect(JSON.stringify(runSettingsOf({ ...defaults("mnist-dcgan"), digit: "3" }))).not.toContain('"digit"');
    expect(runSettingsOf(defaults("tuned-1d"))).toMatchObject({ lab: "gan1d", seed: 1, target: defaults("tuned-1d").target });
  });

  it("switching keeps backend, seed, speed, and the grid, even through a 1D preset", () => {
    const image = { ...defaults("mnist-mlp"), backend: "cpu" as const, seed: 3, speed: "10" as const, grid: 7, g_lr: 0.5 };
    expect(withPreset(image, "mnist-cgan")).toEqual({ ...defaults("mnist-cgan"), backend: "cpu", seed: 3, speed: "10", grid: 7 });
    // The grid means nothing to a 1D preset: kept, but not written, and back with the digits.
    const oneD = withPreset(image, "tuned-1d");
    expect(oneD).toEqual({ ...defaults("tuned-1d"), backend: "cpu", seed: 3, speed: "10", grid: 7 });
    expect(formatHash(oneD)).toBe("#v=1&preset=tuned-1d&backend=cpu&seed=3&speed=10");
    expect(withPreset(oneD, "mnist-dcgan")).toEqual({ ...defaults("mnist-dcgan"), backend: "cpu", seed: 3, speed: "10", grid: 7 });
    expect(withPreset(defaults("tuned-1d"), "mnist-mlp")).toEqual(defaults("mnist-mlp"));
  });

  it("are states of their own: the same keys under another preset are another state", () => {
    expect(sameState(defaults("mnist-mlp"), defaults("mnist-dcgan"))).toBe(false);
    expect(sameState(defaults("mnist-mlp"), { ...defaults("mnist-mlp"), digit: "4" })).toBe(true);
    expect(sameState(defaults("mnist-mlp"), { ...defaults("mnist-mlp"), grid: 5 })).toBe(false);
  });

  it.each(IMAGE_PRESETS)("%s is listed and valid", (preset) => {
    expect(PRESETS).toContain(preset);
    expect(isImagePreset(preset)).toBe(true);
    expect(crossCheck(defaults(preset), defaults(preset), {})).toEqual([]);
    expect(formatHash(defaults(preset))).toBe(`#v=1&preset=${preset}`);
  });
});

describe("presets", () => {
  it.each(PRESETS_1D)("%s is a complete, valid state", (preset) => {
    const state = defaults(preset);
    expect(crossCheck(state, state, {})).toEqual([]);
    const settings = runSettingsOf(state);
    expect(Object.keys(settings).sort()).toEqual([...SETTING_KEYS, "seed", "lab"].sort());
    expect(settings.seed).toBe(state.seed);
  });

  it("defaults are copies: editing a state leaves the preset alone", () => {
    const state = defaults("tuned-1d");
    state.g_hidden.push(99);
    state.mixture[0]![0] = 42;
    expect(defaults("tuned-1d").g_hidden).not.toContain(99);
    expect(defaults("tuned-1d").mixture[0]![0]).not.toBe(42);
  });
});

describe("docs/url-keys.md", () => {
  it("has the key table generated from the declared keys (npm run docs rewrites it)", async () => {
    const { readFile, writeFile } = await import("node:fs/promises");
    const path = new URL("../../docs/url-keys.md", import.meta.url);
    const doc = await readFile(path, "utf8");
    const generated = withKeyTable(doc);
    if (process.env.UPDATE_DOCS === "1") await writeFile(path, generated);
    else expect(doc, "docs/url-keys.md's key table is stale: run npm run docs").toBe(generated);
    const documented = [...keyTableMarkdown().matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(KEYS));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("versions", () => {
  it("a bad or newer v is named, and the link is read as the current version", () => {
    for (const [v, says] of [
      ["0", "is not a version number"],
      ["", "is not a version number"],
      ["1.0", "is not a version number"],
      ["x", "is not a version number"],
      ["2", "from a newer version"],
    ] as const) {
      const parsed = parseHash(`#v=${v}&preset=mnist-mlp&seed=7`);
      expect(
        parsed.problems.map((p) => p.key),
        v,
      ).toEqual(["v"]);
      expect(parsed.problems[0]!.message).toContain(`v=${v}`);
      expect(parsed.problems[0]!.message).toContain(says);
      expect(parsed.state).toEqual({ ...defaults("mnist-mlp"), seed: 7 });
    }
  });

  it("migrations run in order from the link's version, and only from there", () => {
    // A made-up history: v1 → v2 renamed `lr` to `g_lr`; v2 → v3 halved it. The real table has none yet.
    const migrations: Migration[] = [
      { from: 2, migrate: (e) => new Map([...e].map(([k, v]) => (k === "g_lr" ? [k, String(Number(v) / 2)] : [k, v]))) },
      { from: 1, migrate: (e) => new Map([...e].map(([k, v]) => [k === "lr" ? "g_lr" : k, v])) },
    ];
    const entries = new Map([
      ["preset", "tuned-1d"],
      ["lr", "0.004"],
    ]);
    const seen = (from: number) => Object.fromEntries(migrateWith(entries, from, migrations, 3));
    expect(seen(1)).toEqual({ preset: "tuned-1d", g_lr: "0.002" });
    expect(seen(2)).toEqual({ preset: "tuned-1d", lr: "0.004" });
    expect(seen(3)).toEqual({ preset: "tuned-1d", lr: "0.004" });
    // The input is not changed.
    expect(entries.get("lr")).toBe("0.004");
  });

  it("a digit link of before the per-network keys opens as it was: `opt` and `lr` stand for both networks'", () => {
    const old = parseHash("#v=1&preset=mnist-dcgan&opt=sgd&lr=0.05&seed=3");
    expect(old.problems).toEqual([]);
    expect(old.ignored).toEqual([]);
    expect(old.state).toMatchObject({ seed: 3, g_opt: "sgd", d_opt: "sgd", g_lr: 0.05, d_lr: 0.05 });
    expect(formatHash(old.state)).toBe("#v=1&preset=mnist-dcgan&seed=3&g_opt=sgd&g_lr=0.05&d_opt=sgd&d_lr=0.05");
    // A per-network key the link gives itself wins over the shared one, wherever it stands.
    expect(parseHash("#v=1&preset=mnist-mlp&g_lr=0.01&lr=0.003").state).toMatchObject({ g_lr: 0.01, d_lr: 0.003 });
    // A bad old value is named under the key it became, and the preset's value used.
    const bad = parseHash("#v=1&preset=mnist-mlp&opt=adamw");
    expect(bad.problems.map((p) => p.key)).toEqual(["g_opt", "d_opt"]);
    expect(bad.state).toMatchObject({ g_opt: "adam", d_opt: "adam" });
    // The digits' optimisers now have the other labs' choices too.
    expect(parseHash("#v=1&preset=mnist-mlp&d_opt=rmsprop&d_momentum=0.5").state).toMatchObject({ d_opt: "rmsprop", d_momentum: 0.5 });
  });

  it("parseHash reads an old link through the migrations", () => {
    const renamed: Migration[] = [{ from: 0, migrate: (e) => new Map([...e].map(([k, v]) => [k === "rate" ? "g_lr" : k, v])) }];
    // v0 is below the real schema, so a made-up migration from it can be tested with the real parser.
    const parsed = parseHash("#v=0&preset=tuned-1d&rate=0.003", {}, renamed);
    expect(parsed.problems).toEqual([]);
    expect(parsed.ignored).toEqual([]);
    expect(parsed.state.g_lr).toBe(0.003);
    expect(MIGRATIONS).toEqual([]);
  });
});

describe("hostile links (the 1,000 of tests/e2e/hostile-links.spec.ts)", () => {
  it("list a key name with broken percent-encoding as it stands, without its value", () => {
    const parsed = parseHash("#v=1&%zz=5&a%=%3Cimg%3E&z%E9=1&backend=cpu");
    expect(parsed.ignored).toEqual(["%zz", "a%", "z%E9"]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.state.backend).toBe("cpu");
  });

  it("name both keys when a rule between keys meets a key's own bad value (target=drawn, bad density)", () => {
    const parsed = parseHash("#preset=tuned-1d&target=drawn&density=1,,2");
    expect(parsed.problems.map((p) => p.key)).toEqual(["target", "density"]);
    expect(parsed.problems[0]!.message).toMatch(/^target=drawn: a drawn target needs a drawn density/);
    expect(parsed.problems[1]!.message).toMatch(/^density=1,,2 is not valid/);
    expect(parsed.state).toEqual(defaults("tuned-1d"));
    // low ≥ high with a bad high: high keeps its own message, the rule names low.
    const pair = parseHash("#preset=tuned-1d&low=50&high=x");
    expect(pair.problems.map((p) => [p.key, p.message.slice(0, 9)])).toEqual([
      ["low", "low=50 an"],
      ["high", "high=x is"],
    ]);
    expect(pair.state).toEqual(defaults("tuned-1d"));
  });

  it("quote at most 200 characters of a value, never half an emoji", () => {
    const huge = parseHash(`#seed=${"9".repeat(100_000)}&v=${"%".repeat(100_000)}`);
    expect(huge.problems.map((p) => p.key)).toEqual(["v", "seed"]);
    for (const problem of huge.problems) expect(problem.message.length, problem.key).toBeLessThan(400);
    expect(huge.problems[1]!.message).toMatch(new RegExp(`^seed=9{199}… is not valid`));
    expect(huge.problems[1]!.value).toHaveLength(100_000);
    expect(clip("🦄".repeat(300))).toBe(`${"🦄".repeat(199)}…`);
    expect(clip("x".repeat(200))).toBe("x".repeat(200));
  });

  it("list unknown names in one message: an empty name said, long ones clipped, past ten counted", () => {
    expect(parseHash("#=1&colour=red").ignored).toEqual(["", "colour"]);
    expect(ignoredMessage(["", "colour"])).toBe("Ignored unknown link keys: (an empty name), colour");
    expect(ignoredMessage([`x${"y".repeat(100_000)}`])).toBe(`Ignored unknown link keys: x${"y".repeat(198)}…`);
    const many = Array.from({ length: 5000 }, (_, i) => `k${i}`);
    expect(ignoredMessage(many)).toBe(`Ignored unknown link keys: ${many.slice(0, 10).join(", ")} and 4,990 more`);
  });

  it("restate the key table: the same keys in the same order, the same presets, words and panels", () => {
    expect(HOSTILE.KEY_NAMES).toEqual(Object.keys(KEYS));
    expect(HOSTILE.PRESETS_1D).toEqual(PRESETS_1D);
    expect(HOSTILE.PANELS).toEqual(PANELS);
    for (const key of HOSTILE.KEY_NAMES) {
      const rule = HOSTILE.RULES[key].rule;
      if (rule.type === "word") expect(KEYS[key].values, key).toBe(rule.words.map((w) => `\`${w}\``).join(", "));
      for (const preset of PRESETS) expect(HOSTILE.applies(key, preset), `${key} under ${preset}`).toBe(keyApplies(key, preset));
    }
  });

  it.each([
    ["cpu", 0.15],
    ["webgpu", 0.05],
  ] as const)("are read as the e2e test expects: bad keys named, unknown names listed, the rest used (backend=%s)", (backend, imageShare) => {
    for (const link of HOSTILE.hostileLinks(HOSTILE.HOSTILE_SEED, 1000, { backend, imageShare })) {
      const label = `link #${link.index}: ${link.hash.slice(0, 300)}`;
      const parsed = parseHash(link.hash);
      expect(
        parsed.problems.map((p) => p.key),
        label,
      ).toEqual(link.bad);
      expect(new Set(parsed.ignored), label).toEqual(new Set(link.ignored));
      expect(parsed.state.preset, label).toBe(link.preset);
      for (const key of Object.keys(KEYS) as Key[]) {
        expect(formatValue(key, parsed.state[key]), `${label}: ${key}`).toBe(HOSTILE.expectedText(link, key));
      }
      // The canonical link of what the page runs reads back clean, to the same state.
      const canonical = formatHash(parsed.state);
      const again = parseHash(canonical);
      expect([again.problems, again.ignored, formatHash(again.state)], `${label} → ${canonical}`).toEqual([[], [], canonical]);
      expect(sameState(again.state, parsed.state), `${label} → ${canonical}`).toBe(true);
    }
  });
});

describe("the presets file: every lab's presets in one", () => {
  const file: Record<string, { lab: string; title: string; summary: string; conditional?: boolean; settings: Record<string, unknown> }> = presetFile;

  it("lists every preset in the file's order, each under its lab", () => {
    expect(PRESETS).toEqual(Object.keys(file));
    expect(PRESETS_1D).toEqual(["seed000-1d", "seed001-mixture", "tuned-1d"]);
    expect(IMAGE_PRESETS).toEqual(["mnist-minute", "mnist-mlp", "mnist-dcgan", "mnist-cgan"]);
    for (const preset of PRESETS) {
      expect(LABS).toContain(labOf(preset));
      expect(labOf(preset)).toBe(file[preset]!.lab);
      expect(isImagePreset(preset)).toBe(file[preset]!.lab === "digits");
      expect(presetInfo(preset)).toEqual({ title: file[preset]!.title, summary: file[preset]!.summary });
    }
  });

  it("gives the defaults and the digit presets' facts", () => {
    expect(DEFAULT_PRESET).toBe("tuned-1d");
    expect(DEFAULT_IMAGE_PRESET).toBe("mnist-minute");
    expect(CONDITIONAL_PRESETS).toEqual(["mnist-minute", "mnist-cgan"]);
    expect(IMAGE_PRESETS.filter(isConditional)).toEqual(CONDITIONAL_PRESETS);
    expect(isConditional("tuned-1d")).toBe(false);
    const rates = Object.fromEntries(IMAGE_PRESETS.map((preset) => [preset, [defaults(preset).g_lr, defaults(preset).d_lr]]));
    expect(rates).toEqual({ "mnist-minute": [0.002, 0.002], "mnist-mlp": [0.001, 0.001], "mnist-dcgan": [0.0002, 0.0002], "mnist-cgan": [0.001, 0.001] });
    for (const preset of IMAGE_PRESETS) expect(defaults(preset)).toMatchObject(file[preset]!.settings);
  });
});

describe("the key table knows what each key does", () => {
  const names = Object.keys(KEYS) as Key[];

  it("gives every key its labs and its scope", () => {
    for (const key of names) {
      const spec = KEYS[key] as { labs: readonly string[]; scope: string };
      expect(spec.labs.length, key).toBeGreaterThan(0);
      for (const lab of spec.labs) expect(LABS, key).toContain(lab);
      expect(["run", "view", "page"], key).toContain(spec.scope);
    }
    expect(KEYS.digit).toMatchObject({ labs: ["digits"], scope: "view", requires: "conditional" });
  });

  it("derives which keys apply to a 1D preset, a digit preset and a conditional one", () => {
    const applying = (preset: (typeof PRESETS)[number]) => names.filter((key) => keyApplies(key, preset));
    const everyLab = ["v", "preset", "backend", "seed", "speed", "embed", "show", "controls", "autoplay", "theme", "scale", "resume", "at"];
    expect(applying("tuned-1d").sort()).toEqual([...everyLab, ...SETTING_KEYS].sort());
    const optimizers = ["g_opt", "g_lr", "g_momentum", "g_beta1", "g_beta2", "d_opt", "d_lr", "d_momentum", "d_beta1", "d_beta2"];
    expect(applying("mnist-mlp").sort()).toEqual([...everyLab, "grid", ...optimizers].sort());
    expect(applying("mnist-cgan").sort()).toEqual([...everyLab, "grid", "digit", ...optimizers].sort());
    expect(SETTING_KEYS[0]).toBe("target");
    expect(SETTING_KEYS.at(-1)).toBe("d_beta2");
  });

  it("derives the view keys: every key whose scope is not run", () => {
    expect([...VIEW_KEYS].sort()).toEqual(["at", "autoplay", "controls", "digit", "embed", "resume", "scale", "show", "speed", "theme", "v"]);
  });

  it("a change of a run key restarts the run; of a view or page key, or of a key the preset does not use, not", () => {
    const state = defaults("tuned-1d");
    expect(runChanged(state, { ...state })).toBe(false);
    expect(runChanged(state, { ...state, g_lr: 0.1 })).toBe(true);
    expect(runChanged(state, { ...state, seed: 2 })).toBe(true);
    expect(runChanged(state, { ...state, backend: "cpu" })).toBe(true);
    expect(runChanged(state, withPreset(state, "seed001-mixture"))).toBe(true);
    expect(runChanged(state, { ...state, speed: "10", theme: "dark", scale: 1.5, show: ["hist"] })).toBe(false);
    expect(runChanged(state, { ...state, grid: 7 })).toBe(false);
    const image = defaults("mnist-cgan");
    expect(runChanged(image, { ...image, grid: 7 })).toBe(true);
    expect(runChanged(image, { ...image, d_lr: 0.5 })).toBe(true);
    expect(runChanged(image, { ...image, digit: "3" })).toBe(false);
    expect(runChanged(image, { ...image, batch: 3 })).toBe(false);
  });

  it("another preset keeps every key that is not the preset's own value: 1D → digits → 1D", () => {
    const start: UrlState = {
      ...defaults("tuned-1d"),
      backend: "cpu",
      seed: 9,
      speed: "10",
      theme: "dark",
      scale: 1.5,
      show: ["hist", "loss"],
      embed: true,
      controls: { level: "min", extras: [] },
      autoplay: true,
      resume: "1",
      batch: 3,
    };
    const kept = {
      backend: "cpu",
      seed: 9,
      speed: "10",
      theme: "dark",
      scale: 1.5,
      show: ["hist", "loss"],
      embed: true,
      controls: { level: "min", extras: [] },
      autoplay: true,
      resume: "1",
    };
    const digits = withPreset(start, "mnist-cgan");
    expect(digits).toEqual({ ...defaults("mnist-cgan"), ...kept });
    const back = withPreset({ ...digits, digit: "4", grid: 6, g_lr: 0.01 }, "seed001-mixture");
    expect(back).toEqual({ ...defaults("seed001-mixture"), ...kept, digit: "4", grid: 6 });
    expect(formatHash(back)).toBe(
      "#v=1&preset=seed001-mixture&backend=cpu&seed=9&speed=10&embed=1&show=hist,loss&controls=min&autoplay=1&theme=dark&scale=1.5&resume=1",
    );
  });

  it("keeps show only where it names one of the new preset's panels", () => {
    const oneD = { ...defaults("tuned-1d"), show: ["hist", "dcurve"] as UrlState["show"] };
    expect(panelsOf("mnist-mlp")).not.toContain("hist");
    expect(withPreset(oneD, "mnist-mlp").show).toEqual([]);
    expect(withPreset(oneD, "seed000-1d").show).toEqual(["hist", "dcurve"]);
    expect(withPreset({ ...oneD, show: ["hist", "grid"] }, "mnist-mlp").show).toEqual(["hist", "grid"]);
    // row exists for the conditional presets only.
    expect(withPreset({ ...defaults("mnist-cgan"), show: ["row"] }, "mnist-mlp").show).toEqual([]);
  });
});

describe("controls", () => {
  it("is a level and the extras it adds, in any order, written level first", () => {
    const read = (text: string) => parseHash(`#v=1&preset=tuned-1d&controls=${text}`);
    expect(read("qr,min").state.controls).toEqual({ level: "min", extras: ["qr"] });
    expect(formatHash(read("qr,rewind,min").state)).toBe("#v=1&preset=tuned-1d&controls=min,rewind,qr");
    // No level: every control, with the extras.
    expect(read("rewind").state.controls).toEqual({ level: "full", extras: ["rewind"] });
    expect(formatHash(read("rewind").state)).toBe("#v=1&preset=tuned-1d&controls=full,rewind");
    expect(formatHash(read("full").state)).toBe("#v=1&preset=tuned-1d");
    // Two levels are a mistake, said as one.
    const both = read("min,none,qr");
    expect(both.state.controls).toEqual({ level: "full", extras: [] });
    expect(both.problems.map((p) => p.message)).toEqual([
      expect.stringContaining("controls=min,none,qr is not valid (expected one of full, min, none, optionally with"),
    ]);
  });
});
