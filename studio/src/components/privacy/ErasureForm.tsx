import { useId, useState } from 'react';
import { api } from '../../api/client';
import type { ErasurePlan, ErasurePlanJourney, ErasureResult } from '../../api/types';
import { plural } from '../../lib/format';
import { maskCustomerId } from '../../lib/privacy';
import { href } from '../../lib/router';
import { ConfirmDialog, ProblemAlert, StatusBadge } from '../common';
import { useAction } from '../journey/useAction';
import { KeptReason, reasonGiven } from '../ReasonField';

const ACTION_WORDS: Record<string, string> = {
  redact: 'Redacted',
  'cancel-then-redact': 'Cancelled (compensation runs), then redacted',
  refused: 'Refused: past its point of no return',
  'already-redacted': 'Already redacted',
};

/**
 * An Admin erases one borrower's data (docs/server.md, "Erasure"): the customer id, then the server's dry run of what
 * would be erased, then a required reason and a confirmation, then a receipt that names the borrower only masked and by
 * the hash the audit trail keeps. The customer id is dropped from the form once erased.
 */
export function ErasureForm() {
  const [customerId, setCustomerId] = useState('');
  const [plan, setPlan] = useState<{ customerId: string; plan: ErasurePlan } | null>(null);
  const [reason, setReason] = useState('');
  const [cancelFirst, setCancelFirst] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [receipt, setReceipt] = useState<{ masked: string; result: ErasureResult } | null>(null);
  const dry = useAction();
  const erase = useAction();
  const ids = { customer: useId(), cancelFirst: useId(), missing: useId() };
  const id = customerId.trim();
  const shown = plan?.customerId === id ? plan.plan : null;

  const runDry = async () => {
    if (!id) return;
    setReceipt(null);
    setPlan(null);
    await dry.run(async () => setPlan({ customerId: id, plan: await api.planErasure(id) }), '');
  };

  const blocked = shown ? eraseBlock(shown, cancelFirst) : 'Run the dry run first.';
  const missing = !reasonGiven(reason) ? 'A reason is required.' : blocked;

  const confirm = async () => {
    const done = await erase.run(async () => {
      const result = await api.erase(id, reason.trim(), cancelFirst);
      setReceipt({ masked: maskCustomerId(id), result });
    }, 'Erased');
    setConfirming(false);
    if (done) {
      setCustomerId('');
      setPlan(null);
      setReason('');
      setCancelFirst(false);
    }
  };

  return (
    <section className="card" data-testid="erasure">
      <h2>Erase a borrower&apos;s data</h2>
      <p className="muted">
        Redacts every journey whose customer id is this one and the borrower&apos;s webhook records: inputs, documents,
        variables and journal bodies go; ids, statuses, outcomes and times stay. The audit trail keeps who erased, when
        and why, with the customer id only as a hash. It cannot be undone.
      </p>
      <form className="decision-form" onSubmit={(e) => { e.preventDefault(); void runDry(); }}>
        <div className="field">
          <label htmlFor={ids.customer}>Customer id</label>
          <input id={ids.customer} value={customerId} autoComplete="off" spellCheck={false} maxLength={200}
            aria-invalid={dry.error ? true : undefined} aria-describedby={dry.error ? `${ids.customer}-problem` : undefined}
            onChange={(e) => { setCustomerId(e.target.value); setCancelFirst(false); }} data-testid="erasure-customer" />
        </div>
        <div className="dialog-actions">
          <button type="submit" className="btn" disabled={!id || dry.busy} data-testid="erasure-dry-run">
            {dry.busy ? 'Working…' : 'Dry run: what would be erased'}
          </button>
        </div>
      </form>
      <ProblemAlert error={dry.error} onDismiss={dry.clearError} id={`${ids.customer}-problem`} />

      {shown && (
        <div data-testid="erasure-plan" data-customer-hash={shown.customerHash}>
          <h3>What would be erased</h3>
          {shown.journeys.length === 0
            ? <p data-testid="erasure-plan-empty">No journey carries this customer id. Webhook records keyed to it would still be redacted.</p>
            : <PlanTable journeys={shown.journeys} />}
          {shown.refused.length > 0 && (
            <p className="error-text" data-testid="erasure-refused">
              {plural(shown.refused.length, 'journey')} past its point of no return (a disbursal sent or done) cannot be cancelled:
              erase once {shown.refused.length === 1 ? 'it has' : 'they have'} finished.
            </p>
          )}
          {shown.inFlight.length > 0 && shown.refused.length === 0 && (
            <label htmlFor={ids.cancelFirst} className="check">
              <input id={ids.cancelFirst} type="checkbox" checked={cancelFirst} onChange={(e) => setCancelFirst(e.target.checked)} data-testid="erasure-cancel-first" />
              {' '}Cancel the {plural(shown.inFlight.length, 'journey')} still in flight first (their compensations run: a pay-later block is released)
            </label>
          )}
          <p className="muted small" data-testid="erasure-reason-note">{reasonNote(shown)}</p>
          <KeptReason hint={missing ? ids.missing : undefined} value={reason} onChange={setReason} testId="erasure-reason" />
          {missing && <p className="muted small" id={ids.missing} data-testid="erasure-missing">{missing}</p>}
          <div className="dialog-actions">
            <button type="button" className="btn btn-danger" disabled={missing !== null || erase.busy} aria-describedby={missing ? ids.missing : undefined}
              onClick={() => setConfirming(true)} data-testid="erasure-submit">
              Erase…
            </button>
          </div>
        </div>
      )}

      {confirming && shown && (
        <ConfirmDialog title="Erase this borrower's data?" confirmLabel="Erase now" danger busy={erase.busy}
          onConfirm={() => void confirm()} onClose={() => setConfirming(false)}>
          <p>
            {plural(shown.journeys.filter((j) => j.action !== 'already-redacted').length, 'journey')} of
            customer <span className="mono">{maskCustomerId(id)}</span> will be redacted
            {cancelFirst && shown.inFlight.length > 0 && <>, {shown.inFlight.length} cancelled first</>}. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      <ProblemAlert error={erase.error} onDismiss={erase.clearError} />
      {receipt && <Receipt masked={receipt.masked} result={receipt.result} />}
    </section>
  );
}

/** Why the erasure cannot be sent as the plan stands, or null. */
export function eraseBlock(plan: ErasurePlan, cancelFirst: boolean): string | null {
  if (plan.refused.length > 0) return 'A journey past its point of no return must finish first.';
  if (plan.inFlight.length > 0 && !cancelFirst) return 'Journeys still in flight: cancel them first (tick the box) or wait for them to end.';
  return null;
}

function PlanTable({ journeys }: { journeys: ErasurePlanJourney[] }) {
  return (
    <table className="table table-compact" data-testid="erasure-plan-table">
      <thead><tr><th scope="col">Journey</th><th scope="col">Workflow</th><th scope="col">Status</th><th scope="col">Erasure</th></tr></thead>
      <tbody>
        {journeys.map((j) => (
          <tr key={j.id} data-testid="erasure-plan-row" data-action={j.action} data-instance-id={j.id}>
            <td><a className="mono" href={href(`/journeys/${encodeURIComponent(j.id)}`)}>{j.id}</a></td>
            <td>{j.workflowId}</td>
            <td><StatusBadge status={j.status} /></td>
            <td>{ACTION_WORDS[j.action] ?? j.action}{j.cancelRefusal && <div className="muted small">{j.cancelRefusal.message}</div>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Why old copies may remain, from the answer's purgeFailure (session 50: the receipt blamed a reader whatever the cause).
const PURGE_FAILURES: Record<string, string> = {
  busy: 'the database was busy: a reader or a lock held it, or the purge ran out of time (erase again later to purge them)',
  diskFull: "the disk had no room to rewrite the database (free about the database's size, then erase again)",
};

function purgeNote(result: ErasureResult): string {
  if (result.freedSpacePurged) return 'Old copies removed from the database files';
  const why = PURGE_FAILURES[result.purgeFailure ?? ''] ?? `the database could not be rewritten${result.purgeFailure ? ` (${result.purgeFailure})` : ''} (see the server log, then erase again)`;
  return `Old copies may remain in the database files: ${why}`;
}

function Receipt({ masked, result }: { masked: string; result: ErasureResult }) {
  return (
    <div className="receipt" role="status" data-testid="erasure-receipt">
      <h3>Erased: customer <span className="mono">{masked}</span></h3>
      <ul>
        <li>{plural(result.redacted.length, 'journey')} redacted{result.alreadyRedacted > 0 && <>, {result.alreadyRedacted} already redacted</>}</li>
        {result.cancelled.length > 0 && <li>{plural(result.cancelled.length, 'journey')} cancelled first</li>}
        <li>{plural(result.inboxRecords, 'webhook record')} redacted</li>
        <li data-testid="erasure-receipt-purge">{purgeNote(result)}</li>
        <li>Kept in the audit trail as <span className="mono" data-testid="erasure-receipt-hash">{result.customerHash}</span></li>
      </ul>
      <p><a href={href('/audit', { action: 'erasure' })}>Erasures in the audit trail</a></p>
    </div>
  );
}

/**
 * What the erasure's reason should say. The audit trail keeps it after the erasure; the server masks the borrower's name,
 * birth date and address in it only as their journeys not yet redacted hold them (docs/server.md, "Privacy walk (session
 * 45)"). Session 46's walk: a borrower whose journeys retention had already redacted asked for erasure, and the reason
 * "DPDP request 42 from Ravi Kumar" kept the name in the trail for good.
 */
export function reasonNote(plan: ErasurePlan): string {
  const unread = plan.journeys.every((j) => j.action === 'already-redacted');
  return unread
    ? "None of this borrower's journeys still holds their data, so their name, birth date or address cannot be recognised "
      + "in the reason and would stay in the audit trail: quote the request's reference only (DPDP request 42), not the borrower."
    : "Quote the request's reference (DPDP request 42), not the borrower: the reason stays in the audit trail after the erasure.";
}
