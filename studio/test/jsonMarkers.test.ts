import { describe, expect, it } from 'vitest';
import type { ValidationError } from '../src/api/types';
import { markersFor, pathSegments } from '../src/designer/jsonMarkers';

const doc = {
  id: 'loan',
  version: 1,
  title: 'Loan',
  input: [{ name: 'customerId', type: 'string' }, { name: '', type: 'string' }],
  variables: {},
  start: 'nowhere',
  steps: [
    { id: 'create', activity: 'FinBox.Nope', inputs: { mobile: '$input.mobile' }, next: { Created: 'review', Timeout: 'gone' } },
    {
      id: 'review',
      activity: 'Core.Branch',
      inputs: { cases: { Big: '$input.amount > 10' } },
      next: {},
      retry: { maxAttempts: 0 },
      compensation: { activity: 'X.Undo', inputs: { x: 1 } },
    },
    { id: 'bare', activity: 'Core.End' },
  ],
  layout: { review: { x: 'left', y: 0 } },
};
const text = JSON.stringify(doc, null, 2);

const err = (stepId: string | null, field: string | null, code = 'c', message = 'm'): ValidationError => ({ stepId, field, code, message });
/** What each marker covers, as text. */
const marked = (t: string, errors: ValidationError[]) => markersFor(t, errors).map((m) => t.slice(m.offset, m.offset + m.length));
const lineOf = (t: string, offset: number) => t.slice(0, offset).split('\n').length;

describe('markersFor: validation errors placed in the JSON text', () => {
  it('places a definition-level error on its JSON path from the root', () => {
    expect(marked(text, [err(null, 'start')])).toEqual(['"start": "nowhere"']);
    expect(marked(text, [err(null, 'input[1].name')])).toEqual(['"name": ""']);
    expect(marked(text, [err(null, 'steps[0].next')])).toEqual(['"next"']); // an object: its key, not the whole object
    expect(marked(text, [err(null, '$.steps[2]')])).toEqual(['"id": "bare"']); // an array item: its id
  });

  it('places a step error on the field inside the step whose id it names', () => {
    expect(marked(text, [err('create', 'activity')])).toEqual(['"activity": "FinBox.Nope"']);
    expect(marked(text, [err('create', 'next.Timeout')])).toEqual(['"Timeout": "gone"']);
    expect(marked(text, [err('create', 'inputs.mobile')])).toEqual(['"mobile": "$input.mobile"']);
    expect(marked(text, [err('review', 'retry.maxAttempts')])).toEqual(['"maxAttempts": 0']);
    expect(marked(text, [err('review', 'compensation.inputs.x')])).toEqual(['"x": 1']);
    expect(marked(text, [err('review', 'inputs.cases')])).toEqual(['"cases"']);
    expect(marked(text, [err('review', 'layout.review.x')])).toEqual(['"x": "left"']); // the document's layout
    expect(marked(text, [err('review', '/inputs/cases/Big')])).toEqual(['"Big": "$input.amount > 10"']);
    expect(marked(text, [err('create', 'steps[0].next.Created')])).toEqual(['"Created": "review"']);
  });

  it('marks the deepest existing ancestor when the node is missing', () => {
    expect(marked(text, [err('create', 'inputs.customerID')])).toEqual(['"inputs"']); // a missing required input
    expect(marked(text, [err('bare', 'inputs.x')])).toEqual(['"id": "bare"']); // no inputs at all: the step's id
    expect(marked(text, [err('bare', null)])).toEqual(['"id": "bare"']);
    expect(marked(text, [err('review', 'next.Default')])).toEqual(['"next"']);
    expect(marked(text, [err(null, 'variables.x')])).toEqual(['"variables"']);
    expect(marked(text, [err(null, null)])).toEqual(['"id": "loan"']);
    expect(marked(text, [err('ghost', 'activity')])).toEqual([text.slice(text.indexOf('"steps"'), text.indexOf('"steps"') + 7)]);
  });

  it('places several errors on one step, each on its own line, with the message and code', () => {
    const errors = [err('create', 'activity', 'unknown_activity', 'No activity FinBox.Nope.'), err('create', 'next.Timeout', 'unknown_step', 'No step gone.'), err(null, 'start', 'unknown_step', 'No step nowhere.')];
    const ms = markersFor(text, errors);
    expect(ms.map((m) => m.message)).toEqual(['No activity FinBox.Nope. (unknown_activity)', 'No step gone. (unknown_step)', 'No step nowhere. (unknown_step)']);
    expect(ms.map((m) => lineOf(text, m.offset))).toEqual([
      lineOf(text, text.indexOf('"activity": "FinBox.Nope"')),
      lineOf(text, text.indexOf('"Timeout"')),
      lineOf(text, text.indexOf('"start"')),
    ]);
    expect(new Set(ms.map((m) => lineOf(text, m.offset))).size).toBe(3);
  });

  it('follows the text as typed, not the document the errors came from', () => {
    const typed = text.replace('"title": "Loan",', '"title": "Loan",\n  "extra": true,');
    const [m] = markersFor(typed, [err('create', 'activity')]);
    expect(typed.slice(m.offset, m.offset + m.length)).toBe('"activity": "FinBox.Nope"');
    expect(lineOf(typed, m.offset)).toBe(lineOf(text, text.indexOf('"activity": "FinBox.Nope"')) + 1);
  });

  it('gives no markers for text that does not parse, nor without errors', () => {
    expect(markersFor(text.slice(0, -3), [err(null, 'start')])).toEqual([]);
    expect(markersFor('{ "id": "x", }', [err(null, 'id')])).toEqual([]);
    expect(markersFor('[1, 2]', [err(null, 'start')])).toEqual([]);
    expect(markersFor('', [err(null, 'start')])).toEqual([]);
    expect(markersFor(text, [])).toEqual([]);
    expect(markersFor(text, undefined)).toEqual([]);
  });

  it('reads paths in dotted, bracketed, pointer and $. forms', () => {
    expect(pathSegments('steps[2].next')).toEqual(['steps', '2', 'next']);
    expect(pathSegments('/steps/2/next')).toEqual(['steps', '2', 'next']);
    expect(pathSegments('$.input[1].name')).toEqual(['input', '1', 'name']);
    expect(pathSegments(null)).toEqual([]);
  });
});
