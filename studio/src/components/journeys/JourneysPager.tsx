import type { InstanceList } from '../../api/types';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Keyset paging: the page number and the matching total are what the Studio knows; a row's offset in the list it does
 * not (rows come and go before the cursor), so no "101–150" is claimed. `shown` is the answer for the page in the URL
 * only when `current`; until then Next has no cursor to follow (a second click would otherwise repeat a page).
 */
export function JourneysPager({ page, take, shown, current, onFirst, onPrevious, onNext, onTake }: {
  page: number; take: number; shown: InstanceList | undefined; current: boolean;
  onFirst: () => void; onPrevious: () => void; onNext: (next: string) => void; onTake: (take: number) => void;
}) {
  const next = current ? shown?.next : null;
  return (
    <nav className="pager" aria-label="Pages" data-testid="pager" data-page={current ? page : ''}>
      <span data-testid="page-range" aria-live="polite">{current && shown ? describe(page, shown) : `Page ${page}`}</span>
      <button type="button" className="btn" disabled={page === 1} onClick={onFirst}>First</button>
      <button type="button" className="btn" disabled={page === 1} onClick={onPrevious}>Previous</button>
      <button type="button" className="btn" disabled={!next} onClick={() => next && onNext(next)}>Next</button>
      <label className="inline">Per page
        <select value={take} onChange={(e) => onTake(Number(e.target.value))}>
          {[...new Set([25, 50, 100, 200, take])].sort((a, b) => a - b).map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
    </nav>
  );
}

function describe(page: number, shown: InstanceList): string {
  if (shown.items.length === 0 && page > 1) return `Page ${page} · no rows left · ${count(shown.total)} matching`;
  if (shown.total === 0) return '0 journeys';
  return `Page ${page} · ${shown.items.length} shown · ${count(shown.total)} matching`;
}
