import { describe, expect, it } from 'vitest';
import { wireDroppedOnStep } from '../src/designer/wireDrop';

const from = { fromNode: { id: 'decide' }, fromHandle: { id: 'Approved', type: 'source' } };

describe('a wire released on a step', () => {
  it('wires the outcome to the step under the pointer when React Flow made no connection', () => {
    expect(wireDroppedOnStep({ ...from, isValid: false }, 'accept')).toEqual({ source: 'decide', outcome: 'Approved', target: 'accept' });
    expect(wireDroppedOnStep({ ...from, isValid: null }, 'accept')).toEqual({ source: 'decide', outcome: 'Approved', target: 'accept' });
  });

  it('does nothing on the empty canvas, on the step it starts from, or when React Flow wired it already', () => {
    expect(wireDroppedOnStep({ ...from, isValid: false }, null)).toBeNull();
    expect(wireDroppedOnStep({ ...from, isValid: false }, 'decide')).toBeNull();
    expect(wireDroppedOnStep({ ...from, isValid: true }, 'accept')).toBeNull();
  });

  it('does nothing for a drag that did not start at an outcome', () => {
    expect(wireDroppedOnStep({ isValid: false, fromNode: { id: 'accept' }, fromHandle: { id: 'in', type: 'target' } }, 'decide')).toBeNull();
    expect(wireDroppedOnStep({ isValid: false, fromNode: null, fromHandle: null }, 'decide')).toBeNull();
  });
});
