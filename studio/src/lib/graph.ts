import type { WorkflowDefinitionView } from '../api/types';
import { orderSteps } from './stepStates';
import { recoverFromStaleBuild } from './staleBuild';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 66;

export interface LaidOutNode {
  id: string;
  x: number;
  y: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  outcome: string;
}

export interface Layout {
  nodes: LaidOutNode[];
  edges: GraphEdge[];
}

/** The laid-out graph's size, so the canvas can be as tall as the graph needs at a readable zoom. */
export function layoutSize(l: Layout): { width: number; height: number } {
  if (!l.nodes.length) return { width: 0, height: 0 };
  const xs = l.nodes.map((n) => n.x);
  const ys = l.nodes.map((n) => n.y);
  return { width: Math.max(...xs) - Math.min(...xs) + NODE_WIDTH, height: Math.max(...ys) - Math.min(...ys) + NODE_HEIGHT };
}

export function definitionEdges(def: WorkflowDefinitionView): GraphEdge[] {
  const ids = new Set(def.steps.map((s) => s.id));
  const edges: GraphEdge[] = [];
  for (const s of def.steps) {
    for (const [outcome, target] of Object.entries(s.next ?? {})) {
      if (ids.has(target)) edges.push({ id: `${s.id}:${outcome}`, source: s.id, target, outcome });
    }
  }
  return edges;
}

/** Longest-path ranks without ELK (tests, and if the layout worker cannot start). */
export function fallbackLayout(def: WorkflowDefinitionView): Layout {
  const edges = definitionEdges(def);
  const order = orderSteps(def);
  const index = new Map(order.map((id, i) => [id, i]));
  const rank = new Map<string, number>(order.map((id) => [id, 0]));
  // Only forward edges (in reading order) push ranks, so loops cannot diverge.
  for (let pass = 0; pass < order.length; pass++) {
    let changed = false;
    for (const e of edges) {
      if (index.get(e.target)! <= index.get(e.source)!) continue;
      const r = rank.get(e.source)! + 1;
      if (r > rank.get(e.target)!) {
        rank.set(e.target, r);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const perRank = new Map<number, number>();
  const nodes = order.map((id) => {
    const r = rank.get(id)!;
    const col = perRank.get(r) ?? 0;
    perRank.set(r, col + 1);
    return { id, x: col * (NODE_WIDTH + 40), y: r * (NODE_HEIGHT + 60) };
  });
  return { nodes, edges };
}

type ElkInstance = { layout: (g: unknown) => Promise<{ children?: { id: string; x?: number; y?: number }[] }> };
let elkPromise: Promise<ElkInstance | null> | null = null;

function getElk(): Promise<ElkInstance | null> {
  if (typeof Worker === 'undefined') return Promise.resolve(null);
  elkPromise ??= Promise.all([import('elkjs/lib/elk-api'), import('elkjs/lib/elk-worker.min.js?url')])
    .then(([api, worker]) => new api.default({ workerUrl: worker.default }) as unknown as ElkInstance)
    .catch((error: unknown) => {
      // The simple layout below stands in. A chunk gone after a redeploy also reloads the tab onto the new build, or
      // says so where that would lose unsaved work (lib/staleBuild.ts).
      recoverFromStaleBuild(error);
      return null;
    });
  return elkPromise;
}

export interface XY {
  x: number;
  y: number;
}

/** The positions of a saved layout that can be drawn: finite numbers, for steps in `ids` only. */
export function savedPositions(layout: Record<string, XY> | null | undefined, ids: readonly string[]): Record<string, XY> {
  const out: Record<string, XY> = {};
  for (const id of ids) {
    const p = layout?.[id];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) out[id] = { x: p.x, y: p.y };
  }
  return out;
}

/**
 * Every step's position: the saved one where there is one; the others from the automatic layout — as it is when nothing
 * is saved, else moved as one block below the saved steps (left-aligned with them), so a new step never lands on a
 * step someone placed.
 */
export function placeSteps(ids: readonly string[], saved: Record<string, XY>, auto: Record<string, XY>): Record<string, XY> {
  const missing = ids.filter((id) => !saved[id]);
  const placed = Object.values(saved);
  if (!placed.length) return Object.fromEntries(ids.map((id) => [id, auto[id] ?? { x: 0, y: 0 }]));
  const out: Record<string, XY> = { ...saved };
  if (!missing.length) return out;
  const free = missing.map((id) => auto[id] ?? { x: 0, y: 0 });
  const dx = Math.min(...placed.map((p) => p.x)) - Math.min(...free.map((p) => p.x));
  const dy = Math.max(...placed.map((p) => p.y)) + NODE_HEIGHT + 80 - Math.min(...free.map((p) => p.y));
  missing.forEach((id, i) => {
    out[id] = { x: free[i].x + dx, y: free[i].y + dy };
  });
  return out;
}

/**
 * The flowchart of a version: at its saved layout when it has one for every step (no ELK at all), else ELK for the
 * steps it leaves out (docs/studio.md, "Designer").
 */
export async function layoutDefinition(def: WorkflowDefinitionView): Promise<Layout> {
  const ids = def.steps.map((s) => s.id);
  const saved = savedPositions(def.layout, ids);
  if (ids.length && ids.every((id) => saved[id])) return { nodes: ids.map((id) => ({ id, ...saved[id] })), edges: definitionEdges(def) };
  const auto = await autoLayout(def);
  const placed = placeSteps(ids, saved, Object.fromEntries(auto.nodes.map((n) => [n.id, { x: n.x, y: n.y }])));
  return { nodes: auto.nodes.map((n) => ({ id: n.id, ...placed[n.id] })), edges: auto.edges };
}

/**
 * The Studio's ELK settings: the layered algorithm, top-down. `studio/dev/layout-workflows.mjs` lays out the shipped
 * workflows with these too, so their saved layouts are what the Studio would draw (docs/studio.md, "Designer").
 */
export const ELK_LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  // React Flow draws every edge from one handle at the node's centre: let ELK route them from one port too,
  // or it staggers the nodes so that its own side-by-side ports line up.
  'elk.layered.mergeEdges': 'true',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

/** The graph ELK lays out for a definition: its steps in reading order, one edge per outcome. */
export function elkGraph(def: WorkflowDefinitionView, edges: GraphEdge[] = definitionEdges(def)) {
  return {
    id: 'root',
    layoutOptions: { ...ELK_LAYOUT_OPTIONS },
    children: orderSteps(def).map((id) => ({ id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    // Outcome labels are drawn by React Flow at edge midpoints; giving ELK label boxes adds a layer per label.
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

/** Lays the flowchart out top-down with ELK's layered algorithm, in a web worker (saved positions ignored: *Tidy layout*). */
export async function autoLayout(def: WorkflowDefinitionView): Promise<Layout> {
  const edges = definitionEdges(def);
  const elk = await getElk();
  if (!elk) return fallbackLayout(def);
  try {
    const result = await elk.layout(elkGraph(def, edges));
    const nodes = (result.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0 }));
    return { nodes, edges };
  } catch {
    return fallbackLayout(def);
  }
}
