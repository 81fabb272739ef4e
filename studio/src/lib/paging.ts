import type { InstanceFilters } from '../api/types';
import { filtersFromSearchParams, filtersToSearchParams, isCursor } from './filters';

/**
 * A page of a list paged by keyset, as its URL says it (docs/studio.md, "Paging"): the filters with the cursor under
 * the API's name (the journeys list's `after`, the audit list's `before`: the `next` of the page before, absent on page 1)
 * and `trail`, the cursors of the pages before it, oldest first. The whole way back lives in the URL, so Back/Forward,
 * a reload and a shared link show the same page and Previous works after any of them; the API never sees `trail`.
 */
export interface KeysetPage<F, C> {
  filters: F;
  trail: C[];
}

/** A list's keyset paging: its page ↔ URL, the page number, and the pages after, before and first. */
export interface KeysetPaging<F, C> {
  fromSearchParams(p: URLSearchParams): KeysetPage<F, C>;
  toSearchParams(page: KeysetPage<F, C>): URLSearchParams;
  /** 1 for the first page; each cursor in the trail is one page before this one. */
  pageNumber(page: KeysetPage<F, C>): number;
  /** The page after this one: `next` is the cursor the API answered for this page. */
  next(page: KeysetPage<F, C>, next: C): KeysetPage<F, C>;
  previous(page: KeysetPage<F, C>): KeysetPage<F, C>;
  first(page: KeysetPage<F, C>): KeysetPage<F, C>;
}

/**
 * The one keyset-trail implementation: `cursor` names the filter the API pages with; `parseCursor` reads one from a URL
 * (undefined for anything the API never answers as `next`, so the filters' own parser and the trail agree); the list's
 * filters ↔ URL do the rest, the cursor included.
 */
export function keysetPaging<F extends object, K extends keyof F & string>(list: {
  cursor: K;
  parseCursor: (text: string) => NonNullable<F[K]> | undefined;
  filtersFromSearchParams: (p: URLSearchParams) => F;
  filtersToSearchParams: (f: F) => URLSearchParams;
}): KeysetPaging<F, NonNullable<F[K]>> {
  type C = NonNullable<F[K]>;
  type Page = KeysetPage<F, C>;
  const cursorOf = (page: Page): C | undefined => page.filters[list.cursor] ?? undefined;
  const at = (page: Page, cursor: C, trail: C[]): Page => ({ filters: { ...page.filters, [list.cursor]: cursor }, trail });
  const first = (page: Page): Page => {
    const filters = { ...page.filters };
    delete filters[list.cursor];
    return { filters, trail: [] };
  };
  return {
    fromSearchParams(p) {
      const filters = list.filtersFromSearchParams(p);
      const trail = (p.get('trail') ?? '').split(',').filter((c) => c !== '').map(list.parseCursor);
      // A trail without a page to lead to, or with anything that is not a cursor, is dropped whole: a partly kept trail
      // would number the pages wrongly and lead Previous to a page that was never shown.
      const whole = filters[list.cursor] !== undefined && trail.every((c) => c !== undefined);
      return { filters, trail: whole ? (trail as C[]) : [] };
    },
    toSearchParams(page) {
      const p = list.filtersToSearchParams(page.filters);
      if (cursorOf(page) !== undefined && page.trail.length) p.set('trail', page.trail.join(','));
      return p;
    },
    pageNumber: (page) => (cursorOf(page) !== undefined ? page.trail.length + 2 : 1),
    next(page, next) {
      const cursor = cursorOf(page);
      return at(page, next, cursor !== undefined ? [...page.trail, cursor] : []);
    },
    previous(page) {
      const before = page.trail.at(-1);
      return before === undefined ? first(page) : at(page, before, page.trail.slice(0, -1));
    },
    first,
  };
}

/** A page of the journeys list: `after` (an opaque cursor) and its trail. */
export type ListPage = KeysetPage<InstanceFilters, string>;

export const journeysPaging = keysetPaging({
  cursor: 'after',
  parseCursor: (text) => (isCursor(text) ? text : undefined),
  filtersFromSearchParams,
  filtersToSearchParams: (f) => filtersToSearchParams(f, { omitDefaults: true }),
});
