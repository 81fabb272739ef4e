import { useId, useState } from 'react';
import { api } from '../../api/client';
import { type CancelRefusal, cancelRefusalText } from '../../lib/cancelRefusal';
import { ConfirmDialog, ProblemAlert } from '../common';
import { KeptReason, reasonGiven } from '../ReasonField';
import { useAction } from './useAction';

/**
 * Cancelling ends a borrower's journey for good, so the dialog asks why, required as for a retry or a skip (the API keeps it
 * optional, for scripts): the reason goes to the journal's cancel entry and the audit trail, where the next operator looks
 * for it — a Studio cancel without one showed "—" there. A journey past its point of no
 * return (`refusal`, from the journey's detail) shows the button disabled with why, instead of a dialog the server refuses.
 */
export function CancelButton({ id, onDone, refusal = null, testId = 'cancel-journey', label = 'Cancel journey' }:
  { id: string; onDone: () => void; refusal?: CancelRefusal | null; testId?: string; label?: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const a = useAction();
  const ids = { hint: useId(), refused: useId() };
  if (refusal) {
    return (
      <div className="action-block">
        <button type="button" className="btn btn-danger-outline" disabled aria-describedby={ids.refused} data-testid={testId}>{label}</button>
        <p id={ids.refused} className="muted small cancel-refused" data-testid={`${testId}-refused`}>{cancelRefusalText(refusal)}</p>
      </div>
    );
  }
  return (
    <div className="action-block">
      <button type="button" className="btn btn-danger-outline" onClick={() => { setReason(''); setOpen(true); }} data-testid={testId}>{label}</button>
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
      {open && (
        <ConfirmDialog title="Cancel this journey?" confirmLabel="Cancel journey" danger busy={a.busy} confirmDisabled={!reasonGiven(reason)}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            await a.run(() => api.cancel(id, reason.trim()), 'Cancelled', onDone);
            setOpen(false);
          }}>
          <p id={ids.hint}>The definition's compensation runs (for example, releasing a pay-later block) and the journey ends as <strong>Cancelled</strong>. This cannot be undone.</p>
          <KeptReason hint={ids.hint} value={reason} onChange={setReason} testId="cancel-reason" />
        </ConfirmDialog>
      )}
    </div>
  );
}
