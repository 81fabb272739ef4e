import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { InstanceList } from '../src/api/types';
import { JourneysPage } from '../src/pages/Journeys';
import { summary } from './fixtures';
import { renderAs } from './renderAs';

const render = (ui: ReactElement) => renderAs('Operator', ui);

afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

// Session 47's walk: the list showed "incident" without its kind, so *Retry incidents…* counted the money questions the
// server then refused (awaits_decision), and after the bulk retry those stayed selected and were offered again.
const question = { ...summary, id: 'I-Q', incidentKind: 'OutcomeUnknown', awaitsDecision: true };
const list: InstanceList = {
  items: [
    { ...summary, id: 'I-R', incidentKind: 'LenderUnavailable', awaitsDecision: false },
    question,
    { ...summary, id: 'I-T', incidentKind: 'TakenElsewhere', awaitsDecision: false },
    { ...summary, id: 'I-W', status: 'Waiting', hasIncident: false, incidentKind: null, awaitsDecision: false, waitingSince: '2026-11-21T07:00:00.000Z' },
  ],
  total: 4,
  countsByStatus: { Running: 0, Waiting: 1, Completed: 0, Faulted: 3, Cancelled: 0 },
  next: null,
};

describe('the journeys list and its incidents’ kinds', () => {
  it('names each open incident’s kind, and which awaits a decision', async () => {
    vi.spyOn(api, 'listInstances').mockResolvedValue(list);
    render(<JourneysPage query={new URLSearchParams()} />);
    const rows = await screen.findAllByTestId('instance-row');
    expect(rows.map((r) => within(r).queryByTestId('incident-badge')?.textContent ?? null)).toEqual([
      'incident: LenderUnavailable', 'incident: OutcomeUnknown · awaits decision', 'incident: TakenElsewhere', null]);
    expect(rows[1].getAttribute('aria-label')).toBe('Journey I-Q, Faulted, has incident OutcomeUnknown, awaits a decision');
  });

  it('counts and retries only the retryable incidents, and deselects the journeys the retry was sent for', async () => {
    vi.spyOn(api, 'listInstances').mockResolvedValue(list);
    // I-T became a money question after the list was read: the server refuses it.
    const retry = vi.spyOn(api, 'bulkRetry').mockResolvedValue({ results: [
      { id: 'I-R', ok: true, error: null, code: null },
      { id: 'I-T', ok: false, error: 'The incident awaits a decision: answer it on the journey.', code: 'awaits_decision' },
    ] });
    render(<JourneysPage query={new URLSearchParams()} />);
    await screen.findAllByTestId('instance-row');
    fireEvent.click(screen.getByLabelText('Select all journeys on this page'));

    expect(screen.getByTestId('bulk-retry').textContent).toBe('Retry incidents… (2)');
    fireEvent.click(screen.getByTestId('bulk-retry'));
    const dialog = screen.getByRole('dialog', { name: 'Retry the incidents of 2 journeys?' });
    expect(within(dialog).getByTestId('retry-left-out').textContent).toContain('1 selected journey asks');
    fireEvent.change(within(dialog).getByTestId('retry-reason'), { target: { value: 'lender back' } });
    fireEvent.click(within(dialog).getByTestId('confirm-button'));

    await waitFor(() => expect(retry).toHaveBeenCalledWith(['I-R', 'I-T'], 'lender back'));
    await screen.findByTestId('bulk-result');
    // The journey refused (it became a question meanwhile) links to where it is answered.
    expect(screen.getByTestId('bulk-refused-link').getAttribute('href')).toBe('#/journeys/I-T');
    // The refused I-T is deselected with the retried I-R; the question and the waiting journey were not sent and stay.
    const checked = screen.getAllByRole('checkbox', { name: /^Select journey / }).filter((c) => (c as HTMLInputElement).checked)
      .map((c) => c.getAttribute('aria-label'));
    expect(checked).toEqual(['Select journey I-Q', 'Select journey I-W']);
    expect(screen.getByTestId('bulk-retry').textContent).toBe('Retry incidents…');
    expect((screen.getByTestId('bulk-retry') as HTMLButtonElement).disabled).toBe(true);
  });
});
