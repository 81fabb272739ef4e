import { fireEvent, render as rtlRender, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { AuditEntry, AuditPage as AuditPageData } from '../src/api/types';
import { SessionContext, type Role } from '../src/lib/roles';
import { parseHash } from '../src/lib/router';
import { AuditPage } from '../src/pages/Audit';

function render(ui: ReactElement, role: Role = 'Viewer') {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SessionContext.Provider value={{ name: 'viewer-vera', role }}>{children}</SessionContext.Provider>
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
  instanceId: JOURNEY, reason: null, data: null, clientAddress: null, authMethod: null, authId: null, userAgent: null, ...over,
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
    render(<AuditPage query={new URLSearchParams('principal=ops-priya&before=120&trail=180&take=25')} />);
    const rows = await screen.findAllByTestId('audit-row');
    // The cursor goes to the API as `before`; the trail is the Studio's own.
    expect(list).toHaveBeenCalledWith({ principal: 'ops-priya', before: 120, take: 25 });
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
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', false);
  });

  // Session 45's repair audit: a repair's row says the step and incident it answered, and the decision, item by item.
  it('shows which step and incident a repair answered, and the decision', async () => {
    const on = { stepId: 'tranche', incidentKind: 'OutcomeUnknown', incidentId: '01JINCIDENT000000000000XYZ' };
    vi.spyOn(api, 'listAudit').mockResolvedValue({
      items: [
        entry(45, { action: 'confirm-not-sent', reason: 'CF: no tranche', data: { ...on, then: 'resend' } }),
        entry(44, { action: 'retry', data: on }),
      ],
      total: 2,
      next: null,
    });
    render(<AuditPage query={new URLSearchParams('')} />);
    const rows = await screen.findAllByTestId('audit-row');
    const facts = (row: HTMLElement) => within(row).getAllByRole('listitem').map((li) => li.textContent);
    expect(facts(rows[0])).toEqual(['at step tranche', 'incident OutcomeUnknown 01JINC…000XYZ', 'then sent again']);
    expect(within(rows[0]).getByTestId('audit-reason').textContent).toBe('CF: no tranche');
    expect(facts(rows[1])).toEqual(['at step tranche', 'incident OutcomeUnknown 01JINC…000XYZ']);
  });

  it('puts filter changes in the URL under the API names and goes back to the first page', async () => {
    vi.spyOn(api, 'listAudit').mockResolvedValue(page);
    render(<AuditPage query={new URLSearchParams('before=100&trail=150,125')} />);
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

  it('pages by keyset: Next follows next with the trail in the URL, Previous walks it back, First and the page size drop it', async () => {
    // Seven retries, seq 36–42, three a page; the API answers next (the last seq) for a full page only.
    const seqs = [42, 41, 40, 39, 38, 37, 36];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const list = vi.spyOn(api, 'listAudit').mockImplementation(async (f) => {
      if (f.before === 40) await gate; // page 2 is still loading until released
      const items = seqs.filter((s) => f.before === undefined || s < f.before).slice(0, f.take).map((s) => entry(s));
      return { items, total: seqs.length, next: items.length === f.take ? items[items.length - 1].seq : null };
    });
    const { rerender } = render(<AuditPage query={new URLSearchParams('action=retry&take=3')} />);
    const follow = () => rerender(<AuditPage query={parseHash(window.location.hash).query} />);
    const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
    const seqsShown = () => screen.getAllByTestId('audit-row').map((r) => Number(r.dataset.seq));

    await waitFor(() => expect(screen.getByTestId('audit-page-range').textContent).toBe('Entries 1–3 of 7 · page 1 of 3'));
    expect([button('First').disabled, button('Previous').disabled, button('Next').disabled]).toEqual([true, true, false]);

    fireEvent.click(button('Next'));
    expect(window.location.hash).toBe('#/audit?action=retry&before=40&take=3');
    follow();
    // While page 2 loads, page 1 stays on screen and its next is not followed again (that would skip page 2).
    expect(screen.getByTestId('audit-pager').dataset.page).toBe('');
    expect(button('Next').disabled).toBe(true);
    expect(button('Previous').disabled).toBe(false);
    release();
    await waitFor(() => expect(screen.getByTestId('audit-pager').dataset.page).toBe('2'));
    expect(seqsShown()).toEqual([39, 38, 37]);
    expect(screen.getByTestId('audit-page-range').textContent).toBe('Entries 4–6 of 7 · page 2 of 3');
    expect(list).toHaveBeenLastCalledWith({ action: ['retry'], before: 40, take: 3 });

    fireEvent.click(button('Next'));
    expect(window.location.hash).toBe('#/audit?action=retry&before=37&take=3&trail=40');
    follow();
    await waitFor(() => expect(screen.getByTestId('audit-pager').dataset.page).toBe('3'));
    expect(seqsShown()).toEqual([36]);
    expect(screen.getByTestId('audit-page-range').textContent).toBe('Entries 7–7 of 7 · page 3 of 3');
    expect(button('Next').disabled).toBe(true);
    // The API is asked with `before` only: the trail never leaves the Studio.
    expect(list).toHaveBeenLastCalledWith({ action: ['retry'], before: 37, take: 3 });
    expect(list.mock.calls.some(([f]) => 'trail' in f)).toBe(false);

    fireEvent.click(button('Previous'));
    expect(window.location.hash).toBe('#/audit?action=retry&before=40&take=3');
    follow();
    await waitFor(() => expect(screen.getByTestId('audit-pager').dataset.page).toBe('2'));
    expect(seqsShown()).toEqual([39, 38, 37]);
    fireEvent.click(button('First'));
    expect(window.location.hash).toBe('#/audit?action=retry&take=3');

    window.location.hash = '#/audit?action=retry&before=37&take=3&trail=40';
    follow();
    await waitFor(() => expect(screen.getByTestId('audit-pager').dataset.page).toBe('3'));
    fireEvent.change(screen.getByLabelText('Per page'), { target: { value: '100' } });
    expect(window.location.hash).toBe('#/audit?action=retry&take=100');
  });

  it('says so when the page after a full last one is empty, with the way back', async () => {
    vi.spyOn(api, 'listAudit').mockResolvedValue({ items: [], total: 6, next: null });
    render(<AuditPage query={new URLSearchParams('take=3&before=37&trail=40')} />);
    expect((await screen.findByTestId('audit-empty')).textContent).toBe('No entries older than the previous page: it was the last one.');
    expect(screen.getByTestId('audit-page-range').textContent).toBe('No entries on page 3 · 6 matching');
    expect(screen.getByRole('button', { name: 'Next' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Previous' })).toHaveProperty('disabled', false);
  });

  it('opens an old offset link, or one with a broken trail, where it can: skip at the first page, a bad trail dropped', async () => {
    const list = vi.spyOn(api, 'listAudit').mockResolvedValue({ items: page.items, total: 30, next: 40 });
    const { unmount } = render(<AuditPage query={new URLSearchParams('action=retry&skip=50')} />);
    await waitFor(() => expect(screen.getByTestId('audit-page-range').textContent).toBe('Entries 1–3 of 30 · page 1 of 1'));
    expect(list).toHaveBeenLastCalledWith({ action: ['retry'] });
    unmount();
    render(<AuditPage query={new URLSearchParams('take=3&before=40&trail=60,x')} />);
    await waitFor(() => expect(screen.getByTestId('audit-pager').dataset.page).toBe('2'));
    fireEvent.click(screen.getByRole('button', { name: 'Previous' }));
    expect(window.location.hash).toBe('#/audit?take=3');
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

  // Session 46: an Auditor (Viewer + the export) sees it too; before, only an Admin did.
  it("offers an Auditor and an Admin the export of the page's filters, all pages, in the format chosen; other roles never see it", async () => {
    vi.spyOn(api, 'listAudit').mockResolvedValue(page);
    for (const role of ['Auditor', 'Admin'] as const) {
      const { unmount } = render(<AuditPage query={new URLSearchParams('action=retry&principal=ops-priya&before=120&trail=180&take=25')} />, role);
      await screen.findAllByTestId('audit-row');
      fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
      const link = screen.getByTestId('audit-export-download');
      expect(link.getAttribute('href')).toBe('/api/audit/export?principal=ops-priya&action=retry&format=csv');
      expect(link.hasAttribute('download')).toBe(true);
      fireEvent.change(screen.getByLabelText('Format'), { target: { value: 'ndjson' } });
      expect(link.getAttribute('href')).toBe('/api/audit/export?principal=ops-priya&action=retry&format=ndjson');
      unmount();
    }

    for (const role of ['Viewer', 'Operator', 'Designer'] as const) {
      const view = render(<AuditPage query={new URLSearchParams('action=retry')} />, role);
      await screen.findAllByTestId('audit-row');
      expect(screen.queryByRole('button', { name: 'Export…' })).toBeNull();
      view.unmount();
    }
  });

  // Session 46: "every change to live definitions and every manual repair" is one filter of several actions; a link with
  // a group's actions shows the group chosen, and another combination is shown as it is, never dropped to "All actions".
  it('filters by a group of actions and shows the group, or the combination a link carried, as chosen', async () => {
    const list = vi.spyOn(api, 'listAudit').mockResolvedValue(page);
    const { unmount } = render(<AuditPage query={new URLSearchParams('action=publish,sample-save,sample-delete')} />);
    await screen.findAllByTestId('audit-row');
    expect(list).toHaveBeenLastCalledWith({ action: ['publish', 'sample-save', 'sample-delete'] });
    const select = screen.getByRole('combobox', { name: 'Action' }) as HTMLSelectElement;
    expect(select.selectedOptions[0].textContent).toBe('Changes to workflow definitions');
    unmount();

    render(<AuditPage query={new URLSearchParams('action=publish&action=retry')} />);
    await screen.findAllByTestId('audit-row');
    expect(list).toHaveBeenLastCalledWith({ action: ['publish', 'retry'] });
    expect((screen.getByRole('combobox', { name: 'Action' }) as HTMLSelectElement).selectedOptions[0].textContent).toBe('publish, retry');
  });
  // Session 46: "from where" — the address, the sign-in and the user agent; an entry from before the server recorded it shows "—".
  it('shows from where each action came, and a dash for an entry without it', async () => {
    vi.spyOn(api, 'listAudit').mockResolvedValue({
      items: [
        entry(47, { action: 'cancel', clientAddress: '10.20.0.7', authMethod: 'session', authId: '0123456789abcdef0123456789abcdef',
          userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' }),
        entry(46, { clientAddress: '127.0.0.1', authMethod: 'key', authId: 'acme-bot', userAgent: null }),
        entry(45),
      ],
      total: 3,
      next: null,
    });
    render(<AuditPage query={new URLSearchParams('')} />);
    const rows = await screen.findAllByTestId('audit-row');
    expect(screen.getByRole('columnheader', { name: 'From where' })).toBeTruthy();
    const session = within(rows[0]);
    expect(session.getByTestId('audit-origin-address').textContent).toBe('10.20.0.7');
    expect(session.getByTestId('audit-origin-signin').textContent).toBe(' · Studio session 012345…abcdef');
    expect(session.getByTestId('audit-origin-signin').getAttribute('title')).toBe('0123456789abcdef0123456789abcdef');
    expect(session.getByTestId('audit-origin-agent').textContent).toBe('Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0');
    expect(within(rows[1]).getByTestId('audit-origin').textContent).toBe('127.0.0.1 · API key acme-bot');
    expect(within(rows[2]).getByTestId('audit-origin').textContent).toBe('—');
  });
});
