import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, toApiError, type ApiError } from '../api/client';
import type { InstanceDetail, JournalEntry, LenderCallData, WaitingFor, WorkflowDefinitionView } from '../api/types';
import { ConfirmDialog, JsonView, KeyValues, Loading, ProblemAlert, StatusBadge } from '../components/common';
import { Flowchart, StateLegend } from '../components/Flowchart';
import { formatDuration, formatTime, since } from '../lib/format';
import { useAsync, useLiveRefetch, useNow } from '../lib/hooks';
import { href } from '../lib/router';
import { computeStepStates } from '../lib/stepStates';

const JOURNAL_PAGE = 200;
const JOURNAL_MAX_PAGES = 10;

async function loadJournal(id: string): Promise<{ items: JournalEntry[]; total: number }> {
  const items: JournalEntry[] = [];
  let total = 0;
  for (let page = 0; page < JOURNAL_MAX_PAGES; page++) {
    const r = await api.getJournal(id, items.length, JOURNAL_PAGE);
    items.push(...r.items);
    total = r.total;
    if (r.items.length === 0 || items.length >= total) break;
  }
  return { items, total };
}

export function JourneyPage({ id }: { id: string }) {
  const detail = useAsync(() => api.getInstance(id), [id]);
  const journal = useAsync(() => loadJournal(id), [id]);
  const d = detail.data;
  const def = useAsync<WorkflowDefinitionView | null>(
    () => (d ? api.getWorkflow(d.workflowId, d.version) : Promise.resolve(null)),
    [d?.workflowId, d?.version],
  );
  const { reload: reloadDetail } = detail;
  const { reload: reloadJournal } = journal;
  const reloadAll = useCallback(() => {
    reloadDetail();
    reloadJournal();
  }, [reloadDetail, reloadJournal]);
  useLiveRefetch((i) => i.id === id, reloadAll);
  const now = useNow(5000);
  const [selectedStep, setSelectedStep] = useState<string | null>(null);

  useEffect(() => {
    document.title = `Journey ${id} · LoanJourney Studio`;
  }, [id]);

  const graph = useMemo(() => (d && def.data ? computeStepStates(def.data, d, now) : undefined), [d, def.data, now]);

  if (!d) {
    return (
      <div className="page">
        <p><a href={href('/journeys')}>← Journeys</a></p>
        {detail.error ? <ProblemAlert error={detail.error} /> : <Loading />}
      </div>
    );
  }

  const finished = d.status === 'Completed' || d.status === 'Cancelled';
  return (
    <div className="page journey" data-testid="journey" data-instance-id={d.id} data-status={d.status}>
      <p className="crumbs"><a href={href('/journeys')}>← Journeys</a></p>
      <div className="page-head journey-head">
        <div>
          <h1>Journey <span className="mono id-full">{d.id}</span></h1>
          <div className="head-badges">
            <StatusBadge status={d.status} />
            {d.outcome && <span className="badge badge-outcome" data-testid="journey-outcome">{d.outcome}</span>}
            {d.hasIncident && <span className="badge badge-incident">incident</span>}
            {d.cancelRequested && !finished && <span className="badge badge-incident" data-testid="cancel-requested">cancel requested</span>}
            {detail.loading && <span className="muted small" role="status">Refreshing…</span>}
          </div>
        </div>
        {!finished && <CancelButton id={d.id} onDone={reloadAll} />}
      </div>
      <dl className="meta">
        <div><dt>Workflow</dt><dd><a href={href(`/definitions/${encodeURIComponent(d.workflowId)}`, { version: String(d.version) })}>{d.workflowId}</a> v{d.version}</dd></div>
        <div><dt>Correlation</dt><dd className="mono">{d.correlationId ?? '—'}</dd></div>
        <div><dt>Current step</dt><dd className="mono" data-testid="current-step">{d.currentStep ?? '—'}</dd></div>
        <div><dt>Created</dt><dd>{formatTime(d.createdAt)}</dd></div>
        <div><dt>Updated</dt><dd>{formatTime(d.updatedAt)}</dd></div>
        {d.waitingSince && d.status === 'Waiting' && <div><dt>Waiting for</dt><dd>{formatDuration(since(d.waitingSince, now))}</dd></div>}
      </dl>
      <ProblemAlert error={detail.error} />

      <div className="journey-grid">
        <div className="jg-side">
          {d.incident && <IncidentPanel detail={d} def={def.data ?? null} onDone={reloadAll} />}
          {d.waitingFor.length > 0 && <WaitingPanel waiting={d.waitingFor} now={now} />}
          {!finished && (d.waitingFor.some((w) => w.kind === 'signal')
            ? <SignalForm detail={d} onDone={reloadAll} />
            : (
              <details className="card card-collapsed">
                <summary>Send a signal</summary>
                <SignalForm detail={d} onDone={reloadAll} bare />
              </details>
            ))}
          <section className="card" aria-labelledby="vars-h">
            <h2 id="vars-h">Data</h2>
            <h3>Variables</h3>
            <div data-testid="variables"><KeyValues value={d.variables} /></div>
            <h3>Partner</h3>
            <div data-testid="partner"><KeyValues value={d.partner} emptyText="No partner values yet" /></div>
            <JsonView label="Input (masked)" value={d.input} />
          </section>
        </div>
        <section className="jg-graph card" aria-labelledby="graph-h">
          <div className="card-head">
            <h2 id="graph-h">Flowchart</h2>
            <StateLegend />
          </div>
          <ProblemAlert error={def.error} />
          {def.data ? (
            <Flowchart def={def.data} graph={graph} selectedStep={selectedStep} onSelectStep={setSelectedStep}
              ariaLabel={`Flowchart of ${def.data.title} with step states`} />
          ) : !def.error && <Loading label="Loading definition…" />}
        </section>
        <div className="jg-bottom">
          <StepHistory detail={d} selectedStep={selectedStep} onSelect={setSelectedStep} />
          <Journal state={journal} />
        </div>
      </div>
    </div>
  );
}

function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>, ok: string, after?: () => void) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await fn();
      setMessage(ok);
      return true;
    } catch (e) {
      setError(toApiError(e));
      return false;
    } finally {
      setBusy(false);
      after?.();
    }
  };
  return { busy, error, message, run, clearError: () => setError(null) };
}

function CancelButton({ id, onDone, testId = 'cancel-journey', label = 'Cancel journey' }: { id: string; onDone: () => void; testId?: string; label?: string }) {
  const [open, setOpen] = useState(false);
  const a = useAction();
  return (
    <div className="action-block">
      <button type="button" className="btn btn-danger-outline" onClick={() => setOpen(true)} data-testid={testId}>{label}</button>
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
      {open && (
        <ConfirmDialog title="Cancel this journey?" confirmLabel="Cancel journey" danger busy={a.busy} onClose={() => setOpen(false)}
          onConfirm={async () => {
            await a.run(() => api.cancel(id), 'Cancelled', onDone);
            setOpen(false);
          }}>
          <p>The definition's compensation runs (for example, releasing a pay-later block) and the journey ends as <strong>Cancelled</strong>. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function IncidentPanel({ detail, def, onDone }: { detail: InstanceDetail; def: WorkflowDefinitionView | null; onDone: () => void }) {
  const inc = detail.incident!;
  const stepDef = def?.steps.find((s) => s.id === inc.stepId);
  const outcomes = (stepDef && def?.activities[stepDef.activity]?.outcomes) ?? [];
  const [outcome, setOutcome] = useState('');
  const a = useAction();
  const chosen = outcome || outcomes[0] || '';
  return (
    <section className="card card-incident" aria-labelledby="incident-h" data-testid="incident" data-step-id={inc.stepId}>
      <h2 id="incident-h">Incident at <span className="mono">{inc.stepId}</span></h2>
      <p className="incident-message" data-testid="incident-message">{inc.message}</p>
      <dl className="meta meta-tight">
        <div><dt>Kind</dt><dd>{inc.errorKind}</dd></div>
        <div><dt>Attempts</dt><dd>{inc.attempts}</dd></div>
        <div><dt>Since</dt><dd>{formatTime(inc.createdAt)}</dd></div>
      </dl>
      {inc.details && Object.keys(inc.details).length > 0 && <JsonView label="Details (masked)" value={inc.details} />}
      <div className="incident-actions">
        <button type="button" className="btn btn-primary" disabled={a.busy} onClick={() => a.run(() => api.retryIncident(detail.id), 'Retry scheduled', onDone)} data-testid="incident-retry">
          Retry step
        </button>
        <div className="skip-group">
          <label htmlFor="skip-outcome">Skip to outcome</label>
          <select id="skip-outcome" value={chosen} onChange={(e) => setOutcome(e.target.value)} disabled={!outcomes.length} data-testid="skip-outcome">
            {outcomes.length === 0 && <option value="">(loading outcomes)</option>}
            {outcomes.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
          <button type="button" className="btn" disabled={a.busy || !chosen} onClick={() => a.run(() => api.skipIncident(detail.id, chosen), `Skipped to ${chosen}`, onDone)} data-testid="incident-skip">
            Skip
          </button>
        </div>
        <CancelButton id={detail.id} onDone={onDone} testId="incident-cancel" label="Cancel journey" />
      </div>
      {a.message && <p className="ok-text" role="status">{a.message}</p>}
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
    </section>
  );
}

function WaitingPanel({ waiting, now }: { waiting: WaitingFor[]; now: number }) {
  return (
    <section className="card" aria-labelledby="waiting-h">
      <h2 id="waiting-h">Waiting for</h2>
      <ul className="waiting" data-testid="waiting-for">
        {waiting.map((w, i) => (
          <li key={i} data-kind={w.kind} data-purpose={w.purpose ?? undefined}>
            <span className={`wkind wkind-${w.kind}`}>{w.kind}{w.purpose ? ` · ${TIMER_PURPOSE[w.purpose] ?? w.purpose}` : ''}</span>
            {w.key && <span className="mono wkey">{w.key}</span>}
            {w.dueAt && (
              <span className="wdue">
                {dueLabel(w)}{' '}
                {formatTime(w.dueAt)} <span className="muted">({relative(w.dueAt, now)})</span>
              </span>
            )}
            {w.sensitive && <span className="badge">sensitive</span>}
            {w.stepId && <span className="muted small wstep">at <span className="mono">{w.stepId}</span></span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Timer purposes as the engine names them (docs/api.md): `$retry` is its own retry back-off. */
const TIMER_PURPOSE: Record<string, string> = { poll: 'poll', timeout: 'timeout', delay: 'delay', $retry: 'retry back-off' };

function dueLabel(w: WaitingFor): string {
  if (w.kind !== 'timer') return 'deadline';
  if (w.purpose === 'poll') return 'next poll';
  if (w.purpose === 'timeout') return 'times out';
  if (w.purpose === '$retry') return 'retries';
  return 'fires';
}

function relative(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const diff = t - now;
  return diff >= 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}

const SECRET_NAME = /otp|pin|password|secret/i;

function SignalForm({ detail, onDone, bare = false }: { detail: InstanceDetail; onDone: () => void; bare?: boolean }) {
  const waitingSignals = detail.waitingFor.filter((w) => w.kind === 'signal' && w.key);
  const [name, setName] = useState(waitingSignals[0]?.key ?? '');
  const [secret, setSecret] = useState('');
  const [payload, setPayload] = useState('{}');
  const [localError, setLocalError] = useState<string | null>(null);
  const a = useAction();
  const known = waitingSignals.find((w) => w.key === name);
  const isSecret = known ? known.sensitive || SECRET_NAME.test(name) : SECRET_NAME.test(name);

  useEffect(() => {
    if (!name && waitingSignals[0]?.key) setName(waitingSignals[0].key);
  }, [name, waitingSignals]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    let body: Record<string, unknown>;
    if (isSecret) {
      body = { [name]: secret };
    } else {
      try {
        const parsed: unknown = JSON.parse(payload || '{}');
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        setLocalError('The payload must be a JSON object, e.g. {"approved": true}.');
        return;
      }
    }
    // The secret leaves the form whether or not the call succeeds: it is never kept or logged.
    setSecret('');
    await a.run(() => api.sendSignal(detail.id, name.trim(), body), `Signal “${name}” sent`, onDone);
  };

  const form = (
      <form onSubmit={submit} className="signal-form" data-testid="signal-form" autoComplete="off">
        <label htmlFor="signal-name">Signal</label>
        {waitingSignals.length > 0 ? (
          <select id="signal-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="signal-name">
            {waitingSignals.map((w) => <option key={w.key!} value={w.key!}>{w.key}</option>)}
          </select>
        ) : (
          <input id="signal-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. otp" data-testid="signal-name" required />
        )}
        {waitingSignals.length === 0 && <p className="muted small">The journey is not waiting for a signal now; the server will refuse one it does not expect.</p>}
        {isSecret ? (
          <>
            <label htmlFor="signal-secret">{name.toUpperCase() === 'OTP' ? 'OTP' : `Value of ${name}`}</label>
            <input id="signal-secret" type="password" inputMode="numeric" autoComplete="one-time-code" value={secret}
              onChange={(e) => setSecret(e.target.value)} required data-testid="signal-secret" />
          </>
        ) : (
          <>
            <label htmlFor="signal-payload">Payload (JSON object)</label>
            <textarea id="signal-payload" rows={3} className="mono" value={payload} onChange={(e) => setPayload(e.target.value)} data-testid="signal-payload" />
          </>
        )}
        {localError && <p className="error-text" role="alert">{localError}</p>}
        <button type="submit" className="btn btn-primary" disabled={a.busy || !name.trim() || (isSecret && !secret)} data-testid="signal-send">
          {a.busy ? 'Sending…' : 'Send signal'}
        </button>
        {a.message && <p className="ok-text" role="status" data-testid="signal-result">{a.message}</p>}
        <ProblemAlert error={a.error} onDismiss={a.clearError} />
      </form>
  );
  if (bare) return form;
  return (
    <section className="card" aria-labelledby="signal-h">
      <h2 id="signal-h">Send a signal</h2>
      {form}
    </section>
  );
}

function StepHistory({ detail, selectedStep, onSelect }: { detail: InstanceDetail; selectedStep: string | null; onSelect: (id: string) => void }) {
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

function Journal({ state }: { state: { data?: { items: JournalEntry[]; total: number }; error: ApiError | null; loading: boolean } }) {
  const [kindFilter, setKindFilter] = useState<'all' | 'calls'>('all');
  const items = state.data?.items ?? [];
  const shown = kindFilter === 'calls' ? items.filter((e) => e.kind === 'LenderCall') : items;
  return (
    <section className="card" aria-labelledby="journal-h">
      <div className="card-head">
        <h2 id="journal-h">Journal</h2>
        <div className="seg" role="group" aria-label="Journal entries">
          <button type="button" aria-pressed={kindFilter === 'all'} onClick={() => setKindFilter('all')}>All ({items.length})</button>
          <button type="button" aria-pressed={kindFilter === 'calls'} onClick={() => setKindFilter('calls')}>Lender calls ({items.filter((e) => e.kind === 'LenderCall').length})</button>
        </div>
      </div>
      <ProblemAlert error={state.error} />
      {!state.data && state.loading && <Loading />}
      {state.data && state.data.total > items.length && <p className="muted small">Showing the first {items.length} of {state.data.total} entries.</p>}
      <ol className="timeline" data-testid="journal">
        {shown.map((e) => <JournalItem key={e.seq} entry={e} />)}
      </ol>
    </section>
  );
}

function JournalItem({ entry }: { entry: JournalEntry }) {
  const kindClass = `jk-${entry.kind.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}`;
  if (entry.kind === 'LenderCall') {
    const c = (entry.data ?? {}) as LenderCallData;
    const ok = typeof c.httpStatus === 'number' && c.httpStatus < 400;
    return (
      <li className={`tl-item ${kindClass}`} data-testid="lender-call" data-seq={entry.seq}>
        <span className="tl-dot" aria-hidden="true" />
        <div className="tl-main">
          <div className="tl-line">
            <time dateTime={entry.at}>{formatTime(entry.at)}</time>
            {entry.stepId && <span className="mono tl-step">{entry.stepId}</span>}
            <span className="call-lender">{c.lender}</span>
            <span className="mono call-req"><strong>{c.method}</strong> {c.path}</span>
            <span className={`badge ${ok ? 'http-ok' : 'http-err'}`} data-testid="http-status">{c.httpStatus ?? 'no answer'}</span>
            {c.lenderCode && <span className="badge badge-code mono" title="Lender status code">{c.lenderCode}</span>}
            {c.latencyMs !== undefined && c.latencyMs !== null && <span className="muted">{formatDuration(c.latencyMs)}</span>}
            {c.attempt !== undefined && c.attempt > 1 && <span className="muted">attempt {c.attempt}</span>}
          </div>
          {c.error && <div className="error-text small" data-testid="call-error">{c.error}</div>}
          <div className="call-bodies">
            <JsonView label="Request (masked)" value={c.request ?? null} />
            <JsonView label="Response (masked)" value={c.response ?? null} />
          </div>
        </div>
      </li>
    );
  }
  const data = entry.data && Object.keys(entry.data).length ? entry.data : null;
  return (
    <li className={`tl-item ${kindClass}`} data-testid="journal-entry" data-kind={entry.kind} data-seq={entry.seq}>
      <span className="tl-dot" aria-hidden="true" />
      <div className="tl-main">
        <div className="tl-line">
          <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          <span className="tl-kind">{entry.kind}</span>
          {entry.stepId && <span className="mono tl-step">{entry.stepId}</span>}
          {entry.attempt !== undefined && entry.attempt !== null && entry.attempt > 1 && <span className="muted">attempt {entry.attempt}</span>}
          {entry.kind === 'Compensation' && entry.data?.failed === true && <span className="badge http-err">failed</span>}
        </div>
        {data && <JsonView label="Details" value={data} />}
      </div>
    </li>
  );
}
