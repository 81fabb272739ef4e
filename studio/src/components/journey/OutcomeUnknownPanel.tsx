import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { InstanceDetail } from '../../api/types';
import { formatTime } from '../../lib/format';
import { amountText, moneyText } from '../../lib/money';
import { type Decision, type MoneyCallIntent, missingFields, offeredDecisions, referenceLabel } from '../../lib/outcomeUnknown';
import { describeRoles, heldRoles, useCan, useSession } from '../../lib/roles';
import { ProblemAlert } from '../common';
import { ReasonField } from '../ReasonField';
import { useAction } from './useAction';

const LABELS: Record<Decision, string> = {
  'confirm-sent': "Confirm sent (lender's reference)",
  'confirm-not-sent': 'Confirm not sent → send again',
  'confirm-not-sent-and-cancel': 'Confirm not sent → cancel journey',
};

const EXPLAIN: Record<Decision, string> = {
  'confirm-sent': 'The lender confirmed it took this call. The step goes on with the reference you give and sends nothing.',
  'confirm-not-sent': 'The lender confirmed it never took this call. The step sends it again, once.',
  'confirm-not-sent-and-cancel': "The lender confirmed it never took this call. Nothing is sent again: the journey ends Cancelled and the definition's compensation runs (for example, releasing a block).",
};

/**
 * The operator's side of an outcome-unknown incident: what was sent (masked by the server), when and what came back, and
 * the answers the server offers for it, each with a required reason (the audit trail and the journal keep it). Operator
 * and up. There is no plain cancel here: while the call's outcome is unknown a cancel would be a guess (the server refuses
 * it for a point-of-no-return call), so stopping the journey is an answer, "not sent", too.
 */
export function OutcomeUnknownPanel({ detail, intent, onDone, onAnswered }: {
  detail: InstanceDetail; intent: MoneyCallIntent; onDone: () => void; onAnswered?: (message: string) => void;
}) {
  const canDecide = useCan('confirmSent');
  const canCancel = useCan('cancel');
  const role = describeRoles(heldRoles(useSession()));
  const [decision, setDecision] = useState<Decision | null>(null);
  // The answer's form replaces its button, and Back the form: each takes the focus to what replaced what had it (walk 50,
  // keyboard only: the focus fell to the page, and a screen reader said nothing of the form that had opened).
  const panel = useRef<HTMLDivElement>(null);
  const backTo = useRef<Decision | null>(null);
  useEffect(() => {
    const target = decision
      ? panel.current?.querySelector('[data-testid="decision-form"]')?.querySelector<HTMLElement>('input, textarea')
      : backTo.current && panel.current?.querySelector<HTMLElement>(`[data-testid="decide-${backTo.current}"]`);
    backTo.current = null;
    target?.focus();
  }, [decision]);
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const a = useAction();
  const ids = { reference: useId(), hint: useId() };
  const missing = decision ? missingFields(decision, reference, reason) : [];
  const offered = offeredDecisions(intent.choices, detail.cancelRequested)
    .filter((d) => canDecide && (d !== 'confirm-not-sent-and-cancel' || canCancel));

  const submit = async () => {
    if (!decision || missing.length) return;
    const why = reason.trim();
    const message = decision === 'confirm-sent' ? 'Recorded as sent' : decision === 'confirm-not-sent' ? 'Recorded as not sent; sending again' : 'Recorded as not sent; cancelling';
    const ok = await a.run(
      () => decision === 'confirm-sent' ? api.confirmSent(detail.id, reference.trim(), why)
        : api.confirmNotSent(detail.id, why, decision === 'confirm-not-sent' ? 'resend' : 'cancel'),
      message,
      onDone);
    if (ok) {
      setDecision(null);
      // The answer usually ends the incident, and this panel with it (the journey goes on, often to its end): the page takes
      // the focus to its own status line, which says what was recorded and where the journey is (walk 50).
      onAnswered?.(message);
    }
  };

  return (
    <div className="outcome-unknown" data-testid="outcome-unknown" ref={panel}>
      <h3>{intent.operation}: sent, no answer</h3>
      <dl className="meta meta-tight">
        {intent.amount !== null && <div><dt>Amount</dt><dd data-testid="intent-amount">{amountText(intent.amount)}</dd></div>}
        {intent.references.map((r) => <div key={r.name}><dt>{referenceLabel(r.name)}</dt><dd className="mono" data-testid={`intent-ref-${r.name}`}>{moneyText(r.name, r.value) ?? r.value}</dd></div>)}
        <div><dt>Last sent</dt><dd data-testid="intent-last-sent">{intent.lastSentAt ? formatTime(intent.lastSentAt) : 'unknown'}</dd></div>
      </dl>
      {intent.tried.length > 0 && (
        <table className="table table-compact" data-testid="intent-tried">
          <caption>What was tried</caption>
          <thead><tr><th scope="col">Sent at</th><th scope="col">Attempt</th><th scope="col">Node</th><th scope="col">Answer</th></tr></thead>
          <tbody>
            {intent.tried.map((t, i) => (
              <tr key={i}><td>{t.sentAt ? formatTime(t.sentAt) : '—'}</td><td>{t.attempt ?? '—'}</td><td className="mono">{t.node ?? '—'}</td><td className="mono">{t.answer ?? 'none'}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {offered.length === 0 && (
        <p className="muted small" data-testid="outcome-readonly">Answering needs the Operator role; you are signed in as {role ?? 'no role'}.</p>
      )}
      {offered.length > 0 && !decision && (
        <div className="incident-actions" role="group" aria-label="Answer the question">
          {offered.map((d) => (
            <button key={d} type="button" className={d === 'confirm-not-sent-and-cancel' ? 'btn btn-danger-outline' : 'btn btn-primary'} onClick={() => { setDecision(d); a.clearError(); }} data-testid={`decide-${d}`}>
              {LABELS[d]}
            </button>
          ))}
        </div>
      )}
      {decision && (
        <form className="decision-form" data-testid="decision-form" data-decision={decision} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <p id={ids.hint}>{EXPLAIN[decision]}</p>
          {decision === 'confirm-sent' && (
            <div className="field">
              <label htmlFor={ids.reference}>Lender's reference (required)</label>
              <input id={ids.reference} value={reference} onChange={(e) => setReference(e.target.value)} required autoComplete="off" data-testid="decision-reference" />
            </div>
          )}
          <ReasonField value={reason} onChange={setReason} required hint={ids.hint} testId="decision-reason" />
          {missing.length > 0 && <p className="muted small" data-testid="decision-missing">Still needed: {missing.join(', ')}</p>}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => { backTo.current = decision; setDecision(null); }} data-testid="decision-back">Back</button>
            <button type="submit" className={decision === 'confirm-not-sent-and-cancel' ? 'btn btn-danger' : 'btn btn-primary'} disabled={a.busy || missing.length > 0} data-testid="decision-submit">
              {a.busy ? 'Working…' : LABELS[decision]}
            </button>
          </div>
        </form>
      )}
      {a.message && <p className="ok-text" role="status">{a.message}</p>}
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
    </div>
  );
}
