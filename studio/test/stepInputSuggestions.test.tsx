import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ActivityDescriptor, DefinitionDocument } from '../src/api/types';
import { StepEditor } from '../src/designer/StepEditor';
import { offeredBindings } from '../src/designer/model';

// Walk 42 (a top-up journey built from an empty draft): the empty `mobile` box of FinBox.CreateUser showed
// `$input.customerId` as its placeholder, and every `any` input of the token share did too — grey text that reads as
// the box's default, and the wrong binding.
const act = (type: string, inputs: [string, string][], outputs: string[] = []) => ({
  type, title: type, category: 'FinBox', description: '', isWait: false, isOnceOnly: false, isTerminal: false,
  inputs: inputs.map(([name, t]) => ({ name, type: t, required: false, description: '' })),
  outputs: outputs.map((name) => ({ name, type: 'any' })), outcomes: ['Done'],
}) as unknown as ActivityDescriptor;

const activities = new Map<string, ActivityDescriptor>([
  ['FinBox.CreateUser', act('FinBox.CreateUser', [['customerId', 'string'], ['mobile', 'string']])],
  ['FinBox.Disburse', act('FinBox.Disburse', [['customerId', 'string']], ['referenceID', 'utrNumber', 'loanAccountNumber'])],
  ['Partner.ShareToken', act('Partner.ShareToken', [['partnerToken', 'string'], ['amountSanctioned', 'any'], ['loanAccountNumber', 'any']])],
]);

const doc: DefinitionDocument = {
  id: 'topup', version: 1, start: 'createUser',
  input: [{ name: 'customerId', type: 'String', required: true }, { name: 'mobile', type: 'String', required: true }],
  steps: [
    { id: 'createUser', activity: 'FinBox.CreateUser', next: { Done: 'disburse' } },
    { id: 'disburse', activity: 'FinBox.Disburse', next: { Done: 'share' } },
    { id: 'share', activity: 'Partner.ShareToken' },
  ],
};

function boxes(stepIndex: number) {
  render(<StepEditor doc={doc} step={doc.steps[stepIndex]} activities={activities} errors={[]}
    onChange={vi.fn()} onRename={vi.fn()} onWire={vi.fn()} onMakeStart={vi.fn()} onRemove={vi.fn()} onClose={vi.fn()} />);
  const box = (name: string) => screen.getAllByTestId('step-input').find((e) => e.getAttribute('data-input') === name) as HTMLInputElement;
  const listed = (name: string) => [...document.getElementById(box(name).getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value);
  return { box, listed };
}

describe('what an empty step input box suggests', () => {
  it('suggests the start input named like the box, never another field of the same type', () => {
    const { box, listed } = boxes(0);
    expect(box('customerId').placeholder).toBe('$input.customerId');
    expect(box('mobile').placeholder).toBe('$input.mobile');
    expect(listed('mobile')[0]).toBe('$input.mobile');
  });

  it('suggests an earlier output named like the box, and no binding when none is: the hint of what to type instead', () => {
    const { box, listed } = boxes(2);
    expect(box('loanAccountNumber').placeholder).toBe('$steps.disburse.output.loanAccountNumber');
    expect(box('amountSanctioned').placeholder).toBe('JSON value or $binding');
    expect(box('partnerToken').placeholder).toBe('text or {{ template }}');
    // Every fitting binding is still offered in the box's list.
    expect(listed('amountSanctioned')).toEqual(['$input.customerId', '$input.mobile', '$steps.disburse.output.referenceID',
      '$steps.disburse.output.utrNumber', '$steps.disburse.output.loanAccountNumber']);
  });

  it('puts the named bindings first, by the last segment with case ignored, and keeps the others in order', () => {
    const o = (value: string) => ({ value, label: value, type: 'any' });
    const { options, suggested } = offeredBindings('referenceId', [o('$input.a'), o('$steps.x.output.referenceID'), o('$input.b')]);
    expect(options.map((x) => x.value)).toEqual(['$steps.x.output.referenceID', '$input.a', '$input.b']);
    expect(suggested?.value).toBe('$steps.x.output.referenceID');
    expect(offeredBindings('amount', [o('$input.a')]).suggested).toBeUndefined();
  });
});
