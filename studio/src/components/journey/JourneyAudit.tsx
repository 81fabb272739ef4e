import { api } from '../../api/client';
import { AUDIT_ACTIONS, isAuditAction } from '../../lib/auditSummary';
import { formatTime } from '../../lib/format';
import { useAsync } from '../../lib/hooks';
import { href } from '../../lib/router';
import { AuditDataSummary } from '../audit/AuditDataSummary';
import { Loading, ProblemAlert } from '../common';

/** How many of a journey's latest operator actions its page lists; the Audit page has them all. */
export const JOURNEY_AUDIT_TAKE = 10;

/**
 * The journey's operator actions from the audit trail (`GET /api/audit?instanceId=`), newest first, with a link to the
 * Audit page filtered on it. The trail outlives the journal's data (a redacted journey's journal keeps no `by`), and is
 * asked again whenever the journey changes (`changedAt`): an action changes it, and its audit entry is written as it commits.
 */
export function JourneyAudit({ id, changedAt }: { id: string; changedAt: string }) {
  const audit = useAsync(() => api.listAudit({ instanceId: id, take: JOURNEY_AUDIT_TAKE }), [id, changedAt]);
  const page = audit.data;
  const link = href('/audit', { instanceId: id });
  return (
    <section className="card" aria-labelledby="journey-audit-h" data-testid="journey-audit">
      <div className="card-head">
        <h2 id="journey-audit-h">Operator actions</h2>
        {page && page.total > 0 && (
          <a href={link} data-testid="journey-audit-link">
            {page.total > page.items.length ? `All ${page.total.toLocaleString('en-US')} in the audit trail` : 'In the audit trail'}
          </a>
        )}
      </div>
      <ProblemAlert error={audit.error} />
      {!page ? (!audit.error && <Loading />) : page.items.length === 0 ? (
        <p className="muted" data-testid="journey-audit-empty">No operator action on this journey yet.</p>
      ) : (
        <ol className="audit-list">
          {page.items.map((e) => (
            <li key={e.seq} className="audit-item" data-testid="audit-item" data-action={e.action} data-seq={e.seq}>
              <div className="audit-item-line">
                <span className="badge badge-code mono" title={isAuditAction(e.action) ? AUDIT_ACTIONS[e.action] : undefined}>{e.action}</span>
                <span>by <strong data-testid="audit-principal">{e.principal}</strong></span>
                <time className="muted small" dateTime={e.at}>{formatTime(e.at)}</time>
              </div>
              {e.reason && <div className="audit-reason" data-testid="audit-reason">“{e.reason}”</div>}
              <AuditDataSummary entry={e} dashWhenEmpty={false} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
