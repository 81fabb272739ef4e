import { Fragment, useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../api/client';
import { api } from '../api/client';
import type { TestRunScenario } from '../api/types';
import { Loading, ProblemAlert } from '../components/common';
import { LenderCallItem } from '../components/journey/JournalItem';
import { formatDuration, formatTimesIn, maskSecrets } from '../lib/format';
import { useAsync } from '../lib/hooks';
import { describeSampleProblem, parseSampleText, sampleText, startInputHint } from './sampleInput';
import { splitFieldProblems } from '../lib/fieldProblems';
import { describePrepared, describeSignalsSent, describeWebhooksDelivered, notScenarioMessage, parseDeliveries, parseSignals, scenarioRequests, testRunField } from './testRunSignals';
import { TableScroll } from '../components/TableScroll';

/**
 * Runs the saved draft against the sandbox's scenarios and shows each scenario's path through the steps; its *Start input*
 * can be kept as the workflow's sample (*Save as sample*) and the sample brought back into it (*Use the sample*).
 */
export function TestRunPanel({ workflowId, disabledReason, sampleBlocked = null }: { workflowId: string; disabledReason: string | null; sampleBlocked?: string | null }) {
  // Without a sample (a new workflow) the start input is not optional, and a saved one the draft no longer fits is not used:
  // say so before a run fails.
  const sample = useAsync(() => api.getSample(workflowId, true), [workflowId]);
  const [sampleStatus, setSampleStatus] = useState<string | null>(null);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [savingSample, setSavingSample] = useState(false);
  const [scenarios, setScenarios] = useState('');
  const [input, setInput] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [typedScenariosError, setTypedScenariosError] = useState<string | null>(null);
  const [signalsText, setSignalsText] = useState('');
  const [signalsError, setSignalsError] = useState<string | null>(null);
  const [deliverText, setDeliverText] = useState('');
  const [deliverError, setDeliverError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<TestRunScenario[] | null>(null);
  /** The scenarios whose lender calls are unfolded under their row. */
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (scenario: string) => setOpen((o) => {
    const next = new Set(o);
    if (!next.delete(scenario)) next.add(scenario);
    return next;
  });
  // A server without the embedded sandbox (every node of a several-node setup) refuses every run: once it said so, Run
  // stays disabled with its words, rather than a dismissible error the user retries into (session 38's walk).
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const why = unavailable ?? disabledReason;
  // The server's 400 naming a field of this form (`signals.otp`, `input`, `scenarios[0]`) shows under that field, with the
  // focus moved there; the problem box keeps what names none (walk 44: it all went to the box).
  const server = splitFieldProblems(error, testRunField);
  const firstRefused = server.first;
  useEffect(() => {
    if (firstRefused) document.getElementById(`testrun-${firstRefused}`)?.focus();
  }, [error, firstRefused]);
  // The fields edited since the server's refusal: their message is answered (or being answered) and goes, the other fields'
  // stay until the next run (as the journey page's send form, session 45). Kept with the refusal they belong to.
  const [edited, setEdited] = useState<{ of: unknown; names: ReadonlySet<string> }>({ of: null, names: new Set() });
  const editedNow = edited.of === error ? edited.names : new Set<string>();
  const serverError = (field: 'input' | 'signals' | 'scenarios' | 'deliver') => (editedNow.has(field) ? null : server.byField[field] ?? null);
  const markEdited = (field: 'input' | 'signals' | 'scenarios' | 'deliver') => {
    if (!editedNow.has(field)) setEdited({ of: error, names: new Set([...editedNow, field]) });
  };
  const shownInputError = inputError ?? serverError('input');
  const shownSignalsError = signalsError ?? serverError('signals');
  const scenariosError = typedScenariosError ?? serverError('scenarios');
  const shownDeliverError = deliverError ?? serverError('deliver');
  const saveSample = async () => {
    setSampleStatus(null);
    const parsed = parseSampleText(input);
    if ('error' in parsed) {
      setSampleError(parsed.error);
      return;
    }
    setSampleError(null);
    setSavingSample(true);
    try {
      const saved = await api.saveSample(workflowId, parsed.sample);
      setSampleStatus(`Saved as the sample of ${workflowId} (checked against ${saved.checkedAgainst}): an empty start input and the start form's Fill with the sample use it.`);
      sample.reload();
    } catch (e) {
      const err = toApiError(e);
      setSampleError(`Not saved: ${describeSampleProblem(err)}`);
    } finally {
      setSavingSample(false);
    }
  };
  const useSample = () => {
    if (!sample.data) return;
    setInput(sampleText(sample.data));
    setInputError(null);
    setSampleError(null);
  };
  const run = async () => {
    // Each scenario checked here, by name (walk 51: the server names the first it refuses by its place, "[0]: Must be a list
    // of … four-digit strings", under the box that holds "abc, 12").
    const list = scenarios.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    const notScenarios = list.filter((s) => !/^\d{4}$/.test(s));
    setTypedScenariosError(notScenarios.length ? notScenarioMessage(notScenarios) : null);
    if (notScenarios.length) {
      document.getElementById('testrun-scenarios')?.focus();
      return;
    }
    let parsed: Record<string, unknown> | undefined;
    if (input.trim()) {
      try {
        const value: unknown = JSON.parse(input);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        parsed = value as Record<string, unknown>;
      } catch {
        setInputError('The start input must be a JSON object, e.g. {"amount": 5000}.');
        return;
      }
    }
    setInputError(null);
    const { signals, error: badSignals } = parseSignals(signalsText);
    setSignalsError(badSignals ?? null);
    if (badSignals) return;
    const { deliveries, error: badDeliveries } = parseDeliveries(deliverText);
    setDeliverError(badDeliveries ?? null);
    if (badDeliveries) return;
    setBusy(true);
    setError(null);
    try {
      setResults((await api.testRun(workflowId, scenarioRequests(list, deliveries), parsed, signals)).scenarios);
      setOpen(new Set());
    } catch (e) {
      const err = toApiError(e);
      if (err.problem.code === 'sandbox_disabled') setUnavailable(err.problem.detail ?? err.problem.title);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="testrun-h" data-testid="test-run">
      <div className="card-head"><h2 id="testrun-h">Test run</h2></div>
      <p className="small muted">Runs the saved draft with the real activities against the embedded sandbox, on a store of its own: no real lender, no real journey.</p>
      <div className="form-grid">
        <label>Scenarios <span className="muted small">(mobile/app-id last 4 digits, comma separated; empty = every scenario of the lenders)</span>
          <input id="testrun-scenarios" value={scenarios} onChange={(e) => { setScenarios(e.target.value); setTypedScenariosError(null); markEdited('scenarios'); }} placeholder="0000, 0007" data-testid="test-run-scenarios"
            aria-invalid={scenariosError !== null} aria-describedby={scenariosError ? 'testrun-scenarios-error' : undefined} />
        </label>
        {scenariosError && <p className="field-error small" id="testrun-scenarios-error" role="alert" data-testid="test-run-field-error">{scenariosError}</p>}
        <label>Start input <span className="muted small" data-testid="test-run-input-hint">{startInputHint({ loading: sample.loading, data: sample.data, error: sample.error })}</span>
          <textarea id="testrun-input" value={input} onChange={(e) => { setInput(e.target.value); setInputError(null); setSampleError(null); markEdited('input'); }} rows={3} className="mono" data-testid="test-run-input"
            aria-invalid={shownInputError !== null || sampleError !== null} aria-describedby={shownInputError ? 'testrun-input-error' : sampleError ? 'testrun-sample-error' : undefined} />
        </label>
        {shownInputError && <p className="field-error small" id="testrun-input-error" role="alert" data-testid="test-run-field-error">{shownInputError}</p>}
        <div className="row-gap" data-testid="sample-input">
          <button type="button" className="btn" onClick={saveSample} disabled={savingSample || sampleBlocked !== null} data-testid="save-sample"
            title={sampleBlocked ?? 'Keep this start input as the workflow\'s sample (checked against the saved draft\'s inputs)'}>Save as sample</button>
          <button type="button" className="btn" onClick={useSample} disabled={!sample.data} data-testid="use-sample"
            title={sample.data ? 'Put the workflow\'s sample into the start input, to edit it' : 'This workflow has no sample'}>Use the sample</button>
        </div>
        <p className="small muted" data-testid="sample-pii-note">Samples are demo data, kept with the workflow and shown to everyone who starts it: never paste a real borrower&apos;s data.</p>
        {sampleError && <p className="field-error small" id="testrun-sample-error" role="alert" data-testid="sample-error">{sampleError}</p>}
        {sampleStatus && <p className="small" role="status" data-testid="sample-status">{sampleStatus}</p>}
        <label>Signals to send <span className="muted small">(JSON object: signal name → payload sent each time a journey waits for it, or null to never send it; empty = the defaults: the borrower's OTP from the sandbox, a whole shipment for a credit line order)</span>
          <textarea id="testrun-signals" value={signalsText} onChange={(e) => { setSignalsText(e.target.value); setSignalsError(null); markEdited('signals'); }} rows={2} className="mono" data-testid="test-run-signals"
            placeholder='{"otp": {"otp": "000000"}}' aria-invalid={shownSignalsError !== null} aria-describedby={shownSignalsError ? 'testrun-signals-error' : undefined} />
        </label>
        {shownSignalsError && <p className="field-error small" id="testrun-signals-error" role="alert" data-testid="test-run-field-error">{shownSignalsError}</p>}
        <label>Deliver to the draft&apos;s own waits <span className="muted small">(JSON object: scenario → list of {'{'}"step": a Core.WaitForWebhook or Core.WaitForSignal step, "payload": {'{'}…{'}'}{'}'}, delivered each time its journey waits there, so the Received path runs; a scenario named only here is run too; empty = nothing arrives and such a wait times out)</span>
          <textarea id="testrun-deliver" value={deliverText} onChange={(e) => { setDeliverText(e.target.value); setDeliverError(null); markEdited('deliver'); }} rows={3} className="mono" data-testid="test-run-deliver"
            placeholder='{"9999": [{"step": "lenderWebhook", "payload": {"status": "APPROVED"}}]}' aria-invalid={shownDeliverError !== null} aria-describedby={shownDeliverError ? 'testrun-deliver-error' : undefined} />
        </label>
        {shownDeliverError && <p className="field-error small" id="testrun-deliver-error" role="alert" data-testid="test-run-field-error">{shownDeliverError}</p>}
        {/* While it runs, Run says so and keeps the focus (aria-disabled, a press does nothing): disabled, it dropped the focus
            to the page for the seconds the scenarios take, and the keyboard started again from the top (walk 51). */}
        <button type="button" className="btn btn-primary" onClick={() => { if (!busy) void run(); }} disabled={why !== null} aria-disabled={busy || undefined}
          data-testid="test-run-start" aria-describedby={why ? 'testrun-why' : undefined}>{busy ? 'Running…' : 'Run'}</button>
      </div>
      {unavailable
        ? <div className="alert alert-warn" role="status" id="testrun-why" data-testid="test-run-unavailable"><div className="alert-body"><strong>No test runs on this server.</strong> {unavailable}</div></div>
        : disabledReason && <p className="small muted" id="testrun-why">{disabledReason}</p>}
      {busy && <Loading label="Running the scenarios…" />}
      <ProblemAlert error={server.rest} onDismiss={() => setError(null)} />
      {results && (
        <TableScroll label="Test run results">
          <table className="table table-compact" data-testid="test-run-results">
            <thead><tr><th scope="col">Scenario</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Incidents</th><th scope="col">Signals sent</th><th scope="col">Lender calls</th><th scope="col">Duration</th></tr></thead>
            <tbody>
              {results.map((r) => {
                // A journey that completed without an outcome went on by an outcome its last step has no next step for
                // (`next` left out, by mistake or not): it ended there. Said, rather than an outcome of "—".
                const last = r.path.at(-1);
                const unwired = r.status === 'Completed' && !r.outcome && last?.status === 'Completed' && last.outcome ? last : undefined;
                return (
                <Fragment key={r.scenario}>
                <tr data-testid="test-run-row" data-scenario={r.scenario} data-status={r.status} data-outcome={r.outcome ?? ''}>
                  <td className="test-run-scenario">
                    <span className="mono">{r.scenario}</span>
                    {r.description && <div className="test-run-description small muted" data-testid="test-run-description">{r.description}</div>}
                    {r.prepared && <div className="test-run-description small muted" data-testid="test-run-prepared">{describePrepared(r.prepared)}</div>}
                  </td>
                  <td className="mono small" data-testid="test-run-path">{r.path.map((p, i) => (
                    // Each step with the outcome it went on by (walk 42: "otp → shareRejected" did not say that the OTP timed out);
                    // the last step's too when nothing came after it (session 46: an outcome with no next step).
                    <Fragment key={i}>{i > 0 && ' → '}{p.stepId}{p.outcome && (i < r.path.length - 1 || unwired === p) && <span className="muted" data-testid="test-run-path-outcome"> ({p.outcome})</span>}</Fragment>
                  ))}
                  {r.path.some((p) => p.output != null) && (
                    <div><button type="button" className="linklike small" aria-expanded={open.has(`outputs:${r.scenario}`)} aria-controls={`testrun-outputs-${r.scenario}`}
                      onClick={() => toggle(`outputs:${r.scenario}`)} data-testid="test-run-outputs-toggle">Step outputs</button></div>
                  )}</td>
                  <td><span className={`badge status-${r.status.toLowerCase()}`}>{r.status}</span></td>
                  <td>{r.outcome ?? (r.status === 'Waiting' && r.waitingFor.length ? `waits for ${r.waitingFor.map((w) => w.name).join(', ')}`
                    : unwired ? <span data-testid="test-run-no-next">none: {unwired.stepId}'s {unwired.outcome} has no next step</span> : '—')}{r.finished ? '' : ' (not finished)'}</td>
                  {/* Only the journey's incidents: what the run itself could not do (a signal the step refused, no OTP to send, a
                      preparation or an input refused) is its note under the row (session 45: it read as an incident). */}
                  <td data-testid="test-run-incidents">{r.incidents.length ? r.incidents.map((i) => `${i.stepId}: ${formatTimesIn(i.message)}`).join('; ') : '—'}</td>
                  <td data-testid="test-run-signals-sent">{[describeSignalsSent(r.signalsSent), describeWebhooksDelivered(r.webhooksDelivered)].filter(Boolean).join(', ') || '—'}</td>
                  <td>{r.lenderCalls.length ? (
                    <button type="button" className="linklike" aria-expanded={open.has(r.scenario)} aria-controls={`testrun-calls-${r.scenario}`}
                      onClick={() => toggle(r.scenario)} data-testid="test-run-calls-toggle">{r.lenderCallCount} call{r.lenderCallCount === 1 ? '' : 's'}</button>
                  ) : r.lenderCallCount}</td>
                  <td>{formatDuration(r.durationMs)}</td>
                </tr>
                {r.error && (
                  <tr className="test-run-note-row">
                    <td colSpan={8}>
                      <p className="test-run-note small" data-testid="test-run-note" data-scenario={r.scenario}>
                        <span className="test-run-note-label">Test run</span> {formatTimesIn(r.error)}
                      </p>
                    </td>
                  </tr>
                )}
                {open.has(`outputs:${r.scenario}`) && (
                  <tr className="test-run-calls-row">
                    <td colSpan={8} id={`testrun-outputs-${r.scenario}`}>
                      {/* What $steps.<id>.output holds after each run of a step, masked by the server as the journey view masks its data;
                          a step that ran more than once shows each run's own, numbered (session 47: only its last run's was sent). */}
                      <dl className="test-run-outputs" data-testid="test-run-outputs" data-scenario={r.scenario} aria-label={`Step outputs of scenario ${r.scenario} (masked)`}>
                        {r.path.map((p, i) => ({ p, i, run: r.path.slice(0, i + 1).filter((q) => q.stepId === p.stepId).length,
                          runs: r.path.filter((q) => q.stepId === p.stepId).length }))
                          .filter(({ p }) => p.output != null).map(({ p, i, run, runs }) => (
                            <Fragment key={i}>
                              <dt className="mono small">$steps.{p.stepId}.output{runs > 1 && <span className="muted" data-testid="test-run-output-run"> (run {run} of {runs})</span>}</dt>
                              <dd><pre className="mono small" data-testid="test-run-output" data-step={p.stepId} data-run={run}>{JSON.stringify(maskSecrets(p.output), null, 2)}</pre></dd>
                            </Fragment>
                          ))}
                      </dl>
                    </td>
                  </tr>
                )}
                {open.has(r.scenario) && (
                  <tr className="test-run-calls-row">
                    <td colSpan={8} id={`testrun-calls-${r.scenario}`}>
                      {/* The same item as the journey's journal: the server's masked bodies, never anything unmasked. */}
                      <ol className="timeline" data-testid="test-run-calls" data-scenario={r.scenario} aria-label={`Lender calls of scenario ${r.scenario}, in order`}>
                        {r.lenderCalls.map((c) => <LenderCallItem key={c.seq} call={c} stepId={c.stepId} seq={c.seq} />)}
                      </ol>
                    </td>
                  </tr>
                )}
                </Fragment>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
