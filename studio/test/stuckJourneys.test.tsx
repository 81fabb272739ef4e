import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
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
const idsOf = (group: string) => rowsOf(group).map((r) => r.dataset.instanceId);

afterEach(() => vi.restoreAllMocks());

// Session 49: the list showed waiting journeys only, so a faulted one (an operator's to repair, or a money question to decide)
// never appeared among the stuck, however long it had been left.
describe('the dashboard\'s stuck journeys', () => {
  it('lists the faulted in the server\'s order (money questions first), whatever their age, then the long waits, each with its badges and a link', () => {
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 2 }, stuckWaiting: 2,
      stuck: [
        faulted('F-MONEY', { incidentKind: 'OutcomeUnknown', awaitsDecision: true }),
        // Faulted a minute ago; an operator's note changed it since (its last change is not its fault).
        faulted('F-OLD', { incidentKind: 'LenderError', faultedAt: '2026-11-21T08:59:00.000Z', updatedAt: '2026-11-21T08:59:30.000Z' }),
        waiting('W-LONG'),
        waiting('W-BREAKER', { deferredOn: 'FinBoxPrism', waitingSince: '2026-11-21T07:00:00.000Z' }),
      ],
    }} />);

    expect(idsOf('faulted')).toEqual(['F-MONEY', 'F-OLD']);
    expect(rowsOf('waiting').map((r) => r.dataset.instanceId)).toEqual(['W-LONG', 'W-BREAKER']);
    expect(screen.getByTestId('stuck-count').textContent).toBe('4');
    const money = rowsOf('faulted')[0];
    expect(within(money).getByTestId('incident-badge').textContent).toBe('incident: OutcomeUnknown · awaits decision');
    expect(parseHash(within(money).getByTestId('stuck-link').getAttribute('href')!).path).toBe('/journeys/F-MONEY');
    // A minute-old fault is listed (a waiting journey is not stuck before the hour), for as long as it has been faulted.
    expect(rowsOf('faulted')[1].textContent).toContain('1 min');
    expect(screen.queryByTestId('stuck-faulted-more')).toBeNull();
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
    // No money question leads the run: no link to them.
    expect(screen.queryByTestId('stuck-faulted-decisions')).toBeNull();
    const waitingAll = parseHash(screen.getByTestId('stuck-waiting-all').getAttribute('href')!);
    expect([waitingAll.query.get('status'), waitingAll.query.get('waitingLongerThan')]).toEqual(['Waiting', '600']);
  });

  // Session 50: the link opened the list by creation, newest first, while the stuck list reads in triage order (money questions
  // first, then by when each faulted). The list has no triage order: it opens oldest change first (a faulted journey's last
  // change is its fault unless a note moved it), and the money questions, when the run starts with them, have a link of their own.
  it('links the rest in the order nearest the triage order the list has, and the money questions by their own filter', () => {
    render(<StuckJourneys stuckAfter={600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 120 }, stuckWaiting: 0,
      stuck: [faulted('F-Q', { incidentKind: 'OutcomeUnknown', awaitsDecision: true }), faulted('F-1')],
    }} />);

    const all = parseHash(screen.getByTestId('stuck-faulted-all').getAttribute('href')!);
    expect([all.query.get('status'), all.query.get('sort'), all.query.get('order')]).toEqual(['Faulted', 'updatedAt', 'asc']);
    expect(screen.getByTestId('stuck-faulted-all').textContent).toBe('all 120 in the journeys list (oldest change first)');
    const decisions = parseHash(screen.getByTestId('stuck-faulted-decisions').getAttribute('href')!);
    expect([decisions.path, decisions.query.get('workflowId'), decisions.query.get('status'), decisions.query.get('incidentKind'), decisions.query.get('sort'), decisions.query.get('order')])
      .toEqual(['/journeys', funnel.workflowId, 'Faulted', 'OutcomeUnknown', 'updatedAt', 'asc']);
  });

  it('says nothing is stuck when nothing is faulted and nothing waits past the threshold', () => {
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{ ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 0 }, stuckWaiting: 0, stuck: [] }} />);
    expect(screen.getByText('Nothing is stuck.')).toBeTruthy();
    expect(screen.queryAllByTestId('stuck-row')).toHaveLength(0);
  });

  // Session 50: the Studio put the money questions first among the 50 faulted journeys the server had sent (the oldest by
  // creation), so a question that faulted after 50 others never showed. The server orders all of them; the Studio keeps its
  // order as served, and shows the rest page by page after the funnel's cursor.
  it('keeps the server\'s order as served, and shows more faulted journeys after the funnel\'s cursor until the last page', async () => {
    const pages = vi.spyOn(api, 'getStuckFaulted')
      .mockResolvedValueOnce({ items: [faulted('F-3'), faulted('F-1')], next: 'CURSOR-2' })
      .mockResolvedValueOnce({ items: [faulted('F-4')], next: null });
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 5 }, stuckWaiting: 0, stuckFaultedNext: 'CURSOR-1',
      // A money question that faulted after the others, and two faults oldest first: as the server sent them, not re-sorted.
      stuck: [faulted('F-Q', { incidentKind: 'OutcomeUnknown', awaitsDecision: true, createdAt: '2026-11-21T08:50:00.000Z' }), faulted('F-5'), faulted('F-2')],
    }} />);
    expect(idsOf('faulted')).toEqual(['F-Q', 'F-5', 'F-2']);

    fireEvent.click(screen.getByTestId('stuck-faulted-more'));
    await waitFor(() => expect(idsOf('faulted')).toEqual(['F-Q', 'F-5', 'F-2', 'F-3', 'F-1']));
    expect(pages).toHaveBeenLastCalledWith(funnel.workflowId, 'CURSOR-1', 50);

    fireEvent.click(await screen.findByRole('button', { name: /Show .* more faulted/ }));
    await waitFor(() => expect(idsOf('faulted')).toEqual(['F-Q', 'F-5', 'F-2', 'F-3', 'F-1', 'F-4']));
    expect(pages).toHaveBeenLastCalledWith(funnel.workflowId, 'CURSOR-2', 50);
    expect(screen.queryByTestId('stuck-faulted-more')).toBeNull();
  });

  it('says why a further page did not come, and offers it again', async () => {
    vi.spyOn(api, 'getStuckFaulted').mockRejectedValueOnce(new ApiError({ title: 'Service unavailable', status: 503, detail: 'store_unavailable' }));
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 60 }, stuckWaiting: 0, stuckFaultedNext: 'CURSOR-1', stuck: [faulted('F-1')],
    }} />);

    fireEvent.click(screen.getByTestId('stuck-faulted-more'));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(idsOf('faulted')).toEqual(['F-1']);
    expect((screen.getByTestId('stuck-faulted-more') as HTMLButtonElement).disabled).toBe(false);
  });

  // Walk 50: a live refresh of the funnel (any change in the workflow) put the list back to its first page, so an operator
  // reading the second page lost it, again and again on a busy morning. The rows loaded are read again after the new cursor.
  it('keeps the faulted pages the operator loaded through a live refresh, read again after the new funnel\'s cursor', async () => {
    const pages = vi.spyOn(api, 'getStuckFaulted')
      .mockResolvedValueOnce({ items: [faulted('F-3'), faulted('F-4')], next: 'CURSOR-2' })
      .mockResolvedValueOnce({ items: [faulted('F-4'), faulted('F-5')], next: 'CURSOR-B2' });
    const first = { ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 5 }, stuckWaiting: 0, stuckFaultedNext: 'CURSOR-1', stuck: [faulted('F-1'), faulted('F-2')] };
    const { rerender } = render(<StuckJourneys stuckAfter={3600} now={now} funnel={first} />);
    fireEvent.click(screen.getByTestId('stuck-faulted-more'));
    await waitFor(() => expect(idsOf('faulted')).toEqual(['F-1', 'F-2', 'F-3', 'F-4']));

    // F-1 was retried meanwhile; F-3 is now on the first page.
    rerender(<StuckJourneys stuckAfter={3600} now={now} funnel={{ ...first, countsByStatus: { ...first.countsByStatus, Faulted: 4 }, stuckFaultedNext: 'CURSOR-B1', stuck: [faulted('F-2'), faulted('F-3')] }} />);
    await waitFor(() => expect(idsOf('faulted')).toEqual(['F-2', 'F-3', 'F-4', 'F-5']));
    expect(pages).toHaveBeenLastCalledWith(funnel.workflowId, 'CURSOR-B1', 2);
    expect(screen.getByRole('button', { name: /Show .* more faulted/ })).toBeTruthy();
  });

  it('starts another workflow\'s list at its first page', async () => {
    const pages = vi.spyOn(api, 'getStuckFaulted').mockResolvedValueOnce({ items: [faulted('F-3')], next: 'CURSOR-2' });
    const first = { ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 5 }, stuckWaiting: 0, stuckFaultedNext: 'CURSOR-1', stuck: [faulted('F-1')] };
    const { rerender } = render(<StuckJourneys stuckAfter={3600} now={now} funnel={first} />);
    fireEvent.click(screen.getByTestId('stuck-faulted-more'));
    await waitFor(() => expect(idsOf('faulted')).toEqual(['F-1', 'F-3']));
    rerender(<StuckJourneys stuckAfter={3600} now={now} funnel={{ ...first, workflowId: 'other-workflow', stuck: [faulted('O-1')], stuckFaultedNext: 'OTHER-1' }} />);
    await waitFor(() => expect(idsOf('faulted')).toEqual(['O-1']));
    expect(pages).toHaveBeenCalledTimes(1);
  });

  // Walk 50: the button is disabled while a page loads and gone after the last, so the focus fell to the page and the next
  // Tab went past the rows that had just come.
  it('takes the focus to the first row of a page that came after Show more', async () => {
    vi.spyOn(api, 'getStuckFaulted').mockResolvedValueOnce({ items: [faulted('F-3'), faulted('F-4')], next: null });
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 3 }, stuckWaiting: 0, stuckFaultedNext: 'CURSOR-1', stuck: [faulted('F-1')],
    }} />);
    const more = screen.getByTestId('stuck-faulted-more');
    more.focus();
    fireEvent.click(more);
    await waitFor(() => expect(document.activeElement).toBe(within(rowsOf('faulted')[1]).getByTestId('stuck-link')));
    expect(rowsOf('faulted')[1].dataset.instanceId).toBe('F-3');
  });
});

// Session 51: the long waits were the 50 longest only, and nothing said how many more there were: an operator with 3,000 journeys
// waiting on a lender's webhook saw 50. The server pages them, longest wait first, after the funnel's cursor, at its threshold.
describe('the stuck list\'s long waits', () => {
  it('says how many of all the long waits are shown, and shows more after the funnel\'s cursor, at the funnel\'s threshold, until the last page', async () => {
    const pages = vi.spyOn(api, 'getStuckWaiting')
      .mockResolvedValueOnce({ items: [waiting('W-3'), waiting('W-4')], next: 'WAIT-2' })
      .mockResolvedValueOnce({ items: [waiting('W-5')], next: null });
    render(<StuckJourneys stuckAfter={7200} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 0 }, stuckWaiting: 3000, stuckWaitingNext: 'WAIT-1',
      stuck: [waiting('W-1'), waiting('W-2')],
    }} />);
    expect(idsOf('waiting')).toEqual(['W-1', 'W-2']);
    expect(screen.getByTestId('stuck-waiting-count').textContent).toBe('3000');
    expect(screen.getByTestId('stuck-waiting-shown').textContent).toBe('2 of 3000 shown');
    expect(screen.queryByTestId('stuck-faulted-more')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more waiting' }));
    await waitFor(() => expect(idsOf('waiting')).toEqual(['W-1', 'W-2', 'W-3', 'W-4']));
    expect(pages).toHaveBeenLastCalledWith(funnel.workflowId, 'WAIT-1', 50, 7200);
    expect(screen.getByTestId('stuck-waiting-shown').textContent).toBe('4 of 3000 shown');

    fireEvent.click(screen.getByTestId('stuck-waiting-more'));
    await waitFor(() => expect(idsOf('waiting')).toEqual(['W-1', 'W-2', 'W-3', 'W-4', 'W-5']));
    expect(pages).toHaveBeenLastCalledWith(funnel.workflowId, 'WAIT-2', 50, 7200);
    expect(screen.queryByTestId('stuck-waiting-more')).toBeNull();
  });

  it('pages the faulted and the long waits each after its own cursor', async () => {
    const faultedPages = vi.spyOn(api, 'getStuckFaulted').mockResolvedValueOnce({ items: [faulted('F-2')], next: null });
    const waitingPages = vi.spyOn(api, 'getStuckWaiting').mockResolvedValueOnce({ items: [waiting('W-2')], next: null });
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 2 }, stuckWaiting: 2, stuckFaultedNext: 'FAULT-1', stuckWaitingNext: 'WAIT-1',
      stuck: [faulted('F-1'), waiting('W-1')],
    }} />);

    fireEvent.click(screen.getByTestId('stuck-waiting-more'));
    await waitFor(() => expect(idsOf('waiting')).toEqual(['W-1', 'W-2']));
    expect(idsOf('faulted')).toEqual(['F-1']);
    expect(faultedPages).not.toHaveBeenCalled();

    fireEvent.click(screen.getByTestId('stuck-faulted-more'));
    await waitFor(() => expect(idsOf('faulted')).toEqual(['F-1', 'F-2']));
    expect(idsOf('waiting')).toEqual(['W-1', 'W-2']);
    expect(waitingPages).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('stuck-waiting-shown')).toBeNull();
  });

  it('keeps the waiting pages the operator loaded through a live refresh, read again after the new funnel\'s cursor', async () => {
    const pages = vi.spyOn(api, 'getStuckWaiting')
      .mockResolvedValueOnce({ items: [waiting('W-3'), waiting('W-4')], next: 'WAIT-2' })
      .mockResolvedValueOnce({ items: [waiting('W-4'), waiting('W-5')], next: 'WAIT-B2' });
    const first = { ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 0 }, stuckWaiting: 5, stuckWaitingNext: 'WAIT-1', stuck: [waiting('W-1'), waiting('W-2')] };
    const { rerender } = render(<StuckJourneys stuckAfter={3600} now={now} funnel={first} />);
    fireEvent.click(screen.getByTestId('stuck-waiting-more'));
    await waitFor(() => expect(idsOf('waiting')).toEqual(['W-1', 'W-2', 'W-3', 'W-4']));

    // W-1's webhook came meanwhile; W-3 is now on the first page.
    rerender(<StuckJourneys stuckAfter={3600} now={now} funnel={{ ...first, stuckWaiting: 4, stuckWaitingNext: 'WAIT-B1', stuck: [waiting('W-2'), waiting('W-3')] }} />);
    await waitFor(() => expect(idsOf('waiting')).toEqual(['W-2', 'W-3', 'W-4', 'W-5']));
    expect(pages).toHaveBeenLastCalledWith(funnel.workflowId, 'WAIT-B1', 2, 3600);
    expect(screen.getByRole('button', { name: /Show .* more waiting/ })).toBeTruthy();
  });

  it('takes the focus to the first row of a waiting page that came after Show more', async () => {
    vi.spyOn(api, 'getStuckWaiting').mockResolvedValueOnce({ items: [waiting('W-3'), waiting('W-4')], next: null });
    render(<StuckJourneys stuckAfter={3600} now={now} funnel={{
      ...funnel, countsByStatus: { ...funnel.countsByStatus, Faulted: 0 }, stuckWaiting: 3, stuckWaitingNext: 'WAIT-1', stuck: [waiting('W-1')],
    }} />);
    const more = screen.getByTestId('stuck-waiting-more');
    more.focus();
    fireEvent.click(more);
    await waitFor(() => expect(document.activeElement).toBe(within(rowsOf('waiting')[1]).getByTestId('stuck-link')));
    expect(rowsOf('waiting')[1].dataset.instanceId).toBe('W-3');
  });
});
