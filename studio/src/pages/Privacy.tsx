import { useEffect } from 'react';
import { api } from '../api/client';
import type { RetentionView } from '../api/types';
import { Loading, ProblemAlert } from '../components/common';
import { ErasureForm } from '../components/privacy/ErasureForm';
import { formatPeriod, formatTime, plural } from '../lib/format';
import { useAsync } from '../lib/hooks';
import { useCan } from '../lib/roles';
import { href } from '../lib/router';

/**
 * Privacy (`#/privacy`): how long the server keeps journeys' data and what retention redacted lately (every role), and
 * an Admin's erasure of one borrower (docs/studio.md, "Privacy").
 */
export function PrivacyPage() {
  const canErase = useCan('erase');
  const retention = useAsync(() => api.retention(), []);

  useEffect(() => {
    document.title = 'Privacy · LoanJourney Studio';
  }, []);

  return (
    <div className="page" data-testid="privacy-page">
      <div className="page-head">
        <h1>Privacy</h1>
        <button type="button" className="btn btn-ghost page-head-end" onClick={retention.reload} disabled={retention.loading}>Refresh</button>
      </div>
      {canErase ? <ErasureForm /> : <p className="muted" data-testid="erasure-readonly">Erasing a borrower&apos;s data needs the Admin role.</p>}
      <section className="card" data-testid="retention">
        <h2>Retention</h2>
        {retention.loading && !retention.data && <Loading />}
        <ProblemAlert error={retention.error} />
        {retention.data && <Retention view={retention.data} />}
      </section>
    </div>
  );
}

/** A retention period as a person reads it ("redacted after 8 minutes"), the server's exact value (d.hh:mm:ss) in its title. */
function Kept({ value, enabled }: { value: string | null; enabled: boolean }) {
  // With retention off nothing is redacted: "redacted after 90 days" under "Off on this server" read as if it were
  // (walk 44). The configured periods are still shown, as what a server with retention on would do.
  if (value === null) return <>kept for ever</>;
  const period = <span title={`${value} (d.hh:mm:ss)`} data-testid="retention-period">{formatPeriod(value)}</span>;
  return enabled ? <>redacted after {period}</> : <>kept (with retention on: redacted after {period})</>;
}

function Retention({ view }: { view: RetentionView }) {
  return (
    <>
      <p data-testid="retention-enabled">
        {view.enabled ? <>Runs every <span title={`${view.interval} (d.hh:mm:ss)`} data-testid="retention-interval">{formatPeriod(view.interval)}</span>, {view.batchSize} journeys a batch.</> : 'Off on this server: finished journeys keep their data until an erasure.'}
      </p>
      <dl className="kv" data-testid="retention-settings">
        <div className="kv-row"><dt>Completed</dt><dd><Kept value={view.completed} enabled={view.enabled} /></dd></div>
        <div className="kv-row"><dt>Cancelled</dt><dd><Kept value={view.cancelled} enabled={view.enabled} /></dd></div>
        <div className="kv-row"><dt>Faulted</dt><dd><Kept value={view.faulted} enabled={view.enabled} /></dd></div>
        <div className="kv-row"><dt>Webhook records</dt><dd><Kept value={view.inbox} enabled={view.enabled} /></dd></div>
        <div className="kv-row" data-testid="retention-idempotency">
          <dt title="What a redaction keeps of a journey's Idempotency-Key: its hash, the partner and when. A start replaying the key is refused (409 idempotency_key_purged) instead of starting the journey again.">Used Idempotency-Keys</dt>
          <dd>{view.idempotencyTombstones === null ? <>refused for ever</> : <>{view.enabled ? 'refused for ' : 'refused (with retention on: for '}<span title={`${view.idempotencyTombstones} (d.hh:mm:ss)`} data-testid="retention-idempotency-period">{formatPeriod(view.idempotencyTombstones)}</span> after the journey is redacted{view.enabled ? '' : ')'}</>}</dd>
        </div>
        <div className="kv-row" data-testid="retention-audit-trail">
          <dt title="The audit trail of operator actions (Retention:AuditTrail). Each removal is itself an entry: how many, and from when to when.">Audit trail</dt>
          <dd>{view.auditTrail === null ? <>kept for ever</> : <>{view.enabled ? 'entries removed after ' : 'kept (with retention on: entries removed after '}<span title={`${view.auditTrail} (d.hh:mm:ss)`} data-testid="retention-audit-trail-period">{formatPeriod(view.auditTrail)}</span>{view.enabled ? '' : ')'}</>}</dd>
        </div>
      </dl>
      <h3>Recent batches</h3>
      {view.recent.length === 0 ? <p className="muted" data-testid="retention-recent-empty">Nothing redacted by retention yet.</p> : (
        <ul data-testid="retention-recent">
          {view.recent.map((r) => (
            <li key={`${r.at}-${r.kind}-${r.instanceIds[0] ?? ''}`} data-testid="retention-batch" data-kind={r.kind}>
              {formatTime(r.at)}: {r.kind === 'IdempotencyTombstones' ? <>{plural(r.count, 'used Idempotency-Key')} forgotten</>
                : r.kind === 'AuditTrail' ? <>{plural(r.count, 'audit entry', 'audit entries')} removed{r.oldest && r.newest ? <> (recorded {formatTime(r.oldest)} to {formatTime(r.newest)})</> : null}</>
                : <>{plural(r.count, r.kind === 'Inbox' ? 'webhook record' : `${r.kind} journey`)} redacted</>}
            </li>
          ))}
        </ul>
      )}
      <p><a href={href('/audit', { action: 'retention' })}>Retention in the audit trail</a> · <a href={href('/audit', { action: 'erasure' })}>Erasures</a></p>
    </>
  );
}
