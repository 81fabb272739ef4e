import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../src/api/types';
import { StuckJourneys } from '../src/components/dashboard/StuckJourneys';
import { parseHash } from '../src/lib/router';
import { funnel, summary } from './fixtures';

const now = Date.parse('2026-11-21T09:00:00.000Z');
const faulted = (id: string, over: Partial<InstanceSummary> = {}): InstanceSummary => ({ ...summary, id, status: 'Faulted', hasIncident: true, ...over });
const waiting = (id: string, over: Partial<InstanceSummary> = {}): InstanceSummary => ({
  ...summary, id, status: 'Waiting', hasIncident: false, incidentKind: null, currentStep: 'awaitKyc', waitingSince: '2026-11-21T06:00:00.000Z', ...over,
});
const rowsOf = (group: string) => within(screen.getByTestId(`stuck-${group}`)).getAllByTestId('stuck-row');

// Session 49: the list showed waiting journeys only, so a faulted one (an operator's to repair, or a money question to decide)
// never appeared among the stuck, however long it had been left.
describe('the dashboard\'s stuck journeys', () => {
  it('lists the faulted, money questions first, whatever their age, then the long waits, each with its badges and a link', () => {
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 2 }, stuckWaiting: 2,
      stuck: [
        faulted('F-OLD', { incidentKind: 'LenderError', updatedAt: '2026-11-21T08:59:00.000Z' }),
        faulted('F-MONEY', { incidentKind: 'OutcomeUnknown', awaitsDecision: true }),
        waiting('W-LONG'),
        waiting('W-BREAKER', { deferredOn: 'FinBoxPrism', waitingSince: '2026-11-21T07:00:00.000Z' }),
      ],
    }} />);

    expect(rowsOf('faulted').map((r) => r.dataset.instanceId)).toEqual(['F-MONEY', 'F-OLD']);
    expect(rowsOf('waiting').map((r) => r.dataset.instanceId)).toEqual(['W-LONG', 'W-BREAKER']);
    expect(screen.getByTestId('stuck-count').textContent).toBe('4');
    const money = rowsOf('faulted')[0];
    expect(within(money).getByTestId('incident-badge').textContent).toBe('incident: OutcomeUnknown · awaits decision');
    expect(parseHash(within(money).getByTestId('stuck-link').getAttribute('href')!).path).toBe('/journeys/F-MONEY');
    // A minute-old fault is listed (a waiting journey is not stuck before the hour), for as long as it has been faulted.
    expect(rowsOf('faulted')[1].textContent).toContain('1 min');
    expect(within(rowsOf('waiting')[1]).getByTestId('deferred-badge').textContent).toBe('breaker open: FinBoxPrism');
    expect(screen.getByRole('heading', { name: /Waiting longer than 1 h/ })).toBeTruthy();
    expect(screen.queryByTestId('stuck-faulted-all')).toBeNull();
  });

  it('counts all of each kind, and links to the rest in the journeys list when the server listed only the first', () => {
    render(<StuckJourneys stuckAfter={600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 120 }, stuckWaiting: 75,
      stuck: [faulted('F-1'), waiting('W-1')],
    }} />);

    expect(screen.getByTestId('stuck-count').textContent).toBe('195');
    expect(screen.getByTestId('stuck-faulted-count').textContent).toBe('120');
    const faultedAll = parseHash(screen.getByTestId('stuck-faulted-all').getAttribute('href')!);
    expect([faultedAll.path, faultedAll.query.get('workflowId'), faultedAll.query.get('status')]).toEqual(['/journeys', funnel.workflowId, 'Faulted']);
    const waitingAll = parseHash(screen.getByTestId('stuck-waiting-all').getAttribute('href')!);
    expect([waitingAll.query.get('status'), waitingAll.query.get('waitingLongerThan')]).toEqual(['Waiting', '600']);
  });

  it('says nothing is stuck when nothing is faulted and nothing waits past the threshold', () => {
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{ ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 0 }, stuckWaiting: 0, stuck: [] }} />);
    expect(screen.getByText('Nothing is stuck.')).toBeTruthy();
    expect(screen.queryAllByTestId('stuck-row')).toHaveLength(0);
  });
});
