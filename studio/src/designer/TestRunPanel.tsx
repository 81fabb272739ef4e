import { useState } from 'react';
import { toApiError, type ApiError } from '../api/client';
import { api } from '../api/client';
import type { TestRunScenario } from '../api/types';
import { Loading, ProblemAlert } from '../components/common';
import { formatDuration } from '../lib/format';

/** Runs the saved draft against the sandbox's scenarios and shows each scenario's path through the steps. */
export function TestRunPanel({ workflowId, disabledReason }: { workflowId: string; disabledReason: string | null }) {
  const [scenarios, setScenarios] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<TestRunScenario[] | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const list = scenarios.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
      setResults((await api.testRun(workflowId, list)).results);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="testrun-h" data-testid="test-run">
      <div className="card-head"><h2 id="testrun-h">Test run</h2></div>
      <p className="small muted">Runs the saved draft with the real activities against the embedded sandbox, on a store of its own: no real lender, no real journey.</p>
      <div className="row-gap">
        <label>Scenarios <span className="muted small">(mobile/app-id last 4 digits, comma separated; empty = every scenario of the lenders)</span>
          <input value={scenarios} onChange={(e) => setScenarios(e.target.value)} placeholder="0000, 0007" data-testid="test-run-scenarios" />
        </label>
        <button type="button" className="btn btn-primary" onClick={run} disabled={busy || disabledReason !== null} data-testid="test-run-start" aria-describedby={disabledReason ? 'testrun-why' : undefined}>Run</button>
      </div>
      {disabledReason && <p className="small muted" id="testrun-why">{disabledReason}</p>}
      {busy && <Loading label="Running the scenarios…" />}
      <ProblemAlert error={error} onDismiss={() => setError(null)} />
      {results && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Test run results">
          <table className="table table-compact" data-testid="test-run-results">
            <thead><tr><th scope="col">Scenario</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Incidents</th><th scope="col">Lender calls</th><th scope="col">Duration</th></tr></thead>
            <tbody>
              {results.map((r) => (
                <tr key={r.scenario} data-testid="test-run-row" data-scenario={r.scenario} data-status={r.status}>
                  <td className="mono">{r.scenario}</td>
                  <td className="mono small">{r.path.join(' → ')}</td>
                  <td><span className={`badge status-${r.status.toLowerCase()}`}>{r.status}</span></td>
                  <td>{r.outcome ?? '—'}</td>
                  <td>{r.incidents.length ? r.incidents.map((i) => `${i.stepId}: ${i.message}`).join('; ') : r.error ?? '—'}</td>
                  <td>{r.lenderCalls}</td>
                  <td>{formatDuration(r.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
