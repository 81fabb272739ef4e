import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { JournalEntry } from '../src/api/types';
import { api } from '../src/api/client';
import { Journal } from '../src/components/journey/Journal';
import { JOURNAL_PAGES_PER_LOAD, loadJournal } from '../src/pages/Journey';
import { journal } from './fixtures';

// A journal with a polling step: its entries interleave with the others'.
const entries: JournalEntry[] = [
  ...journal,
  { seq: 4, at: '2026-11-21T07:31:00.000Z', kind: 'StepStarted', stepId: 'createUser', attempt: 2, data: {} },
  { seq: 5, at: '2026-11-21T07:31:00.010Z', kind: 'LenderCall', stepId: 'createUser', attempt: 2,
    data: { lender: 'FinBoxPrism', method: 'POST', path: '/v2/user/create', httpStatus: 200, attempt: 2 } },
  { seq: 6, at: '2026-11-21T07:32:00.000Z', kind: 'StepCompleted', stepId: 'triggerDisbursal', attempt: 6, data: {} },
];

function shownSeqs(): number[] {
  return [...within(screen.getByTestId('journal')).getAllByRole('listitem')].map((li) => Number(li.dataset.seq));
}

describe('journal filters', () => {
  it('narrows the entries to one step, in the order the steps first appear, together with the lender-call filter', () => {
    render(<Journal data={{ items: entries, total: entries.length }} error={null} loading={false} />);
    const step = screen.getByLabelText('Step') as HTMLSelectElement;
    expect([...step.options].map((o) => o.textContent)).toEqual(['All steps', 'createUser', 'triggerDisbursal']);
    expect(shownSeqs()).toEqual([1, 2, 3, 4, 5, 6]);

    fireEvent.change(step, { target: { value: 'createUser' } });
    expect(shownSeqs()).toEqual([2, 4, 5]);
    expect(screen.getByRole('button', { name: 'All (3)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lender calls (2)' }));
    expect(shownSeqs()).toEqual([2, 5]);

    fireEvent.change(step, { target: { value: 'triggerDisbursal' } });
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(screen.getByTestId('journal-none').textContent).toBe('No lender calls of step triggerDisbursal among these.');
    fireEvent.change(step, { target: { value: '' } });
    expect(shownSeqs()).toEqual([2, 5]);
    fireEvent.click(screen.getByRole('button', { name: 'All (6)' }));
    expect(shownSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('offers the entries past the loaded ones, and asks for them once per click', () => {
    const more = vi.fn();
    const { rerender } = render(<Journal data={{ items: entries, total: 4006 }} error={null} loading={false} onLoadMore={more} />);
    expect(screen.getByTestId('journal-partial').textContent).toBe('Showing the first 6 of 4006 entries.');
    fireEvent.click(screen.getByRole('button', { name: 'Load more (4000 not shown)' }));
    expect(more).toHaveBeenCalledTimes(1);

    rerender(<Journal data={{ items: entries, total: 4006 }} error={null} loading={true} onLoadMore={more} />);
    expect((screen.getByTestId('journal-more') as HTMLButtonElement).disabled).toBe(true);
    rerender(<Journal data={{ items: entries, total: entries.length }} error={null} loading={false} onLoadMore={more} />);
    expect(screen.queryByTestId('journal-more')).toBeNull();
    expect(screen.queryByTestId('journal-partial')).toBeNull();
  });
});

describe('the journey page\'s journal load', () => {
  it('reads 2,000 entries at first and the rest when asked for more pages', async () => {
    const total = 2003;
    const getJournal = vi.spyOn(api, 'getJournal').mockImplementation(async (_id: string, skip = 0, take = 200) => ({
      items: Array.from({ length: Math.max(0, Math.min(take, total - skip)) }, (_, i) => (
        { seq: skip + i + 1, at: '2026-11-21T07:00:00.000Z', kind: 'StepRetryScheduled', stepId: 'triggerBre', attempt: 1, data: {} })),
      total,
    }));

    const first = await loadJournal('j1', JOURNAL_PAGES_PER_LOAD);
    expect([first.items.length, first.total, getJournal.mock.calls.length]).toEqual([2000, total, 10]);
    const all = await loadJournal('j1', 2 * JOURNAL_PAGES_PER_LOAD);
    expect(all.items.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(getJournal.mock.calls.length).toBe(10 + 11);
    getJournal.mockRestore();
  });
});
