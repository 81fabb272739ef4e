import type { AuditPage } from '../../api/types';
import { auditPosition, describeAuditPosition } from '../../lib/auditFilters';
import { KeysetPager, type PagerMoves } from '../KeysetPager';

/**
 * The audit list's pager: which entries of how many are shown, on which page of how many (lib/auditFilters.ts,
 * auditPosition). `shown` is the answer for the page in the URL only when `current`.
 */
export function AuditPager({ page, take, shown, current, ...moves }: {
  page: number; take: number; shown: AuditPage | undefined; current: boolean;
} & PagerMoves<number>) {
  return (
    <KeysetPager testId="audit-pager" rangeTestId="audit-page-range"
      range={current && shown ? describeAuditPosition(auditPosition(page, take, shown)) : 'Loading…'}
      page={page} current={current} next={shown?.next} take={take} {...moves} />
  );
}
