import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { placeNewStep } from '../src/designer/placeStep';
import { testRunField } from '../src/designer/testRunSignals';
import { exactField, splitFieldProblems } from '../src/lib/fieldProblems';
import { NODE_HEIGHT, NODE_WIDTH } from '../src/lib/graph';

const problem = (errors?: Record<string, string[]>) => new ApiError({ title: 'Invalid request', status: 400, detail: 'Not valid.', ...(errors ? { errors } : {}) });

describe('a refusal split between the fields it names and the problem box', () => {
  it('puts every error naming a field beside it, and nothing in the box when none is left', () => {
    const split = splitFieldProblems(problem({ deliveryRef: ['Must match DLV-[0-9]{6}.'] }), exactField(['deliveryRef', 'podNote']));
    expect(split.byField).toEqual({ deliveryRef: 'Must match DLV-[0-9]{6}.' });
    expect(split.first).toBe('deliveryRef');
    expect(split.rest).toBeNull();
  });

  it('keeps what names no field in the box, with only those errors', () => {
    const split = splitFieldProblems(problem({ podNote: ['Too long.'], body: ['Not an object.'] }), exactField(['deliveryRef', 'podNote']));
    expect(split.byField).toEqual({ podNote: 'Too long.' });
    expect(split.rest?.problem.errors).toEqual({ body: ['Not an object.'] });
    expect(split.rest?.problem.detail).toBe('Not valid.');
  });

  it('leaves a problem without errors, or naming no field of the form, whole in the box', () => {
    const none = problem();
    expect(splitFieldProblems(none, exactField(['a'])).rest).toBe(none);
    const other = problem({ body: ['x'] });
    expect(splitFieldProblems(other, exactField(['a']))).toEqual({ byField: {}, first: null, rest: other });
    expect(splitFieldProblems(null, exactField(['a'])).rest).toBeNull();
  });

  it("maps the test run's keys to its fields, saying the deeper part of the key", () => {
    expect(['signals', 'signals.otp', 'input', 'scenarios[1]', 'signalsX', 'body'].map(testRunField)).toEqual(['signals', 'signals', 'input', 'scenarios', null, null]);
    const split = splitFieldProblems(problem({ 'signals.bad name': ['Not a signal name.'], 'scenarios[1]': ['Must be 4 digits.'] }), testRunField);
    expect(split.byField).toEqual({ signals: 'bad name: Not a signal name.', scenarios: '[1]: Must be 4 digits.' });
    expect(split.first).toBe('signals');
    expect(split.rest).toBeNull();
  });
});

describe('where a step added with the palette button goes', () => {
  const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;

  it('below the selected step when that place is free', () => {
    const positions = { a: { x: 0, y: 0 }, b: { x: 0, y: 200 }, c: { x: 0, y: 2000 } };
    expect(placeNewStep(positions, 'b', ['a', 'b', 'c'])).toEqual({ x: 0, y: 200 + NODE_HEIGHT + 70 });
  });

  it('to the right of that place when a step is there, never on top of one', () => {
    const positions = { a: { x: 0, y: 0 }, b: { x: 0, y: 136 }, c: { x: NODE_WIDTH + 40, y: 136 } };
    const p = placeNewStep(positions, 'a', ['a', 'b', 'c']);
    expect(p).toEqual({ x: 2 * (NODE_WIDTH + 40), y: NODE_HEIGHT + 70 });
    for (const q of Object.values(positions)) expect(overlaps(p, q)).toBe(false);
  });

  it('below the last step of the document when none is selected (not below the lowest one)', () => {
    const positions = { start: { x: 300, y: 0 }, low: { x: 0, y: 3000 }, last: { x: 300, y: 150 } };
    expect(placeNewStep(positions, null, ['start', 'low', 'last'])).toEqual({ x: 300, y: 150 + NODE_HEIGHT + 70 });
  });

  it('at the top left of an empty canvas', () => {
    expect(placeNewStep({}, null, [])).toEqual({ x: 40, y: 40 });
  });
});
