import type { AuditEntry } from '../../api/types';
import { AUDIT_ACTIONS, isAuditAction } from '../../lib/auditSummary';
import { formatTime, shortId } from '../../lib/format';
import { href } from '../../lib/router';
import { AuditDataSummary } from './AuditDataSummary';
import { AuditOrigin } from './AuditOrigin';

/**
 * The audit entries of a page, newest first. Each cell carries its column's name (`data-label`) for narrow screens,
 * where every row becomes a card of labelled lines instead of a table to scroll sideways (styles.css, .table-stack).
 */
export function AuditTable({ items, total, emptyText }: { items: AuditEntry[]; total: number; emptyText: string }) {
  return (
    <div className="table-wrap">
      <table className="table table-stack audit-table" data-testid="audit-table">
        <caption className="sr-only">Audit entries, newest first, {total} matching</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Principal</th>
            <th scope="col">Action</th>
            <th scope="col">Workflow</th>
            <th scope="col">Journey</th>
            <th scope="col">Reason</th>
            <th scope="col">Details</th>
            <th scope="col">From where</th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 && <tr className="empty-row"><td colSpan={8} className="empty" data-testid="audit-empty">{emptyText}</td></tr>}
          {items.map((e) => (
            <tr key={e.seq} data-testid="audit-row" data-seq={e.seq} data-action={e.action} data-instance-id={e.instanceId ?? ''}>
              <td data-label="Time" className="nowrap"><time dateTime={e.at}>{formatTime(e.at)}</time></td>
              <td data-label="Principal" data-testid="audit-principal">{e.principal}</td>
              <td data-label="Action">
                <span className="badge badge-code mono" data-testid="audit-action" title={isAuditAction(e.action) ? AUDIT_ACTIONS[e.action] : undefined}>{e.action}</span>
              </td>
              <td data-label="Workflow">
                {e.workflowId ? <a href={href(`/definitions/${encodeURIComponent(e.workflowId)}`)}>{e.workflowId}</a> : <span className="muted">—</span>}
              </td>
              <td data-label="Journey">
                {e.instanceId
                  ? <a className="mono" href={href(`/journeys/${encodeURIComponent(e.instanceId)}`)} title={e.instanceId} data-testid="audit-journey">{shortId(e.instanceId)}</a>
                  : <span className="muted">—</span>}
              </td>
              <td data-label="Reason" className="audit-reason" data-testid="audit-reason">{e.reason ?? <span className="muted">—</span>}</td>
              <td data-label="Details"><AuditDataSummary entry={e} /></td>
              <td data-label="From where"><AuditOrigin entry={e} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
