import type { AuditFilters } from '../api/types';
import { isAuditAction } from './auditSummary';
import { dropUndefined, getText, nonNegativeInt, setText } from './filters';

export const AUDIT_DEFAULT_TAKE = 50;
/** The API's largest page (`take` ≤ 1000). */
export const AUDIT_MAX_TAKE = 1000;
export const AUDIT_PAGE_SIZES = [25, 50, 100, 200] as const;

/**
 * The audit list's URL query uses exactly the API's query names, as the journeys list does (lib/filters.ts):
 * `#/audit?action=cancel&instanceId=01J…` ↔ `GET /api/audit?action=cancel&instanceId=01J…`. The API pages this list by
 * offset (`skip`), so `skip` is in the URL too. The API's default page is 100 entries, the Studio's 50: a request always
 * names its `take`, a shareable URL only when it is not the Studio's default.
 */
export function auditFiltersToSearchParams(f: AuditFilters, opts: { omitDefaults?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  setText(p, 'from', f.from);
  setText(p, 'to', f.to);
  setText(p, 'principal', f.principal);
  if (f.action) p.set('action', f.action);
  setText(p, 'workflowId', f.workflowId);
  setText(p, 'instanceId', f.instanceId);
  if (f.skip) p.set('skip', String(f.skip));
  const take = f.take ?? AUDIT_DEFAULT_TAKE;
  if (!(opts.omitDefaults && take === AUDIT_DEFAULT_TAKE)) p.set('take', String(take));
  return p;
}

/** Parses an audit URL query; what the API would refuse or never match (a time that is no time, an unknown action) is dropped. */
export function auditFiltersFromSearchParams(p: URLSearchParams): AuditFilters {
  const time = (name: string) => {
    const v = getText(p, name);
    return v && !Number.isNaN(Date.parse(v)) ? v : undefined;
  };
  const action = getText(p, 'action');
  const take = nonNegativeInt(p.get('take'));
  return dropUndefined<AuditFilters>({
    from: time('from'),
    to: time('to'),
    principal: getText(p, 'principal'),
    action: action && isAuditAction(action) ? action : undefined,
    workflowId: getText(p, 'workflowId'),
    instanceId: getText(p, 'instanceId'),
    skip: nonNegativeInt(p.get('skip')) || undefined,
    take: take ? Math.min(take, AUDIT_MAX_TAKE) : undefined,
  });
}

/** Where a page of the audit list is: an offset page knows its place in the list and how many pages there are. */
export interface AuditPosition {
  /** 1-based. */
  page: number;
  pages: number;
  /** 1-based position of the first and last entry shown (0 when none is). */
  first: number;
  last: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export function auditPosition(f: AuditFilters, shown: number, total: number): AuditPosition {
  const skip = f.skip ?? 0;
  const take = f.take ?? AUDIT_DEFAULT_TAKE;
  return {
    page: Math.floor(skip / take) + 1,
    pages: Math.max(1, Math.ceil(total / take)),
    first: shown ? skip + 1 : 0,
    last: skip + shown,
    hasPrevious: skip > 0,
    hasNext: skip + take < total,
  };
}

/** The page after, before, or the first: the filters stay, only `skip` moves (a page of its own size). */
export function auditPageAt(f: AuditFilters, to: 'first' | 'previous' | 'next'): AuditFilters {
  const take = f.take ?? AUDIT_DEFAULT_TAKE;
  const skip = to === 'first' ? 0 : Math.max(0, (f.skip ?? 0) + (to === 'next' ? take : -take));
  const next: AuditFilters = { ...f, skip };
  if (!skip) delete next.skip;
  return next;
}

/** "Entries 51–100 of 230 · page 2 of 5", or what is true when the page is empty. */
export function describeAuditPosition(pos: AuditPosition, total: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (total === 0) return 'No entries';
  if (pos.first === 0) return `No entries on page ${n(pos.page)} · ${n(total)} matching`;
  return `Entries ${n(pos.first)}–${n(pos.last)} of ${n(total)} · page ${n(pos.page)} of ${n(pos.pages)}`;
}
