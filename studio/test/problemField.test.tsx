import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StepEditor } from '../src/designer/StepEditor';
import { problemFieldControl } from '../src/designer/problemField';
import type { ActivityDescriptor, DefinitionDocument, DefinitionStep, ValidationError } from '../src/api/types';

// Walk 49: a problem chosen in the designer's problems list selected its step, but its field stayed below the fold and the
// keyboard stayed in the list. The designer brings the control problemFieldControl finds into view and focuses it.
describe('the control a validation problem names, in the step editor', () => {
  const step: DefinitionStep = { id: 'wait', activity: 'Core.WaitForSignal', inputs: { signal: 'offerConfirmed', timeout: 'ten minutes' }, next: {} };
  const doc: DefinitionDocument = { id: 'pl', version: 1, start: 'wait', steps: [step] };
  const waitAct = {
    type: 'Core.WaitForSignal', title: 'Core.WaitForSignal', category: 'Core', description: '', isWait: true, isOnceOnly: false, isTerminal: false,
    inputs: [{ name: 'signal', type: 'string', required: true, description: '' }, { name: 'timeout', type: 'duration', required: false, description: 'Optional timeout.' }],
    outputs: ['payload', 'received'], outcomes: ['Received', 'Timeout'],
  } as unknown as ActivityDescriptor;
  const activities = new Map([['Core.WaitForSignal', waitAct]]);
  const errors: ValidationError[] = [
    { stepId: 'wait', field: 'inputs.timeout', code: 'InvalidInput', message: "Input 'timeout' must be Duration, but the literal is String." },
    { stepId: 'wait', field: 'id', code: 'UnreachableStep', message: "No path from start step 'createUser' reaches this step." },
  ];
  const editor = () => {
    render(<StepEditor doc={doc} step={step} activities={activities} errors={errors} onChange={() => {}} onRename={() => {}}
      onWire={() => {}} onMakeStart={() => {}} onRemove={() => {}} onClose={() => {}} />);
    return screen.getByTestId('step-editor');
  };

  it('is the input of the field the problem names', () => {
    const box = editor();
    expect(problemFieldControl(box, 'inputs.timeout')).toBe(box.querySelector('[data-testid="step-input"][data-input="timeout"]'));
    expect(problemFieldControl(box, 'id')).toBe(screen.getByTestId('step-id'));
  });

  it('is the nearest field above a deeper path, else the first invalid control, else nothing', () => {
    const box = editor();
    expect(problemFieldControl(box, 'inputs.timeout.value')).toBe(box.querySelector('[data-input="timeout"]'));
    expect(problemFieldControl(box, 'retry.maxAttempts')).toBe(screen.getByTestId('step-id'));
    const empty = document.createElement('section');
    expect(problemFieldControl(empty, 'inputs.timeout')).toBeNull();
  });
});
