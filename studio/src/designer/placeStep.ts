import { NODE_HEIGHT, NODE_WIDTH } from '../lib/graph';

type XY = { x: number; y: number };

/** The gap kept between a new step and the steps around it. */
const GAP_X = 40;
const GAP_Y = 70;

/**
 * Where a step added with the palette's button goes (walk 44: it landed below every step, far from the one it will
 * follow, and off the canvas of a shipped journey). Beside its anchor — the selected step, else the last step of the
 * document that is drawn: just below it (the flow reads downwards), or in the first free place to the right of that
 * spot. `order` is the document's step order; a canvas without steps starts at the top left.
 */
export function placeNewStep(positions: Readonly<Record<string, XY>>, selected: string | null | undefined, order: readonly string[]): XY {
  const anchorId = selected && positions[selected] ? selected : [...order].reverse().find((id) => positions[id]);
  const anchor = anchorId ? positions[anchorId] : undefined;
  if (!anchor) return { x: 40, y: 40 };
  const taken = Object.values(positions);
  const free = (p: XY) => taken.every((q) => Math.abs(q.x - p.x) >= NODE_WIDTH + GAP_X / 2 || Math.abs(q.y - p.y) >= NODE_HEIGHT + GAP_Y / 2);
  const below = { x: anchor.x, y: anchor.y + NODE_HEIGHT + GAP_Y };
  for (let i = 0; i < 200; i++) {
    const p = { x: below.x + i * (NODE_WIDTH + GAP_X), y: below.y };
    if (free(p)) return p;
  }
  return below;
}
