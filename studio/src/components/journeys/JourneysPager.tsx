import type { InstanceList } from '../../api/types';
import { KeysetPager, type PagerMoves } from '../KeysetPager';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The journeys list's pager: the page number and the matching total are what the Studio knows; a row's offset in the
 * list it does not (rows come and go before the cursor), so no "101–150" is claimed. `shown` is the answer for the page
 * in the URL only when `current`.
 */
export function JourneysPager({ page, take, shown, current, ...moves }: {
  page: number; take: number; shown: InstanceList | undefined; current: boolean;
} & PagerMoves<string>) {
  return (
    <KeysetPager testId="pager" rangeTestId="page-range" range={current && shown ? describe(page, shown) : `Page ${page}`}
      page={page} current={current} next={shown?.next} take={take} {...moves} />
  );
}

function describe(page: number, shown: InstanceList): string {
  if (shown.items.length === 0 && page > 1) return `Page ${page} · no rows left · ${count(shown.total)} matching`;
  if (shown.total === 0) return '0 journeys';
  return `Page ${page} · ${shown.items.length} shown · ${count(shown.total)} matching`;
}
