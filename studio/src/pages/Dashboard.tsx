import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import type { Funnel, WorkflowDefinitionView } from '../api/types';
import { Loading, ProblemAlert } from '../components/common';
import { StuckJourneys } from '../components/dashboard/StuckJourneys';
import { secondsToAmount, UNIT_SECONDS, type DurationUnit } from '../lib/filters';
import { dashboardWorkflow, rememberDashboardWorkflow } from '../lib/dashboardChoice';
import { biggestLeak, computeFunnelRows, type FunnelRow } from '../lib/funnel';
import { formatDuration } from '../lib/format';
import { useAsync, useLiveRefetch, useNow } from '../lib/hooks';
import { href, navigate } from '../lib/router';

const DEFAULT_STUCK = 3600;

export function DashboardPage({ query }: { query: URLSearchParams }) {
  const workflows = useAsync(() => api.listWorkflows(), []);
  const workflowId = query.get('workflowId') ?? '';
  const stuckRaw = Number(query.get('stuckAfterSeconds'));
  const stuckAfter = Number.isFinite(stuckRaw) && stuckRaw > 0 ? Math.floor(stuckRaw) : DEFAULT_STUCK;

  const setQuery = (w: string, s: number, replace = false) =>
    navigate('/dashboard', { workflowId: w, ...(s !== DEFAULT_STUCK ? { stuckAfterSeconds: String(s) } : {}) }, { replace });

  useEffect(() => {
    document.title = 'Dashboard · LoanJourney Studio';
  }, []);
  useEffect(() => {
    // No workflow in the URL: the one last viewed here (while still loaded), else the first by title ("Walk 53").
    const chosen = workflows.data ? dashboardWorkflow(workflows.data) : undefined;
    if (!workflowId && chosen) setQuery(chosen, stuckAfter, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workflowId, workflows.data]);
  useEffect(() => {
    if (workflowId && workflows.data?.some((w) => w.id === workflowId)) rememberDashboardWorkflow(workflowId);
  }, [workflowId, workflows.data]);

  const funnel = useAsync<Funnel | null>(() => (workflowId ? api.getFunnel(workflowId, stuckAfter) : Promise.resolve(null)), [workflowId, stuckAfter]);
  const def = useAsync<WorkflowDefinitionView | null>(() => (workflowId ? api.getWorkflow(workflowId) : Promise.resolve(null)), [workflowId]);
  useLiveRefetch((i) => i.workflowId === workflowId, funnel.reload);

  return (
    <div className="page">
      <div className="page-head">
        <h1>Dashboard</h1>
        {funnel.loading && funnel.data && <span className="muted small" role="status">Refreshing…</span>}
      </div>
      <div className="toolbar">
        <label>Workflow
          <select value={workflowId} onChange={(e) => setQuery(e.target.value, stuckAfter)} data-testid="dashboard-workflow">
            {!workflowId && <option value="">Choose…</option>}
            {(workflows.data ?? []).map((w) => <option key={w.id} value={w.id}>{w.title || w.id}</option>)}
          </select>
        </label>
        <StuckThreshold key={stuckAfter} seconds={stuckAfter} onApply={(s) => setQuery(workflowId, s)} />
      </div>
      <ProblemAlert error={workflows.error ?? funnel.error} />
      {workflows.data?.length === 0 && <p className="muted">No workflows are loaded on the server.</p>}
      {funnel.data ? <FunnelView funnel={funnel.data} def={def.data ?? null} stuckAfter={stuckAfter} /> : workflowId && funnel.loading && <Loading />}
    </div>
  );
}

function StuckThreshold({ seconds, onApply }: { seconds: number; onApply: (s: number) => void }) {
  const init = secondsToAmount(seconds);
  const [amount, setAmount] = useState(init.amount);
  const [unit, setUnit] = useState<DurationUnit>(init.unit);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(amount);
    if (n > 0) onApply(Math.round(n * UNIT_SECONDS[unit]));
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Stuck threshold">
      <label htmlFor="stuck-amount">Stuck after</label>
      <input id="stuck-amount" type="number" min={0} step="any" className="num" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="stuck-threshold" />
      <select aria-label="Stuck threshold unit" value={unit} onChange={(e) => setUnit(e.target.value as DurationUnit)}>
        <option value="minutes">minutes</option><option value="hours">hours</option><option value="days">days</option>
      </select>
      <button type="submit" className="btn">Apply</button>
    </form>
  );
}

const pct = (n: number, of: number) => (of > 0 ? (100 * n) / of : 0);
const pctText = (share: number) => `${Math.round(share * 100)}%`;

export function FunnelView({ funnel, def, stuckAfter }: { funnel: Funnel; def: WorkflowDefinitionView | null; stuckAfter: number }) {
  const rows = useMemo(() => computeFunnelRows(funnel, def), [funnel, def]);
  const leak = biggestLeak(rows);
  const now = useNow(15000);
  const totals = rows.reduce((t, r) => ({ waiting: t.waiting + r.waiting, faulted: t.faulted + r.faulted }), { waiting: 0, faulted: 0 });
  const outcomes = Object.entries(funnel.outcomes).sort((a, b) => b[1] - a[1]);
  // Cancelled journeys have no outcome, so no outcome tile: their tile reads the status counts the server keeps with the total.
  const cancelled = funnel.countsByStatus.Cancelled ?? 0;
  // Journeys waiting out a lender's open circuit breaker (session 48): no incident, no attempt spent; per API, most first.
  const deferred = Object.entries(funnel.deferredOn ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const deferredTotal = deferred.reduce((t, [, n]) => t + n, 0);
  return (
    <>
      <div className="kpis" data-testid="funnel-summary" data-total={funnel.total}>
        <div className="kpi"><span className="kpi-value">{funnel.total}</span><span className="kpi-label">journeys</span></div>
        {outcomes.map(([o, n]) => (
          <div key={o} className={`kpi kpi-${o.toLowerCase()}`} data-testid="funnel-outcome" data-outcome={o} data-count={n}>
            <span className="kpi-value">{n}</span><span className="kpi-label">{o} <span className="muted">({pctText(funnel.total ? n / funnel.total : 0)})</span></span>
          </div>
        ))}
        <div className="kpi kpi-cancelled" data-testid="funnel-cancelled" data-count={cancelled}>
          <span className="kpi-value">{cancelled}</span><span className="kpi-label">Cancelled <span className="muted">({pctText(funnel.total ? cancelled / funnel.total : 0)})</span></span>
        </div>
        {/* Each opens the journeys list with those journeys (walk 47: an operator who saw "4 faulted now" had to set the
            list's filters by hand to reach them). */}
        <a className="kpi kpi-waiting kpi-link" href={href('/journeys', { workflowId: funnel.workflowId, status: 'Waiting' })} data-testid="kpi-waiting">
          <span className="kpi-value">{totals.waiting}</span><span className="kpi-label">waiting now</span>
        </a>
        <a className="kpi kpi-faulted kpi-link" href={href('/journeys', { workflowId: funnel.workflowId, status: 'Faulted' })} data-testid="kpi-faulted">
          <span className="kpi-value">{totals.faulted}</span><span className="kpi-label">faulted now</span>
        </a>
        <a className="kpi kpi-deferred kpi-link" href={href('/journeys', { workflowId: funnel.workflowId, deferredOn: 'any' })} data-testid="kpi-deferred"
          data-count={deferredTotal} title="Waiting out a lender's open circuit breaker: they run again when it lets a call through (no attempt spent, no incident)">
          <span className="kpi-value">{deferredTotal}</span><span className="kpi-label">waiting on an open breaker</span>
        </a>
        {deferred.map(([apiName, n]) => (
          <a key={apiName} className="kpi kpi-deferred kpi-link" href={href('/journeys', { workflowId: funnel.workflowId, deferredOn: apiName })}
            data-testid="kpi-deferred-api" data-api={apiName} data-count={n}>
            <span className="kpi-value">{n}</span><span className="kpi-label">{apiName} breaker open</span>
          </a>
        ))}
      </div>

      <section className="card" aria-labelledby="funnel-h">
        <div className="card-head">
          <h2 id="funnel-h">Funnel{def ? ` · ${def.title}` : ''}</h2>
          <ul className="legend" aria-label="Funnel legend">
            <li><span className="legend-swatch seg-continued" aria-hidden="true" />went on</li>
            <li><span className="legend-swatch seg-waiting" aria-hidden="true" />waiting here</li>
            <li><span className="legend-swatch seg-faulted" aria-hidden="true" />faulted here</li>
            <li><span className="legend-swatch seg-rejected" aria-hidden="true" />rejected here</li>
            <li><span className="legend-swatch seg-other" aria-hidden="true" />other</li>
          </ul>
        </div>
        {rows.length === 0 ? <p className="muted">No journeys yet.</p> : (
          <ol className="funnel" data-testid="funnel">
            {rows.map((r) => <FunnelStepRow key={r.stepId} row={r} total={funnel.total} leak={leak === r.stepId} />)}
          </ol>
        )}
      </section>

      <StuckJourneys funnel={funnel} stuckAfter={stuckAfter} now={now} />
    </>
  );
}

export function FunnelStepRow({ row: r, total, leak }: { row: FunnelRow; total: number; leak: boolean }) {
  const segs: [string, number, string][] = [
    ['continued', r.continued, 'went on'],
    ['waiting', r.waiting, 'waiting here'],
    ['faulted', r.faulted, 'faulted here'],
    ['rejected', r.rejected, 'rejected here'],
    ['other', r.other, 'other'],
  ];
  const summary = `${r.title}: reached ${r.reached} of ${total}; ${segs.filter(([, n]) => n > 0).map(([, n, l]) => `${n} ${l}`).join(', ')}`;
  return (
    <li className={`funnel-row${leak ? ' funnel-leak' : ''}`} data-testid="funnel-step" data-step-id={r.stepId}
      data-reached={r.reached} data-completed={r.continued} data-continued={r.continued} data-waiting={r.waiting}
      data-faulted={r.faulted} data-rejected={r.rejected} data-other={r.other} aria-label={summary}>
      <div className="funnel-label">
        <span className="funnel-title">{r.title}</span>
        <span className="mono muted small">{r.stepId}</span>
        {leak && <span className="badge badge-leak" title="Most journeys stop here">biggest drop</span>}
      </div>
      <div className="funnel-track" aria-hidden="true">
        <div className="funnel-bar" style={{ width: `${r.reachedShare * 100}%` }}>
          {segs.map(([k, n, l]) => n > 0 && (
            <span key={k} className={`seg seg-${k}`} style={{ width: `${pct(n, r.reached)}%` }} title={`${n} ${l}`}>
              {pct(n, r.reached) >= 12 ? n : ''}
            </span>
          ))}
        </div>
      </div>
      <div className="funnel-nums">
        <span className="funnel-reached" title="Journeys that reached this step"><strong>{r.reached}</strong> <span className="muted">{pctText(r.reachedShare)}</span></span>
        <span className="funnel-conv muted" title="Of the journeys that reached the step before it">{r.conversion === null ? '' : `${pctText(r.conversion)} of prev`}</span>
        <span className="funnel-stops">
          {r.waiting > 0 && <span className="stop stop-waiting" title="waiting here">{r.waiting} waiting</span>}
          {r.faulted > 0 && <span className="stop stop-faulted" title="faulted here">{r.faulted} faulted</span>}
          {r.rejected > 0 && <span className="stop stop-rejected" title="rejected here">{r.rejected} rejected</span>}
        </span>
        <span className="funnel-median" title="Median time in step"><span className="muted small">median </span><span className="nowrap">{formatDuration(r.medianDurationMs)}</span></span>
      </div>
    </li>
  );
}
