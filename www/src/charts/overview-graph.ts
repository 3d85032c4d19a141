/**
 * The model overview: one GAN iteration as a small SVG diagram (z → G → fake samples → D ←
 * real samples, D's scores → the two losses → the two updates), with the parts of the step
 * that runs now lit up — a D-step on G's detached fakes, or a G-step through a fixed D.
 * Shared by the 1D and the 2D lab; which parts light up is a pure, unit-tested table.
 */

import "./overview-graph.css";

/** Which step of the iteration runs: none, a D-step, or a G-step. */
export type GraphPhase = "idle" | "discriminator" | "generator";

/** The diagram's nodes, by id: where each sits (viewBox units), its label, and its kind for CSS. */
const NODES = {
  noise: { x: 4, y: 48, width: 26, label: "z", kind: "data" },
  generator: { x: 46, y: 48, width: 30, label: "G", kind: "model" },
  fake: { x: 92, y: 48, width: 76, label: "fake samples", kind: "fake" },
  real: { x: 92, y: 100, width: 76, label: "real samples", kind: "real" },
  discriminator: { x: 188, y: 74, width: 30, label: "D", kind: "model" },
  scores: { x: 232, y: 74, width: 56, label: "D's scores", kind: "data" },
  "g-loss": { x: 296, y: 8, width: 60, label: "G's loss", kind: "loss" },
  "d-loss": { x: 296, y: 150, width: 60, label: "D's loss", kind: "loss" },
  "g-update": { x: 46, y: 8, width: 58, label: "update G", kind: "update" },
  "d-update": { x: 188, y: 150, width: 58, label: "update D", kind: "update" },
} as const;

/** A node's id. */
export type GraphNode = keyof typeof NODES;

/** Every node's height, in viewBox units. */
const NODE_HEIGHT = 22;
/** The diagram's size in viewBox units (it scales to its container's width). */
const VIEW_WIDTH = 360;
const VIEW_HEIGHT = 180;

type Side = "left" | "right" | "top" | "bottom";

/** An edge: from one node's side to another's, straight or bowed (`bend`: sideways, in units). */
interface EdgeShape {
  from: GraphNode;
  fromSide: Side;
  to: GraphNode;
  toSide: Side;
  bend: number;
}

/** The diagram's edges, by id ("from->to"), in the order data flows. */
const EDGES: Record<string, EdgeShape> = {
  "noise->generator": { from: "noise", fromSide: "right", to: "generator", toSide: "left", bend: 0 },
  "generator->fake": { from: "generator", fromSide: "right", to: "fake", toSide: "left", bend: 0 },
  "fake->discriminator": { from: "fake", fromSide: "right", to: "discriminator", toSide: "left", bend: 0 },
  "real->discriminator": { from: "real", fromSide: "right", to: "discriminator", toSide: "left", bend: 0 },
  "discriminator->scores": { from: "discriminator", fromSide: "right", to: "scores", toSide: "left", bend: 0 },
  "scores->g-loss": { from: "scores", fromSide: "top", to: "g-loss", toSide: "bottom", bend: -14 },
  "scores->d-loss": { from: "scores", fromSide: "bottom", to: "d-loss", toSide: "top", bend: 14 },
  "g-loss->g-update": { from: "g-loss", fromSide: "left", to: "g-update", toSide: "right", bend: 0 },
  "d-loss->d-update": { from: "d-loss", fromSide: "left", to: "d-update", toSide: "right", bend: 0 },
  // The updates curve back into the network they change.
  "g-update->generator": { from: "g-update", fromSide: "bottom", to: "generator", toSide: "top", bend: 8 },
  "d-update->discriminator": { from: "d-update", fromSide: "top", to: "discriminator", toSide: "bottom", bend: -8 },
};

/** What a D-step runs: G makes fakes (detached: no gradient reaches G), D scores them and reals. */
const DISCRIMINATOR_STEP = [
  "noise",
  "generator",
  "fake",
  "real",
  "discriminator",
  "scores",
  "d-loss",
  "d-update",
  "noise->generator",
  "generator->fake",
  "fake->discriminator",
  "real->discriminator",
  "discriminator->scores",
  "scores->d-loss",
  "d-loss->d-update",
  "d-update->discriminator",
];

/** What a G-step runs: D scores G's fakes, and G's loss flows back through D into G (no reals). */
const GENERATOR_STEP = [
  "noise",
  "generator",
  "fake",
  "discriminator",
  "scores",
  "g-loss",
  "g-update",
  "noise->generator",
  "generator->fake",
  "fake->discriminator",
  "discriminator->scores",
  "scores->g-loss",
  "g-loss->g-update",
  "g-update->generator",
];

const ACTIVE: Record<GraphPhase, ReadonlySet<string>> = {
  idle: new Set(),
  discriminator: new Set(DISCRIMINATOR_STEP),
  generator: new Set(GENERATOR_STEP),
};

const DETACHED: Record<GraphPhase, ReadonlySet<string>> = {
  idle: new Set(),
  discriminator: new Set(["noise->generator", "generator->fake"]),
  generator: new Set(),
};

/** The node ids and edge ids ("from->to") that the step of `phase` runs. */
export function activeParts(phase: GraphPhase): ReadonlySet<string> {
  return ACTIVE[phase];
}

/** The edges that run detached in `phase` (no gradient flows back along them): drawn dashed. */
export function detachedParts(phase: GraphPhase): ReadonlySet<string> {
  return DETACHED[phase];
}

/** What the step of `phase` runs, in one sentence (the diagram's accessible name). */
export function caption(phase: GraphPhase): string {
  switch (phase) {
    case "discriminator":
      return "D-step: real samples and G's detached fakes go through D; D's loss updates D.";
    case "generator":
      return "G-step: G's fakes go through D (no real samples); G's loss flows back through D and updates G only.";
    case "idle":
      return "Idle: no step runs. One iteration is D-steps on real samples and G's detached fakes, then a G-step through D.";
  }
}

/** The ids of every node and edge of the diagram. */
export const GRAPH_PARTS: readonly string[] = [...Object.keys(NODES), ...Object.keys(EDGES)];

const SVG = "http://www.w3.org/2000/svg";

function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** The middle of a node's side. */
function anchor(node: GraphNode, side: Side): [number, number] {
  const { x, y, width } = NODES[node];
  switch (side) {
    case "left":
      return [x, y + NODE_HEIGHT / 2];
    case "right":
      return [x + width, y + NODE_HEIGHT / 2];
    case "top":
      return [x + width / 2, y];
    case "bottom":
      return [x + width / 2, y + NODE_HEIGHT];
  }
}

/** An edge's line (a quadratic curve bowed by `bend`, or straight) and its arrow head. */
function edgeGeometry(edge: EdgeShape): { line: string; head: string } {
  const [x0, y0] = anchor(edge.from, edge.fromSide);
  const [x1, y1] = anchor(edge.to, edge.toSide);
  const length = Math.hypot(x1 - x0, y1 - y0) || 1;
  // The control point: the chord's middle, moved `bend` units to the chord's left.
  const cx = (x0 + x1) / 2 + (edge.bend * (y1 - y0)) / length;
  const cy = (y0 + y1) / 2 - (edge.bend * (x1 - x0)) / length;
  const tangent = Math.hypot(x1 - cx, y1 - cy) || 1;
  const [ux, uy] = [(x1 - cx) / tangent, (y1 - cy) / tangent];
  const head = 5;
  const wing = 2.6;
  const round = (value: number) => Math.round(value * 10) / 10;
  const point = (x: number, y: number) => `${round(x)} ${round(y)}`;
  return {
    line: edge.bend === 0 ? `M${point(x0, y0)}L${point(x1, y1)}` : `M${point(x0, y0)}Q${point(cx, cy)} ${point(x1, y1)}`,
    head: `M${point(x1, y1)}L${point(x1 - head * ux - wing * uy, y1 - head * uy + wing * ux)}L${point(x1 - head * ux + wing * uy, y1 - head * uy - wing * ux)}Z`,
  };
}

/** The overview diagram in `container`; `highlight` lights the parts of the step that runs. */
export class OverviewGraph {
  private readonly svg: SVGSVGElement;
  private readonly parts = new Map<string, SVGGElement>();
  private current: GraphPhase = "idle";

  constructor(container: HTMLElement) {
    // index.html holds the <svg> itself (the page adds no <svg> of its own at run time: the
    // hostile-link tests check that nothing becomes markup); a container without one gets one.
    const existing = container.querySelector("svg");
    this.svg = existing ?? svgElement("svg", {});
    for (const [name, value] of Object.entries({ viewBox: `0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`, class: "overview-graph", role: "img" }))
      this.svg.setAttribute(name, value);
    const title = svgElement("title", {});
    title.textContent = "One GAN iteration: D-steps, then a G-step";
    this.svg.append(title);
    // Edges first, so that nodes sit on top of their ends.
    for (const [id, edge] of Object.entries(EDGES)) {
      const { line, head } = edgeGeometry(edge);
      const group = svgElement("g", { class: "edge", "data-part": id });
      group.append(svgElement("path", { class: "edge-line", d: line }), svgElement("path", { class: "edge-head", d: head }));
      this.add(id, group);
    }
    for (const [id, node] of Object.entries(NODES)) {
      const group = svgElement("g", { class: `node node-${node.kind}`, "data-part": id });
      group.append(svgElement("rect", { x: node.x, y: node.y, width: node.width, height: NODE_HEIGHT, rx: 5 }));
      const label = svgElement("text", { x: node.x + node.width / 2, y: node.y + NODE_HEIGHT / 2, "text-anchor": "middle", "dominant-baseline": "central" });
      label.textContent = node.label;
      group.append(label);
      this.add(id, group);
    }
    if (!existing) container.append(this.svg);
    this.highlight("idle");
  }

  /** The step lit up now. */
  get phase(): GraphPhase {
    return this.current;
  }

  /** Lights the parts that the step of `phase` runs; the rest go quiet. */
  highlight(phase: GraphPhase): void {
    this.current = phase;
    const active = activeParts(phase);
    const detached = detachedParts(phase);
    for (const [id, element] of this.parts) {
      const on = active.has(id);
      element.classList.toggle("active", on);
      if (on) element.setAttribute("data-active", "true");
      else element.removeAttribute("data-active");
      if (on && detached.has(id)) element.setAttribute("data-detached", "true");
      else element.removeAttribute("data-detached");
    }
    this.svg.setAttribute("data-phase", phase);
    this.svg.setAttribute("aria-label", caption(phase));
  }

  destroy(): void {
    this.svg.remove();
    this.parts.clear();
  }

  private add(id: string, element: SVGGElement): void {
    this.parts.set(id, element);
    this.svg.append(element);
  }
}
