import { useId, useState } from 'react';
import { api } from '../../api/client';
import { ConfirmDialog, ProblemAlert } from '../common';
import { ReasonField, reasonGiven } from '../ReasonField';
import { useAction } from './useAction';

/**
 * Skipping a faulted step writes an outcome the step never produced, so nothing is preselected (the happy path is one
 * wrong click away otherwise) and the dialog asks for a reason, which the journal and the audit trail keep. In a journey
 * being cancelled (`compensation`) what failed is a compensation, which has no outcome: the skip leaves the step not
 * compensated, and says so.
 */
export function SkipAction({ id, stepId, outcomes, compensation = false, onDone, onAnswered }: {
  id: string; stepId: string; outcomes: string[]; compensation?: boolean; onDone: () => void; onAnswered?: (message: string) => void;
}) {
  const [outcome, setOutcome] = useState('');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const a = useAction();
  const ids = { hint: useId() };
  const why = reason.trim();
  if (compensation) {
    return (
      <div className="skip-group">
        <button type="button" className="btn" disabled={a.busy} onClick={() => { setReason(''); setOpen(true); }} data-testid="incident-skip-compensation">
          Skip compensation…
        </button>
        {a.message && <p className="ok-text" role="status">{a.message}</p>}
        <ProblemAlert error={a.error} onDismiss={a.clearError} />
        {open && (
          <ConfirmDialog title={`Skip the compensation of ${stepId}?`} confirmLabel="Skip compensation" danger busy={a.busy} confirmDisabled={!reasonGiven(why)}
            onClose={() => setOpen(false)}
            onConfirm={async () => {
              const message = 'Compensation skipped';
              const ok = await a.run(() => api.skipCompensation(id, why), message, onDone);
              setOpen(false);
              if (ok) onAnswered?.(message);
            }}>
            <p id={ids.hint}>The compensation of <span className="mono">{stepId}</span> is not run again and the cancel goes on. The step is recorded as
              <strong> not compensated</strong>: whatever it was to undo (a block, a hold) may still stand at the lender; settle it there.</p>
            <ReasonField value={reason} onChange={setReason} required hint={ids.hint} testId="skip-reason" />
          </ConfirmDialog>
        )}
      </div>
    );
  }
  return (
    <div className="skip-group">
      <label htmlFor="skip-outcome">Skip to outcome</label>
      <select id="skip-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} disabled={!outcomes.length} data-testid="skip-outcome">
        <option value="">{outcomes.length ? 'Choose an outcome…' : '(loading outcomes)'}</option>
        {outcomes.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
      <button type="button" className="btn" disabled={a.busy || !outcome} onClick={() => { setReason(''); setOpen(true); }} data-testid="incident-skip">
        Skip…
      </button>
      {a.message && <p className="ok-text" role="status">{a.message}</p>}
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
      {open && (
        <ConfirmDialog title={`Skip ${stepId} as ${outcome}?`} confirmLabel={`Skip to ${outcome}`} busy={a.busy} confirmDisabled={!reasonGiven(why)}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            const message = `Skipped to ${outcome}`;
            const ok = await a.run(() => api.skipIncident(id, outcome, why), message, onDone);
            setOpen(false);
            // The skip ends the incident and its panel with this message: the page's status line says it and takes the focus.
            if (ok) onAnswered?.(message);
          }}>
          <p id={ids.hint}>The step is not run again: the journey goes on as if <span className="mono">{stepId}</span> had answered <strong>{outcome}</strong>.</p>
          <ReasonField value={reason} onChange={setReason} required hint={ids.hint} testId="skip-reason" />
        </ConfirmDialog>
      )}
    </div>
  );
}
