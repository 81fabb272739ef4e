import { fireEvent, render as rtlRender, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { AuditEntry, AuditPage as AuditPageData } from '../src/api/types';
import { SessionContext } from '../src/lib/roles';
import { parseHash } from '../src/lib/router';
import { AuditPage } from '../src/pages/Audit';

function render(ui: ReactElement) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SessionContext.Provider value={{ name: 'viewer-vera', role: 'Viewer' }}>{children}</SessionContext.Provider>
  );
  return rtlRender(ui, { wrapper });
}

afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

const JOURNEY = '01JDETAIL0000000000000001';

const entry = (seq: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  seq, at: '2026-11-21T07:33:21.123Z', principal: 'ops-priya', action: 'retry', workflowId: 'finbox-personal-loan',
  instanceId: JOURNEY, reason: null, data: null, ...over,
});

const page: AuditPageData = {
  items: [
    entry(42, { action: 'skip', reason: 'borrower on XXXXXX3210 verified by phone', data: { outcome: 'Done' } }),
    entry(41, { action: 'migrate', data: { fromVersion: 1, toVersion: 2, toStep: 'otp' } }),
    entry(40, { principal: 'ada-admin', action: 'erasure', workflowId: null, instanceId: null, reason: 'DPDP request 42',
      data: { customerHash: 'sha256:9f86d081884c7d65', journeys: 2, alreadyRedacted: 0, cancelled: 0, inboxRecords: 1 } }),
  ],
  total: 3,
  next: null,
};

describe('audit page', () => {
  beforeEach(() => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: 'finbox-personal-loan', title: 'FinBox personal loan', latestVersion: 2, versions: [1, 2], inputs: [] }]);
  });

  it('lists the entries newest first with who, what, on which journey, why and the data in words, asking with the URL filters', async () => {
    const list = vi.spyOn(api, 'listAudit').mockResolvedValue({ ...page, total: 53 });
    render(<AuditPage query={new URLSearchParams('principal=ops-priya&skip=50&take=25')} />);
    const rows = await screen.findAllByTestId('audit-row');
    expect(list).toHaveBeenCalledWith({ principal: 'ops-priya', skip: 50, take: 25 });
    expect(rows.map((r) => r.dataset.action)).toEqual(['skip', 'migrate', 'erasure']);
    const first = within(rows[0]);
    expect(first.getByTestId('audit-principal').textContent).toBe('ops-priya');
    expect(first.getByTestId('audit-reason').textContent).toBe('borrower on XXXXXX3210 verified by phone');
    expect(first.getByTestId('audit-data').textContent).toBe('to outcome Done');
    expect(first.getByTestId('audit-journey').getAttribute('href')).toBe(`#/journeys/${JOURNEY}`);
    expect(within(rows[1]).getByTestId('audit-data').textContent).toBe('version 1 → 2at step otp');
    expect(within(rows[2]).queryByTestId('audit-journey')).toBeNull();
    expect(within(rows[2]).getByTestId('audit-data').textContent).toContain('2 journeys redacted');
    expect(screen.getByTestId('audit-page-range').textContent).toBe('Entries 51–53 of 53 · page 3 of 3');
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
  });

  it('puts filter changes in the URL under the API names and goes back to the first page', async () => {
    vi.spyOn(api, 'listAudit').mockResolvedValue(page);
    render(<AuditPage query={new URLSearchParams('skip=100')} />);
    await screen.findAllByTestId('audit-row');
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'cancel' } });
    expect(window.location.hash).toBe('#/audit?action=cancel');
    fireEvent.change(screen.getByLabelText('Journey id'), { target: { value: ` ${JOURNEY} ` } });
    fireEvent.change(screen.getByLabelText('Principal'), { target: { value: 'ops-priya' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-21T09:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    const q = parseHash(window.location.hash).query;
    expect([...q.keys()]).toEqual(['from', 'principal', 'instanceId']);
    expect(q.get('instanceId')).toBe(JOURNEY);
    expect(new Date(q.get('from')!).getTime()).toBe(new Date('2026-11-21T09:00').getTime());
  });

  it('pages by offset with the total the API answers', async () => {
    const list = vi.spyOn(api, 'listAudit').mockResolvedValue({ items: page.items, total: 7, next: null });
    const { rerender } = render(<AuditPage query={new URLSearchParams('action=retry&take=3')} />);
    await waitFor(() => expect(screen.getByTestId('audit-page-range').textContent).toBe('Entries 1–3 of 7 · page 1 of 3'));
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(window.location.hash).toBe('#/audit?action=retry&skip=3&take=3');
    rerender(<AuditPage query={parseHash(window.location.hash).query} />);
    await waitFor(() => expect(screen.getByTestId('audit-pager').dataset.page).toBe('2'));
    expect(list).toHaveBeenLastCalledWith({ action: 'retry', skip: 3, take: 3 });
    fireEvent.change(screen.getByLabelText('Per page'), { target: { value: '100' } });
    expect(window.location.hash).toBe('#/audit?action=retry&take=100');
  });

  it('says when nothing matches, and when nothing was ever recorded', async () => {
    vi.spyOn(api, 'listAudit').mockResolvedValue({ items: [], total: 0, next: null });
    const { unmount } = render(<AuditPage query={new URLSearchParams('principal=nobody')} />);
    expect((await screen.findByTestId('audit-empty')).textContent).toBe('No audit entries match these filters.');
    expect(screen.getByTestId('audit-page-range').textContent).toBe('No entries');
    unmount();
    render(<AuditPage query={new URLSearchParams()} />);
    expect((await screen.findByTestId('audit-empty')).textContent).toBe('No operator actions recorded yet.');
  });

  it('shows problem details, and no rows, when the list is refused', async () => {
    vi.spyOn(api, 'listAudit').mockRejectedValue(new ApiError({ title: 'Invalid input', status: 400, code: 'validation', errors: { to: ['Must not be before from.'] } }));
    render(<AuditPage query={new URLSearchParams('from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z')} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Invalid input');
    expect(alert.textContent).toContain('Must not be before from.');
    expect(alert.textContent).toContain('validation');
    expect(screen.queryByTestId('audit-table')).toBeNull();
  });
});
