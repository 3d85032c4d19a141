/**
 * "How to add a lab" (docs/architecture.md), on the page's side, shown by doing it: a lab that
 * exists only in this test, `toy`, is one descriptor (its id, panels, URL keys, settings
 * projection, rules and metrics) added to the registry, and one preset added to
 * crate/presets.json. Nothing else changes, and the URL contract, the presets and the run's
 * settings know it: its keys are read, written, checked and given to its runs, apply to its
 * presets only, and the other labs' links are as they were.
 */

import { beforeAll, describe, expect, it, vi } from "vitest";
import type { LabDescriptor } from "../../www/src/labs/descriptor";
import { fixed, training } from "../../www/src/state/key-rows";
import { decimal, oneOf } from "../../www/src/state/values";

/** The toy lab's keys: one training key of its own, one view key, and the MLP labs' none. */
const TOY_KEYS = {
  amplitude: training(decimal({ min: 0, max: 10, minOpen: true }), "the toy target's amplitude"),
  colour: fixed(oneOf(["red", "blue"] as const), "red", "view", "the toy view's colour"),
};

const TOY_LAB = {
  id: "toy",
  keys: TOY_KEYS,
  modelName: "toy",
  panels: ["stats", "loss"],
  saveIntervalMs: 1000,
  runSettings: (state: Record<string, unknown>, { trainingKeys }: { trainingKeys: readonly string[] }) => ({
    lab: "toy",
    ...Object.fromEntries(trainingKeys.map((key) => [key, state[key]])),
    seed: state["seed"],
  }),
  crossCheck: (state: Record<string, unknown>, preset: Record<string, unknown>) =>
    state["amplitude"] === 7 ? [{ key: "amplitude", rule: "7 is unlucky", message: "amplitude=7: 7 is unlucky", fix: { amplitude: preset["amplitude"] } }] : [],
  widgetMetrics: () => ({}),
} as unknown as LabDescriptor;

// The registry's one line for the lab.
vi.mock("../../www/src/labs/registry", async (original) => {
  const registry = await original<typeof import("../../www/src/labs/registry")>();
  const descriptors = { ...registry.LAB_DESCRIPTORS, toy: TOY_LAB } as Record<string, LabDescriptor>;
  return {
    ...registry,
    LAB_DESCRIPTORS: descriptors,
    LAB_IDS: Object.keys(descriptors),
    descriptorOf: (lab: string) => descriptors[lab]!,
  };
});

// The lab's preset: an entry of crate/presets.json (each network's optimiser is every lab's).
vi.mock("../../crate/presets.json", async (original) => {
  const { default: file } = await original<{ default: Record<string, unknown> }>();
  const optimizers = {
    g_opt: "adam",
    g_lr: 0.01,
    g_momentum: 0,
    g_beta1: 0.5,
    g_beta2: 0.999,
    d_opt: "sgd",
    d_lr: 0.1,
    d_momentum: 0.5,
    d_beta1: 0.9,
    d_beta2: 0.999,
  };
  const toy = { lab: "toy", title: "Toy", summary: "A lab of this test only.", settings: { amplitude: 2.5, ...optimizers } };
  return { default: { ...file, "toy-demo": toy } };
});

type Url = typeof import("../../www/src/state/url");
let url: Url;
beforeAll(async () => {
  url = await import("../../www/src/state/url");
});

describe("a lab added as docs/architecture.md says (a descriptor and a preset)", () => {
  it("is a lab of the page with its preset, and its keys are rows of the table", () => {
    expect(url.LABS).toContain("toy");
    expect(url.presetsOf("toy" as never)).toEqual(["toy-demo"]);
    expect(url.KEYS).toHaveProperty("amplitude");
    expect(url.KEYS).toHaveProperty("colour");
    const keys = Object.keys(url.KEYS);
    // Its own keys come with the other labs' own, before each network's optimiser.
    expect(keys.indexOf("amplitude")).toBeLessThan(keys.indexOf("g_opt"));
    expect(url.keyApplies("amplitude" as never, "toy-demo" as never)).toBe(true);
    expect(url.keyApplies("amplitude" as never, "tuned-1d")).toBe(false);
    expect(url.keyApplies("target", "toy-demo" as never)).toBe(false);
    expect(url.keyApplies("g_lr", "toy-demo" as never)).toBe(true);
    expect(url.panelsOf("toy-demo" as never)).toEqual(["stats", "loss"]);
  });

  it("reads, writes and checks its keys, and its preset's values are the defaults", () => {
    const parsed = url.parseHash("#v=1&preset=toy-demo&amplitude=4&colour=blue&g_lr=0.002&target=uniform");
    expect(parsed.problems).toEqual([]);
    // `target` is the 1D lab's: it means nothing here, is passed over in silence (not a
    // mistake, not an unknown key), and the link drops it.
    expect(parsed.ignored).toEqual([]);
    const state = parsed.state as unknown as Record<string, unknown>;
    expect(state["amplitude"]).toBe(4);
    expect(state["colour"]).toBe("blue");
    expect(state["g_lr"]).toBe(0.002);
    expect(state["d_lr"]).toBe(0.1);
    expect(url.formatHash(parsed.state)).toBe("#v=1&preset=toy-demo&amplitude=4&colour=blue&g_lr=0.002");
    expect(url.formatHash(url.defaults("toy-demo" as never))).toBe("#v=1&preset=toy-demo");
    // A bad value names the key; the lab's own rule is checked too.
    expect(url.parseHash("#preset=toy-demo&amplitude=0").problems.map((p) => p.key)).toEqual(["amplitude"]);
    const unlucky = url.parseHash("#preset=toy-demo&amplitude=7");
    expect(unlucky.problems.map((p) => p.message)).toEqual(["amplitude=7: 7 is unlucky"]);
    expect((unlucky.state as unknown as Record<string, unknown>)["amplitude"]).toBe(2.5);
  });

  it("gives its runs its settings: its training keys and each network's optimiser, not its view keys", () => {
    const state = url.parseHash("#preset=toy-demo&amplitude=3&colour=blue&seed=9").state;
    expect(url.runSettingsOf(state)).toEqual({
      lab: "toy",
      amplitude: 3,
      ...{ g_opt: "adam", g_lr: 0.01, g_momentum: 0, g_beta1: 0.5, g_beta2: 0.999, d_opt: "sgd", d_lr: 0.1, d_momentum: 0.5, d_beta1: 0.9, d_beta2: 0.999 },
      seed: 9,
    });
    const blue = url.parseHash("#preset=toy-demo&amplitude=3&colour=red&seed=9").state;
    expect(url.runChanged(state, blue)).toBe(false);
    expect(url.runChanged(state, url.parseHash("#preset=toy-demo&amplitude=2&seed=9").state)).toBe(true);
  });

  it("leaves the other labs' links as they were", () => {
    for (const hash of ["#v=1&preset=tuned-1d&std=2&g_lr=0.002", "#v=1&preset=ring8-pack&pack=3", "#v=1&preset=mnist-cgan&grid=5&digit=3"]) {
      expect(url.formatHash(url.parseHash(hash).state)).toBe(hash);
    }
    // The toy's key in a 1D link means nothing there: passed over, and not written back.
    const oneD = url.parseHash("#preset=tuned-1d&amplitude=4");
    expect(oneD.problems).toEqual([]);
    expect(url.formatHash(oneD.state)).toBe("#v=1&preset=tuned-1d");
    // An unknown key is still unknown.
    expect(url.parseHash("#preset=tuned-1d&amplitud=4").ignored).toEqual(["amplitud"]);
  });
});
