import { useState } from 'react';
import { api, toApiError, type ApiError } from '../api/client';
import type { HistoryEntry } from '../api/types';
import { ProblemAlert } from '../components/common';
import { formatTime } from '../lib/format';
import { TableScroll } from '../components/TableScroll';

/** Who changed the definition, when, and what (loaded when opened; reloaded on every opening). */
export function HistoryPanel({ workflowId }: { workflowId: string }) {
  const [items, setItems] = useState<HistoryEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const load = () => api.history(workflowId).then((h) => { setItems(h); setError(null); }, (e: unknown) => setError(toApiError(e)));
  return (
    <details className="card json-details" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && void load()} data-testid="history">
      <summary>History</summary>
      <ProblemAlert error={error} />
      {items && (
        <TableScroll label="Definition history">
          <table className="table table-compact">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Revision / version</th><th scope="col">Changes</th></tr></thead>
            <tbody>
              {[...items].reverse().map((h) => (
                <tr key={h.seq} data-testid="history-row" data-action={h.action}>
                  <td>{formatTime(h.at)}</td>
                  <td>{h.author}</td>
                  <td>{h.action}</td>
                  <td>{h.version !== null ? `v${h.version}` : h.revision !== null ? `r${h.revision}` : '—'}</td>
                  <td className="small">{[
                    h.changes.added.length ? `added ${h.changes.added.join(', ')}` : '',
                    h.changes.removed.length ? `removed ${h.changes.removed.join(', ')}` : '',
                    h.changes.changed.length ? `changed ${h.changes.changed.join(', ')}` : '',
                    h.changes.definitionChanged ? 'title/inputs/variables/start' : '',
                    h.changes.layoutChanged ? 'layout' : '',
                  ].filter(Boolean).join('; ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </details>
  );
}
