import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityDescriptor, DefinitionDocument } from '../src/api/types';
import { StepEditor } from '../src/designer/StepEditor';
import { renameStep, stepIdRefusal } from '../src/designer/model';
import { designerReducer, initialState } from '../src/designer/state';

const wait = { type: 'Core.Wait', category: 'Core', description: '', inputs: [], outputs: [], outcomes: ['Received'] } as unknown as ActivityDescriptor;
const doc: DefinitionDocument = {
  id: 'flow', version: 1, start: 'decide',
  steps: [{ id: 'decide', activity: 'Core.Wait', next: { Received: 'accept' } }, { id: 'accept', activity: 'Core.Wait' }],
};

function editor() {
  const onRename = vi.fn();
  render(<StepEditor doc={doc} step={doc.steps[0]} activities={new Map([['Core.Wait', wait]])} errors={[]}
    onChange={vi.fn()} onRename={onRename} onWire={vi.fn()} onMakeStart={vi.fn()} onRemove={vi.fn()} onClose={vi.fn()} />);
  return { onRename, field: screen.getByTestId('step-id') as HTMLInputElement };
}

describe('renaming a step in its panel', () => {
  it.each([
    ['credit decision', "'credit decision' is not a step id"],
    ['accept', "Another step is already called 'accept'"],
    ['', 'A step needs an id'],
  ])('keeps %j in the field with the reason, and renames nothing', (typed, reason) => {
    const { onRename, field } = editor();
    fireEvent.change(field, { target: { value: typed } });
    fireEvent.blur(field);
    expect(onRename).not.toHaveBeenCalled();
    expect(field.value).toBe(typed);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('field-error').textContent).toContain(reason);
    expect(field.getAttribute('aria-describedby')).toBe(screen.getByTestId('field-error').id);
  });

  it('renames on Enter with an id that can be taken, and shows no reason', () => {
    const { onRename, field } = editor();
    fireEvent.change(field, { target: { value: 'creditDecision' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(onRename).toHaveBeenCalledWith('creditDecision');
    expect(screen.queryByTestId('field-error')).toBeNull();
  });

  it('says why an id is refused, and nothing for the same id or a free one', () => {
    expect(stepIdRefusal(doc, 'decide', 'decide')).toBeNull();
    expect(stepIdRefusal(doc, 'decide', 'credit_decision-2')).toBeNull();
    expect(stepIdRefusal(doc, 'decide', 'a.b')).toContain("'a.b' is not a step id");
  });

  // One set of rules: the reducer's rename (renameStep) refuses exactly the ids the panel refuses, so a rename that
  // reached it some other way could never write an id the panel would call invalid.
  it.each(['credit decision', 'a.b', 'accept', ''])('renameStep refuses %j as stepIdRefusal does', (to) => {
    expect(stepIdRefusal(doc, 'decide', to)).not.toBeNull();
    expect(renameStep(doc, 'decide', to)).toBe(doc);
    const state = initialState(doc);
    expect(designerReducer(state, { type: 'rename', from: 'decide', to })).toBe(state);
  });

  it('renameStep takes every id stepIdRefusal allows', () => {
    expect(stepIdRefusal(doc, 'decide', 'credit_decision-2')).toBeNull();
    expect(renameStep(doc, 'decide', 'credit_decision-2').steps.map((s) => s.id)).toEqual(['credit_decision-2', 'accept']);
  });
});
