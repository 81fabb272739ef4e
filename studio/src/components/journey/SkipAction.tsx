import { useId, useState } from 'react';
import { api, type ApiError } from '../../api/client';
import { ConfirmDialog, ProblemAlert } from '../common';
import { KeptReason, reasonGiven } from '../ReasonField';
import { useAction } from './useAction';

/**
 * The outcomes a faulted step can be skipped to, as the journey's definition declares them: still loading, not loadable
 * (its error, and a retry), or loaded (possibly none).
 */
export type SkipOutcomes =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError; retry?: () => void }
  | { state: 'ready'; outcomes: string[] };

/**
 * Skipping a faulted step writes an outcome the step never produced, so nothing is preselected (the happy path is one
 * wrong click away otherwise) and the dialog asks for a reason, which the journal and the audit trail keep. In a journey
 * being cancelled (`compensation`) what failed is a compensation, which has no outcome: the skip leaves the step not
 * compensated, and says so. While the step's outcomes load, a status line says so (announced) and nothing can be chosen
 * or confirmed; an error loading them is shown with a retry, never an empty list (docs/studio.md, "Skipping a step").
 */
export function SkipAction({ id, stepId, outcomes: offered, compensation = false, onDone, onAnswered }: {
  id: string; stepId: string; outcomes: SkipOutcomes; compensation?: boolean; onDone: () => void; onAnswered?: (message: string) => void;
}) {
  const [chosen, setOutcome] = useState('');
  const outcomes = offered.state === 'ready' ? offered.outcomes : [];
  // Only an outcome of the list shown now: one chosen before the definition was read again is not sent on its own.
  const outcome = outcomes.includes(chosen) ? chosen : '';
  const statusId = useId();
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
            <KeptReason value={reason} onChange={setReason} hint={ids.hint} testId="skip-reason" />
          </ConfirmDialog>
        )}
      </div>
    );
  }
  return (
    <div className="skip-group">
      <label htmlFor="skip-outcome">Skip to outcome</label>
      <select id="skip-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} disabled={!outcomes.length}
        aria-busy={offered.state === 'loading'} aria-describedby={statusId} data-testid="skip-outcome">
        {/* Short words: the select takes the width Skip… leaves, 137 px of text in the 400 px side column at 1366 px, where
            "Choose an outcome…" read "Choose an outco…" (walk 54). The label says what is chosen; the status line and the
            error below say the rest. */}
        <option value="">{offered.state === 'loading' ? 'Loading…' : offered.state === 'error' ? 'Not loaded' : outcomes.length ? 'Choose…' : 'None'}</option>
        {outcomes.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
      <button type="button" className="btn" disabled={a.busy || !outcome} onClick={() => { setReason(''); setOpen(true); }} data-testid="incident-skip">
        Skip…
      </button>
      {/* Always in the page, so that a screen reader hears its text change (a live region added with its text may not be read).
          A line of its own under the select and Skip…, kept when empty (styles.css): between them, its text pushed Skip… to
          the next line while the outcomes loaded and let it jump back up when they came (session 52's browser check). */}
      <p id={statusId} role="status" aria-live="polite" className="muted small skip-outcomes-status" data-testid="skip-outcomes-status">
        {offered.state === 'loading' ? `Loading the outcomes of ${stepId}…`
          : offered.state === 'ready' && !outcomes.length ? `${stepId}'s activity declares no outcomes to skip to.` : ''}
      </p>
      {offered.state === 'error' && (
        <div className="alert alert-error" role="alert" data-testid="skip-outcomes-error">
          <div className="alert-body">
            <strong>The outcomes of {stepId} could not be loaded</strong>: {offered.error.problem.title}
            {offered.error.problem.detail && <> ({offered.error.problem.detail})</>}
          </div>
          {offered.retry && <button type="button" className="btn" onClick={offered.retry} data-testid="skip-outcomes-retry">Load again</button>}
        </div>
      )}
      {a.message && <p className="ok-text" role="status">{a.message}</p>}
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
      {open && outcome && (
        <ConfirmDialog title={`Skip ${stepId} as ${outcome}?`} confirmLabel={`Skip to ${outcome}`} busy={a.busy} confirmDisabled={!outcome || !reasonGiven(why)}
          onClose={() => setOpen(false)}
          onConfirm={async () => {
            if (!outcome) return;
            const message = `Skipped to ${outcome}`;
            const ok = await a.run(() => api.skipIncident(id, outcome, why), message, onDone);
            setOpen(false);
            // The skip ends the incident and its panel with this message: the page's status line says it and takes the focus.
            if (ok) onAnswered?.(message);
          }}>
          <p id={ids.hint}>The step is not run again: the journey goes on as if <span className="mono">{stepId}</span> had answered <strong>{outcome}</strong>.</p>
          <KeptReason value={reason} onChange={setReason} hint={ids.hint} testId="skip-reason" />
        </ConfirmDialog>
      )}
    </div>
  );
}
