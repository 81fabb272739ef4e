import { NODE_HEIGHT, NODE_WIDTH } from './graph';

/**
 * Where the flowchart's wire labels go so that labels of different steps never lie on each other (session 46's walk:
 * after *Tidy layout*, "Rejected" out of `updateDetails` and "Approved / Rejected" out of `bre` were drawn on one spot,
 * where the long wire's middle met the short one's). React Flow draws a smooth-step wire's label at the middle of its
 * middle run; ELK is given no labels (lib/graph.ts: a label box adds a layer), and a saved layout has none to give. So
 * each label stays where React Flow puts it when that spot is free, else it slides along its own wire to the first free
 * spot (off the steps and the labels placed before it); the wire itself is not moved.
 */

export interface XY { x: number; y: number }

/** React Flow's gap between a handle and a smooth-step wire's first bend (getSmoothStepPath's `offset`). */
const OFFSET = 20;

/**
 * The corners of the smooth-step wire React Flow draws from a bottom handle to a top one when the target is below
 * the source: down, across at half height, down. Null for a wire that goes up or sideways round its steps (a loop):
 * its label stays where React Flow puts it.
 */
export function downWirePoints(source: XY, target: XY): XY[] | null {
  const from = { x: source.x, y: source.y + OFFSET };
  const to = { x: target.x, y: target.y - OFFSET };
  if (from.y >= to.y) return null;
  const centreY = (source.y + target.y) / 2;
  return [from, { x: from.x, y: centreY }, { x: to.x, y: centreY }, to];
}

/** The point `t` (0–1) of the way along a polyline, by length. */
export function pointAlong(points: readonly XY[], t: number): XY {
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i].x, p.y - points[i].y));
  let left = lengths.reduce((a, b) => a + b, 0) * Math.min(1, Math.max(0, t));
  for (let i = 0; i < lengths.length; i++) {
    if (left <= lengths[i] || i === lengths.length - 1) {
      const f = lengths[i] ? Math.min(1, left / lengths[i]) : 0;
      return { x: points[i].x + (points[i + 1].x - points[i].x) * f, y: points[i].y + (points[i + 1].y - points[i].y) * f };
    }
    left -= lengths[i];
  }
  return points[0];
}

/** A wire label's size at React Flow's edge text (10 px, styles.css) with its 4 px × 2 px padding; generous, as outcomeLabels.ts's. */
export function wireLabelSize(label: string): { width: number; height: number } {
  return { width: label.length * 5.6 + 8, height: 14 };
}

/** Where along its wire a label is tried when React Flow's own spot is taken: near the middle first. */
const ALONG = [0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8, 0.12, 0.88];
/** The space kept round a label, px (the estimate of handle positions is a few px off). */
const MARGIN = 3;

type Box = [left: number, top: number, right: number, bottom: number];
const meets = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

export interface LabelledWire {
  id: string;
  label: string;
  /** The source handle's point (bottom middle of its step) and the target's (top middle). */
  source: XY;
  target: XY;
}

/**
 * For each wire whose label must leave React Flow's spot, how far along its wire (0–1, by length, of
 * {@link downWirePoints}) it goes instead; wires not in the map keep React Flow's spot. The labels of the shortest
 * wires are placed first (ties in the order given); one that finds no free spot keeps React Flow's.
 */
export function placeWireLabels(wires: readonly LabelledWire[], steps: readonly XY[]): Map<string, number> {
  const taken: Box[] = steps.map((p) => [p.x, p.y, p.x + NODE_WIDTH, p.y + NODE_HEIGHT]);
  const moved = new Map<string, number>();
  const boxAt = (label: string, at: XY): Box => {
    const { width, height } = wireLabelSize(label);
    return [at.x - width / 2 - MARGIN, at.y - height / 2 - MARGIN, at.x + width / 2 + MARGIN, at.y + height / 2 + MARGIN];
  };
  // The shortest wires first: a label between two close rows has nowhere to slide, a long wire's has room.
  const length = (w: LabelledWire) => {
    const points = downWirePoints(w.source, w.target);
    return points ? points.slice(1).reduce((sum, p, i) => sum + Math.hypot(p.x - points[i].x, p.y - points[i].y), 0) : 0;
  };
  const byRoom = wires.map((w, i) => ({ w, i, room: length(w) })).sort((a, b) => a.room - b.room || a.i - b.i).map((e) => e.w);
  for (const w of byRoom) {
    const own = boxAt(w.label, { x: (w.source.x + w.target.x) / 2, y: (w.source.y + w.target.y) / 2 });
    const points = downWirePoints(w.source, w.target);
    if (!points || !taken.some((b) => meets(b, own))) {
      taken.push(own);
      continue;
    }
    const t = ALONG.find((f) => !taken.some((b) => meets(b, boxAt(w.label, pointAlong(points, f)))));
    if (t === undefined) {
      taken.push(own);
      continue;
    }
    moved.set(w.id, t);
    taken.push(boxAt(w.label, pointAlong(points, t)));
  }
  return moved;
}
