import type { AuditEntry } from '../../api/types';
import { summarizeAuditData } from '../../lib/auditSummary';

/** An entry's data in words (lib/auditSummary.ts), as the server masked it; a dash (or nothing) when it carries none. */
export function AuditDataSummary({ entry, dashWhenEmpty = true }: { entry: AuditEntry; dashWhenEmpty?: boolean }) {
  const phrases = summarizeAuditData(entry.action, entry.data);
  if (!phrases.length) return dashWhenEmpty ? <span className="muted" data-testid="audit-data">—</span> : null;
  return (
    <ul className="audit-facts" data-testid="audit-data">
      {phrases.map((p, i) => <li key={i}>{p}</li>)}
    </ul>
  );
}
