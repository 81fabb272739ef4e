import { useId, useState } from 'react';
import { api } from '../../api/client';
import { ConfirmDialog, ProblemAlert } from '../common';
import { KeptReason, reasonGiven } from '../ReasonField';
import { useAction } from './useAction';

/**
 * A retry runs again a step the engine gave up on (often a lender call): the operator judges that what failed is fixed,
 * and the next operator, or an auditor, reads why in the journal's `IncidentRetried` and the audit trail. So the dialog
 * asks for a reason, required as for the incident's other answers (skip, the outcome-unknown decisions).
 */
export function RetryButton({ id, stepId, onDone, onAnswered }: { id: string; stepId: string; onDone: () => void; onAnswered?: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const a = useAction();
  const hint = useId();
  return (
    <div className="action-block">
      <button type="button" className="btn btn-primary" disabled={a.busy} onClick={() => { setReason(''); setOpen(true); }} data-testid="incident-retry">
        Retry step…
      </button>
      {a.message && <p className="ok-text" role="status">{a.message}</p>}
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
      {open && (
        <ConfirmDialog title={`Retry ${stepId}?`} confirmLabel="Retry step" busy={a.busy} confirmDisabled={!reasonGiven(reason)}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            const message = 'Retry scheduled';
            const ok = await a.run(() => api.retryIncident(id, reason.trim()), message, onDone);
            setOpen(false);
            // The retry ends the incident and its panel with this message: the page's status line says it and takes the focus.
            if (ok) onAnswered?.(message);
          }}>
          <p id={hint}>The step <span className="mono">{stepId}</span> runs again from its first attempt (a lender call is sent again).</p>
          <KeptReason hint={hint} value={reason} onChange={setReason} testId="retry-reason" />
        </ConfirmDialog>
      )}
    </div>
  );
}
