import { useId, useState } from 'react';
import { api } from '../../api/client';
import type { AccessJourney, AccessReport } from '../../api/types';
import { formatTime, plural } from '../../lib/format';
import { maskCustomerId } from '../../lib/privacy';
import { href } from '../../lib/router';
import { ProblemAlert, StatusBadge } from '../common';
import { useAction } from '../journey/useAction';

/**
 * A borrower's access request (DPDP Act 2023 s.11; docs/server.md, "Access report"), answered by an Auditor or an Admin:
 * the customer id, then the server's report — each journey with its purpose, status, dates and retention, the categories of
 * personal data it holds, and who received which categories in which calls — never a value. The borrower is shown masked
 * and by the hash the audit trail keeps; the report downloads as JSON (the server's answer as it came, which holds the hash,
 * not the customer id).
 */
export function AccessReportForm() {
  const [customerId, setCustomerId] = useState('');
  const [shown, setShown] = useState<{ masked: string; report: AccessReport } | null>(null);
  const read = useAction();
  const inputId = useId();
  const id = customerId.trim();

  const run = async () => {
    if (!id) return;
    setShown(null);
    await read.run(async () => setShown({ masked: maskCustomerId(id), report: await api.accessReport(id) }), '');
  };

  return (
    <section className="card" data-testid="access-report">
      <h2>A borrower&apos;s access report</h2>
      <p className="muted">
        What the platform processes about a borrower (DPDP Act, section 11): their journeys, which kinds of personal data each
        holds, and which lenders and partners received which kinds, when. Kinds only, never the values. Each report read is
        recorded in the audit trail with the customer id as a hash.
      </p>
      <form className="decision-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <div className="field">
          <label htmlFor={inputId}>Customer id</label>
          <input id={inputId} value={customerId} autoComplete="off" spellCheck={false} maxLength={200}
            aria-invalid={read.error ? true : undefined} aria-describedby={read.error ? `${inputId}-problem` : undefined}
            onChange={(e) => setCustomerId(e.target.value)} data-testid="access-customer" />
        </div>
        <div className="dialog-actions">
          <button type="submit" className="btn" disabled={!id || read.busy} data-testid="access-submit">
            {read.busy ? 'Working…' : 'Show the access report'}
          </button>
        </div>
      </form>
      <ProblemAlert error={read.error} onDismiss={read.clearError} id={`${inputId}-problem`} />
      {shown && <Report masked={shown.masked} report={shown.report} />}
    </section>
  );
}

function Report({ masked, report }: { masked: string; report: AccessReport }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `access-report-${report.customerHash.replace(/^sha256:/, '').slice(0, 12)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  const { removed } = report;
  return (
    <div data-testid="access-report-result" data-customer-hash={report.customerHash}>
      <h3>Customer <span className="mono" data-testid="access-masked">{masked}</span></h3>
      <p className="muted small">Kept in the audit trail as <span className="mono">{report.customerHash}</span>. Read {formatTime(report.generatedAt)}.</p>
      <h4>Journeys</h4>
      <table className="table table-compact" data-testid="access-journeys">
        <thead><tr><th scope="col">Journey</th><th scope="col">Workflow</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Data held</th><th scope="col">Retention</th></tr></thead>
        <tbody>
          {report.journeys.map((j) => (
            <tr key={j.id} data-testid="access-journey" data-instance-id={j.id}>
              <td><a className="mono" href={href(`/journeys/${encodeURIComponent(j.id)}`)}>{j.id}</a></td>
              <td>{j.workflowId} v{j.version}{j.partner && <div className="muted small">partner {j.partner}</div>}</td>
              <td><StatusBadge status={j.status} />{j.outcome && <div className="muted small">{j.outcome}</div>}</td>
              <td>{formatTime(j.createdAt)}</td>
              <td data-testid="access-categories">{j.redacted ? <span className="muted">none (redacted)</span> : j.categories.join(', ') || '—'}</td>
              <td data-testid="access-retention">{retention(j, report.retentionEnabled)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Shared with</h4>
      {report.sharedWith.length === 0 ? <p className="muted" data-testid="access-shared-empty">No lender call of these journeys is left that names its recipient.</p> : (
        <table className="table table-compact" data-testid="access-shared">
          <thead><tr><th scope="col">Lender or partner</th><th scope="col">Data sent</th><th scope="col">Calls</th><th scope="col">When</th></tr></thead>
          <tbody>
            {report.sharedWith.map((r) => (
              <tr key={r.lender} data-testid="access-recipient" data-lender={r.lender}>
                <td>{r.lender}<div className="muted small">{r.operations.join(', ')}</div></td>
                <td data-testid="access-recipient-categories">{r.categories.join(', ') || '—'}</td>
                <td>{r.calls} in {plural(r.journeys.length, 'journey')}</td>
                <td>{formatTime(r.firstAt)}{r.lastAt !== r.firstAt && <> – {formatTime(r.lastAt)}</>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removed.journeys > 0 && (
        <p data-testid="access-removed">
          Already removed: {plural(removed.journeys, 'journey')} redacted ({removed.byErasure} by erasure, {removed.byRetention} by retention);
          {' '}{plural(removed.lenderCallsWithoutDetails, 'lender call')} no longer say{removed.lenderCallsWithoutDetails === 1 ? 's' : ''} who received what.
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={download} data-testid="access-download">Download as JSON</button>
      </div>
    </div>
  );
}

function retention(j: AccessJourney, enabled: boolean): string {
  if (j.redacted) return `redacted ${formatTime(j.redacted.at)} by ${j.redacted.by}`;
  if (j.retentionDueAt) return `redacted after ${formatTime(j.retentionDueAt)}`;
  if (j.status === 'Running' || j.status === 'Waiting') return 'kept while in flight';
  return enabled ? 'kept for ever' : 'kept (retention off)';
}
