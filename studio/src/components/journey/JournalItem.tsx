import type { JournalEntry, LenderCallData } from '../../api/types';
import { JsonView } from '../common';
import { formatDuration, formatTime } from '../../lib/format';
import { JOURNAL_KINDS, isJournalKind, journalFacts } from '../../lib/journalKinds';
import { memo } from 'react';

/**
 * One lender call as the journal shows it: step, lender and operation, method and path, HTTP status, the lender's code,
 * duration, attempt, and the request and response bodies as the server serves them (masked when the call was recorded; the
 * Studio never unmasks or re-reads them). The journey's journal and a test run's lender calls both show their calls with it;
 * a test run's without `at` (its calls are stamped on the run's compressed clock, a minute a second: their order is what counts).
 */
export function LenderCallItem({ call: c, at, stepId, seq }: { call: LenderCallData; at?: string; stepId: string | null | undefined; seq: number }) {
  const ok = typeof c.httpStatus === 'number' && c.httpStatus < 400;
  return (
    <li className="tl-item jk-lender-call" data-testid="lender-call" data-seq={seq}>
      <span className="tl-dot" aria-hidden="true" />
      <div className="tl-main">
        <div className="tl-line">
          {at && <time dateTime={at}>{formatTime(at)}</time>}
          {stepId && <span className="mono tl-step">{stepId}</span>}
          <span className="call-lender">{c.lender}</span>
          {c.operation && <span className="muted small call-op" data-testid="call-operation">{c.operation}</span>}
          <span className="mono call-req"><strong>{c.method}</strong> {c.path}</span>
          <span className={`badge ${ok ? 'http-ok' : 'http-err'}`} data-testid="http-status">{c.httpStatus ?? 'no answer'}</span>
          {c.lenderCode && <span className="badge badge-code mono" title="Lender status code">{c.lenderCode}</span>}
          {c.latencyMs !== undefined && c.latencyMs !== null && <span className="muted">{formatDuration(c.latencyMs)}</span>}
          {c.attempt !== undefined && c.attempt !== null && c.attempt > 1 && <span className="muted">attempt {c.attempt}</span>}
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

/**
 * A lender call of a journey redacted by retention or the borrower's erasure: the journal keeps the entry's kind, step and
 * time and the server serves its data as null (docs/server.md, "Retention"), so there is no status to show. Said as such,
 * rather than as a call the lender never answered ("no answer") with empty bodies (walk 41).
 */
function RedactedLenderCallItem({ entry }: { entry: JournalEntry }) {
  return (
    <li className="tl-item jk-lender-call" data-testid="lender-call" data-seq={entry.seq} data-redacted="true">
      <span className="tl-dot" aria-hidden="true" />
      <div className="tl-main">
        <div className="tl-line">
          <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          {entry.stepId && <span className="mono tl-step">{entry.stepId}</span>}
          <span className="call-lender">Lender call</span>
          <span className="badge" data-testid="call-redacted" title="Removed by retention or the borrower's erasure">details redacted</span>
        </div>
      </div>
    </li>
  );
}

/**
 * One journal entry. Memoised: it renders again only for another entry object, and the journal keeps an unchanged entry's
 * object across reloads (`useStableEntries`), so a page of thousands renders only what was appended.
 */
export const JournalItem = memo(function JournalItem({ entry }: { entry: JournalEntry }) {
  const kindClass = `jk-${entry.kind.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}`;
  if (entry.kind === 'LenderCall') {
    if (entry.data == null) return <RedactedLenderCallItem entry={entry} />;
    return <LenderCallItem call={entry.data as LenderCallData} at={entry.at} stepId={entry.stepId} seq={entry.seq} />;
  }
  const data = entry.data && Object.keys(entry.data).length ? entry.data : null;
  // Operator actions (retry, skip, cancel, signal, start, …) carry who took them and why (docs/server.md, audit trail).
  const by = typeof entry.data?.by === 'string' ? entry.data.by : null;
  const reason = typeof entry.data?.reason === 'string' ? entry.data.reason : null;
  const facts = journalFacts(entry);
  return (
    <li className={`tl-item ${kindClass}`} data-testid="journal-entry" data-kind={entry.kind} data-seq={entry.seq}>
      <span className="tl-dot" aria-hidden="true" />
      <div className="tl-main">
        <div className="tl-line">
          <time dateTime={entry.at}>{formatTime(entry.at)}</time>
          <span className="tl-kind" data-testid="journal-kind" title={isJournalKind(entry.kind) ? JOURNAL_KINDS[entry.kind] : undefined}>{entry.kind}</span>
          {entry.stepId && <span className="mono tl-step">{entry.stepId}</span>}
          {entry.attempt !== undefined && entry.attempt !== null && entry.attempt > 1 && <span className="muted">attempt {entry.attempt}</span>}
          {entry.kind === 'Compensation' && entry.data?.failed === true && <span className="badge http-err">failed</span>}
          {by && <span className="tl-by" data-testid="journal-by">by <strong>{by}</strong></span>}
          {reason && <span className="muted tl-reason" data-testid="journal-reason">“{reason}”</span>}
        </div>
        {facts.length > 0 && (
          <ul className="audit-facts" data-testid="journal-facts">
            {facts.map((f, i) => <li key={i}>{f}</li>)}
          </ul>
        )}
        {data && <JsonView label="Details" value={data} />}
      </div>
    </li>
  );
});
