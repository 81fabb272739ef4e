import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { DefinitionDocument } from '../src/api/types';
import { CompareVersions, defaultSides, parseSide } from '../src/components/definitions/CompareVersions';
import { changedStepFields } from '../src/designer/model';
import { personalLoan } from './fixtures';

const v1: DefinitionDocument = {
  id: 'loan', version: 1, title: 'Loan', start: 'kyc',
  steps: [
    { id: 'kyc', activity: 'FinBox.CreateUser', inputs: { customerID: '$input.customerId', mobile: '$input.mobile' }, next: { Done: 'review', Rejected: 'end' },
      retry: { maxAttempts: 3 } } as never,
    { id: 'review', activity: 'Core.WaitForSignal', next: { Done: 'end' } } as never,
    { id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } } as never,
  ],
};
const v2: DefinitionDocument = {
  ...v1, version: 2,
  steps: [
    { id: 'kyc', activity: 'FinBox.CreateUser', inputs: { customerID: '$input.customerRef', mobile: '$input.mobile' }, next: { Done: 'pause', Rejected: 'end' },
      retry: { maxAttempts: 5 } } as never,
    { id: 'pause', activity: 'Core.Delay', next: { Done: 'end' } } as never,
    { id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } } as never,
  ],
};
const draftDoc: DefinitionDocument = { ...v2, title: 'Loan (draft)' };

afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

describe('compare two versions of a workflow', () => {
  beforeEach(() => {
    vi.spyOn(api, 'getWorkflow').mockResolvedValue({ ...personalLoan, id: 'loan', version: 2, versions: [1, 2] });
    vi.spyOn(api, 'getDraft').mockResolvedValue({ id: 'loan', revision: 9, contentHash: 'h', savedBy: 'ana', savedAt: '2026-12-06T08:10:00.000Z', valid: true, errors: [], definition: draftDoc });
    vi.spyOn(api, 'exportDefinition').mockImplementation((_id, version) => Promise.resolve(version === 1 ? v1 : v2));
  });

  it('lists the steps added, removed and changed, with the changed bindings, transitions and retry, beside the line diff', async () => {
    render(<CompareVersions id="loan" query={new URLSearchParams('from=1&to=2')} />);
    const result = await screen.findByTestId('compare-result');
    expect(api.exportDefinition).toHaveBeenCalledWith('loan', 1);
    expect(api.exportDefinition).toHaveBeenCalledWith('loan', 2);
    const summary = within(result).getByTestId('version-changes-summary');
    expect(summary.textContent).toContain('Steps added in v2: pause');
    expect(summary.textContent).toContain('Steps not in v2: review');
    const kyc = within(summary).getByTestId('changed-step');
    expect(kyc.dataset.stepId).toBe('kyc');
    expect(kyc.textContent).toBe('kyc: inputs.customerID, next.Done, retry');
    const diff = within(result).getByTestId('json-diff');
    expect(within(diff).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['v1', 'v2']);
    expect(diff.textContent).toContain('"maxAttempts": 5');
  });

  it('compares the latest version with the draft by default, and a chosen side goes into the URL', async () => {
    render(<CompareVersions id="loan" query={new URLSearchParams()} />);
    const result = await screen.findByTestId('compare-result');
    expect(result.dataset.from).toBe('2');
    expect(result.dataset.to).toBe('draft');
    expect(within(result).getByTestId('version-changes-summary').textContent).toContain('Also changed: title');
    expect(screen.getByRole('heading', { name: 'What changed from v2 to the draft' })).toBeTruthy();
    fireEvent.change(screen.getByTestId('compare-from'), { target: { value: '1' } });
    await waitFor(() => expect(window.location.hash).toBe('#/definitions/loan/compare?from=1&to=draft'));
  });

  it('reads the sides from the URL and falls back to the latest and the one before', () => {
    expect(parseSide('3')).toBe(3);
    expect(parseSide('draft')).toBe('draft');
    expect(parseSide('0')).toBeUndefined();
    expect(parseSide('x')).toBeUndefined();
    expect(defaultSides([1, 2, 3], false)).toEqual({ from: 2, to: 3 });
    expect(defaultSides([1, 2, 3], true)).toEqual({ from: 3, to: 'draft' });
    expect(defaultSides([1, 2, 3], false, undefined, 2)).toEqual({ from: 1, to: 2 });
    expect(defaultSides([1], false)).toEqual({ from: 1, to: 1 });
  });

  it('names the fields changed inside a step: bindings and transitions by name, other properties whole', () => {
    expect(changedStepFields({ id: 's', inputs: { a: 1, b: 2 }, next: { Done: 'x' }, timeout: '00:01:00' },
      { id: 's', inputs: { a: 1, c: 3 }, next: { Done: 'y', Failed: 'z' }, compensation: { activity: 'Undo' } }))
      .toEqual(['inputs.b', 'inputs.c', 'next.Done', 'next.Failed', 'timeout', 'compensation']);
  });
});
