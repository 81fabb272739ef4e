import { act, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { InstanceSummary, JournalEntry } from '../src/api/types';
import { LiveContext } from '../src/lib/hooks';
import type { LiveConnection } from '../src/lib/live';
import { SessionContext } from '../src/lib/roles';
import { JourneyPage } from '../src/pages/Journey';
import { personalLoan, summary, waitingDetail } from './fixtures';

// Every journal entry shows its time through formatTime, once per render: the calls for one entry's `at` count its renders.
const rendersOf = new Map<string, number>();
vi.mock('../src/lib/format', async (orig) => {
  const real = await orig<typeof import('../src/lib/format')>();
  return {
    ...real,
    formatTime: (iso: string) => {
      rendersOf.set(iso, (rendersOf.get(iso) ?? 0) + 1);
      return real.formatTime(iso);
    },
  };
});

vi.mock('../src/components/Flowchart', async (orig) => {
  const real = await orig<typeof import('../src/components/Flowchart')>();
  return { ...real, Flowchart: () => <div data-testid="flowchart" /> };
});

// Times no other part of the page shows (the journey's created/updated, its steps), so each counts one entry only.
const at = (i: number) => `2026-11-21T09:00:${String(i).padStart(2, '0')}.123Z`;
const entries = (n: number): JournalEntry[] => Array.from({ length: n }, (_, i) => ({
  seq: i + 1, at: at(i), kind: i % 2 ? 'LenderCall' : 'StepStarted', stepId: 'awaitKyc', attempt: 1,
  data: i % 2 ? { lender: 'FinBoxPrism', method: 'GET', path: '/v2/kyc/status', httpStatus: 200, request: { customerID: 'CUST-1' }, response: { status: 'pending' } } : {},
}));
// Each read of the journal as the wire gives it: new objects every time, equal to the last read's where unchanged.
const fresh = (items: JournalEntry[]) => JSON.parse(JSON.stringify(items)) as JournalEntry[];

let listener: ((i: InstanceSummary | null) => void) | null = null;
const live = {
  state: 'open',
  subscribe: (l: (i: InstanceSummary | null) => void) => { listener = l; return () => { listener = null; }; },
  onState: () => () => undefined,
} as unknown as LiveConnection;

function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionContext.Provider value={{ name: 'test-ops', role: 'Operator' }}>
      <LiveContext.Provider value={live}>{children}</LiveContext.Provider>
    </SessionContext.Provider>
  );
}

describe('the journey page renders an unchanged journal entry once', () => {
  beforeEach(() => {
    rendersOf.clear();
    // Only the page's clock is driven by hand; promises, the live debounce and React's scheduling keep real time.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    vi.spyOn(api, 'listAudit').mockResolvedValue({ items: [], total: 0, next: null });
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    vi.spyOn(api, 'getInstance').mockResolvedValue(waitingDetail);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('across the 5 s clock tick and a live update that appends an entry', async () => {
    const first = entries(40);
    let journal = first;
    vi.spyOn(api, 'getJournal').mockImplementation(async () => ({ items: fresh(journal), total: journal.length }));
    render(<JourneyPage id={waitingDetail.id} />, { wrapper: Providers });
    await waitFor(() => expect(within(screen.getByTestId('journal')).getAllByRole('listitem').filter((li) => li.dataset.seq)).toHaveLength(40));
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull()); // every load settled ("Refreshing…" gone)
    const afterLoad = rendersOf.get(at(7));
    expect(afterLoad).toBeGreaterThanOrEqual(1);

    // The tick: "waiting for" counts on, the entries are as they were.
    for (let tick = 0; tick < 3; tick++) act(() => vi.advanceTimersByTime(5000));
    expect(rendersOf.get(at(7))).toBe(afterLoad);

    // A live update: the journal read again whole (new objects), one entry more.
    journal = [...first, ...entries(41).slice(40)];
    expect(listener).not.toBeNull();
    act(() => listener!({ ...summary, id: waitingDetail.id }));
    await waitFor(() => expect(screen.getByTestId('journal').querySelector('[data-seq="41"]')).not.toBeNull());
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(rendersOf.get(at(40))).toBeGreaterThanOrEqual(1);
    expect(rendersOf.get(at(7))).toBe(afterLoad);
    expect(rendersOf.get(at(8))).toBe(rendersOf.get(at(7)));
  });

  it('renders an entry again when its content changes (redacted by retention or an erasure)', async () => {
    let journal = entries(4);
    vi.spyOn(api, 'getJournal').mockImplementation(async () => ({ items: fresh(journal), total: journal.length }));
    render(<JourneyPage id={waitingDetail.id} />, { wrapper: Providers });
    await waitFor(() => expect(screen.getAllByTestId('lender-call')).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(screen.queryAllByTestId('call-redacted')).toHaveLength(0);

    journal = journal.map((e) => (e.seq === 2 ? { ...e, data: null } : e));
    act(() => listener!({ ...summary, id: waitingDetail.id }));
    await waitFor(() => expect(screen.getAllByTestId('call-redacted')).toHaveLength(1));
    expect(screen.getByTestId('call-redacted').closest('li')!.dataset.seq).toBe('2');
  });
});
