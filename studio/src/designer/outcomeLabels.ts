import type { DefinitionDocument } from '../api/types';
import { NODE_WIDTH } from '../lib/graph';

/**
 * How wide an outcome label is drawn, in px, at the handle labels' size (0.62rem, weight 600: about 6 px a character in
 * the UI font, plus its 2 px padding each side). An estimate on the generous side, so that labels it keeps apart never
 * touch; measured in Chromium against the shipped workflows' outcomes (docs/studio.md, "Outcome labels").
 */
export function outcomeLabelWidth(outcome: string): number {
  return outcome.length * 6 + 4;
}

/** The space kept between two labels on one row, px. */
const GAP = 4;

/**
 * The row (0 = just under the step, 1 = under that, …) of each outcome handle's label. The handles sit evenly along the
 * step's bottom edge, each label centred under its handle; a label that would overlap one before it on a row goes to the
 * next row down. Before, all were on one row and a step with several long outcomes (Verified, AttemptsExhausted,
 * TimedOut) showed them on top of each other ("VeriAttemptsExhauTimedOut").
 */
export function outcomeLabelRows(outcomes: readonly string[], width = NODE_WIDTH): number[] {
  const rowEnds: number[] = [];
  return outcomes.map((o, i) => {
    const centre = ((i + 1) / (outcomes.length + 1)) * width;
    const half = outcomeLabelWidth(o) / 2;
    let row = rowEnds.findIndex((end) => end + GAP <= centre - half);
    if (row < 0) row = rowEnds.length;
    rowEnds[row] = centre + half;
    return row;
  });
}

/**
 * The label each wire carries on the canvas, by wire id (`<step>:<outcome>`): the wires from one step to the same target
 * share one label naming all their outcomes ("Shared · Skipped", on the first of them, in the order of its `next`), the others
 * carry none. React Flow draws each wire's label at the middle of its path, and such wires end at the same place, so
 * their labels were drawn on top of each other ("Share Skipped"). The wires stay separate (each is selected and deleted
 * alone); the handle labels still name each outcome where its wire starts.
 */
export function wireLabels(doc: DefinitionDocument): Map<string, string | undefined> {
  const ids = new Set(doc.steps.map((s) => s.id));
  const labels = new Map<string, string | undefined>();
  for (const s of doc.steps) {
    const byTarget = new Map<string, string[]>();
    for (const [outcome, target] of Object.entries(s.next ?? {})) {
      if (ids.has(target)) byTarget.set(target, [...(byTarget.get(target) ?? []), outcome]);
    }
    for (const outcomes of byTarget.values()) {
      outcomes.forEach((o, i) => labels.set(`${s.id}:${o}`, i === 0 ? outcomes.join(' · ') : undefined));
    }
  }
  return labels;
}

type Box = [left: number, top: number, right: number, bottom: number];
const meets = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** A wire label's width at React Flow's edge text size (10 px, styles.css), with its 4 px padding each side. */
const wireLabelWidth = (label: string) => label.length * 5.6 + 8;
const WIRE_LABEL_HEIGHT = 14;
/** Where the handle labels start under a step's bottom edge, and their height (DesignerGraph: `top: 12 + row × 13` in a 12 px handle centred on the edge). */
const HANDLE_LABEL_TOP = 6;
const HANDLE_LABEL_HEIGHT = 12;

/**
 * The wires whose label is left out because, where React Flow draws it (the middle of the smooth-step path), it would lie
 * on a step or on a step's outcome labels: a short wire into the step just below, whose outcome the handle label right
 * above it already names ("Disbursed" under "Disbursed"). Positions are the canvas's (the document's layout and the
 * automatic ones); `outcomesOf` gives each step's handles in the order it draws them.
 */
export function coveredWireLabels(
  doc: DefinitionDocument,
  positions: Record<string, { x: number; y: number }>,
  outcomesOf: (stepId: string) => string[],
  labels: Map<string, string | undefined>,
  rowHeight: number,
  nodeHeight: number,
  smoothStep: (p: { sourceX: number; sourceY: number; targetX: number; targetY: number }) => [string, number, number, ...unknown[]],
): Set<string> {
  const handleX = new Map<string, number>();
  const obstacles: Box[] = [];
  for (const s of doc.steps) {
    const p = positions[s.id];
    if (!p) continue;
    obstacles.push([p.x, p.y, p.x + NODE_WIDTH, p.y + nodeHeight]);
    const outcomes = outcomesOf(s.id);
    const rows = outcomeLabelRows(outcomes);
    outcomes.forEach((o, i) => {
      const centre = p.x + ((i + 1) / (outcomes.length + 1)) * NODE_WIDTH;
      handleX.set(`${s.id}:${o}`, centre);
      const top = p.y + nodeHeight + HANDLE_LABEL_TOP + rows[i] * rowHeight;
      obstacles.push([centre - outcomeLabelWidth(o) / 2, top, centre + outcomeLabelWidth(o) / 2, top + HANDLE_LABEL_HEIGHT]);
    });
  }
  const covered = new Set<string>();
  for (const s of doc.steps) {
    const from = positions[s.id];
    for (const [outcome, target] of Object.entries(s.next ?? {})) {
      const id = `${s.id}:${outcome}`;
      const label = labels.get(id);
      const to = positions[target];
      const x = handleX.get(id);
      if (!label || !from || !to || x === undefined) continue;
      const [, lx, ly] = smoothStep({ sourceX: x, sourceY: from.y + nodeHeight + 6, targetX: to.x + NODE_WIDTH / 2, targetY: to.y - 3 });
      const half = wireLabelWidth(label) / 2;
      const box: Box = [lx - half, ly - WIRE_LABEL_HEIGHT / 2, lx + half, ly + WIRE_LABEL_HEIGHT / 2];
      if (obstacles.some((o) => meets(o, box))) covered.add(id);
    }
  }
  return covered;
}
