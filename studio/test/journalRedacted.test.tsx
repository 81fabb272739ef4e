import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../src/api/types';
import { JournalItem } from '../src/components/journey/JournalItem';

// A journey redacted by retention or a borrower's erasure keeps its journal entries' kinds and times, and the server
// serves every entry's data as null (docs/server.md, "Retention"). Walk 41 (compliance): each lender call of an erased
// borrower's disbursed loan read "no answer" in red, with "Request (masked)" opening on `null`, as if the lender had
// never answered.
const redactedCall: JournalEntry = { seq: 10, at: '2026-12-06T16:55:50.715+00:00', kind: 'LenderCall', stepId: 'createUser', attempt: 1, data: null };

describe("a redacted journey's lender call", () => {
  it('says its details were redacted, not that the lender gave no answer, and offers no empty bodies', () => {
    render(<ul><JournalItem entry={redactedCall} /></ul>);
    const item = screen.getByTestId('lender-call');
    expect(item.getAttribute('data-redacted')).toBe('true');
    expect(item.textContent).not.toContain('no answer');
    expect(within(item).queryByTestId('http-status')).toBeNull();
    expect(within(item).queryByText('Request (masked)')).toBeNull();
    expect(within(item).queryByText('Response (masked)')).toBeNull();
    expect(within(item).getByTestId('call-redacted').textContent).toBe('details redacted');
    expect(item.textContent).toContain('createUser');
    expect(item.textContent).toContain('Lender call');
  });

  it('a recorded call without an HTTP answer still reads "no answer"', () => {
    const dropped: JournalEntry = { ...redactedCall, data: { lender: 'FinBoxPrism', method: 'POST', path: '/v2/user/create', httpStatus: null, error: 'connection_error' } };
    render(<ul><JournalItem entry={dropped} /></ul>);
    const item = screen.getByTestId('lender-call');
    expect(item.getAttribute('data-redacted')).toBeNull();
    expect(within(item).getByTestId('http-status').textContent).toBe('no answer');
  });
});
