import type { AuditPosition } from '../../lib/auditFilters';
import { AUDIT_PAGE_SIZES, describeAuditPosition } from '../../lib/auditFilters';

/** Offset paging (the audit API's `skip`/`take`): where the page is, First, Previous, Next and the page size. */
export function AuditPager({ position, total, take, onFirst, onPrevious, onNext, onTake }: {
  position: AuditPosition | null; total: number; take: number;
  onFirst: () => void; onPrevious: () => void; onNext: () => void; onTake: (take: number) => void;
}) {
  return (
    <nav className="pager" aria-label="Pages" data-testid="audit-pager" data-page={position?.page ?? ''}>
      <span data-testid="audit-page-range" aria-live="polite">{position ? describeAuditPosition(position, total) : 'Loading…'}</span>
      <button type="button" className="btn" disabled={!position?.hasPrevious} onClick={onFirst}>First</button>
      <button type="button" className="btn" disabled={!position?.hasPrevious} onClick={onPrevious}>Previous</button>
      <button type="button" className="btn" disabled={!position?.hasNext} onClick={onNext}>Next</button>
      <label className="inline">Per page
        <select value={take} onChange={(e) => onTake(Number(e.target.value))}>
          {[...new Set([...AUDIT_PAGE_SIZES, take])].sort((a, b) => a - b).map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
    </nav>
  );
}
