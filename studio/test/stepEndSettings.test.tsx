import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityDescriptor, DefinitionDocument, DefinitionStep } from '../src/api/types';
import { StepEditor } from '../src/designer/StepEditor';

// Walk 42: the panel of a Core.End step offered a retry policy, a timeout and a compensation, none of which does anything
// on a step that ends the journey (it cannot fail or wait, and a completed journey is never cancelled).
const act = (type: string, isTerminal: boolean) => ({
  type, title: type, category: 'Core', description: '', isWait: false, isOnceOnly: false, isTerminal,
  inputs: [{ name: 'outcome', type: 'string', required: true, description: '' }], outputs: [], outcomes: isTerminal ? [] : ['Done'],
}) as unknown as ActivityDescriptor;

const activities = new Map<string, ActivityDescriptor>([['Core.End', act('Core.End', true)], ['Test.Call', act('Test.Call', false)]]);

function panel(step: DefinitionStep) {
  const doc: DefinitionDocument = { id: 'wf', version: 1, start: step.id, steps: [step] };
  render(<StepEditor doc={doc} step={step} activities={activities} errors={[]}
    onChange={vi.fn()} onRename={vi.fn()} onWire={vi.fn()} onMakeStart={vi.fn()} onRemove={vi.fn()} onClose={vi.fn()} />);
  return {
    retry: screen.queryByText('Retry policy'),
    timeout: screen.queryByTestId('step-timeout'),
    compensation: screen.queryByText(/^Compensation/),
  };
}

describe('the step panel of a step that ends the journey', () => {
  it('shows no retry, timeout or compensation for Core.End', () => {
    const { retry, timeout, compensation } = panel({ id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } });
    expect([retry, timeout, compensation]).toEqual([null, null, null]);
  });

  it('shows them for any other activity', () => {
    const { retry, timeout, compensation } = panel({ id: 'call', activity: 'Test.Call', inputs: {} });
    expect([retry, timeout, compensation].every((e) => e !== null)).toBe(true);
  });

  it('still shows one that is set on a Core.End step, so it can be removed', () => {
    const { retry, timeout, compensation } = panel({ id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' }, timeout: 'PT5S' });
    expect([retry, compensation]).toEqual([null, null]);
    expect((timeout as HTMLInputElement).value).toBe('PT5S');
  });
});
