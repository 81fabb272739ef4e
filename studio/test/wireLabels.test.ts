import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH } from '../src/lib/graph';
import { downWirePoints, placeWireLabels, pointAlong, wireLabelSize, type LabelledWire } from '../src/lib/wireLabels';

// Session 46's designer walk, after *Tidy layout* (ELK's positions for its finbox-otp-bre): on the journey page the
// label of updateDetails → rejected ("Rejected") and of bre → reason ("Approved / Rejected") were drawn on one spot.
const at: Record<string, { x: number; y: number }> = {
  createUser: { x: 12, y: 12 }, otp: { x: 12, y: 122 }, updateDetails: { x: 123, y: 232 }, bre: { x: 252, y: 342 }, reason: { x: 252, y: 452 },
  lenderWebhook: { x: 252, y: 562 }, approved: { x: 252, y: 672 }, rejected: { x: 492, y: 562 }, timedOut: { x: 12, y: 672 },
};
const wire = (source: string, target: string, label: string): LabelledWire => ({
  id: `${source}:${label}`, label,
  source: { x: at[source].x + NODE_WIDTH / 2, y: at[source].y + NODE_HEIGHT }, target: { x: at[target].x + NODE_WIDTH / 2, y: at[target].y },
});
const wires = [
  wire('createUser', 'otp', 'Done'), wire('createUser', 'rejected', 'Rejected'), wire('otp', 'updateDetails', 'Received'), wire('otp', 'timedOut', 'TimedOut'),
  wire('updateDetails', 'bre', 'Done'), wire('updateDetails', 'rejected', 'Rejected'), wire('bre', 'reason', 'Approved / Rejected'),
  wire('reason', 'rejected', 'PRE_BRE_REJECT'), wire('reason', 'lenderWebhook', 'default'), wire('lenderWebhook', 'approved', 'Received'),
  wire('lenderWebhook', 'timedOut', 'Timeout'),
];

type Box = [number, number, number, number];
const labelBox = (w: LabelledWire, along: number | undefined): Box => {
  const p = along === undefined ? { x: (w.source.x + w.target.x) / 2, y: (w.source.y + w.target.y) / 2 } : pointAlong(downWirePoints(w.source, w.target)!, along);
  const { width, height } = wireLabelSize(w.label);
  return [p.x - width / 2, p.y - height / 2, p.x + width / 2, p.y + height / 2];
};
const meets = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

describe('wire labels on the flowchart', () => {
  it('keeps labels of different steps apart and off the steps, moving only those that meet', () => {
    const along = placeWireLabels(wires, Object.values(at));
    const boxes = wires.map((w) => labelBox(w, along.get(w.id)));
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(meets(boxes[i], boxes[j]), `${wires[i].id} meets ${wires[j].id}`).toBe(false);
      for (const [id, p] of Object.entries(at)) expect(meets(boxes[i], [p.x, p.y, p.x + NODE_WIDTH, p.y + NODE_HEIGHT]), `${wires[i].id} on ${id}`).toBe(false);
    }
    // Only the long wire's label moved (the short one has no room); the rest stay where React Flow puts them.
    expect([...along.keys()]).toEqual(['updateDetails:Rejected']);
  });

  it('finds the same spot as React Flow draws a downward wire\'s label at (the middle of its middle run)', () => {
    const points = downWirePoints({ x: 100, y: 66 }, { x: 300, y: 300 })!;
    expect(points).toEqual([{ x: 100, y: 86 }, { x: 100, y: 183 }, { x: 300, y: 183 }, { x: 300, y: 280 }]);
    expect(pointAlong(points, 0.5)).toEqual({ x: 200, y: 183 });
    expect(downWirePoints({ x: 100, y: 300 }, { x: 100, y: 66 })).toBeNull();
  });
});
