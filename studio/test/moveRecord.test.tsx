import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../src/api/types';
import { JournalItem } from '../src/components/journey/JournalItem';
import { summarizeAuditData } from '../src/lib/auditSummary';

// Session 52: a move does not run the journey's waiting step again. When the new version changed that step, the move's journal
// entry and audit entry carry `stepChange` (docs/api.md), and the Studio says in words what the step kept.
const migrated = (data: Record<string, unknown>): JournalEntry =>
  ({ seq: 9, at: '2026-12-07T10:11:12.345Z', kind: 'Migrated', stepId: 'kyc', attempt: 1, data });
const base = { fromVersion: 3, toVersion: 4, fromStep: 'kyc', toStep: 'kyc', stepMap: {}, by: 'ops-priya', reason: 'new KYC template' };
const kept = { stepId: 'kyc', inputsChanged: true, activityChanged: false, keptInputsOf: 3 };
const KEPT = 'kept the wait v3 started at kyc, though v4 gives the step other inputs (a go-to-step back starts it again with them)';

describe("a moved journey's record of what its step kept", () => {
  it('the journal entry says the waiting step kept the wait the old version started', () => {
    render(<ol><JournalItem entry={migrated({ ...base, stepChange: kept })} /></ol>);
    const facts = screen.getByTestId('journal-facts').textContent;
    expect(facts).toContain('version 3 → 4');
    expect(facts).toContain(KEPT);
  });

  it('says nothing extra when the step was the same', () => {
    render(<ol><JournalItem entry={migrated(base)} /></ol>);
    const facts = screen.getByTestId('journal-facts').textContent;
    expect(facts).toContain('version 3 → 4');
    expect(facts).not.toContain('kept');
    expect(facts).not.toContain('inputs');
  });

  it('a Faulted journey kept nothing: its retry runs the new step', () => {
    render(<ol><JournalItem entry={migrated({ ...base, stepChange: { ...kept, keptInputsOf: null } })} /></ol>);
    expect(screen.getByTestId('journal-facts').textContent).toContain('v4 changed the inputs of kyc: a retry runs it with them');
  });

  it('the audit entry says it too, as words rather than the raw object, single or bulk', () => {
    expect(summarizeAuditData('migrate', { fromVersion: 3, toVersion: 4, toStep: 'kyc', stepChange: kept }))
      .toEqual(['version 3 → 4', 'at step kyc', KEPT]);
    expect(summarizeAuditData('bulk-migrate', { batchId: 'B1', fromVersion: 3, toVersion: 4, toStep: 'kyc', stepChange: kept }))
      .toEqual(['version 3 → 4', 'at step kyc', KEPT, 'batch B1']);
    expect(summarizeAuditData('migrate', { fromVersion: 3, toVersion: 4, toStep: 'kyc' })).toEqual(['version 3 → 4', 'at step kyc']);
  });
});
