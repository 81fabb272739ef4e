import { INSTANCE_STATUSES, type InstanceFilters, type InstanceStatus } from '../api/types';

export const DEFAULT_TAKE = 50;
export const MAX_TAKE = 500;

/**
 * The list's URL query uses exactly the API's query names, so a Studio link and an API call
 * describe the same list: `#/journeys?status=Faulted&workflowId=x` ↔ `GET /api/instances?status=Faulted&workflowId=x`.
 */
export function filtersToSearchParams(f: InstanceFilters, opts: { omitDefaults?: boolean } = {}): URLSearchParams {
  const p = new URLSearchParams();
  const omit = opts.omitDefaults ?? false;
  const text = (name: string, v: string | undefined) => setText(p, name, v);
  text('workflowId', f.workflowId);
  for (const s of f.status ?? []) p.append('status', s);
  text('outcome', f.outcome);
  text('correlationId', f.correlationId);
  text('partner', f.partner);
  if (f.hasPartner !== undefined) p.set('hasPartner', String(f.hasPartner));
  text('createdFrom', f.createdFrom);
  text('createdTo', f.createdTo);
  text('updatedFrom', f.updatedFrom);
  text('updatedTo', f.updatedTo);
  if (f.hasIncident !== undefined) p.set('hasIncident', String(f.hasIncident));
  text('incidentKind', f.incidentKind);
  text('deferredOn', f.deferredOn);
  if (f.waitingLongerThan !== undefined && f.waitingLongerThan > 0) p.set('waitingLongerThan', String(Math.floor(f.waitingLongerThan)));
  if (f.sort && !(omit && f.sort === 'createdAt')) p.set('sort', f.sort);
  if (f.order && !(omit && f.order === 'desc')) p.set('order', f.order);
  text('after', f.after);
  if (f.skip !== undefined && !(omit && f.skip === 0)) p.set('skip', String(f.skip));
  if (f.take !== undefined && !(omit && f.take === DEFAULT_TAKE)) p.set('take', String(f.take));
  return p;
}

/** The `filter` of a bulk operation: the list's query fields as JSON (status as an array), without sort and paging. */
export type BulkFilter = Record<string, string | string[]>;

/** The list's filters as a bulk operation's `filter`: the same fields the list is asked with, so it touches what it shows. */
export function toBulkFilter(f: InstanceFilters): BulkFilter {
  const out: BulkFilter = {};
  for (const [name, value] of filtersToSearchParams({ ...f, sort: undefined, order: undefined, after: undefined, skip: undefined, take: undefined })) {
    if (name === 'status') out.status = [...((out.status as string[] | undefined) ?? []), value];
    else out[name] = value;
  }
  return out;
}

/** Sets <name> to the trimmed value, or leaves it out when there is none (an empty filter is no filter). */
export function setText(p: URLSearchParams, name: string, v: string | undefined): void {
  const t = v?.trim();
  if (t) p.set(name, t);
}

/** The trimmed value of <name>, or undefined when it is missing or blank. */
export function getText(p: URLSearchParams, name: string): string | undefined {
  const v = p.get(name)?.trim();
  return v ? v : undefined;
}

export function nonNegativeInt(v: string | null): number | undefined {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

/** Drops the keys whose value is undefined, so two filters compare (and serialise) alike. */
export function dropUndefined<F extends object>(f: F): F {
  for (const k of Object.keys(f) as (keyof F)[]) if (f[k] === undefined) delete f[k];
  return f;
}

/** Parses a list URL query; unknown or malformed values are dropped rather than sent to the server. */
export function filtersFromSearchParams(p: URLSearchParams): InstanceFilters {
  const f: InstanceFilters = {};
  const str = (name: string) => getText(p, name);
  f.workflowId = str('workflowId');
  const statuses = p.getAll('status').flatMap((s) => s.split(',')).map((s) => s.trim())
    .filter((s): s is InstanceStatus => (INSTANCE_STATUSES as readonly string[]).includes(s));
  if (statuses.length) f.status = [...new Set(statuses)];
  f.outcome = str('outcome');
  f.correlationId = str('correlationId');
  f.partner = str('partner');
  // `hasPartner=false` with a partner named is the server's 400 (no journey is both): the named partner wins.
  const hasPartner = p.get('hasPartner');
  if (hasPartner === 'true') f.hasPartner = true;
  else if (hasPartner === 'false' && !f.partner) f.hasPartner = false;
  f.createdFrom = str('createdFrom');
  f.createdTo = str('createdTo');
  f.updatedFrom = str('updatedFrom');
  f.updatedTo = str('updatedTo');
  const inc = p.get('hasIncident');
  if (inc === 'true') f.hasIncident = true;
  else if (inc === 'false') f.hasIncident = false;
  f.incidentKind = str('incidentKind');
  f.deferredOn = str('deferredOn');
  const w = nonNegativeInt(p.get('waitingLongerThan'));
  if (w) f.waitingLongerThan = w;
  const sort = p.get('sort');
  if (sort === 'createdAt' || sort === 'updatedAt') f.sort = sort;
  const order = p.get('order');
  if (order === 'asc' || order === 'desc') f.order = order;
  // The Studio pages with the cursor only (docs/studio.md, "Paging"): `skip` in an old link is not sent.
  const after = p.get('after')?.trim();
  if (after && isCursor(after)) f.after = after;
  const take = nonNegativeInt(p.get('take'));
  if (take !== undefined && take > 0) f.take = Math.min(take, MAX_TAKE);
  return dropUndefined(f);
}

/** A `next` as the API makes them (base64url); anything else in a URL is dropped rather than sent. */
export function isCursor(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,1024}$/.test(value);
}

/**
 * Any filter change (sort, order and page size included) sends the user back to the first page: the lists' cursors
 * (the journeys list's `after`, the audit list's `before`) and any offset (`skip`) are dropped.
 */
export function withFilterChange<F extends object>(f: F, change: Partial<NoInfer<F>>): F {
  const next = { ...f, ...change } as F & { after?: string; before?: number; skip?: number };
  delete next.after;
  delete next.before;
  delete next.skip;
  for (const k of Object.keys(next) as (keyof F)[]) {
    const v = next[k];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete next[k];
  }
  return next;
}

/** `datetime-local` values are the operator's local time; the API wants ISO-8601 UTC. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export type DurationUnit = 'minutes' | 'hours' | 'days';
export const UNIT_SECONDS: Record<DurationUnit, number> = { minutes: 60, hours: 3600, days: 86400 };

/** Shows a seconds threshold in the largest unit that divides it exactly. */
export function secondsToAmount(seconds: number | undefined): { amount: string; unit: DurationUnit } {
  if (!seconds) return { amount: '', unit: 'hours' };
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) return { amount: String(seconds / UNIT_SECONDS[unit]), unit };
  }
  return { amount: String(Math.round(seconds / 60)), unit: 'minutes' };
}
