import type { ApiError } from '../../api/client';
import type { BulkResult } from '../../api/types';
import { ProblemAlert } from '../common';
import { shortId } from '../../lib/format';

export function BulkOutcome({ bulk, onDismiss }: { bulk: { kind: 'cancel' | 'retry'; result?: BulkResult; error?: ApiError }; onDismiss: () => void }) {
  if (bulk.error) return <ProblemAlert error={bulk.error} onDismiss={onDismiss} />;
  const results = bulk.result?.results ?? [];
  const ok = results.filter((r) => r.ok).length;
  const failed = results.filter((r) => !r.ok);
  return (
    <div className={`alert ${failed.length ? 'alert-warn' : 'alert-ok'}`} role="status" data-testid="bulk-result">
      <div className="alert-body">
        <strong>{bulk.kind === 'cancel' ? `${ok} cancelled` : `${ok} retried`}</strong>
        {failed.length > 0 && <>, {failed.length} failed (still selected):
          <ul className="field-errors">{failed.map((f) => <li key={f.id}><code>{shortId(f.id)}</code>: {f.error ?? 'failed'}</li>)}</ul></>}
      </div>
      <button type="button" className="btn-icon" aria-label="Dismiss" onClick={onDismiss}>×</button>
    </div>
  );
}
