import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../src/api/types';
import { JournalItem } from '../src/components/journey/JournalItem';
import { JOURNAL_KINDS } from '../src/lib/journalKinds';

// docs/api.md's journal "Kinds:" paragraph, up to the activities' own entries: the kinds the server writes under its names.
function documentedKinds(): string[] {
  const doc = readFileSync(resolve(process.cwd(), '../docs/api.md'), 'utf8');
  const start = doc.indexOf('Kinds: `InstanceStarted');
  const end = doc.indexOf("and the activities' own entries", start);
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [...doc.slice(start, end).matchAll(/`([^`]+)`/g)].flatMap((m) => m[1].split(',').map((k) => k.trim())).filter(Boolean);
}

const entry = (seq: number, kind: string, data: Record<string, unknown> | null, stepId: string | null = 'tranche'): JournalEntry =>
  ({ seq, at: '2026-12-01T10:11:12.345Z', kind, stepId, attempt: 1, data });

// Session 45's repair walk read journals with kinds the Studio's list did not have (StepDeferred, OutcomeDecided); each of
// the repairs' kinds renders with its name, words for it, its facts and its details.
describe('journal kinds', () => {
  it("are the kinds docs/api.md lists, each with words", () => {
    expect(Object.keys(JOURNAL_KINDS).sort()).toEqual([...new Set(documentedKinds())].sort());
    expect(Object.values(JOURNAL_KINDS).every((words) => words.length > 0)).toBe(true);
  });

  it.each([
    [entry(1, 'StepDeferred', { errorKind: 'LenderUnavailable', message: 'circuit open', dueAt: '2026-12-01T10:12:12.345Z' }), ['LenderUnavailable', 'runs again at'], "lender's open circuit"],
    [entry(2, 'OutcomeDecided', { incidentId: 'I1', decision: { id: 'D1', sent: true, reference: 'CF-7', at: '2026-12-01T10:11:12.345Z' }, by: 'ops-priya', reason: 'CF confirmed' }), ['sent, lender reference CF-7'], 'money call was sent'],
    [entry(3, 'OutcomeDecided', { incidentId: 'I2', decision: { id: 'D2', sent: false, reference: null, at: '2026-12-01T10:11:12.345Z', then: 'cancel' }, by: 'ops-priya', reason: 'no tranche' }), ['not sent, journey cancelled'], 'money call was sent'],
    [entry(4, 'Migrated', { fromVersion: 1, toVersion: 2, fromStep: 'otp', toStep: 'otp', stepMap: {}, by: 'ops-priya', reason: 'v2 fix' }, 'otp'), ['version 1 → 2', 'at step otp'], 'another version'],
    [entry(5, 'WentToStep', { fromStep: 'kyc', toStep: 'agreement', by: 'ops-priya', reason: 'KYC done by hand' }, 'agreement'), ['kyc → agreement'], 'another step'],
    [entry(6, 'VariablesSet', { names: ['limit', 'tenure'], by: 'ops-priya', reason: 'lender corrected' }, 'kyc'), ['limit, tenure'], 'variables set'],
    [entry(7, 'InstanceAbandoned', { by: 'ada-admin', reason: 'keys lost' }, null), [], 'abandoned'],
  ])('%# renders %s with its name, words, facts and details', (e, facts, words) => {
    render(<ol><JournalItem entry={e} /></ol>);
    const kind = screen.getByTestId('journal-kind');
    expect(kind.textContent).toBe(e.kind);
    expect(kind.getAttribute('title')).toContain(words);
    const shown = screen.queryByTestId('journal-facts');
    facts.forEach((f) => expect(shown?.textContent).toContain(f));
    if (!facts.length) expect(shown).toBeNull();
    expect(screen.getByText('Details')).toBeTruthy();
    if (typeof e.data?.by === 'string') expect(screen.getByTestId('journal-by').textContent).toBe(`by ${e.data.by}`);
  });

  it("an activity's own kind passes through under its name, without words", () => {
    render(<ol><JournalItem entry={entry(8, 'Reconcile', { intent: 'tranche', action: 'resend' })} /></ol>);
    expect(screen.getByTestId('journal-kind').textContent).toBe('Reconcile');
    expect(screen.getByTestId('journal-kind').getAttribute('title')).toBeNull();
  });
});
