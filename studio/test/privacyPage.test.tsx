import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { ErasurePlan, ErasureResult, RetentionView } from '../src/api/types';
import { maskCustomerId } from '../src/lib/privacy';
import { SessionContext, type Role } from '../src/lib/roles';
import { PrivacyPage } from '../src/pages/Privacy';

afterEach(() => {
  vi.restoreAllMocks();
});

const CUSTOMER = 'CUST-DPO-7731';
const HASH = 'sha256:5e1f';
const DONE = '01JDONE000000000000000001';
const WAITING = '01JWAIT000000000000000001';

const retention: RetentionView = {
  enabled: true, completed: '90.00:00:00', cancelled: '30.00:00:00', faulted: '180.00:00:00', inbox: null, idempotencyTombstones: '365.00:00:00', auditTrail: '2922.00:00:00', interval: '00:05:00', batchSize: 50,
  recent: [
    { at: '2026-12-01T10:00:00Z', kind: 'Completed', count: 3, instanceIds: [DONE] },
    // Walk 43: retention's batch of webhook records read '2 Inbox journeys redacted'.
    { at: '2026-12-01T09:00:00Z', kind: 'Inbox', count: 2, instanceIds: [] },
    // Session 47: Retention:AuditTrail's own batches, which removed audit entries (not journeys) recorded in that period.
    { at: '2026-12-01T08:00:00Z', kind: 'AuditTrail', count: 50, instanceIds: [], oldest: '2018-11-01T10:00:00Z', newest: '2018-11-02T10:00:00Z' },
  ],
};

const plan: ErasurePlan = {
  customerHash: HASH,
  journeys: [
    { id: DONE, workflowId: 'finbox-personal-loan', status: 'Completed', action: 'redact', cancelRefusal: null },
    { id: WAITING, workflowId: 'capitalfloat-paylater', status: 'Waiting', action: 'cancel-then-redact', cancelRefusal: null },
  ],
  inFlight: [WAITING],
  refused: [],
};

const result: ErasureResult = { customerHash: HASH, cancelled: [WAITING], redacted: [DONE, WAITING], alreadyRedacted: 0, inboxRecords: 1, freedSpacePurged: true, purgeFailure: null };

function as(role: Role) {
  return ({ children }: { children: ReactNode }) => <SessionContext.Provider value={{ name: `test-${role}`, role }}>{children}</SessionContext.Provider>;
}

describe('the Privacy page', () => {
  it('lets an Admin erase a borrower only after the dry run, with a reason and a confirmation, and shows a masked receipt', async () => {
    vi.spyOn(api, 'retention').mockResolvedValue(retention);
    const planErasure = vi.spyOn(api, 'planErasure').mockResolvedValue(plan);
    const erase = vi.spyOn(api, 'erase').mockResolvedValue(result);
    render(<PrivacyPage />, { wrapper: as('Admin') });

    expect((await screen.findByTestId('retention-settings')).textContent).toContain('Webhook recordskept for ever');
    expect(screen.getByTestId('retention-audit-trail').textContent).toBe('Audit trailentries removed after 2,922 days');
    expect(screen.getAllByTestId('retention-batch').map((b) => b.textContent)).toEqual([expect.stringContaining('3 Completed journeys redacted'), expect.stringMatching(/: 2 webhook records redacted$/),
      expect.stringMatching(/: 50 audit entries removed \(recorded .*2018.* to .*2018.*\)$/)]);

    fireEvent.change(screen.getByTestId('erasure-customer'), { target: { value: ` ${CUSTOMER} ` } });
    expect(screen.queryByTestId('erasure-submit')).toBeNull(); // nothing to erase before the dry run
    fireEvent.click(screen.getByTestId('erasure-dry-run'));
    const rows = await screen.findAllByTestId('erasure-plan-row');
    expect(planErasure).toHaveBeenCalledWith(CUSTOMER);
    expect(rows.map((r) => r.dataset.action)).toEqual(['redact', 'cancel-then-redact']);

    // The waiting journey needs cancelFirst, and a reason is required.
    const submit = screen.getByTestId('erasure-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(screen.getByTestId('erasure-missing').textContent).toBe('A reason is required.');
    // The reason field is described by what is still missing, and by nothing (never an empty aria-describedby) once complete.
    const reasonField = screen.getByTestId('erasure-reason');
    expect(reasonField.getAttribute('aria-describedby')).toBe(screen.getByTestId('erasure-missing').id);
    fireEvent.change(reasonField, { target: { value: 'DPDP request 42' } });
    expect(screen.getByTestId('erasure-missing').textContent).toContain('cancel them first');
    expect(reasonField.getAttribute('aria-describedby')).toBe(screen.getByTestId('erasure-missing').id);
    expect(submit.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('erasure-cancel-first'));
    expect(submit.disabled).toBe(false);
    expect(reasonField.hasAttribute('aria-describedby')).toBe(false);

    submit.focus();
    fireEvent.click(submit);
    const dialog = screen.getByTestId('confirm-dialog');
    expect(dialog.textContent).toContain('2 journeys of customer XXXXXXXXX7731 will be redacted, 1 cancelled first');
    expect(erase).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByTestId('confirm-button'));

    const receipt = await screen.findByTestId('erasure-receipt');
    expect(erase).toHaveBeenCalledWith(CUSTOMER, 'DPDP request 42', true);
    expect(receipt.textContent).toContain('2 journeys redacted');
    expect(receipt.textContent).toContain('1 journey cancelled first');
    expect(receipt.textContent).toContain('1 webhook record redacted');
    expect(screen.getByTestId('erasure-receipt-purge').textContent).toBe('Old copies removed from the database files');
    expect(screen.getByTestId('erasure-receipt-hash').textContent).toBe(HASH);
    // The borrower is named nowhere on the page once erased: masked in the receipt, the form emptied.
    await waitFor(() => expect(document.body.textContent).not.toContain(CUSTOMER));
    expect((screen.getByTestId('erasure-customer') as HTMLInputElement).value).toBe('');
    expect(screen.queryByTestId('erasure-plan')).toBeNull();
    // Erase… went with the plan: the focus is on the erasure's first control, ready for the next borrower, not on the page.
    expect(document.activeElement).toBe(screen.getByTestId('erasure-customer'));
  });

  // Session 50: a purge that failed said "a reader held the database" whatever the cause; the answer's purgeFailure says which.
  it.each([
    ['diskFull', "Old copies may remain in the database files: the disk had no room to rewrite the database (free about the database's size, then erase again)"],
    ['busy', 'Old copies may remain in the database files: the database was busy: a reader or a lock held it, or the purge ran out of time (erase again later to purge them)'],
    ['storeError', 'Old copies may remain in the database files: the database could not be rewritten (storeError) (see the server log, then erase again)'],
  ])('says why old copies may remain when the purge failed: %s', async (purgeFailure, note) => {
    vi.spyOn(api, 'retention').mockResolvedValue(retention);
    vi.spyOn(api, 'planErasure').mockResolvedValue({ ...plan, journeys: [plan.journeys[0]], inFlight: [] });
    vi.spyOn(api, 'erase').mockResolvedValue({ ...result, cancelled: [], redacted: [DONE], freedSpacePurged: false, purgeFailure });
    render(<PrivacyPage />, { wrapper: as('Admin') });
    fireEvent.change(await screen.findByTestId('erasure-customer'), { target: { value: CUSTOMER } });
    fireEvent.click(screen.getByTestId('erasure-dry-run'));
    await screen.findAllByTestId('erasure-plan-row');
    fireEvent.change(screen.getByTestId('erasure-reason'), { target: { value: 'DPDP request 50' } });
    fireEvent.click(screen.getByTestId('erasure-submit'));
    fireEvent.click(within(screen.getByTestId('confirm-dialog')).getByTestId('confirm-button'));

    await screen.findByTestId('erasure-receipt');
    expect(screen.getByTestId('erasure-receipt-purge').textContent).toBe(note);
  });

  it('refuses to offer the erasure while a journey is past its point of no return', async () => {
    vi.spyOn(api, 'retention').mockResolvedValue(retention);
    vi.spyOn(api, 'planErasure').mockResolvedValue({
      ...plan,
      journeys: [{ id: WAITING, workflowId: 'finbox-personal-loan', status: 'Waiting', action: 'refused',
        cancelRefusal: { stepId: 'disburse', activity: 'FinBox.Disburse', outcome: null, moneyCallOut: true, awaitsDecision: false, takenAnswer: null, message: 'The disbursal was sent.' } }],
      refused: [WAITING],
    });
    const erase = vi.spyOn(api, 'erase');
    render(<PrivacyPage />, { wrapper: as('Admin') });
    fireEvent.change(screen.getByTestId('erasure-customer'), { target: { value: CUSTOMER } });
    fireEvent.click(screen.getByTestId('erasure-dry-run'));
    expect((await screen.findByTestId('erasure-refused')).textContent).toContain('erase once it has finished');
    expect(screen.getByTestId('erasure-plan-row').textContent).toContain('The disbursal was sent.');
    expect(screen.queryByTestId('erasure-cancel-first')).toBeNull();
    fireEvent.change(screen.getByTestId('erasure-reason'), { target: { value: 'DPDP request 43' } });
    expect((screen.getByTestId('erasure-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(erase).not.toHaveBeenCalled();
  });

  // Session 43: the periods read "redacted after 90.00:00:00 (d.hh:mm:ss)" and "Runs every 00:05:00".
  it('shows each retention period as a person reads it, with the exact value in its title', async () => {
    vi.spyOn(api, 'retention').mockResolvedValue({ ...retention, completed: '00:08:00' });
    render(<PrivacyPage />, { wrapper: as('Viewer') });

    const settings = await screen.findByTestId('retention-settings');
    expect(settings.textContent).toContain('Completedredacted after 8 minutes');
    expect(settings.textContent).toContain('Cancelledredacted after 30 days');
    expect(settings.textContent).not.toContain('d.hh:mm:ss');
    expect(screen.getAllByTestId('retention-period').map((p) => p.getAttribute('title'))).toEqual(
      ['00:08:00 (d.hh:mm:ss)', '30.00:00:00 (d.hh:mm:ss)', '180.00:00:00 (d.hh:mm:ss)']);
    expect(screen.getByTestId('retention-enabled').textContent).toBe('Runs every 5 minutes, 50 journeys a batch.');
    expect(screen.getByTestId('retention-interval').getAttribute('title')).toBe('00:05:00 (d.hh:mm:ss)');
  });

  // Session 44: a redacted journey's Idempotency-Key refuses a replayed start for a period of its own, which retention ends.
  it('shows how long a used Idempotency-Key is refused, and the batches that forgot them', async () => {
    vi.spyOn(api, 'retention').mockResolvedValue({
      ...retention,
      recent: [{ at: '2026-12-01T11:00:00Z', kind: 'IdempotencyTombstones', count: 4, instanceIds: [] }],
    });
    render(<PrivacyPage />, { wrapper: as('Viewer') });

    const row = await screen.findByTestId('retention-idempotency');
    expect(row.textContent).toBe('Used Idempotency-Keysrefused for 365 days after the journey is redacted');
    expect(screen.getByTestId('retention-idempotency-period').getAttribute('title')).toBe('365.00:00:00 (d.hh:mm:ss)');
    expect(screen.getByTestId('retention-batch').textContent).toContain('4 used Idempotency-Keys forgotten');
  });

  it('shows a used Idempotency-Key refused for ever when no period is set', async () => {
    vi.spyOn(api, 'retention').mockResolvedValue({ ...retention, idempotencyTombstones: null });
    render(<PrivacyPage />, { wrapper: as('Viewer') });

    expect((await screen.findByTestId('retention-idempotency')).textContent).toBe('Used Idempotency-Keysrefused for ever');
  });

  it('shows other roles the retention settings without the erasure', async () => {
    vi.spyOn(api, 'retention').mockResolvedValue({ ...retention, enabled: false, recent: [] });
    render(<PrivacyPage />, { wrapper: as('Operator') });
    expect((await screen.findByTestId('retention-enabled')).textContent).toContain('Off on this server');
    // Walk 44: off, nothing is redacted; the periods are what retention would do once on.
    expect(screen.getByTestId('retention-settings').textContent).toContain('Completedkept (with retention on: redacted after 90 days)');
    expect(screen.getByTestId('retention-idempotency').textContent).toBe('Used Idempotency-Keysrefused (with retention on: for 365 days after the journey is redacted)');
    expect(screen.getByTestId('retention-recent-empty')).toBeTruthy();
    expect(screen.queryByTestId('erasure')).toBeNull();
    expect(screen.getByTestId('erasure-readonly').textContent).toContain('Admin');
  });

  // Session 46's walk: retention had redacted the borrower's journeys before they asked for erasure, so the server could no
  // longer recognise their name in the reason, and "DPDP request 42 from Ravi Kumar" kept it in the audit trail.
  it("asks for the request's reference, not the borrower, and says when no journey still holds the borrower's name to mask", async () => {
    vi.spyOn(api, 'retention').mockResolvedValue(retention);
    const redacted: ErasurePlan = { ...plan, journeys: plan.journeys.map((j) => ({ ...j, status: 'Completed', action: 'already-redacted' })), inFlight: [] };
    const planErasure = vi.spyOn(api, 'planErasure').mockResolvedValue(plan);
    render(<PrivacyPage />, { wrapper: as('Admin') });
    fireEvent.change(await screen.findByTestId('erasure-customer'), { target: { value: CUSTOMER } });
    fireEvent.click(screen.getByTestId('erasure-dry-run'));
    expect((await screen.findByTestId('erasure-reason-note')).textContent).toBe(
      "Quote the request's reference (DPDP request 42), not the borrower: the reason stays in the audit trail after the erasure.");

    planErasure.mockResolvedValue(redacted);
    fireEvent.click(screen.getByTestId('erasure-dry-run'));
    await waitFor(() => expect(screen.getByTestId('erasure-reason-note').textContent).toContain("None of this borrower's journeys still holds their data"));
    expect(screen.getByTestId('erasure-reason-note').textContent).toContain('would stay in the audit trail');
  });

  it('masks a customer id down to its last four characters', () => {
    expect(maskCustomerId('CUST-DPO-7731')).toBe('XXXXXXXXX7731');
    expect(maskCustomerId('C-12')).toBe('XXXX');
  });
});
