import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { ActivityDescriptor, DefinitionDocument, DefinitionStep, InstanceDetail, ValidationError, WorkflowDefinitionView } from '../src/api/types';
import { SignalForm } from '../src/components/journey/SignalForm';
import { StepEditor } from '../src/designer/StepEditor';
import { summary, waitingDetail } from './fixtures';

afterEach(() => vi.restoreAllMocks());

const fields = [
  { name: 'accountNumber', type: 'String', required: true, pattern: '[0-9]{9,18}', sensitive: true },
  { name: 'ifsc', type: 'String', required: true, description: 'The branch IFSC.' },
  { name: 'consent', type: 'Boolean', required: true },
];

const waitAct = {
  type: 'Core.WaitForSignal', title: 'Core.WaitForSignal', category: 'Core', description: '', isWait: true, isOnceOnly: false, isTerminal: false,
  inputs: [{ name: 'signal', type: 'string', required: true, description: '' }, { name: 'fields', type: 'array', required: false, description: 'The payload fields.' }],
  outputs: ['payload', 'received'], outcomes: ['Received', 'Timeout'],
} as unknown as ActivityDescriptor;

function editor(step: DefinitionStep, errors: ValidationError[] = []) {
  const onChange = vi.fn();
  const doc: DefinitionDocument = { id: 'wf', version: 1, start: step.id, steps: [step] };
  render(<StepEditor doc={doc} step={step} activities={new Map([['Core.WaitForSignal', waitAct]])} errors={errors}
    onChange={onChange} onRename={vi.fn()} onWire={vi.fn()} onMakeStart={vi.fn()} onRemove={vi.fn()} onClose={vi.fn()} />);
  return onChange;
}

describe('the step panel of a Core.WaitForSignal', () => {
  it('edits its payload fields a row each, and writes them back as the fields input', () => {
    const onChange = editor({ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank', fields } });
    const rows = screen.getAllByTestId('signal-field-row');
    expect(rows.map((r) => (within(r).getByTestId('signal-field-name') as HTMLInputElement).value)).toEqual(['accountNumber', 'ifsc', 'consent']);
    expect(within(rows[2]).queryByTestId('signal-field-pattern')).toBeNull(); // a Boolean has no pattern

    fireEvent.change(within(rows[1]).getByTestId('signal-field-pattern'), { target: { value: '[A-Z]{4}0[A-Z0-9]{6}' } });
    const [step, field] = onChange.mock.calls.at(-1)!;
    expect(field).toBe('inputs.fields[1].pattern');
    expect((step as DefinitionStep).inputs!.fields).toEqual([fields[0], { ...fields[1], pattern: '[A-Z]{4}0[A-Z0-9]{6}' }, fields[2]]);

    fireEvent.click(within(rows[0]).getByTestId('signal-field-sensitive'));
    expect(((onChange.mock.calls.at(-1)![0] as DefinitionStep).inputs!.fields as unknown[])[0]).toEqual({ name: 'accountNumber', type: 'String', required: true, pattern: '[0-9]{9,18}' });
  });

  it('adds the first field to a step without any', () => {
    const onChange = editor({ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank' } });
    expect(screen.getByTestId('signal-fields-editor').textContent).toContain('takes any payload');
    fireEvent.click(screen.getByTestId('signal-field-add'));
    expect((onChange.mock.calls.at(-1)![0] as DefinitionStep).inputs).toEqual({ signal: 'bank', fields: [{ name: 'field1', type: 'String', required: true }] });
  });

  // Session 44's walk: a new field started Required and the form did not say so. Decision (docs/studio.md): it stays
  // Required — fail closed — and the form says so before the click and under each field's boxes.
  it('says a new field starts Required, and beside each Required box what it means, either way', () => {
    editor({ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank', fields: [fields[0], { ...fields[1], required: false }] } });
    const add = screen.getByTestId('signal-field-add');
    const hint = screen.getByTestId('signal-field-add-hint');
    expect(hint.textContent).toContain('A new field starts Required');
    expect(add.getAttribute('aria-describedby')).toBe(hint.id);
    const [required, optional] = screen.getAllByTestId('signal-field-row');
    const note = (row: HTMLElement) => within(row).getByTestId('signal-field-required-note');
    expect(note(required).textContent).toBe('Required: a signal without it is refused');
    expect(note(optional).textContent).toBe('Optional: a signal may leave it out');
    expect(within(required).getByTestId('signal-field-required').getAttribute('aria-describedby')).toBe(note(required).id);
  });

  it('removing the last field takes the input away (the step takes any payload again)', () => {
    const onChange = editor({ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank', fields: [fields[1]] } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove field ifsc' }));
    expect((onChange.mock.calls.at(-1)![0] as DefinitionStep).inputs).toEqual({ signal: 'bank' });
  });

  // Walk 44: the two Length boxes had no visible label, only accessible names.
  it('labels both Length boxes visibly, under a group named Length, each naming its field for a screen reader', () => {
    editor({ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank', fields } });
    const row = screen.getAllByTestId('signal-field-row')[1];
    const group = within(row).getByRole('group', { name: /^Length/ });
    const min = within(group).getByTestId('signal-field-min');
    const max = within(group).getByTestId('signal-field-max');
    expect(within(group).getByLabelText('At least (ifsc)')).toBe(min);
    expect(within(group).getByLabelText('At most (ifsc)')).toBe(max);
    // The visible words are in the label's text, not only in an aria-label.
    expect(min.closest('label')!.textContent).toContain('At least');
    expect(max.closest('label')!.textContent).toContain('At most');
    expect(min.getAttribute('aria-label')).toBeNull();
  });

  it('shows each compiler error under the field it names', () => {
    editor({ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank', fields } }, [
      { stepId: 'confirm', field: 'inputs.fields[1].pattern', code: 'InvalidInput', message: "Pattern '[0-9' is not a regular expression the engine can run" },
    ]);
    const rows = screen.getAllByTestId('signal-field-row');
    expect(rows[1].textContent).toContain('is not a regular expression');
    expect(rows[0].textContent).not.toContain('is not a regular expression');
  });
});

describe('the send-signal form of a journey waiting at a step that declares its fields', () => {
  const detail: InstanceDetail = { ...waitingDetail, waitingFor: [{ kind: 'signal', key: 'bank-account', dueAt: null, sensitive: true, purpose: null, stepId: 'confirm', deferredOn: null }] };
  const def = { id: 'wf', version: 1, steps: [{ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank-account', fields } }] } as unknown as WorkflowDefinitionView;

  it('has an input per field, the sensitive one masked and cleared after sending, and sends the typed payload', async () => {
    const send = vi.spyOn(api, 'sendSignal').mockResolvedValue(summary);
    render(<SignalForm detail={detail} def={def} onDone={vi.fn()} />);
    const form = screen.getByTestId('signal-form');
    const input = (name: string) => within(form).getAllByTestId('signal-field').find((e) => e.getAttribute('data-field') === name) as HTMLInputElement;
    expect(within(form).queryByTestId('signal-payload')).toBeNull();
    expect(input('accountNumber').type).toBe('password');
    expect(input('ifsc').type).toBe('text');
    expect(form.textContent).toContain('Form: [0-9]{9,18}');

    fireEvent.change(input('accountNumber'), { target: { value: '507918273645' } });
    fireEvent.change(input('ifsc'), { target: { value: 'HDFC0001234' } });
    fireEvent.change(input('consent'), { target: { value: 'true' } });
    fireEvent.click(within(form).getByTestId('signal-send'));

    await waitFor(() => expect(send).toHaveBeenCalledWith(detail.id, 'bank-account', { accountNumber: '507918273645', ifsc: 'HDFC0001234', consent: true }));
    await screen.findByTestId('signal-result');
    expect(input('accountNumber').value).toBe('');
    expect(input('ifsc').value).toBe('HDFC0001234');
  });

  // Walk 44: the form kept the name of the signal it had sent (otp) once the journey waited for another one.
  it('follows the journey to its next wait: the OTP box gives way to the declared fields, and sends the new signal', async () => {
    const send = vi.spyOn(api, 'sendSignal').mockResolvedValue(summary);
    const atOtp: InstanceDetail = { ...detail, waitingFor: [{ kind: 'signal', key: 'otp', dueAt: null, sensitive: true, purpose: null, stepId: 'otp', deferredOn: null }] };
    const { rerender } = render(<SignalForm detail={atOtp} def={def} onDone={vi.fn()} />);
    expect(screen.getByTestId('signal-secret')).toBeTruthy();
    rerender(<SignalForm detail={detail} def={def} onDone={vi.fn()} />);
    expect(screen.queryByTestId('signal-secret')).toBeNull();
    expect((screen.getByTestId('signal-name') as HTMLSelectElement).value).toBe('bank-account');
    const form = screen.getByTestId('signal-form');
    const input = (name: string) => within(form).getAllByTestId('signal-field').find((e) => e.getAttribute('data-field') === name) as HTMLInputElement;
    fireEvent.change(input('accountNumber'), { target: { value: '507918273645' } });
    fireEvent.change(input('ifsc'), { target: { value: 'HDFC0001234' } });
    fireEvent.change(input('consent'), { target: { value: 'false' } });
    fireEvent.click(within(form).getByTestId('signal-send'));
    await waitFor(() => expect(send).toHaveBeenCalledWith(detail.id, 'bank-account', { accountNumber: '507918273645', ifsc: 'HDFC0001234', consent: false }));
    await screen.findByTestId('signal-result');
  });

  // Walk 44: the server's 400 naming a declared field went to the problem box, away from the field.
  it("shows the server's 400 under the field it names, moves the focus there, and keeps the box for what names no field", async () => {
    const refusal = (errors: Record<string, string[]>) => new ApiError({ title: 'Invalid request', status: 400, detail: "The payload of signal 'bank-account' is not valid.", code: 'signal_payload_invalid', errors });
    const send = vi.spyOn(api, 'sendSignal').mockRejectedValueOnce(refusal({ ifsc: ["'ifsc' must match [A-Z]{4}0[A-Z0-9]{6}."] }));
    render(<SignalForm detail={detail} def={def} onDone={vi.fn()} />);
    const form = screen.getByTestId('signal-form');
    const input = (name: string) => within(form).getAllByTestId('signal-field').find((e) => e.getAttribute('data-field') === name) as HTMLInputElement;
    fireEvent.change(input('accountNumber'), { target: { value: '507918273645' } });
    fireEvent.change(input('ifsc'), { target: { value: 'hdfc' } });
    fireEvent.click(within(form).getByTestId('signal-send'));
    const under = await within(form).findByTestId('signal-field-error');
    expect(under.getAttribute('data-field')).toBe('ifsc');
    expect(under.textContent).toBe("'ifsc' must match [A-Z]{4}0[A-Z0-9]{6}.");
    expect(input('ifsc').getAttribute('aria-invalid')).toBe('true');
    expect(input('ifsc').getAttribute('aria-describedby')).toContain(under.id);
    await waitFor(() => expect(document.activeElement).toBe(input('ifsc')));
    expect(within(form).queryByTestId('problem')).toBeNull();

    // A problem naming no field of the form (the body) stays in the box, and the field's own error beside the field.
    send.mockRejectedValueOnce(refusal({ ifsc: ['Bad.'], body: ['Not an object.'] }));
    fireEvent.click(within(form).getByTestId('signal-send'));
    const box = await within(form).findByTestId('problem');
    expect(box.textContent).toContain('Not an object.');
    expect(box.textContent).not.toContain('Bad.');
    expect(within(form).getByTestId('signal-field-error').textContent).toBe('Bad.');
  });

  // Session 44's walk: a field's message stayed until the next send, though the field had been corrected.
  it("takes a field's message away when that field is edited, the others' stay, and the next refusal shows again", async () => {
    const refusal = () => new ApiError({ title: 'Invalid request', status: 400, detail: 'Not valid.', code: 'signal_payload_invalid',
      errors: { accountNumber: ['Must match [0-9]{9,18}.'], ifsc: ['Must match the IFSC form.'] } });
    const send = vi.spyOn(api, 'sendSignal').mockRejectedValueOnce(refusal()).mockRejectedValueOnce(refusal());
    render(<SignalForm detail={detail} def={def} onDone={vi.fn()} />);
    const form = screen.getByTestId('signal-form');
    const input = (name: string) => within(form).getAllByTestId('signal-field').find((e) => e.getAttribute('data-field') === name) as HTMLInputElement;
    const shown = () => within(form).queryAllByTestId('signal-field-error').map((e) => e.getAttribute('data-field'));
    fireEvent.change(input('accountNumber'), { target: { value: '12' } });
    fireEvent.change(input('ifsc'), { target: { value: 'hdfc' } });
    fireEvent.change(input('consent'), { target: { value: 'true' } });
    fireEvent.click(within(form).getByTestId('signal-send'));
    await waitFor(() => expect(shown()).toEqual(['accountNumber', 'ifsc']));

    fireEvent.change(input('ifsc'), { target: { value: 'HDFC0001234' } });
    expect(shown()).toEqual(['accountNumber']);
    expect(input('ifsc').getAttribute('aria-invalid')).toBeNull();
    expect(input('ifsc').getAttribute('aria-describedby') ?? '').not.toContain('error');
    expect(input('accountNumber').getAttribute('aria-invalid')).toBe('true');

    // The next refusal is a new answer: its messages show whatever was edited before.
    fireEvent.change(input('accountNumber'), { target: { value: '34' } });
    expect(shown()).toEqual([]);
    fireEvent.click(within(form).getByTestId('signal-send'));
    await waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(shown()).toEqual(['accountNumber', 'ifsc']));

  });

  it("takes the form's own message for a field (not a number) away when that field is edited", () => {
    const send = vi.spyOn(api, 'sendSignal').mockResolvedValue(summary);
    const numbered = { ...def, steps: [{ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'bank-account', fields: [{ name: 'amount', type: 'Number', required: true }] } }] } as unknown as WorkflowDefinitionView;
    render(<SignalForm detail={detail} def={numbered} onDone={vi.fn()} />);
    const form = screen.getByTestId('signal-form');
    fireEvent.change(within(form).getByTestId('signal-field'), { target: { value: 'ten' } });
    fireEvent.click(within(form).getByTestId('signal-send'));
    expect(within(form).getByTestId('signal-field-error').textContent).toBe('amount must be a number.');
    fireEvent.change(within(form).getByTestId('signal-field'), { target: { value: '10' } });
    expect(within(form).queryByTestId('signal-field-error')).toBeNull();
    expect(send).not.toHaveBeenCalled();
  });

  it('keeps the JSON payload box for a step without a declaration', () => {
    const plain = { ...detail, waitingFor: [{ ...detail.waitingFor[0], sensitive: false, key: 'decision' }] };
    const bare = { ...def, steps: [{ id: 'confirm', activity: 'Core.WaitForSignal', inputs: { signal: 'decision' } }] } as unknown as WorkflowDefinitionView;
    render(<SignalForm detail={plain} def={bare} onDone={vi.fn()} />);
    expect(screen.getByTestId('signal-payload')).toBeTruthy();
    expect(screen.queryByTestId('signal-fields')).toBeNull();
  });
});
