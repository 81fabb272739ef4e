import { api } from '../api/client';
import type { AuditFilters } from '../api/types';
import { AuditExportControl } from '../components/audit/AuditExportControl';
import { AuditFiltersForm } from '../components/audit/AuditFiltersForm';
import { AuditPager } from '../components/audit/AuditPager';
import { AuditTable } from '../components/audit/AuditTable';
import { Loading, ProblemAlert } from '../components/common';
import { AUDIT_DEFAULT_TAKE, auditPaging, type AuditListPage } from '../lib/auditFilters';
import { withFilterChange } from '../lib/filters';
import { useAsync } from '../lib/hooks';
import { navigate } from '../lib/router';
import { useEffect, useMemo, useState } from 'react';

/**
 * The audit trail (`GET /api/audit`): every operator action, newest first, with who took it, on what, why, and what it
 * changed. Filters and the page live in the URL under the API's names, paged by keyset with the Studio's `trail`
 * (lib/auditFilters.ts, lib/paging.ts).
 */
export function AuditPage({ query }: { query: URLSearchParams }) {
  const queryKey = query.toString();
  const listPage = useMemo(() => auditPaging.fromSearchParams(new URLSearchParams(queryKey)), [queryKey]);
  const { filters } = listPage;
  const go = (p: AuditListPage) => navigate('/audit', auditPaging.toSearchParams(p));
  const apply = (f: AuditFilters) => go({ filters: f, trail: [] });
  const change = (c: Partial<AuditFilters>) => apply(withFilterChange(filters, c));

  const workflows = useAsync(() => api.listWorkflows(), []);
  // The answer remembers the URL it was asked for: the page on screen stays while the next one loads, an error for the
  // page asked for is never shown over the rows of another, and only the current page's `next` may be followed. The
  // API is asked with the filters and `before`, never the trail.
  const list = useAsync(async () => ({ key: queryKey, page: await api.listAudit(filters) }), [queryKey]);
  const current = list.data?.key === queryKey;
  const shown = list.data?.page;
  const [showFilters, setShowFilters] = useState(false);

  useEffect(() => {
    document.title = 'Audit · LoanJourney Studio';
  }, []);

  const take = filters.take ?? AUDIT_DEFAULT_TAKE;
  const page = auditPaging.pageNumber(listPage);
  const total = shown?.total ?? 0;
  const filtered = Object.keys(filters).some((k) => k !== 'before' && k !== 'take');
  const failed = list.error !== null && !list.loading;
  const emptyText = page > 1 && total > 0
    ? 'No entries older than the previous page: it was the last one.'
    : filtered ? 'No audit entries match these filters.' : 'No operator actions recorded yet.';

  return (
    <div className="page" data-testid="audit-page">
      <div className="page-head">
        <h1>Audit trail</h1>
        {list.loading && list.data && <span className="muted small" role="status">Refreshing…</span>}
        <button type="button" className="btn btn-ghost page-head-end" onClick={list.reload} disabled={list.loading}>Refresh</button>
      </div>
      <p className="muted page-intro">
        Every operator action on a journey or a workflow, newest first: who took it, when, why, and what it changed. Reasons
        and details are kept as the server masked them.
      </p>

      <button type="button" className="btn filters-toggle" aria-expanded={showFilters} aria-controls="audit-filters" onClick={() => setShowFilters((v) => !v)}>
        {showFilters ? 'Hide filters' : 'Show filters'}
      </button>
      <AuditFiltersForm key={queryKey} collapsed={!showFilters} filters={filters} workflows={workflows.data ?? []}
        onApply={change} onReset={() => apply({ take: filters.take })} />
      <AuditExportControl filters={filters} />

      <ProblemAlert error={list.error} />

      {failed ? null : !list.data ? <Loading /> : (
        <>
          <AuditTable items={shown?.items ?? []} total={total} emptyText={emptyText} />
          <AuditPager page={page} take={take} shown={shown} current={current}
            onFirst={() => go(auditPaging.first(listPage))} onPrevious={() => go(auditPaging.previous(listPage))}
            onNext={(next) => go(auditPaging.next(listPage, next))} onTake={(t) => change({ take: t })} />
        </>
      )}
    </div>
  );
}
