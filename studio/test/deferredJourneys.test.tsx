import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BulkOutcome } from '../src/components/journeys/BulkOutcome';
import { WaitingPanel } from '../src/components/journey/WaitingPanel';
import { filtersFromSearchParams, filtersToSearchParams, toBulkFilter } from '../src/lib/filters';
import { FunnelView } from '../src/pages/Dashboard';
import { funnel, summary } from './fixtures';

afterEach(() => {
  vi.restoreAllMocks();
});

// Session 48: a journey waiting out a lender's open circuit breaker (a deferred step: no incident, no attempt spent) could not
// be found or told apart; the dashboard's stuck list said "incident" without its kind; a bulk retry's "already under way" was
// no different from any failure.
describe('journeys waiting out an open breaker', () => {
  it('keeps deferredOn in the list URL and in a bulk filter, as the API names it', () => {
    const f = filtersFromSearchParams(new URLSearchParams('deferredOn=FinBoxPrism&workflowId=w'));
    expect(f.deferredOn).toBe('FinBoxPrism');
    expect(filtersToSearchParams({ deferredOn: ' any ' }).toString()).toBe('deferredOn=any');
    expect(toBulkFilter({ deferredOn: 'Partners:acme' })).toEqual({ deferredOn: 'Partners:acme' });
  });

  it('says on the journey why its step waits and until when', () => {
    const due = '2026-11-21T08:05:00.000Z';
    render(<WaitingPanel now={Date.parse('2026-11-21T07:05:00.000Z')}
      waiting={[{ kind: 'timer', key: null, dueAt: due, sensitive: false, purpose: '$retry', stepId: 'createUser', deferredOn: 'FinBoxPrism' }]}
      deferral={{ stepId: 'createUser', waitingOn: 'FinBoxPrism', errorKind: 'LenderUnavailable', dueAt: due, attempt: 2 }} />);
    const deferral = screen.getByTestId('deferral');
    expect(deferral.textContent).toMatch(/createUser waits out FinBoxPrism's open circuit breaker \(LenderUnavailable\) until .+ \(in 1 h/);
    expect(deferral.textContent).toContain('no attempt is spent (still attempt 2)');
    const timer = within(screen.getByTestId('waiting-for')).getByText(/breaker open: FinBoxPrism/);
    expect(timer.closest('li')?.textContent).toContain('runs again');
  });

  it('shows a plain retry back-off as before', () => {
    render(<WaitingPanel now={0} waiting={[{ kind: 'timer', key: null, dueAt: '2026-11-21T08:05:00.000Z', sensitive: false, purpose: '$retry', stepId: 'a', deferredOn: null }]} />);
    expect(screen.queryByTestId('deferral')).toBeNull();
    expect(screen.getByTestId('waiting-for').textContent).toContain('retry back-off');
  });
});

describe('the dashboard', () => {
  it('counts the journeys waiting on an open breaker, in all and per API, each opening the list of them', () => {
    render(<FunnelView funnel={{ ...funnel, deferredOn: { CapitalFloat: 1, FinBoxPrism: 3 } }} def={null} stuckAfter={3600} />);
    const all = screen.getByTestId('kpi-deferred');
    expect(all.dataset.count).toBe('4');
    expect(all.getAttribute('href')).toContain('deferredOn=any');
    const perApi = screen.getAllByTestId('kpi-deferred-api');
    expect(perApi.map((a) => [a.dataset.api, a.dataset.count])).toEqual([['FinBoxPrism', '3'], ['CapitalFloat', '1']]);
    expect(perApi[0].getAttribute('href')).toContain('deferredOn=FinBoxPrism');
  });

  it('reads 0 with no journey deferred', () => {
    render(<FunnelView funnel={funnel} def={null} stuckAfter={3600} />);
    expect(screen.getByTestId('kpi-deferred').dataset.count).toBe('0');
    expect(screen.queryAllByTestId('kpi-deferred-api')).toHaveLength(0);
  });

  it('names the stuck journeys’ incident kinds and the money questions, and the deferred ones’ API', () => {
    render(<FunnelView def={null} stuckAfter={3600} funnel={{ ...funnel, stuck: [
      { ...summary, id: 'S-Q', status: 'Faulted', incidentKind: 'OutcomeUnknown', awaitsDecision: true },
      { ...summary, id: 'S-M', status: 'Faulted', incidentKind: 'PartnerApiMisconfigured', awaitsDecision: false },
      { ...summary, id: 'S-D', status: 'Waiting', hasIncident: false, incidentKind: null, deferredOn: 'FinBoxPrism', waitingSince: '2026-11-20T07:00:00.000Z' },
    ] }} />);
    const row = (id: string) => screen.getAllByTestId('stuck-row').find((r) => r.dataset.instanceId === id)!;
    expect(within(row('S-Q')).getByTestId('incident-badge').textContent).toBe('incident: OutcomeUnknown · awaits decision');
    expect(within(row('S-M')).getByTestId('incident-badge').textContent).toBe('incident: PartnerApiMisconfigured');
    expect(within(row('S-D')).queryByTestId('incident-badge')).toBeNull();
    expect(within(row('S-D')).getByTestId('deferred-badge').textContent).toBe('breaker open: FinBoxPrism');
  });
});

describe('a bulk retry’s result', () => {
  it('says a journey already under way is so, apart from the other refusals', () => {
    render(<BulkOutcome onDismiss={() => {}} bulk={{ kind: 'retry', result: { results: [
      { id: 'J-1', ok: true, error: null, code: null },
      { id: 'J-2', ok: false, error: "Instance 'J-2' is already under way (status Waiting): …", code: 'already_under_way' },
      { id: 'J-3', ok: false, error: 'gone', code: 'not_found' },
    ] } }} />);
    const refused = screen.getAllByTestId('bulk-refused');
    expect(refused.map((r) => r.dataset.code)).toEqual(['already_under_way', 'not_found']);
    expect(within(refused[0]).getByTestId('bulk-refused-words').textContent).toContain('already under way');
    expect(refused[1].textContent).toContain('gone (not_found)');
  });
});
