import { fireEvent, render as rtlRender, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { InstanceList } from '../src/api/types';
import { toBulkFilter } from '../src/lib/filters';
import { SessionContext } from '../src/lib/roles';
import { JourneysPage } from '../src/pages/Journeys';
import { summary } from './fixtures';

function render(ui: ReactElement) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SessionContext.Provider value={{ name: 'ops', role: 'Operator' }}>{children}</SessionContext.Provider>
  );
  return rtlRender(ui, { wrapper });
}

afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

// Page 1 of 30 journeys with an incident, two a page.
const page1: InstanceList = {
  items: [summary, { ...summary, id: 'I-2' }],
  total: 30,
  countsByStatus: { Running: 0, Waiting: 0, Completed: 0, Faulted: 30, Cancelled: 0 },
  next: 'Y3wxNzY0MDAwMDAwMDAwfEktMg',
};

describe('bulk actions by filter', () => {
  beforeEach(() => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    vi.spyOn(api, 'listInstances').mockResolvedValue(page1);
  });

  it('toBulkFilter sends the list filters, statuses as an array, without sort or paging', () => {
    expect(toBulkFilter({ workflowId: 'w', status: ['Faulted', 'Waiting'], hasIncident: true, sort: 'updatedAt', order: 'asc', after: 'x', take: 25 }))
      .toEqual({ workflowId: 'w', status: ['Faulted', 'Waiting'], hasIncident: 'true' });
  });

  it('offers every match across pages once the page is selected, counts them with the dry run, and applies the filter after a reason', async () => {
    const byFilter = vi.spyOn(api, 'bulkByFilter').mockImplementation(async (_kind, body) => body.dryRun
      ? { results: [], batchId: 'b1', dryRun: true, matched: 30, cap: 1000, ids: [] }
      : { results: [...Array.from({ length: 29 }, (_, i) => ({ id: `J-${i}`, ok: true, error: null, code: null })),
        { id: 'J-29', ok: false, error: 'The journey has no open incident.', code: 'no_incident' }], batchId: 'b2', dryRun: false, matched: 30, cap: 1000, ids: [] });
    const byIds = vi.spyOn(api, 'bulkRetry');
    render(<JourneysPage query={new URLSearchParams('hasIncident=true&take=2')} />);
    await screen.findAllByTestId('instance-row');
    expect(screen.queryByTestId('bulk-select-matching')).toBeNull();
    fireEvent.click(screen.getByLabelText('Select all journeys on this page'));
    fireEvent.click(screen.getByTestId('bulk-select-matching'));
    expect(screen.getByTestId('bulk-all-matching').textContent).toContain('All 30 journeys matching the filters');
    fireEvent.click(screen.getByTestId('bulk-retry'));

    const dialog = screen.getByRole('dialog', { name: 'Retry the incidents of every journey matching the filters?' });
    await waitFor(() => expect(within(dialog).getByTestId('bulk-filter-count').dataset.matched).toBe('30'));
    expect(byFilter).toHaveBeenCalledWith('retry', { filter: { hasIncident: 'true' }, dryRun: true });
    const confirm = within(dialog).getByTestId('confirm-button') as HTMLButtonElement;
    expect(confirm.textContent).toBe('Retry 30 journeys');
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByTestId('bulk-filter-reason'), { target: { value: ' lender back up ' } });
    fireEvent.click(confirm);
    await waitFor(() => expect(byFilter).toHaveBeenCalledWith('retry', { filter: { hasIncident: 'true' }, dryRun: false, reason: 'lender back up' }));
    expect(byIds).not.toHaveBeenCalled();
    const outcome = await screen.findByTestId('bulk-result');
    expect(outcome.textContent).toContain('29 retried of 30 matching the filters');
    expect(within(outcome).getByTestId('bulk-refused').dataset.code).toBe('no_incident');
    expect(screen.queryByTestId('bulk-all-matching')).toBeNull();
  });

  it('says when the filters match more than one action may touch, and keeps the confirm disabled', async () => {
    vi.spyOn(api, 'bulkByFilter').mockResolvedValue({ results: [], batchId: 'b', dryRun: true, matched: 1200, cap: 1000, ids: [] });
    render(<JourneysPage query={new URLSearchParams('hasIncident=true&take=2')} />);
    await screen.findAllByTestId('instance-row');
    fireEvent.click(screen.getByLabelText('Select all journeys on this page'));
    fireEvent.click(screen.getByTestId('bulk-select-matching'));
    fireEvent.click(screen.getByTestId('bulk-cancel'));
    const dialog = screen.getByRole('dialog');
    await waitFor(() => expect(within(dialog).getByTestId('bulk-filter-count').textContent).toContain('more than the 1000'));
    fireEvent.change(within(dialog).getByTestId('bulk-filter-reason'), { target: { value: 'duplicates' } });
    expect((within(dialog).getByTestId('confirm-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps every match selected on the next page, where no row of the first is shown', async () => {
    const { rerender } = render(<JourneysPage query={new URLSearchParams('hasIncident=true&take=2')} />);
    await screen.findAllByTestId('instance-row');
    fireEvent.click(screen.getByLabelText('Select all journeys on this page'));
    fireEvent.click(screen.getByTestId('bulk-select-matching'));
    vi.mocked(api.listInstances).mockResolvedValue({ ...page1, items: [{ ...summary, id: 'I-3' }, { ...summary, id: 'I-4' }] });
    rerender(<JourneysPage query={new URLSearchParams(`hasIncident=true&take=2&after=${page1.next}`)} />);
    await screen.findByLabelText('Select journey I-3');
    expect(screen.getByTestId('bulk-all-matching').textContent).toContain('All 30 journeys');
    expect((screen.getByTestId('bulk-cancel') as HTMLButtonElement).disabled).toBe(false);
    expect((screen.getByTestId('bulk-retry') as HTMLButtonElement).disabled).toBe(false);
  });

  it('drops the selection of every match when one row is unticked', async () => {
    render(<JourneysPage query={new URLSearchParams('hasIncident=true&take=2')} />);
    await screen.findAllByTestId('instance-row');
    fireEvent.click(screen.getByLabelText('Select all journeys on this page'));
    fireEvent.click(screen.getByTestId('bulk-select-matching'));
    fireEvent.click(screen.getByLabelText('Select journey I-2'));
    expect(screen.queryByTestId('bulk-all-matching')).toBeNull();
    expect(screen.getByTestId('bulk-bar').textContent).toContain('1 selected');
  });
});
