import type { InstanceFilters } from '../api/types';
import { filtersFromSearchParams, filtersToSearchParams, isCursor } from './filters';

/**
 * A page of the journeys list, as its URL says it (docs/studio.md, "Paging"): the filters with `after` (the API's name:
 * the cursor this page is asked with, absent on page 1) and `trail`, the cursors of the pages before it, oldest first.
 * The whole way back lives in the URL, so Back/Forward, a reload and a shared link show the same page and Previous works
 * after any of them; the API never sees `trail`.
 */
export interface ListPage {
  filters: InstanceFilters;
  trail: string[];
}

export function listPageFromSearchParams(p: URLSearchParams): ListPage {
  const filters = filtersFromSearchParams(p);
  const trail = (p.get('trail') ?? '').split(',').filter((c) => c !== '');
  // A trail without a page to lead to, or with anything that is not a cursor, is dropped whole: a partly kept trail
  // would number the pages wrongly and lead Previous to a page that was never shown.
  return { filters, trail: filters.after && trail.every(isCursor) ? trail : [] };
}

export function listPageToSearchParams(page: ListPage): URLSearchParams {
  const p = filtersToSearchParams(page.filters, { omitDefaults: true });
  if (page.filters.after && page.trail.length) p.set('trail', page.trail.join(','));
  return p;
}

/** 1 for the first page; each cursor in the trail is one page before this one. */
export function pageNumber(page: ListPage): number {
  return page.filters.after ? page.trail.length + 2 : 1;
}

/** The page after this one: `next` is the cursor the API answered for this page. */
export function nextPage(page: ListPage, next: string): ListPage {
  return {
    filters: { ...page.filters, after: next },
    trail: page.filters.after ? [...page.trail, page.filters.after] : [],
  };
}

export function previousPage(page: ListPage): ListPage {
  const before = page.trail.at(-1);
  if (before === undefined) return firstPage(page);
  return { filters: { ...page.filters, after: before }, trail: page.trail.slice(0, -1) };
}

export function firstPage(page: ListPage): ListPage {
  const filters = { ...page.filters };
  delete filters.after;
  return { filters, trail: [] };
}
