/** The page sizes a list offers (the URL's `take` may name another, which is then offered too). */
export const PAGE_SIZES = [25, 50, 100, 200] as const;

/** Where the pager's buttons and page size lead: the page wires each to a page of lib/paging.ts. */
export interface PagerMoves<C> {
  onFirst: () => void;
  onPrevious: () => void;
  onNext: (next: C) => void;
  onTake: (take: number) => void;
}

/**
 * The pager of a list paged by keyset (lib/paging.ts): what the page says of itself, First, Previous, Next and the page
 * size. `page` is the URL's, so First and Previous work while it loads; `next` is the cursor the API answered, followed
 * only once that answer is for the page in the URL (`current`): a second click while the next page loads cannot skip
 * one. `data-page` names the page of the rows on screen, empty while another loads.
 */
export function KeysetPager<C>({ testId, rangeTestId, range, page, current, next, take, onFirst, onPrevious, onNext, onTake }: {
  testId: string; rangeTestId: string; range: string; page: number; current: boolean; next: C | null | undefined; take: number;
} & PagerMoves<C>) {
  const follow = current ? next ?? null : null;
  return (
    <nav className="pager" aria-label="Pages" data-testid={testId} data-page={current ? page : ''}>
      <span data-testid={rangeTestId} aria-live="polite">{range}</span>
      <button type="button" className="btn" disabled={page === 1} onClick={onFirst}>First</button>
      <button type="button" className="btn" disabled={page === 1} onClick={onPrevious}>Previous</button>
      <button type="button" className="btn" disabled={follow === null} onClick={() => follow !== null && onNext(follow)}>Next</button>
      <label className="inline">Per page
        <select value={take} onChange={(e) => onTake(Number(e.target.value))}>
          {[...new Set([...PAGE_SIZES, take])].sort((a, b) => a - b).map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
    </nav>
  );
}
