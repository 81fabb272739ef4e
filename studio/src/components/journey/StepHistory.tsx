import type { InstanceDetail } from '../../api/types';
import { formatDuration, formatTime } from '../../lib/format';

export function StepHistory({ detail, selectedStep, onSelect }: { detail: InstanceDetail; selectedStep: string | null; onSelect: (id: string) => void }) {
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">Step history</h2>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="step-history">
          <thead>
            <tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Activity</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Attempts</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Error</th></tr>
          </thead>
          <tbody>
            {detail.steps.length === 0 && <tr><td colSpan={9} className="empty">No step has run yet.</td></tr>}
            {detail.steps.map((s, i) => (
              <tr key={i} className={selectedStep === s.stepId ? 'row-selected' : undefined} data-testid="step-execution" data-step-id={s.stepId} data-status={s.status}>
                <td>{i + 1}</td>
                <td><button type="button" className="linklike mono" onClick={() => onSelect(s.stepId)} aria-pressed={selectedStep === s.stepId}>{s.stepId}</button></td>
                <td className="mono small">{s.activity}</td>
                <td><span className={`badge step-${s.status.toLowerCase()}`}>{s.status}</span></td>
                <td>{s.outcome ?? '—'}</td>
                <td>{s.attempts}</td>
                <td className="nowrap">{formatTime(s.startedAt)}</td>
                <td className="nowrap">{formatDuration(s.durationMs)}</td>
                <td className="error-cell">{s.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
