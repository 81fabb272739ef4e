import { api } from '../api/client';
import type { JournalEntry, WorkflowDefinitionView } from '../api/types';
import { Flowchart, StateLegend } from '../components/Flowchart';
import { JsonView, KeyValues, Loading, ProblemAlert, StatusBadge } from '../components/common';
import { AbandonPanel } from '../components/journey/AbandonPanel';
import { AlterMenu } from '../components/journey/AlterMenu';
import { CancelButton } from '../components/journey/CancelButton';
import { IncidentPanel } from '../components/journey/IncidentPanel';
import { Journal } from '../components/journey/Journal';
import { JourneyAudit } from '../components/journey/JourneyAudit';
import { SignalForm } from '../components/journey/SignalForm';
import { StepHistory } from '../components/journey/StepHistory';
import { WaitingPanel } from '../components/journey/WaitingPanel';
import { formatDuration, formatTime, since } from '../lib/format';
import { useAsync, useLiveRefetch, useNow } from '../lib/hooks';
import { useCan } from '../lib/roles';
import { href } from '../lib/router';
import { describeRun, entryErrors, entryTimes, stepRuns, type StepRun } from '../lib/stepRuns';
import { computeStepStates } from '../lib/stepStates';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

const JOURNAL_PAGE = 200;
/** Pages the journey page loads at first, and each *Load more* adds (2,000 entries). */
export const JOURNAL_PAGES_PER_LOAD = 10;

/**
 * The first `maxPages` pages of the journal (fewer when it ends sooner), with its total. Aborted by `signal` (a load the page
 * no longer wants): the request under way ends and no further page is asked for.
 */
export async function loadJournal(id: string, maxPages: number, signal?: AbortSignal): Promise<{ items: JournalEntry[]; total: number }> {
  const items: JournalEntry[] = [];
  let total = 0;
  for (let page = 0; page < maxPages; page++) {
    signal?.throwIfAborted();
    const r = await api.getJournal(id, items.length, JOURNAL_PAGE, signal);
    items.push(...r.items);
    total = r.total;
    if (r.items.length === 0 || items.length >= total) break;
  }
  return { items, total };
}

export function JourneyPage({ id }: { id: string }) {
  const canCancel = useCan('cancel');
  const canSignal = useCan('signal');
  const canAlter = useCan('alter');
  const detail = useAsync((signal) => api.getInstance(id, signal), [id]);
  // Reloaded whole (live updates, *Load more*), so the entries shown are always one consistent read of the journal.
  const [journalPages, setJournalPages] = useState(JOURNAL_PAGES_PER_LOAD);
  const journal = useAsync((signal) => loadJournal(id, journalPages, signal), [id, journalPages]);
  const loadMoreJournal = useCallback(() => setJournalPages((p) => p + JOURNAL_PAGES_PER_LOAD), []);
  const d = detail.data;
  const def = useAsync<WorkflowDefinitionView | null>(
    () => (d ? api.getWorkflow(d.workflowId, d.version) : Promise.resolve(null)),
    [d?.workflowId, d?.version],
  );
  // A version this build cannot compile (an activity removed since it was published: 409 version_unloadable) has no
  // flowchart to show, but its journeys move to a version that loads (docs/engine.md): the latest lists the versions.
  const unloadable = def.error?.problem.code === 'version_unloadable';
  const latest = useAsync<WorkflowDefinitionView | null>(
    () => (d && unloadable ? api.getWorkflow(d.workflowId) : Promise.resolve(null)),
    [d?.workflowId, unloadable],
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
  // An operator's answer to a money question: what it recorded, and the journey's update it was given at (walk 50: the
  // answer ends the incident, its panel goes with it, and the focus fell to the page). The page's status line says what was
  // recorded and, once the journey is read again, where it is now; it takes the focus, so a keyboard user is left
  // somewhere and a screen reader reads it.
  const [answered, setAnswered] = useState<{ message: string; before: string } | null>(null);
  const answeredLine = useRef<HTMLParagraphElement>(null);
  const onAnswered = useCallback((message: string) => {
    setAnswered(d ? { message, before: d.updatedAt } : null);
  }, [d]);
  useEffect(() => {
    if (answered) answeredLine.current?.focus();
  }, [answered]);
  useEffect(() => setAnswered(null), [id]);

  useEffect(() => {
    document.title = `Journey ${id} · LoanJourney Studio`;
  }, [id]);

  // The journal (when all of it is loaded) tells a step's runs apart: each node reads its latest run's time (walk 50).
  const graph = useMemo(() => (d && def.data ? computeStepStates(def.data, d, now, journal.data) : undefined), [d, def.data, now, journal.data]);
  // The step history's entries the same way: time run apart from time faulted waiting for an operator.
  const times = useMemo(() => (d ? entryTimes(d.steps, stepRuns(journal.data, d, now)) : undefined), [d, now, journal.data]);
  const errors = useMemo(() => (d ? entryErrors(d.steps, journal.data?.items) : []), [d, journal.data]);

  if (!d) {
    // A journey this node cannot decrypt: its journal still reads (not encrypted), and an Admin may abandon it.
    const unreadable = detail.error?.problem.code === 'payload_unreadable';
    // Once abandoned there is nothing left to put right: a note instead of the error that asks for the keys or an abandon.
    const abandoned = unreadable && (journal.data?.items.some((e) => e.kind === 'InstanceAbandoned') ?? false);
    return (
      <div className="page" data-testid={unreadable ? 'journey-unreadable' : undefined}>
        <p><a href={href('/journeys')}>← Journeys</a></p>
        {abandoned
          ? <p className="muted" data-testid="journey-unreadable-note">Journey unreadable: its stored data cannot be decrypted on this node, and it was abandoned (below).</p>
          : detail.error ? <ProblemAlert error={detail.error} /> : <Loading />}
        {unreadable && journal.data && <AbandonPanel id={id} journal={journal.data.items} onDone={reloadAll} />}
        {unreadable && <Journal data={journal.data} error={journal.error} loading={journal.loading} onLoadMore={loadMoreJournal} />}
      </div>
    );
  }

  const finished = d.status === 'Completed' || d.status === 'Cancelled';
  return (
    <div className="page journey" data-testid="journey" data-instance-id={d.id} data-status={d.status} data-version={d.version}>
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
          {answered && (
            <p className="ok-text journey-answered" role="status" tabIndex={-1} ref={answeredLine} data-testid="journey-answered">
              {answered.message}.{' '}
              {d.updatedAt === answered.before
                ? 'Reading the journey again…'
                : `The journey is ${d.status.toLowerCase()}${d.outcome ? ` (${d.outcome})` : ''}${d.currentStep && !finished ? ` at ${d.currentStep}` : ''}.`}
            </p>
          )}
        </div>
        {/* Not while the journey is already being cancelled (the badge says so): a second cancel changes nothing, though the
            server accepts it (202) and records it in the audit trail (walk 47: an operator's "try" stood there beside the
            real one). What is left to answer is its compensation's, in the incident panel. */}
        {!finished && canCancel && !d.cancelRequested && <CancelButton id={d.id} refusal={d.cancelRefusal} onDone={reloadAll} />}
      </div>
      <dl className="meta">
        <div><dt>Workflow</dt><dd><a href={href(`/definitions/${encodeURIComponent(d.workflowId)}`, { version: String(d.version) })}>{d.workflowId}</a> v{d.version}</dd></div>
        <div><dt>Correlation</dt><dd className="mono">{d.correlationId ?? '—'}</dd></div>
        {/* Whose journey it is, when a partner's (docs/server.md, "Partner scope"): a child journey is its parent's partner's too. */}
        {d.partnerName && <div><dt>Partner scope</dt><dd className="mono" data-testid="journey-partner">{d.partnerName}</dd></div>}
        <div><dt>Current step</dt><dd className="mono" data-testid="current-step">{d.currentStep ?? '—'}</dd></div>
        <div><dt>Created</dt><dd>{formatTime(d.createdAt)}</dd></div>
        <div><dt>Updated</dt><dd>{formatTime(d.updatedAt)}</dd></div>
        {d.waitingSince && d.status === 'Waiting' && <div><dt>Waiting for</dt><dd>{formatDuration(since(d.waitingSince, now))}</dd></div>}
      </dl>
      <ProblemAlert error={detail.error} />

      <div className="journey-grid">
        <div className="jg-side">
          {/* Keyed by the incident: after a skip or retry the journey may fault again at another step, whose panel must not
              inherit the last one's chosen outcome (a valid outcome there too, e.g. Done) or its "Skipped to …" message. */}
          {d.incident && <IncidentPanel key={`${d.incident.stepId}@${d.incident.createdAt}`} detail={d} defLoad={def} onDone={reloadAll} onAnswered={onAnswered} />}
          {d.waitingFor.length > 0 && <WaitingPanel waiting={d.waitingFor} now={now} deferral={d.deferral} />}
          {canAlter && (d.status === 'Waiting' || d.status === 'Faulted') && !d.cancelRequested && <AlterMenu detail={d} def={def.data ?? null} versions={latest.data?.versions} onDone={reloadAll} />}
          {!finished && canSignal && (d.waitingFor.some((w) => w.kind === 'signal')
            ? <SignalForm detail={d} def={def.data} onDone={reloadAll} />
            : (
              <details className="card card-collapsed">
                <summary>Send a signal</summary>
                <SignalForm detail={d} def={def.data} onDone={reloadAll} bare />
              </details>
            ))}
          <JourneyAudit id={d.id} changedAt={d.updatedAt} />
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
          {def.data && selectedStep && <SelectedStep def={def.data} stepId={selectedStep} runs={graph?.steps.get(selectedStep)?.runs ?? []} />}
        </section>
        <div className="jg-bottom">
          <StepHistory detail={d} times={times} errors={errors} now={now} selectedStep={selectedStep} onSelect={setSelectedStep} />
          <Journal data={journal.data} error={journal.error} loading={journal.loading} onLoadMore={loadMoreJournal} />
        </div>
      </div>
    </div>
  );
}

/** The selected step named whole under the flowchart: a node cuts a long title with an ellipsis (session 45). */
function SelectedStep({ def, stepId, runs }: { def: WorkflowDefinitionView; stepId: string; runs: StepRun[] }) {
  const step = def.steps.find((s) => s.id === stepId);
  if (!step) return null;
  return (
    <div className="selected-step small" data-testid="selected-step" aria-live="polite">
      <p>
        <span className="muted">Selected step:</span> <strong data-testid="selected-step-title">{step.title || step.id}</strong>
        {' '}<span className="mono muted">{step.id} · {step.activity}</span>
      </p>
      {/* A step run more than once lists its runs: the node shows only the latest one's time (walk 50). */}
      {runs.length > 1 && (
        <ol className="step-runs" data-testid="selected-step-runs" aria-label={`Runs of ${step.title || step.id}`}>
          {runs.map((r) => <li key={r.startedAt}>{formatTime(r.startedAt)}: {describeRun(r)}</li>)}
        </ol>
      )}
    </div>
  );
}
