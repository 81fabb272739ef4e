import { type Ref, type RefObject, useEffect, useRef, useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { Funnel, InstanceSummary, StuckPage } from '../../api/types';
import { formatDuration, formatTime, shortId, since } from '../../lib/format';
import { href } from '../../lib/router';
import { ProblemAlert, StatusBadge } from '../common';
import { JourneyBadges } from '../journeys/JourneyBadges';

/**
 * What a lending operator must look at (session 49; docs/studio.md, "Dashboard"). Two kinds of stuck:
 * - **faulted**, whatever their age: a step ran out of retries, or a money call's outcome is unknown and waits for the
 *   operator's decision (first: money may have moved). Nothing moves them but a person: retry, skip, decide or cancel.
 * - **waiting longer than the threshold**: a webhook, the borrower or a lender that has not answered; a journey waiting out a
 *   lender's open breaker is among them once past the threshold, with its badge (the tiles above count it at once).
 * The server orders them (session 50): the money questions first, oldest question first, then the other faults by when each
 * faulted, over all the workflow's faulted journeys; it sends the first 50 with the funnel and the rest page by page
 * (*Show more*, the funnel's `stuckFaultedNext`); the long waits likewise, longest wait first (session 51: the 50 longest were all an
 * operator saw), after the funnel's `stuckWaitingNext`. The counts are of all of them ("50 of N shown"), each a link to the list.
 * The journeys list has no triage order (it sorts by creation or by last change): the faulted link opens it oldest change
 * first, which for a faulted journey is when it faulted unless an operator's note or edit moved it since, and when the run
 * starts with money questions, a second link opens those alone (`incidentKind=OutcomeUnknown`, the list's own filter).
 */
export function StuckJourneys({ funnel: latest, stuckAfter, now }: { funnel: Funnel; stuckAfter: number; now: number }) {
  const faultedRun = useStuckPages(latest, FAULTED_RUN, stuckAfter);
  const waitingRun = useStuckPages(latest, WAITING_RUN, stuckAfter);
  const faultedRef = useRef<HTMLDivElement>(null);
  const waitingRef = useRef<HTMLDivElement>(null);
  useFocusOnAdded(faultedRun.added, faultedRef, 'stuck-faulted-more');
  useFocusOnAdded(waitingRun.added, waitingRef, 'stuck-waiting-more');
  const faulted = distinct([...faultedRun.funnel.stuck.filter((i) => i.status === 'Faulted'), ...faultedRun.rows]);
  const waiting = distinct([...waitingRun.funnel.stuck.filter((i) => i.status !== 'Faulted'), ...waitingRun.rows]);
  const faultedTotal = Math.max(faultedRun.funnel.countsByStatus.Faulted ?? 0, faulted.length);
  const waitingTotal = Math.max(waitingRun.funnel.stuckWaiting ?? 0, waiting.length);
  const funnel = latest;
  const threshold = formatDuration(stuckAfter * 1000);
  return (
    <section className="card" aria-labelledby="stuck-h">
      <h2 id="stuck-h">Stuck <span className="count-pill" data-testid="stuck-count">{faultedTotal + waitingTotal}</span></h2>
      <p className="muted small">Faulted journeys wait for an operator, whatever their age; a waiting journey is stuck after {threshold}.</p>
      {faultedTotal + waitingTotal === 0 ? <p className="muted">Nothing is stuck.</p> : <>
        <StuckGroup kind="faulted" title="Faulted: awaiting an operator" total={faultedTotal} rows={faulted} now={now} groupRef={faultedRef}
          all={href('/journeys', { workflowId: funnel.workflowId, status: 'Faulted', sort: 'updatedAt', order: 'asc' })}
          decisions={faulted[0]?.awaitsDecision
            ? href('/journeys', { workflowId: funnel.workflowId, status: 'Faulted', incidentKind: OUTCOME_UNKNOWN, sort: 'updatedAt', order: 'asc' })
            : undefined} />
        {faultedTotal > 0 && <ShowMore kind="faulted" run={faultedRun} left={faultedTotal - faulted.length} />}
        <StuckGroup kind="waiting" title={`Waiting longer than ${threshold}`} total={waitingTotal} rows={waiting} now={now} groupRef={waitingRef}
          all={href('/journeys', { workflowId: funnel.workflowId, status: 'Waiting', waitingLongerThan: String(stuckAfter) })} />
        {waitingTotal > 0 && <ShowMore kind="waiting" run={waitingRun} left={waitingTotal - waiting.length} />}
      </>}
    </section>
  );
}

const PAGE = 50;

/** The incident kind of a money question awaiting the operator's decision (the server's `awaitsDecision`). */
const OUTCOME_UNKNOWN = 'OutcomeUnknown';

/** Each journey once (a journey that moved while a page was read may come again on the next). */
function distinct(rows: InstanceSummary[]): InstanceSummary[] {
  const seen = new Set<string>();
  return rows.filter((i) => !seen.has(i.id) && !!seen.add(i.id));
}

/**
 * One of the stuck list's runs, paged by the server (docs/api.md, "Dashboard"): the faulted in triage order (session 50) and the
 * long waits, longest wait first (session 51). Each continues the funnel's first page after its own cursor.
 */
type StuckRun = {
  next: (funnel: Funnel) => string | null | undefined;
  read: (workflowId: string, after: string, take: number, stuckAfter: number) => Promise<StuckPage>;
};

const FAULTED_RUN: StuckRun = {
  next: (f) => f.stuckFaultedNext,
  read: (workflowId, after, take) => api.getStuckFaulted(workflowId, after, take),
};

// The long waits past the funnel's threshold: the same threshold, so the pages continue the funnel's run.
const WAITING_RUN: StuckRun = {
  next: (f) => f.stuckWaitingNext,
  read: (workflowId, after, take, stuckAfter) => api.getStuckWaiting(workflowId, after, take, stuckAfter),
};

function ShowMore({ kind, run, left }: { kind: 'faulted' | 'waiting'; run: StuckPages; left: number }) {
  if (!run.next) return run.error ? <ProblemAlert error={run.error} /> : null;
  return (
    <>
      <p>
        <button type="button" className="btn" data-testid={`stuck-${kind}-more`} disabled={run.loading} onClick={run.load}>
          {run.loading ? 'Loading…' : `Show ${Math.min(PAGE, left) || PAGE} more ${kind}`}
        </button>
      </p>
      {run.error && <ProblemAlert error={run.error} />}
    </>
  );
}

/**
 * A page that came after *Show more* takes the focus to its first row (the button is disabled while it loads, and gone after the
 * last page, so the focus fell to the page and the next Tab went past the new rows: walk 50). The focus moves only from the
 * button or the page, never from where the operator went meanwhile.
 */
function useFocusOnAdded(added: string | null, groupRef: RefObject<HTMLDivElement | null>, button: string) {
  useEffect(() => {
    const active = document.activeElement;
    if (!added || (active && active !== document.body && active.getAttribute('data-testid') !== button)) return;
    const row = [...(groupRef.current?.querySelectorAll<HTMLElement>('[data-testid="stuck-row"]') ?? [])].find((r) => r.dataset.instanceId === added);
    row?.querySelector<HTMLElement>('[data-testid="stuck-link"]')?.focus();
  }, [added, groupRef, button]);
}

/**
 * A run's pages after the funnel's first, each after the cursor of the one before. A new funnel (a live refresh) has a new first
 * page and cursor, and the rows read after the old cursor are of an older order: as many rows as the operator had loaded are
 * read again after the new cursor (the old ones stay on screen until they come), so a refresh never takes away what the
 * operator was reading (walk 50: it put the list back to its first 50).
 */
function useStuckPages(funnel: Funnel, run: StuckRun, stuckAfter: number) {
  const [state, setState] = useState<PagesState>({ rows: [], next: run.next(funnel) ?? null, loading: false, error: null, added: null });
  const [shown, setShown] = useState(funnel);
  const loaded = useRef(0);
  loaded.current = state.rows.length;
  const generation = useRef(0);
  const refreshing = useRef(false);
  useEffect(() => {
    if (shown === funnel) return undefined;
    const depth = loaded.current;
    const gen = ++generation.current;
    const after = run.next(funnel) ?? null;
    // Another workflow's list (the dashboard's select) starts at its first page.
    if (!after || depth === 0 || funnel.workflowId !== shown.workflowId) {
      refreshing.current = false;
      setShown(funnel);
      setState({ rows: [], next: after, loading: false, error: null, added: null });
      return undefined;
    }
    // Not `loading`: that disables Show more, and a disabled button loses the keyboard's focus on every live refresh.
    refreshing.current = true;
    readRows(run, funnel.workflowId, after, depth, stuckAfter).then(
      (page) => {
        if (generation.current !== gen) return;
        refreshing.current = false;
        setShown(funnel);
        setState({ rows: page.items, next: page.next, loading: false, error: null, added: null });
      },
      (e: unknown) => {
        if (generation.current !== gen) return;
        refreshing.current = false;
        setShown(funnel);
        setState({ rows: [], next: after, loading: false, error: toApiError(e), added: null });
      });
    return undefined;
  }, [funnel, shown, run, stuckAfter]);
  const load = () => {
    const after = state.next;
    // While the loaded rows are read again (a moment), a click would page after a cursor about to be replaced.
    if (!after || state.loading || refreshing.current) return;
    const gen = generation.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    run.read(funnel.workflowId, after, PAGE, stuckAfter).then(
      (page) => {
        if (generation.current !== gen) return;
        setState((s) => ({ rows: [...s.rows, ...page.items], next: page.next, loading: false, error: null, added: page.items[0]?.id ?? null }));
      },
      (e: unknown) => {
        if (generation.current !== gen) return;
        setState((s) => ({ ...s, loading: false, error: toApiError(e) }));
      });
  };
  // The funnel the run shows: the one the loaded rows were read after, until they are read again after the new one's cursor.
  return { ...state, funnel: state.rows.length === 0 ? funnel : shown, load };
}

type StuckPages = ReturnType<typeof useStuckPages>;

type PagesState = { rows: InstanceSummary[]; next: string | null; loading: boolean; error: ApiError | null; added: string | null };

/** `count` rows of the run after `after`, in pages of at most the server's 500. */
async function readRows(run: StuckRun, workflowId: string, after: string, count: number, stuckAfter: number): Promise<{ items: InstanceSummary[]; next: string | null }> {
  const items: InstanceSummary[] = [];
  let next: string | null = after;
  while (next && items.length < count) {
    const page = await run.read(workflowId, next, Math.min(MAX_TAKE, count - items.length), stuckAfter);
    items.push(...page.items);
    next = page.next;
  }
  return { items, next };
}

const MAX_TAKE = 500;

function StuckGroup({ kind, title, total, rows, now, all, decisions, groupRef }: {
  kind: 'faulted' | 'waiting'; title: string; total: number; rows: InstanceSummary[]; now: number; all: string; decisions?: string;
  groupRef?: Ref<HTMLDivElement>;
}) {
  if (total === 0) return null;
  const headingId = `stuck-${kind}-h`;
  return (
    <div className="stuck-group" data-testid={`stuck-${kind}`} ref={groupRef}>
      <h3 id={headingId}>
        {title} <span className="count-pill" data-testid={`stuck-${kind}-count`}>{total}</span>
        {total > rows.length && <> <span className="muted small" data-testid={`stuck-${kind}-shown`}>{rows.length} of {total} shown</span></>}
        {total > rows.length && <> <a className="small" href={all} data-testid={`stuck-${kind}-all`}>all {total} in the journeys list{kind === 'faulted' ? ' (oldest change first)' : ''}</a></>}
        {total > rows.length && decisions && <> · <a className="small" href={decisions} data-testid="stuck-faulted-decisions">those awaiting a decision</a></>}
      </h3>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="stuck-table" aria-labelledby={headingId}>
          <thead><tr><th scope="col">Journey</th><th scope="col">Status</th><th scope="col">Step</th><th scope="col">Correlation</th><th scope="col">{kind === 'faulted' ? 'Faulted for' : 'Waiting for'}</th><th scope="col">Updated</th></tr></thead>
          <tbody>
            {rows.map((i) => (
              <tr key={i.id} data-testid="stuck-row" data-instance-id={i.id} data-status={i.status}>
                <td><a className="mono" href={href(`/journeys/${encodeURIComponent(i.id)}`)} title={i.id} data-testid="stuck-link">{shortId(i.id)}</a></td>
                <td className="cell-wrap"><StatusBadge status={i.status} /><JourneyBadges journey={i} /></td>
                <td className="mono">{i.currentStep ?? '—'}</td>
                <td className="mono">{i.correlationId ?? '—'}</td>
                {/* Since the fault (the server's order; a failed retry is a new fault). */}
                <td>{formatDuration(since(kind === 'faulted' ? i.faultedAt ?? i.updatedAt : i.waitingSince ?? i.updatedAt, now))}</td>
                <td className="nowrap">{formatTime(i.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
