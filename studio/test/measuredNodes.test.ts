// @vitest-environment node
import type { Node, NodeChange } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { measuredSizes, withMeasured } from '../src/components/measuredNodes';

const node = (id: string): Node => ({ id, position: { x: 0, y: 0 }, data: {} });
const measured = (id: string, width: number, height: number): NodeChange => ({ id, type: 'dimensions', dimensions: { width, height } });

describe('measuredSizes: the sizes React Flow reported for the nodes', () => {
  it('takes the dimensions changes and leaves the other changes alone', () => {
    const sizes = measuredSizes(new Map(), [
      measured('review', 220, 86),
      { id: 'end', type: 'position', position: { x: 5, y: 5 } },
      { id: 'end', type: 'select', selected: true },
      { id: 'extra', type: 'dimensions' }, // a resize that ended without a size
    ]);
    expect([...sizes]).toEqual([['review', { width: 220, height: 86 }]]);
  });

  it('is the same map when nothing new was measured (no state change, no render)', () => {
    const sizes = measuredSizes(new Map(), [measured('review', 220, 86)]);
    expect(measuredSizes(sizes, [measured('review', 220, 86)])).toBe(sizes);
    expect(measuredSizes(sizes, [{ id: 'review', type: 'select', selected: false }])).toBe(sizes);
    const wider = measuredSizes(sizes, [measured('review', 240, 86)]);
    expect(wider).not.toBe(sizes);
    expect(wider.get('review')).toEqual({ width: 240, height: 86 });
    expect(sizes.get('review')).toEqual({ width: 220, height: 86 }); // never changed in place
  });
});

describe('withMeasured: the nodes handed to React Flow', () => {
  it('carry the size measured for each, and a node not measured yet none (React Flow measures it)', () => {
    const sizes = measuredSizes(new Map(), [measured('review', 220, 86)]);
    const [review, extra] = withMeasured([node('review'), node('extra')], sizes);
    expect(review.measured).toEqual({ width: 220, height: 86 });
    expect(extra.measured).toBeUndefined();
    expect(extra).toEqual(node('extra'));
  });
});
