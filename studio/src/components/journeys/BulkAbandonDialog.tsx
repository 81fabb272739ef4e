import { useEffect, useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { BulkAbandon } from '../../api/types';
import { leftBecause, toAbandon, toSettle } from '../../lib/bulkAbandon';
import { shortId } from '../../lib/format';
import { MAX_REASON } from '../../lib/outcomeUnknown';
import { href } from '../../lib/router';
import { ConfirmDialog, Loading, ProblemAlert } from '../common';
import { ReasonField } from '../ReasonField';

/**
 * Admin, last resort: abandon the selected journeys whose keys are lost for good (docs/api.md, "Bulk abandon"). It opens
 * with the server's dry run — per journey whether it can be abandoned, what that leaves to settle by hand, or why it is
 * left — and abandons only after a reason, each once-only call of unknown outcome ticked as reconciled, one by one.
 */
export function BulkAbandonDialog({ ids, onClose, onDone }: { ids: string[]; onClose: () => void; onDone: (result: BulkAbandon) => void }) {
  const [preview, setPreview] = useState<BulkAbandon | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reason, setReason] = useState('');
  const [reconciled, setReconciled] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const key = ids.join(',');

  useEffect(() => {
    let live = true;
    api.bulkAbandon({ ids: key.split(','), dryRun: true }).then(
      (p) => live && setPreview(p),
      (e) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [key]);

  const chosen = preview ? toAbandon(preview.items, reconciled) : [];
  const why = reason.trim();
  const ready = chosen.length > 0 && why.length > 0 && why.length <= MAX_REASON;
  const confirm = async () => {
    if (!ready) return;
    setBusy(true);
    try {
      // Every selected journey goes back: the server abandons the same ones and reports the others as left, in one answer.
      onDone(await api.bulkAbandon({
        ids: key.split(','), dryRun: false, reason: why, intentsReconciled: chosen.filter((i) => reconciled.has(i.id)).map((i) => i.id),
      }));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const tick = (id: string, on: boolean) => setReconciled((s) => {
    const n = new Set(s);
    if (on) n.add(id);
    else n.delete(id);
    return n;
  });

  return (
    <ConfirmDialog title="Abandon journeys whose keys are lost?" confirmLabel={`Abandon ${chosen.length} journey${chosen.length === 1 ? '' : 's'}`} danger wide busy={busy}
      confirmDisabled={!ready} onClose={onClose} onConfirm={() => void confirm()}>
      <p>
        Each journey this node cannot decrypt ends as <strong>Cancelled</strong> and <strong>no compensation runs</strong>:
        what is listed below stays for you to settle with the lender by hand. Journeys it can read are left (cancel them). This cannot be undone.
      </p>
      <ProblemAlert error={error} onDismiss={() => setError(null)} />
      {!preview && !error && <Loading label="Checking the selected journeys…" />}
      {preview && (
        <table className="table table-compact" data-testid="bulk-abandon-preview">
          <thead><tr><th scope="col">Journey</th><th scope="col">At step</th><th scope="col">Abandoning it</th></tr></thead>
          <tbody>
            {preview.items.map((i) => (
              <tr key={i.id} data-testid="bulk-abandon-item" data-id={i.id} data-can={i.canAbandon || reconciled.has(i.id) ? 'yes' : 'no'}>
                <td><a href={href(`/journeys/${encodeURIComponent(i.id)}`)} className="mono" title={i.id}>{shortId(i.id)}</a></td>
                <td className="mono">{i.atStep ?? '–'}</td>
                <td>
                  {i.canAbandon || reconciled.has(i.id) ? <span>Abandoned without compensation</span> : <span className="muted">{leftBecause(i)}</span>}
                  {toSettle(i).length > 0 && <ul className="small">{toSettle(i).map((line) => <li key={line}>{line}</li>)}</ul>}
                  {i.code === 'unresolved_intent' && (
                    <label className="small">
                      <input type="checkbox" checked={reconciled.has(i.id)} onChange={(e) => tick(i.id, e.target.checked)} data-testid="bulk-abandon-reconciled" />
                      {' '}I reconciled these calls with the lender
                    </label>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="decision-form">
        <ReasonField value={reason} onChange={setReason} required label="Reason (required: it goes into each journal and the audit trail)" testId="bulk-abandon-reason" />
      </div>
      {preview && chosen.length === 0 && <p className="muted small" data-testid="bulk-abandon-none">None of the selected journeys can be abandoned.</p>}
    </ConfirmDialog>
  );
}

/** What a bulk abandon did: how many, what to settle by hand for each, and which were left and why. */
export function BulkAbandonOutcome({ result, onDismiss }: { result: BulkAbandon; onDismiss: () => void }) {
  const done = result.items.filter((i) => i.abandoned);
  const left = result.items.filter((i) => !i.abandoned);
  const settle = done.filter((i) => toSettle(i).length > 0);
  return (
    <div className={`alert ${left.length ? 'alert-warn' : 'alert-ok'}`} role="status" data-testid="bulk-abandon-result">
      <div className="alert-body">
        <strong>{done.length} abandoned</strong>{left.length > 0 && <>, {left.length} left</>}
        {settle.length > 0 && <>. Settle with the lender by hand:
          <ul className="field-errors">{settle.map((i) => <li key={i.id}><code>{shortId(i.id)}</code>: {toSettle(i).join('; ')}</li>)}</ul></>}
        {left.length > 0 && <ul className="field-errors">{left.map((i) => <li key={i.id}><code>{shortId(i.id)}</code>: {leftBecause(i) ?? i.error}</li>)}</ul>}
      </div>
      <button type="button" className="btn-icon" aria-label="Dismiss" onClick={onDismiss}>×</button>
    </div>
  );
}
