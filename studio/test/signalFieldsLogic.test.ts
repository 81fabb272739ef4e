// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { WorkflowDefinitionView } from '../src/api/types';
import { addSignalField, buildSignalPayload, declaredSignalFields, fieldsInputValue, readSignalFields, updateSignalField } from '../src/lib/signalFields';

const def = (inputs: Record<string, unknown>, activity = 'Core.WaitForSignal') =>
  ({ id: 'wf', version: 1, steps: [{ id: 'confirm', activity, inputs }] }) as unknown as WorkflowDefinitionView;

describe('a Core.WaitForSignal step\'s declared fields', () => {
  it('are read for the step a journey waits at, every field masked when the whole signal is sensitive', () => {
    const fields = [{ name: 'accountNumber', sensitive: true }, { name: 'ifsc', pattern: '[A-Z]{4}0[A-Z0-9]{6}' }];
    expect(declaredSignalFields(def({ signal: 'bank', fields }), 'confirm').map((f) => [f.name, f.sensitive ?? false])).toEqual([['accountNumber', true], ['ifsc', false]]);
    expect(declaredSignalFields(def({ signal: 'bank', sensitive: true, fields }), 'confirm').every((f) => f.sensitive)).toBe(true);
    expect(declaredSignalFields(def({ signal: 'bank' }), 'confirm')).toEqual([]);
    expect(declaredSignalFields(def({ signal: 'bank', fields }, 'Other.Wait'), 'confirm')).toEqual([]);
    expect(declaredSignalFields(def({ signal: 'bank', fields }), 'elsewhere')).toEqual([]);
    expect(declaredSignalFields(def({ signal: 'bank', fields: '$input.fields' }), 'confirm')).toEqual([]);
  });

  it('build a typed payload, leave out empty fields and name a field that is not of its type', () => {
    const fields = [{ name: 'otp' }, { name: 'amount', type: 'Number' }, { name: 'months', type: 'integer' }, { name: 'ok', type: 'Boolean' }, { name: 'files', type: 'Array' }];
    expect(buildSignalPayload(fields, { otp: '012345', amount: '2500.5', months: '12', ok: 'false', files: '["a"]' }))
      .toEqual({ payload: { otp: '012345', amount: 2500.5, months: 12, ok: false, files: ['a'] }, errors: {} });
    expect(buildSignalPayload(fields, { otp: '', amount: 'lots', months: '1.5', files: '[oops' }).errors)
      .toEqual({ amount: 'amount must be a number.', months: 'months must be a whole number.', files: 'files must be JSON (e.g. ["a"]).' });
    expect(buildSignalPayload(fields, {}).payload).toEqual({});
  });

  it('are edited as the file would be written: empty properties and text-only bounds of a non-text field left out', () => {
    const fields = readSignalFields([{ name: 'otp', type: 'String', pattern: '[0-9]{6}', minLength: 6, required: true }])!;
    expect(updateSignalField(fields, 0, { pattern: '' })).toEqual([{ name: 'otp', type: 'String', minLength: 6, required: true }]);
    expect(updateSignalField(fields, 0, { required: false, sensitive: true })).toEqual([{ name: 'otp', type: 'String', pattern: '[0-9]{6}', minLength: 6, sensitive: true }]);
    expect(updateSignalField(fields, 0, { type: 'Number' })).toEqual([{ name: 'otp', type: 'Number', required: true }]);
    expect(updateSignalField(fields, 0, { minLength: Number.NaN })).toEqual([{ name: 'otp', type: 'String', pattern: '[0-9]{6}', required: true }]);
    expect(addSignalField([{ name: 'field2' }]).map((f) => f.name)).toEqual(['field2', 'field3']);
    expect(fieldsInputValue([])).toBeUndefined();
    expect(readSignalFields('$input.fields')).toBeNull();
    expect(readSignalFields(['otp'])).toBeNull();
  });
});
