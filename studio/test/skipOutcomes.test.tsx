import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { WorkflowDefinitionView } from '../src/api/types';
import { IncidentPanel, type DefinitionLoad } from '../src/components/journey/IncidentPanel';
import { JourneyPage } from '../src/pages/Journey';
import { faultedDetail, journal, personalLoan } from './fixtures';
import { renderAs } from './renderAs';

vi.mock('../src/components/Flowchart', async (orig) => {
  const real = await orig<typeof import('../src/components/Flowchart')>();
  return { ...real, Flowchart: () => <div data-testid="flowchart" /> };
});

const render = (ui: ReactElement) => renderAs('Operator', ui);

afterEach(() => {
  vi.restoreAllMocks();
});

beforeEach(() => {
  vi.spyOn(api, 'listAudit').mockResolvedValue({ items: [], total: 0, next: null });
  vi.spyOn(api, 'getJournal').mockResolvedValue({ items: journal, total: journal.length });
  vi.spyOn(api, 'getInstance').mockResolvedValue(faultedDetail);
});

const select = () => screen.getByTestId<HTMLSelectElement>('skip-outcome');
const status = () => screen.getByTestId('skip-outcomes-status');

// Session 51: the Skip… outcome list was disabled and read "(loading outcomes)" with nothing announced, and stayed so
// for good when the definition did not load.
describe('the skip outcomes while the step’s definition loads', () => {
  it('says they are loading in a status a screen reader announces, offers nothing to choose or confirm, then lists them', async () => {
    let answer!: (def: WorkflowDefinitionView) => void;
    vi.spyOn(api, 'getWorkflow').mockReturnValue(new Promise<WorkflowDefinitionView>((resolve) => { answer = resolve; }));
    render(<JourneyPage id={faultedDetail.id} />);
    await screen.findByTestId('incident');

    expect(status().getAttribute('role')).toBe('status');
    expect(status().textContent).toBe('Loading the outcomes of triggerDisbursal…');
    expect(select().getAttribute('aria-busy')).toBe('true');
    expect(select().getAttribute('aria-describedby')).toBe(status().id);
    expect(select().disabled).toBe(true);
    expect(within(select()).getAllByRole('option').map((o) => o.textContent)).toEqual(['Loading…']);
    // Forced (a stale value, a script): still nothing to skip to, no dialog.
    fireEvent.change(select(), { target: { value: 'Done' } });
    expect(screen.getByTestId<HTMLButtonElement>('incident-skip').disabled).toBe(true);
    fireEvent.click(screen.getByTestId('incident-skip'));
    expect(screen.queryByRole('dialog')).toBeNull();

    answer(personalLoan);
    await waitFor(() => expect(within(select()).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose…', 'Done', 'Failed']));
    expect(select().getAttribute('aria-busy')).toBe('false');
    expect(status().textContent).toBe('');
    expect(select().value).toBe('');
    expect(screen.getByTestId<HTMLButtonElement>('incident-skip').disabled).toBe(true);
  });

  it('shows the error when they cannot be loaded, not an empty list, and loads them again on request', async () => {
    let answer!: (def: WorkflowDefinitionView) => void;
    const getWorkflow = vi.spyOn(api, 'getWorkflow')
      .mockRejectedValueOnce(new ApiError({ type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'The store is unavailable.' }))
      .mockReturnValue(new Promise<WorkflowDefinitionView>((resolve) => { answer = resolve; }));
    render(<JourneyPage id={faultedDetail.id} />);
    const error = await screen.findByTestId('skip-outcomes-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('The outcomes of triggerDisbursal could not be loaded');
    expect(error.textContent).toContain('Service unavailable');
    expect(status().textContent).not.toContain('Loading');
    expect(within(select()).getAllByRole('option').map((o) => o.textContent)).toEqual(['Not loaded']);
    expect(screen.getByTestId<HTMLButtonElement>('incident-skip').disabled).toBe(true);

    fireEvent.click(within(error).getByRole('button', { name: 'Load again' }));
    await waitFor(() => expect(status().textContent).toBe('Loading the outcomes of triggerDisbursal…'));
    expect(screen.queryByTestId('skip-outcomes-error')).toBeNull();
    answer(personalLoan);
    await waitFor(() => expect(within(select()).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose…', 'Done', 'Failed']));
    expect(getWorkflow).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('skip-outcomes-error')).toBeNull();
  });
});

// Session 53: the panel took the definition twice, `def` and `defLoad` (the page passed `def.data` beside `def`), and nothing
// tied the two together. It now takes the load alone and reads the definition from it.
// Walk 54: the Skip dialog's reason lacked the note its siblings (Retry, Cancel, the moves) have.
describe('the skip dialog', () => {
  it('says the reason is kept in the journal and the audit trail, as the other dialogs do', async () => {
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    render(<JourneyPage id={faultedDetail.id} />);
    await screen.findByTestId('incident');
    await waitFor(() => expect(select().disabled).toBe(false));
    fireEvent.change(select(), { target: { value: 'Done' } });
    fireEvent.click(screen.getByTestId('incident-skip'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Reason (required) (kept in the journal and the audit trail)');
  });
});

describe('the incident panel’s one source for the definition', () => {
  const load = (over: Partial<DefinitionLoad> = {}): DefinitionLoad => ({ data: undefined, loading: false, error: null, ...over });
  const options = () => within(select()).getAllByRole('option').map((o) => o.textContent);

  it('lists the step’s outcomes from the load’s data, says it is loading without it, and keeps the data a failed reload leaves', () => {
    const { rerender } = render(<IncidentPanel detail={faultedDetail} defLoad={load({ data: personalLoan })} onDone={() => {}} />);
    expect(options()).toEqual(['Choose…', 'Done', 'Failed']);

    rerender(<IncidentPanel detail={faultedDetail} defLoad={load({ loading: true })} onDone={() => {}} />);
    expect(options()).toEqual(['Loading…']);
    expect(status().textContent).toBe('Loading the outcomes of triggerDisbursal…');

    // useAsync keeps what it read when a reload fails: the outcomes stay, no error in their place.
    const failed = new ApiError({ type: 'about:blank', title: 'Service unavailable', status: 503 });
    rerender(<IncidentPanel detail={faultedDetail} defLoad={load({ data: personalLoan, error: failed })} onDone={() => {}} />);
    expect(options()).toEqual(['Choose…', 'Done', 'Failed']);
    expect(screen.queryByTestId('skip-outcomes-error')).toBeNull();

    rerender(<IncidentPanel detail={faultedDetail} defLoad={load({ error: failed })} onDone={() => {}} />);
    expect(options()).toEqual(['Not loaded']);
  });
});
