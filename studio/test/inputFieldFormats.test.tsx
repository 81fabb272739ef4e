import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DefinitionDocument, DefinitionInputField, ValidationError } from '../src/api/types';
import { WorkflowPanel } from '../src/designer/WorkflowPanel';

// Session 46's designer walk: a new workflow's start input could be given a format (`mobile-in`, `pan`, …) or a pattern
// only by typing them in the JSON view — the workflow panel had name, type and required, nothing else — and the
// server's finding on one (`input[1].format`: not a format it knows) was listed under the whole table.
function panel(input: DefinitionInputField[], errors: ValidationError[] = []) {
  const onChange = vi.fn();
  const doc: DefinitionDocument = { id: 'wf', version: 1, start: '', steps: [], input };
  render(<WorkflowPanel doc={doc} errors={errors} onChange={onChange} />);
  return { onChange, last: () => (onChange.mock.calls.at(-1)![0] as DefinitionDocument).input! };
}

describe('the workflow panel\'s start input fields', () => {
  it('gives a text field a format and a pattern, and leaves them out of the file when emptied', () => {
    const { last } = panel([{ name: 'mobile', type: 'String', required: true }, { name: 'amount', type: 'Number' }]);
    const rows = screen.getAllByTestId('input-field-detail');
    expect(rows).toHaveLength(1); // the Number has neither
    fireEvent.change(screen.getByLabelText('Format of mobile'), { target: { value: 'mobile-in' } });
    expect(last()[0]).toEqual({ name: 'mobile', type: 'String', required: true, format: 'mobile-in' });
    expect(last()[1]).toEqual({ name: 'amount', type: 'Number' });

    fireEvent.change(screen.getByLabelText('Pattern of mobile'), { target: { value: '^[0-9]{10}$' } });
    expect(last()[0]).toEqual({ name: 'mobile', type: 'String', required: true, pattern: '^[0-9]{10}$' });
  });

  it('offers every format the server knows, shows the one set, and drops format and pattern when the type is no longer String', () => {
    const { last } = panel([{ name: 'pan', type: 'String', format: 'pan', pattern: 'X' }]);
    const format = screen.getByLabelText('Format of pan') as HTMLSelectElement;
    expect(format.value).toBe('pan');
    expect([...format.options].map((o) => o.value)).toEqual(['', 'email', 'date', 'pan', 'mobile-in', 'pincode', 'ifsc']);
    fireEvent.change(format, { target: { value: '' } });
    expect(last()[0]).toEqual({ name: 'pan', type: 'String', pattern: 'X' });

    fireEvent.change(screen.getByLabelText('Type of pan'), { target: { value: 'Integer' } });
    expect(last()[0]).toEqual({ name: 'pan', type: 'Integer' });
  });

  it('shows the server\'s finding on a field under that field\'s row, tied to its boxes', () => {
    panel([{ name: 'email', type: 'String' }, { name: 'pin', type: 'String', format: 'pin' }],
      [{ stepId: null, field: 'input[1].format', code: 'BadInput', message: "Unknown format 'pin'. Did you mean 'pincode'?" }]);
    const format = screen.getByLabelText('Format of pin') as HTMLSelectElement;
    expect(format.value).toBe('pin'); // an unknown one is shown as it is, not replaced by "none"
    const detail = screen.getAllByTestId('input-field-detail')[1];
    const message = within(detail).getByText(/Did you mean 'pincode'/);
    expect(format.getAttribute('aria-describedby')).toBe(message.closest('ul')!.id);
    expect(within(screen.getAllByTestId('input-field-detail')[0]).queryByTestId('field-error')).toBeNull();
    expect(screen.getAllByTestId('field-error')).toHaveLength(1); // not listed again under the table
  });
});
