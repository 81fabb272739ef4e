import type { ValidationError } from '../api/types';

/**
 * The server's validation problems of the draft, listed (the header's *N problems* opens it): each one's message, the step
 * it concerns (or the definition itself) and the field or JSON path the server names. A problem of a step the flowchart has
 * is a button that goes to it (`onGo`); one of a step it does not have (a shape error's `steps[2]`) is plain text.
 */
export function ProblemsList({ id, errors, steps, onGo, onClose }: {
  id: string;
  errors: readonly ValidationError[];
  steps: ReadonlySet<string>;
  onGo: (error: ValidationError) => void;
  onClose: () => void;
}) {
  return (
    <section className="card problems-list" id={id} aria-labelledby={`${id}-h`} data-testid="problems-list"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="card-head">
        <h2 id={`${id}-h`}>Problems ({errors.length})</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} data-testid="problems-close">Close</button>
      </div>
      {errors.length === 0 ? <p className="muted small">None: the draft is valid.</p> : (
        <ol className="problems">
          {errors.map((e, i) => {
            const where = (
              <>
                <span className="problem-where">
                  {e.stepId ? <>Step <code>{e.stepId}</code></> : 'The definition'}
                  {e.field && <> · <code data-testid="problem-field">{e.field}</code></>}
                </span>
                <span className="problem-message">{e.message}</span>
                <span className="muted small mono">{e.code}</span>
              </>
            );
            const attrs = { 'data-testid': 'problem', 'data-step-id': e.stepId ?? '', 'data-field': e.field ?? '', 'data-code': e.code };
            const goes = e.stepId === null || steps.has(e.stepId);
            return (
              <li key={i}>
                {goes ? (
                  <button type="button" className="problem linklike" onClick={() => onGo(e)} {...attrs}
                    title={e.stepId ? `Select step ${e.stepId}` : 'Show the workflow panel'}>{where}</button>
                ) : <span className="problem" {...attrs}>{where}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
