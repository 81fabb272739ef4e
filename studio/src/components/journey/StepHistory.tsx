import { Fragment } from 'react';
import type { InstanceDetail } from '../../api/types';
import { formatDuration, formatTime } from '../../lib/format';

// An activity name may break after each dot (`CapitalFloat.` / `CreateTranche`) when the table has to narrow.
function ActivityName({ name }: { name: string }) {
  const parts = name.split('.');
  return <>{parts.map((part, i) => <Fragment key={i}>{part}{i < parts.length - 1 && <>.<wbr /></>}</Fragment>)}</>;
}

// A step's error is a row of its own under the step and wraps within the visible width of the table's box, even where the
// table itself has to scroll sideways (docs/studio.md, "Step history errors"). As the table's last column it was cut off: nine
// columns were wider than the card at the default window size, so the table scrolled the error out of sight.
export function StepHistory({ detail, selectedStep, onSelect }: { detail: InstanceDetail; selectedStep: string | null; onSelect: (id: string) => void }) {
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">Step history</h2>
      <div className="table-wrap step-history-wrap">
        <table className="table table-compact step-history" data-testid="step-history">
          <thead>
            <tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Activity</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Attempts</th><th scope="col">Started</th><th scope="col">Duration</th></tr>
          </thead>
          <tbody>
            {detail.steps.length === 0 && <tr><td colSpan={8} className="empty">No step has run yet.</td></tr>}
            {detail.steps.map((s, i) => {
              const selected = selectedStep === s.stepId ? 'row-selected' : null;
              return (
                <Fragment key={i}>
                  <tr className={[selected, s.error && 'has-error'].filter(Boolean).join(' ') || undefined} data-testid="step-execution" data-step-id={s.stepId} data-status={s.status}>
                    <td>{i + 1}</td>
                    <td><button type="button" className="linklike mono" onClick={() => onSelect(s.stepId)} aria-pressed={selectedStep === s.stepId}>{s.stepId}</button></td>
                    <td className="mono small"><ActivityName name={s.activity} /></td>
                    <td><span className={`badge step-${s.status.toLowerCase()}`}>{s.status}</span></td>
                    <td>{s.outcome ?? '—'}</td>
                    <td>{s.attempts}</td>
                    <td className="time-cell">{formatTime(s.startedAt)}</td>
                    <td className="nowrap">{formatDuration(s.durationMs)}</td>
                  </tr>
                  {s.error && (
                    <tr className={['step-error-row', selected].filter(Boolean).join(' ')}>
                      <td />
                      <td colSpan={7} className="error-cell">
                        <div className="step-error" data-testid="step-error" data-step-id={s.stepId}><span className="step-error-label">Error</span> {s.error}</div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
