import type { JournalEntry, LenderCallData } from '../../api/types';
import { JsonView } from '../common';
import { formatDuration, formatTime } from '../../lib/format';

export function JournalItem({ entry }: { entry: JournalEntry }) {
  const kindClass = `jk-${entry.kind.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}`;
  if (entry.kind === 'LenderCall') {
    const c = (entry.data ?? {}) as LenderCallData;
    const ok = typeof c.httpStatus === 'number' && c.httpStatus < 400;
    return (
      <li className={`tl-item ${kindClass}`} data-testid="lender-call" data-seq={entry.seq}>
        <span className="tl-dot" aria-hidden="true" />
        <div className="tl-main">
          <div className="tl-line">
            <time dateTime={entry.at}>{formatTime(entry.at)}</time>
            {entry.stepId && <span className="mono tl-step">{entry.stepId}</span>}
            <span className="call-lender">{c.lender}</span>
            <span className="mono call-req"><strong>{c.method}</strong> {c.path}</span>
            <span className={`badge ${ok ? 'http-ok' : 'http-err'}`} data-testid="http-status">{c.httpStatus ?? 'no answer'}</span>
            {c.lenderCode && <span className="badge badge-code mono" title="Lender status code">{c.lenderCode}</span>}
            {c.latencyMs !== undefined && c.latencyMs !== null && <span className="muted">{formatDuration(c.latencyMs)}</span>}
            {c.attempt !== undefined && c.attempt > 1 && <span className="muted">attempt {c.attempt}</span>}
          </div>
          {c.error && <div className="error-text small" data-testid="call-error">{c.error}</div>}
          <div className="call-bodies">
            <JsonView label="Request (masked)" value={c.request ?? null} />
            <JsonView label="Response (masked)" value={c.response ?? null} />
          </div>
        </div>
      </li>
    );
  }
  const data = entry.data && Object.keys(entry.data).length ? entry.data : null;
  // Operator actions (retry, skip, cancel, signal, start, …) carry who took them and why (docs/server.md, audit trail).
  const by = typeof entry.data?.by === 'string' ? entry.data.by : null;
  const reason = typeof entry.data?.reason === 'string' ? entry.data.reason : null;
  return (
    <li className={`tl-item ${kindClass}`} data-testid="journal-entry" data-kind={entry.kind} data-seq={entry.seq}>
      <span className="tl-dot" aria-hidden="true" />
      <div className="tl-main">
        <div className="tl-line">
          <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          <span className="tl-kind">{entry.kind}</span>
          {entry.stepId && <span className="mono tl-step">{entry.stepId}</span>}
          {entry.attempt !== undefined && entry.attempt !== null && entry.attempt > 1 && <span className="muted">attempt {entry.attempt}</span>}
          {entry.kind === 'Compensation' && entry.data?.failed === true && <span className="badge http-err">failed</span>}
          {by && <span className="tl-by" data-testid="journal-by">by <strong>{by}</strong></span>}
          {reason && <span className="muted tl-reason" data-testid="journal-reason">“{reason}”</span>}
        </div>
        {data && <JsonView label="Details" value={data} />}
      </div>
    </li>
  );
}
