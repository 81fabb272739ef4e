import { api, toApiError } from '../api/client';
import { INSTANCE_STATUSES, type BulkAbandon, type InstanceFilters, type InstanceStatus } from '../api/types';
import { ConfirmDialog, Loading, ProblemAlert, StatusBadge } from '../components/common';
import { KeptReason, reasonGiven } from '../components/ReasonField';
import { BulkAbandonDialog, BulkAbandonOutcome } from '../components/journeys/BulkAbandonDialog';
import { BulkByFilterDialog } from '../components/journeys/BulkByFilterDialog';
import { BulkOutcome, type BulkRun } from '../components/journeys/BulkOutcome';
import { FiltersForm } from '../components/journeys/FiltersForm';
import { badgesLabel, JourneyBadges } from '../components/journeys/JourneyBadges';
import { JourneysPager } from '../components/journeys/JourneysPager';
import { SortArrow } from '../components/journeys/SortArrow';
import { DEFAULT_TAKE, toBulkFilter, withFilterChange } from '../lib/filters';
import { formatDuration, formatTime, formatTimeParts, shortId, since } from '../lib/format';
import { useAsync, useLiveRefetch, useNow } from '../lib/hooks';
import { journeysPaging, type ListPage } from '../lib/paging';
import { useCan, useSession } from '../lib/roles';
import { href, navigate } from '../lib/router';
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';

export function JourneysPage({ query }: { query: URLSearchParams }) {
  const queryKey = query.toString();
  // A partner-scoped session lists its own partner's journeys whatever it asks (docs/api.md), and `hasPartner=false` ("our
  // own", no partner) is the server's 400 for it: an old or shared link carrying it lists the session's journeys, the filter
  // dropped quietly, as the Source select it comes from is not offered to such a session (session 45's walk).
  const scopedPartner = useSession()?.partner ?? null;
  const listPage = useMemo(() => {
    const parsed = journeysPaging.fromSearchParams(new URLSearchParams(queryKey));
    if (!scopedPartner || parsed.filters.hasPartner !== false) return parsed;
    const usable = { ...parsed.filters };
    delete usable.hasPartner;
    return { ...parsed, filters: usable };
  }, [queryKey, scopedPartner]);
  const { filters } = listPage;
  const go = (p: ListPage) => navigate('/journeys', journeysPaging.toSearchParams(p));
  const apply = (f: InstanceFilters) => go({ filters: f, trail: [] });
  const change = (c: Partial<InstanceFilters>) => apply(withFilterChange(filters, c));

  const workflows = useAsync(() => api.listWorkflows(), []);
  // The answer remembers the URL it was asked for: the previous page stays on screen while the next one loads, and
  // only the current page's `next` may be followed.
  const list = useAsync(async () => ({ key: queryKey, page: await api.listInstances(filters) }), [queryKey]);
  const shown = list.data?.page;
  const current = list.data?.key === queryKey;
  useLiveRefetch((i) => !filters.workflowId || i.workflowId === filters.workflowId, list.reload);
  // The Waiting column is timed from when the list arrived, and ticks each second while it shows a time (it shows tenths
  // of a second below 10 s); before, from a clock renewed every 15 s, so a journey waiting 7 s read "0 ms" (walk 45).
  const now = useNow(shown?.items.some((i) => i.status === 'Waiting' && i.waitingSince) ? 1000 : 15000, shown);

  // Bulk retry/cancel need the Operator role: a Viewer or a Designer gets neither the bar nor the selection column.
  const canBulk = useCan('bulk');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<BulkRun | null>(null);
  // Every journey the filters match, on every page (offered once the whole page is selected and there are more): the
  // bulk actions then run by filter, after the server's count (BulkByFilterDialog). Keyed by the filters, so a change of
  // filter, sort or page drops it.
  const [allMatching, setAllMatching] = useState<string | null>(null);
  const matchingAll = allMatching === filtersKey(filters);
  const [byFilter, setByFilter] = useState<'cancel' | 'retry' | null>(null);
  // The bulk action whose dialog is open, and the reason typed in it (required for both, as for one journey: CancelButton,
  // RetryButton).
  const [confirming, setConfirming] = useState<'cancel' | 'retry' | null>(null);
  const [reason, setReason] = useState('');
  const reasonHint = useId();
  // Abandon (the Admin's last resort for journeys whose keys are lost) opens with the server's dry run of the selection.
  const canAbandon = useCan('abandon');
  const [abandoning, setAbandoning] = useState(false);
  const [abandoned, setAbandoned] = useState<BulkAbandon | null>(null);
  const [busy, setBusy] = useState(false);
  // Only narrow screens collapse the filters (see .filters-collapsed in styles.css).
  const [showFilters, setShowFilters] = useState(false);

  useEffect(() => {
    document.title = 'Journeys · LoanJourney Studio';
  }, []);
  // Keep the selection to rows still on screen.
  const items = shown?.items ?? [];
  useEffect(() => {
    setSelected((s) => {
      const visible = new Set(items.map((i) => i.id));
      const next = new Set([...s].filter((id) => visible.has(id)));
      return next.size === s.size ? s : next;
    });
  }, [items]);

  const runBulk = async (kind: 'cancel' | 'retry') => {
    setBusy(true);
    // A retry is sent only for the selected journeys whose incident can be retried: a money question (awaitsDecision) is
    // answered on its journey, and the server refuses its retry (session 47's walk counted and sent them).
    const ids = [...selected].filter((id) => kind === 'cancel' || retryable(items.find((i) => i.id === id)));
    try {
      const why = reason.trim(); // required by the dialogs (reasonGiven) and by the server
      const result = kind === 'cancel' ? await api.bulkCancel(ids, why) : await api.bulkRetry(ids, why);
      setBulk({ kind, result });
      // A cancel keeps its refused journeys selected; a retry deselects every journey it was sent for, the refused too, so
      // *Retry incidents…* is not offered again for them (session 47's walk).
      setSelected(kind === 'cancel' ? new Set(result.results.filter((r) => !r.ok).map((r) => r.id))
        : new Set([...selected].filter((id) => !ids.includes(id))));
    } catch (e) {
      setBulk({ kind, error: toApiError(e) });
    } finally {
      setBusy(false);
      setConfirming(null);
      list.reload();
    }
  };

  const take = filters.take ?? DEFAULT_TAKE;
  const page = journeysPaging.pageNumber(listPage);
  const total = shown?.total ?? 0;
  const counts = shown?.countsByStatus;
  const countAll = counts ? INSTANCE_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0) : undefined;
  const selectedWithIncident = items.filter((i) => selected.has(i.id) && retryable(i)).length;
  const selectedAwaitingDecision = items.filter((i) => selected.has(i.id) && i.hasIncident && i.awaitsDecision).length;
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  const moreThanShown = total > items.length;
  const select = (s: Set<string>) => {
    setAllMatching(null);
    setSelected(s);
  };

  const toggleStatus = (s: InstanceStatus) => {
    const cur = new Set(filters.status ?? []);
    if (cur.has(s)) cur.delete(s);
    else cur.add(s);
    change({ status: INSTANCE_STATUSES.filter((x) => cur.has(x)) });
  };

  const sortBy = (field: 'createdAt' | 'updatedAt') => {
    const curSort = filters.sort ?? 'createdAt';
    const curOrder = filters.order ?? 'desc';
    change({ sort: field, order: curSort === field && curOrder === 'desc' ? 'asc' : 'desc' });
  };
  const ariaSort = (field: 'createdAt' | 'updatedAt') =>
    (filters.sort ?? 'createdAt') === field ? ((filters.order ?? 'desc') === 'desc' ? 'descending' : 'ascending') : 'none';

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, id: string) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter') navigate(`/journeys/${encodeURIComponent(id)}`);
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const sib = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
      (sib as HTMLElement | null)?.focus();
    } else if (e.key === ' ') {
      e.preventDefault();
      select(toggled(selected, id));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Journeys</h1>
        {list.loading && list.data && <span className="muted small" role="status">Refreshing…</span>}
      </div>

      <div className="status-counts" role="group" aria-label="Filter by status">
        <button type="button" className="count-chip" aria-pressed={!filters.status?.length} data-testid="status-count-all" data-count={countAll ?? ''}
          onClick={() => change({ status: [] })}>
          <span className="count-label">All</span><span className="count-value">{countAll ?? '–'}</span>
        </button>
        {INSTANCE_STATUSES.map((s) => (
          <button key={s} type="button" className={`count-chip chip-${s.toLowerCase()}`} aria-pressed={filters.status?.includes(s) ?? false}
            data-testid={`status-count-${s}`} data-status={s} data-count={counts?.[s] ?? ''} onClick={() => toggleStatus(s)}>
            <span className="count-label">{s}</span><span className="count-value">{counts?.[s] ?? '–'}</span>
          </button>
        ))}
      </div>

      <button type="button" className="btn filters-toggle" aria-expanded={showFilters} aria-controls="journey-filters" onClick={() => setShowFilters((v) => !v)}>
        {showFilters ? 'Hide filters' : 'Show filters'}
      </button>
      <FiltersForm key={queryKey} collapsed={!showFilters} filters={filters} workflows={workflows.data ?? []} onApply={(c) => change(c)} onReset={() => apply({})} />

      <ProblemAlert error={list.error} />

      {canBulk && <div className="bulkbar" role="region" aria-label="Bulk actions" data-testid="bulk-bar">
        {matchingAll
          ? <span data-testid="bulk-all-matching">All {total} journeys matching the filters are selected, on every page.</span>
          : <span>{selected.size ? `${selected.size} selected` : 'Select journeys for bulk actions'}</span>}
        {allSelected && moreThanShown && !matchingAll && current && <button type="button" className="btn btn-ghost" data-testid="bulk-select-matching"
          onClick={() => setAllMatching(filtersKey(filters))}>Select all {total} matching the filters</button>}
        <button type="button" className="btn" disabled={(!matchingAll && !selectedWithIncident) || busy} data-testid="bulk-retry"
          onClick={() => { if (matchingAll) setByFilter('retry'); else { setReason(''); setConfirming('retry'); } }}>
          Retry incidents…{matchingAll ? ' (all matching)' : selectedWithIncident ? ` (${selectedWithIncident})` : ''}
        </button>
        <button type="button" className="btn btn-danger-outline" disabled={(!matchingAll && !selected.size) || busy} data-testid="bulk-cancel"
          onClick={() => { if (matchingAll) setByFilter('cancel'); else { setReason(''); setConfirming('cancel'); } }}>
          Cancel journeys{matchingAll ? ' (all matching)' : selected.size ? ` (${selected.size})` : ''}
        </button>
        {canAbandon && !matchingAll && <button type="button" className="btn btn-danger-outline" disabled={!selected.size || busy} onClick={() => setAbandoning(true)} data-testid="bulk-abandon">
          Abandon…{selected.size ? ` (${selected.size})` : ''}
        </button>}
        {(selected.size > 0 || matchingAll) && <button type="button" className="btn btn-ghost" onClick={() => select(new Set())}>Clear selection</button>}
      </div>}
      {bulk && <BulkOutcome bulk={bulk} onDismiss={() => setBulk(null)} />}
      {abandoned && <BulkAbandonOutcome result={abandoned} onDismiss={() => setAbandoned(null)} />}

      {!list.data && list.loading ? <Loading /> : (
        <div className="table-wrap">
          {/* At 1280 px every column shows without scrolling sideways (walk 44: Waiting was behind the scroll bar): ids and
              names wrap inside their cells, times take two lines (date, time), headers wrap between words. */}
          <table className="table table-list journeys-table" data-testid="instance-table">
            <caption className="sr-only">Journeys, {total} matching</caption>
            <thead>
              <tr>
                {canBulk && <th scope="col" className="col-check">
                  <input type="checkbox" aria-label="Select all journeys on this page" checked={allSelected}
                    onChange={() => select(allSelected ? new Set() : new Set(items.map((i) => i.id)))} />
                </th>}
                <th scope="col">Journey</th>
                <th scope="col">Workflow</th>
                <th scope="col">Status</th>
                <th scope="col">Current step</th>
                <th scope="col">Outcome</th>
                <th scope="col">Correlation</th>
                <th scope="col">Partner</th>
                <th scope="col" aria-sort={ariaSort('createdAt')}>
                  <button type="button" className="sort" onClick={() => sortBy('createdAt')}>Created<SortArrow dir={ariaSort('createdAt')} /></button>
                </th>
                <th scope="col" aria-sort={ariaSort('updatedAt')}>
                  <button type="button" className="sort" onClick={() => sortBy('updatedAt')}>Updated<SortArrow dir={ariaSort('updatedAt')} /></button>
                </th>
                <th scope="col">Waiting</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 && (
                <tr><td colSpan={canBulk ? 11 : 10} className="empty">
                  {page > 1 && total > 0 ? 'No rows after the previous page: it was the last one.' : 'No journeys match these filters.'}
                </td></tr>
              )}
              {items.map((i) => (
                <tr key={i.id} tabIndex={0} data-testid="instance-row" data-instance-id={i.id} data-status={i.status}
                  className={selected.has(i.id) ? 'row-selected' : undefined} onKeyDown={(e) => onRowKey(e, i.id)}
                  aria-label={`Journey ${i.id}, ${i.status}${badgesLabel(i)}`}>
                  {canBulk && <td className="col-check">
                    <input type="checkbox" aria-label={`Select journey ${i.id}`} checked={selected.has(i.id)} onChange={() => select(toggled(selected, i.id))} />
                  </td>}
                  <td><a className="mono" href={href(`/journeys/${encodeURIComponent(i.id)}`)} title={i.id}>{shortId(i.id)}</a></td>
                  <td className="cell-id">{i.workflowId} <span className="muted nowrap">v{i.version}</span></td>
                  <td className="cell-wrap"><StatusBadge status={i.status} /><JourneyBadges journey={i} /></td>
                  <td className="mono cell-id">{i.currentStep ?? '—'}</td>
                  <td className="cell-outcome" data-testid="instance-outcome">{i.outcome ?? '—'}</td>
                  <td className="mono cell-id">{i.correlationId ?? '—'}</td>
                  <td className="mono cell-id" data-testid="instance-partner" title={i.partnerName ? `Started by partner ${i.partnerName}'s key` : 'The team\'s journey'}>{i.partnerName ?? '—'}</td>
                  <td className="cell-time"><TwoLineTime iso={i.createdAt} /></td>
                  <td className="cell-time"><TwoLineTime iso={i.updatedAt} /></td>
                  <td className="nowrap">{i.waitingSince && i.status === 'Waiting' ? formatDuration(since(i.waitingSince, now)) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <JourneysPager page={page} take={take} shown={shown} current={current}
        onFirst={() => go(journeysPaging.first(listPage))} onPrevious={() => go(journeysPaging.previous(listPage))}
        onNext={(next) => go(journeysPaging.next(listPage, next))} onTake={(t) => change({ take: t })} />

      {abandoning && (
        <BulkAbandonDialog ids={[...selected]} onClose={() => setAbandoning(false)} onDone={(result) => {
          setAbandoning(false);
          setAbandoned(result);
          setSelected(new Set(result.items.filter((i) => !i.abandoned).map((i) => i.id)));
          list.reload();
        }} />
      )}
      {byFilter && (
        <BulkByFilterDialog kind={byFilter} filter={toBulkFilter(filters)} onClose={() => setByFilter(null)} onDone={(run) => {
          setByFilter(null);
          setBulk({ kind: byFilter, ...run });
          select(new Set());
          list.reload();
        }} />
      )}
      {confirming === 'cancel' && (
        <ConfirmDialog title={`Cancel ${selected.size} journeys?`} confirmLabel="Cancel journeys" danger busy={busy} confirmDisabled={!reasonGiven(reason)}
          onClose={() => setConfirming(null)} onConfirm={() => runBulk('cancel')}>
          <p id={reasonHint}>Each journey runs its definition's compensation (for example, releasing a pay-later block) and ends as Cancelled. This cannot be undone.</p>
          <KeptReason hint={reasonHint} value={reason} onChange={setReason} testId="cancel-reason" />
        </ConfirmDialog>
      )}
      {confirming === 'retry' && (
        <ConfirmDialog title={`Retry the incidents of ${selectedWithIncident} journeys?`} confirmLabel="Retry incidents" busy={busy}
          confirmDisabled={!reasonGiven(reason)} onClose={() => setConfirming(null)} onConfirm={() => runBulk('retry')}>
          <p id={reasonHint}>Each selected journey with an incident runs its faulted step again (a lender call is sent again); the others are left as they are.</p>
          {selectedAwaitingDecision > 0 && <p data-testid="retry-left-out">{selectedAwaitingDecision === 1 ? '1 selected journey asks' : `${selectedAwaitingDecision} selected journeys ask`} whether
            a money call took effect (OutcomeUnknown): not retried here; answer each on its journey.</p>}
          <KeptReason hint={reasonHint} value={reason} onChange={setReason} testId="retry-reason" />
        </ConfirmDialog>
      )}
    </div>
  );
}

/** A time as the list shows it: the date above the time, each unbroken (the whole of it in the tooltip). */
function TwoLineTime({ iso }: { iso: string | null | undefined }) {
  const parts = formatTimeParts(iso);
  if (!parts) return <>{formatTime(iso)}</>;
  return <time dateTime={iso ?? undefined} title={formatTime(iso)}><span>{parts.date}</span> <span>{parts.time}</span></time>;
}

/** Whether a journey's open incident can be retried: it has one, and it is not a money question awaiting a decision. */
function retryable(i: { hasIncident: boolean; awaitsDecision: boolean } | undefined): boolean {
  return !!i && i.hasIncident && !i.awaitsDecision;
}

function toggled(s: Set<string>, id: string): Set<string> {
  const n = new Set(s);
  if (n.has(id)) n.delete(id);
  else n.add(id);
  return n;
}

/** The filters without the page: selecting every match holds while the filters and sort stay, whichever page is shown. */
function filtersKey(f: InstanceFilters): string {
  return JSON.stringify(toBulkFilter(f));
}
