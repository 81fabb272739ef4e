import type { ApiError } from '../../api/client';
import type { BulkResult } from '../../api/types';
import { ProblemAlert } from '../common';
import { shortId } from '../../lib/format';
import { href } from '../../lib/router';

/** What a bulk retry or cancel did; `counted` is the dry run's count when it ran by filter. */
export type BulkRun = { kind: 'cancel' | 'retry'; result?: BulkResult; error?: ApiError; counted?: number };

// Words for the refusals an operator acts on differently (session 48: a journey already retried, or running on its own,
// read like any other failure); the server's own message stays beside them.
const REFUSAL_WORDS: Record<string, string> = {
  already_under_way: 'already under way: retried already, or running on its own; nothing to do',
  awaits_decision: 'awaits a decision: answer it on the journey',
};

// Each refused journey links to its page: a refusal such as `awaits_decision` says to answer it on the journey (walk 47
// found the ids as plain text, and the journey had to be found again in the list).
export function BulkOutcome({ bulk, onDismiss }: { bulk: BulkRun; onDismiss: () => void }) {
  if (bulk.error) return <ProblemAlert error={bulk.error} onDismiss={onDismiss} />;
  const results = bulk.result?.results ?? [];
  const ok = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => !r.ok);
  const matched = bulk.result?.matched;
  return (
    <div className={`alert ${failed.length ? 'alert-warn' : 'alert-ok'}`} role="status" data-testid="bulk-result" data-ok={ok} data-refused={failed.length}>
      <div className="alert-body">
        <strong>{bulk.kind === 'cancel' ? `${ok} cancelled` : `${ok} retried`}</strong>
        {matched != null && <> of {matched} matching the filters{bulk.counted !== undefined && bulk.counted !== matched ? ` (${bulk.counted} when counted)` : ''}</>}
        {failed.length > 0 && <>, {failed.length} refused{matched == null ? ' (still selected)' : ''}:
          <ul className="field-errors">{failed.map((f) => <li key={f.id} data-testid="bulk-refused" data-code={f.code ?? ''}>
            <a className="mono" href={href(`/journeys/${encodeURIComponent(f.id)}`)} title={f.id} data-testid="bulk-refused-link">{shortId(f.id)}</a>:{' '}
            {f.code && REFUSAL_WORDS[f.code] ? <><strong data-testid="bulk-refused-words">{REFUSAL_WORDS[f.code]}</strong> <span className="muted">({f.code}: {f.error ?? 'failed'})</span></>
              : <>{f.error ?? 'failed'}{f.code ? ` (${f.code})` : ''}</>}</li>)}</ul></>}
      </div>
      <button type="button" className="btn-icon" aria-label="Dismiss" onClick={onDismiss}>×</button>
    </div>
  );
}
