import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityDescriptor, DefinitionDocument } from '../src/api/types';
import { StepEditor } from '../src/designer/StepEditor';

// Session 46's designer walk: each "Next step per outcome" select sat inside its label, so a screen reader named it by
// the label's whole text, its chosen step included ("Rejected (end the journey)"). The name is the outcome; the chosen
// step is the select's value, read on its own.
const bre = {
  type: 'FinBox.RunBre', title: 'Run BRE', category: 'FinBox', description: '', isWait: false, isOnceOnly: false, isTerminal: false,
  inputs: [], outputs: [], outcomes: ['Approved', 'Rejected'],
} as unknown as ActivityDescriptor;
const end = { ...bre, type: 'Core.End', title: 'End', category: 'Core', isTerminal: true, outcomes: [] } as unknown as ActivityDescriptor;

describe('the step panel\'s next step per outcome', () => {
  it('names each select by its outcome alone', () => {
    const doc: DefinitionDocument = {
      id: 'wf', version: 1, start: 'bre',
      steps: [
        { id: 'bre', activity: 'FinBox.RunBre', inputs: {}, next: { Approved: 'approved' } },
        { id: 'approved', title: 'Approved end', activity: 'Core.End', inputs: { outcome: 'Approved' } },
      ],
    };
    render(<StepEditor doc={doc} step={doc.steps[0]} activities={new Map([['FinBox.RunBre', bre], ['Core.End', end]])} errors={[]}
      onChange={vi.fn()} onRename={vi.fn()} onWire={vi.fn()} onMakeStart={vi.fn()} onRemove={vi.fn()} onClose={vi.fn()} />);
    const approved = screen.getByRole('combobox', { name: 'Approved' }) as HTMLSelectElement;
    const rejected = screen.getByRole('combobox', { name: 'Rejected' }) as HTMLSelectElement;
    expect(approved.dataset.outcome).toBe('Approved');
    expect(approved.value).toBe('approved');
    expect(rejected.value).toBe('');
    expect(rejected.selectedOptions[0].textContent).toBe('(end the journey)');
    // jsdom's name computation leaves an embedded select's option out, Chromium's does not (the browser test
    // DesignerTests.ANextStepSelect_IsNamedByItsOutcomeAlone reads Chromium's): no select is inside its label.
    for (const select of [approved, rejected]) {
      expect(select.closest('label')).toBeNull();
      expect(select.labels?.[0]?.textContent).toBe(select.dataset.outcome);
    }
  });
});
