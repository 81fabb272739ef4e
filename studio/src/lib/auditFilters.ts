import type { AuditFilters } from '../api/types';
import { isAuditAction } from './auditSummary';
import { dropUndefined, getText, nonNegativeInt, setText } from './filters';
import { keysetPaging, type KeysetPage } from './paging';

export const AUDIT_DEFAULT_TAKE = 50;
/** The API's largest page (`take` ≤ 1000). */
export const AUDIT_MAX_TAKE = 1000;

/**
 * The audit list's URL query uses exactly the API's query names, as the journeys list does (lib/filters.ts):
 * `#/audit?action=cancel&instanceId=01J…` ↔ `GET /api/audit?action=cancel&instanceId=01J…`. The list pages by keyset
 * (docs/studio.md, "Audit trail"): `before` is the `next` the API answered for the page before (an entry's `seq`), and
 * the Studio's own `trail` (lib/paging.ts, never sent) keeps the way back; `skip` is neither read nor sent, so an old
 * offset link opens at the first page. The API's default page is 100 entries, the Studio's 50: a request always names
 * its `take`, a shareable URL only when it is not the Studio's default.
 */
export function auditFiltersToSearchParams(f: AuditFilters, opts: { omitDefaults?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  setText(p, 'from', f.from);
  setText(p, 'to', f.to);
  setText(p, 'principal', f.principal);
  if (f.action?.length) p.set('action', f.action.join(','));
  setText(p, 'workflowId', f.workflowId);
  setText(p, 'instanceId', f.instanceId);
  if (f.before !== undefined) p.set('before', String(f.before));
  const take = f.take ?? AUDIT_DEFAULT_TAKE;
  if (!(opts.omitDefaults && take === AUDIT_DEFAULT_TAKE)) p.set('take', String(take));
  return p;
}

/** The formats of the audit export (`GET /api/audit/export?format=`), the server's default first. */
export const AUDIT_EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/**
 * The query of the audit export: the list's filters as the list sends them, without its page (`before`, `take`: the
 * server refuses them, an export is every matching entry) and with the format (docs/api.md, "Audit export").
 */
export function auditExportSearchParams(f: AuditFilters, format: AuditExportFormat): URLSearchParams {
  const p = auditFiltersToSearchParams(f);
  p.delete('before');
  p.delete('take');
  p.set('format', format);
  return p;
}

/** Parses an audit URL query; what the API would refuse or never match (a time that is no time, an unknown action) is dropped. */
export function auditFiltersFromSearchParams(p: URLSearchParams): AuditFilters {
  const time = (name: string) => {
    const v = getText(p, name);
    return v && !Number.isNaN(Date.parse(v)) ? v : undefined;
  };
  // Several actions, comma-separated or repeated, as the API takes them; an unknown one is dropped, the others kept.
  const actions = [...new Set(p.getAll('action').flatMap((a) => a.split(',')).map((a) => a.trim()).filter(isAuditAction))];
  const before = getText(p, 'before');
  const take = nonNegativeInt(p.get('take'));
  return dropUndefined<AuditFilters>({
    from: time('from'),
    to: time('to'),
    principal: getText(p, 'principal'),
    action: actions.length ? actions : undefined,
    workflowId: getText(p, 'workflowId'),
    instanceId: getText(p, 'instanceId'),
    before: before === undefined ? undefined : parseSeq(before),
    take: take ? Math.min(take, AUDIT_MAX_TAKE) : undefined,
  });
}

/** An entry's `seq` (what the API answers as `next`): a positive integer; anything else in a URL is dropped rather than sent. */
export function parseSeq(text: string): number | undefined {
  const n = Number(text);
  return /^[1-9][0-9]*$/.test(text) && Number.isSafeInteger(n) ? n : undefined;
}

/** A page of the audit list: `before` (an entry's `seq`) and its trail. */
export type AuditListPage = KeysetPage<AuditFilters, number>;

export const auditPaging = keysetPaging({
  cursor: 'before',
  parseCursor: parseSeq,
  filtersFromSearchParams: auditFiltersFromSearchParams,
  filtersToSearchParams: (f) => auditFiltersToSearchParams(f, { omitDefaults: true }),
});

/**
 * Where a page of the audit list is. Every page before it was full (the API answers `next` only for a full page) and of
 * this size (a new size starts at page 1), so its entries are numbered from (page − 1) × take + 1 in the walk that
 * reached it: actions recorded since come before page 1 and neither shift this page nor renumber it.
 */
export interface AuditPosition {
  /** 1-based. */
  page: number;
  pages: number;
  /** 1-based position of the first and last entry shown (0 when none is). */
  first: number;
  last: number;
  /** Every entry matching the filters, on any page. */
  total: number;
}

export function auditPosition(page: number, take: number, answer: { items: readonly unknown[]; total: number }): AuditPosition {
  const before = (page - 1) * take;
  const shown = answer.items.length;
  return {
    page,
    pages: Math.max(page, Math.ceil(answer.total / take)),
    first: shown ? before + 1 : 0,
    last: shown ? before + shown : 0,
    total: answer.total,
  };
}

/** "Entries 51–100 of 230 · page 2 of 5", or what is true when the page is empty. */
export function describeAuditPosition(pos: AuditPosition): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (pos.total === 0) return 'No entries';
  if (pos.first === 0) return `No entries on page ${n(pos.page)} · ${n(pos.total)} matching`;
  return `Entries ${n(pos.first)}–${n(pos.last)} of ${n(pos.total)} · page ${n(pos.page)} of ${n(pos.pages)}`;
}
