import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../src/api/types';
import { AbandonPanel } from '../src/components/journey/AbandonPanel';

const JOURNEY = '01JABANDON000000000000001';

// The InstanceAbandoned entry as the engine journals it (WorkflowClient.Abandon.cs); `inThisBuild` absent from entries
// written before the server sent it.
const abandonedEntry = (compensationsNotRun: unknown[]): JournalEntry => ({
  seq: 9, at: '2026-12-06T10:00:00Z', kind: 'InstanceAbandoned', stepId: null, attempt: null,
  data: { reason: 'keys lost in the March restore', by: 'admin-asha', atStep: 'otp', compensationsNotRun, unresolvedIntents: [] },
});

describe("a journey's abandon panel, once abandoned", () => {
  it('says which compensations not run this build lacks, as the bulk abandon dialog does', () => {
    render(<AbandonPanel id={JOURNEY} onDone={() => {}} journal={[abandonedEntry([
      { stepId: 'block', activity: 'CapitalFloat.CancelBlock', inThisBuild: true },
      { stepId: 'hold', activity: 'Gone.ReleaseHold', inThisBuild: false },
      { stepId: 'older', activity: 'CapitalFloat.Reverse' },
    ])]} />);
    const items = within(screen.getByTestId('abandoned-compensations')).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'CapitalFloat.CancelBlock for step block',
      'Gone.ReleaseHold for step hold (not in this build)',
      'CapitalFloat.Reverse for step older',
    ]);
  });
});
