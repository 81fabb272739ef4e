import { useId, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { JournalEntry, UnresolvedIntent } from '../../api/types';
import { buildNote } from '../../lib/bulkAbandon';
import { formatTime } from '../../lib/format';
import { MAX_REASON } from '../../lib/outcomeUnknown';
import { useCan } from '../../lib/roles';
import { ProblemAlert } from '../common';
import { ReasonField } from '../ReasonField';
import { useAction } from './useAction';

/**
 * Shown with a journey this node cannot decrypt (503 `payload_unreadable`). When its keys are lost for good, an Admin
 * abandons it: Cancelled without compensation, its stored data left for retention or an erasure (docs/api.md, "abandon").
 * A once-only call of unknown outcome stops it until the Admin confirms it was reconciled with the lender. Once abandoned
 * (its journal, which still reads, says so) the panel says by whom and why instead.
 */
export function AbandonPanel({ id, journal, onDone }: { id: string; journal: JournalEntry[] | undefined; onDone: () => void }) {
  const canAbandon = useCan('abandon');
  const [reason, setReason] = useState('');
  const [intents, setIntents] = useState<UnresolvedIntent[] | null>(null);
  const [reconciled, setReconciled] = useState(false);
  const a = useAction();
  const ids = { hint: useId(), reconciled: useId() };
  const abandoned = journal?.filter((e) => e.kind === 'InstanceAbandoned').at(-1);

  if (abandoned) {
    const by = typeof abandoned.data?.by === 'string' ? abandoned.data.by : 'an administrator';
    const why = typeof abandoned.data?.reason === 'string' ? abandoned.data.reason : null;
    const atStep = typeof abandoned.data?.atStep === 'string' ? abandoned.data.atStep : null;
    const notRun = compensationsNotRun(abandoned.data?.compensationsNotRun);
    const unresolved = stepItems(abandoned.data?.unresolvedIntents, 'key');
    return (
      <section className="card" data-testid="abandoned">
        <h2>Abandoned</h2>
        <p>
          Closed as <strong>Cancelled</strong>{atStep && <> at step <span className="mono">{atStep}</span></>} without compensation
          by <strong>{by}</strong> on {formatTime(abandoned.at)}
          {why && <> — “{why}”</>}. Its stored data stays unreadable until retention or an erasure removes it.
        </p>
        {notRun.length > 0 && (
          <div data-testid="abandoned-compensations">
            <h3>Not undone — settle with the lender by hand</h3>
            <ul>
              {notRun.map((c) => (
                <li key={c.stepId}><span className="mono">{c.value}</span> for step <span className="mono">{c.stepId}</span>{buildNote(c.inThisBuild)}</li>
              ))}
            </ul>
          </div>
        )}
        {unresolved.length > 0 && (
          <div data-testid="abandoned-intents">
            <h3>Sent with their outcome unknown (reconciled by {by})</h3>
            <ul>{unresolved.map((i) => <li key={i.value}><span className="mono">{i.value}</span> at step <span className="mono">{i.stepId}</span></li>)}</ul>
          </div>
        )}
      </section>
    );
  }

  if (!canAbandon) {
    return <p className="muted small" data-testid="abandon-readonly">If the keys it was written with are lost for good, an Admin can abandon this journey.</p>;
  }

  const why = reason.trim();
  const missing = [
    ...(why.length === 0 ? ['reason'] : why.length > MAX_REASON ? [`reason (at most ${MAX_REASON} characters)`] : []),
    ...(intents && intents.length > 0 && !reconciled ? ['the lender reconciliation'] : []),
  ];
  const submit = async () => {
    if (missing.length) return;
    await a.run(async () => {
      try {
        await api.abandon(id, why, reconciled);
      } catch (e) {
        if (e instanceof ApiError && e.problem.code === 'unresolved_intent') setIntents(e.problem.intents ?? []);
        throw e;
      }
    }, 'Abandoned: the journey is Cancelled', onDone);
  };

  return (
    <section className="card" aria-labelledby={ids.hint} data-testid="abandon-panel">
      <h2 id={ids.hint}>Keys lost for good?</h2>
      <p>
        Put the keys it was written with in place and retry first. If they cannot be restored, abandon it: it ends
        as <strong>Cancelled</strong> and <strong>no compensation runs</strong> (nothing is released or reversed at the
        lender). This cannot be undone.
      </p>
      <form className="decision-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <ReasonField value={reason} onChange={setReason} required testId="abandon-reason" />
        {intents && intents.length > 0 && (
          <div data-testid="abandon-intents">
            <p>It sent these once-only calls and never learnt whether they took effect; it never will. Ask the lender first.</p>
            <ul>
              {intents.map((i) => <li key={i.key}><span className="mono">{i.key}</span> at step <span className="mono">{i.stepId}</span>{i.createdAt && <>, {formatTime(i.createdAt)}</>}</li>)}
            </ul>
            <label htmlFor={ids.reconciled}>
              <input id={ids.reconciled} type="checkbox" checked={reconciled} onChange={(e) => setReconciled(e.target.checked)} data-testid="abandon-reconciled" />
              {' '}I reconciled these calls with the lender
            </label>
          </div>
        )}
        {missing.length > 0 && <p className="muted small" data-testid="abandon-missing">Still needed: {missing.join(', ')}</p>}
        <div className="dialog-actions">
          <button type="submit" className="btn btn-danger" disabled={a.busy || missing.length > 0} data-testid="abandon-submit">
            {a.busy ? 'Working…' : 'Abandon journey'}
          </button>
        </div>
      </form>
      {a.message && <p className="ok-text" role="status">{a.message}</p>}
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
    </section>
  );
}

/** The `[{ stepId, <field> }]` lists of an InstanceAbandoned journal entry, malformed items left out, each item as it was. */
function stepEntries(raw: unknown, field: 'activity' | 'key'): (Record<string, unknown> & { stepId: string })[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((x): x is Record<string, unknown> & { stepId: string } =>
    x !== null && typeof x === 'object' && typeof x.stepId === 'string' && typeof x[field] === 'string');
}

function stepItems(raw: unknown, field: 'activity' | 'key'): { stepId: string; value: string }[] {
  return stepEntries(raw, field).map((x) => ({ stepId: x.stepId, value: x[field] as string }));
}

/**
 * The compensations an InstanceAbandoned entry lists as not run. An entry written before the server sent `inThisBuild`
 * lacks it: such a compensation counts as in this build, since the server then only listed activities it had.
 */
function compensationsNotRun(raw: unknown): { stepId: string; value: string; inThisBuild: boolean }[] {
  return stepEntries(raw, 'activity').map((x) => ({ stepId: x.stepId, value: x.activity as string, inThisBuild: x.inThisBuild !== false }));
}
