import { useEffect, useState } from 'react';
import { api, type ApiError, toApiError } from '../../api/client';
import type { DefinitionDocument } from '../../api/types';
import { SideBySideDiff } from '../../designer/SideBySideDiff';
import { diffDefinitions, toJson } from '../../designer/model';
import { ProblemAlert } from '../common';

/**
 * "What changed from vA to vB", folded until opened: the steps added, removed and changed, and the two definition files'
 * line diff side by side (the publish dialog's), read when opened (`GET /api/workflows/{id}/export?version=n`).
 */
export function VersionChanges({ id, from, to }: { id: string; from: number; to: number }) {
  const [open, setOpen] = useState(false);
  const [docs, setDocs] = useState<[DefinitionDocument, DefinitionDocument] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    setDocs(null);
    setError(null);
    Promise.all([api.exportDefinition(id, from), api.exportDefinition(id, to)]).then(
      (d) => live && setDocs(d),
      (e) => live && setError(toApiError(e)),
    );
    return () => {
      live = false;
    };
  }, [open, id, from, to]);

  const change = docs ? diffDefinitions(docs[0], docs[1]) : null;
  return (
    <details className="version-changes" data-testid="version-changes" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>What changed from v{from} to v{to}</summary>
      <ProblemAlert error={error} onDismiss={() => setError(null)} />
      {!docs && !error && open && <p className="muted small">Loading…</p>}
      {docs && change && (
        <>
          <ul className="plain" data-testid="version-changes-summary">
            {change.added.length > 0 && <li>Steps added in v{to}: <span className="mono">{change.added.join(', ')}</span></li>}
            {change.removed.length > 0 && <li>Steps not in v{to}: <span className="mono">{change.removed.join(', ')}</span></li>}
            {change.changed.length > 0 && <li>Steps changed: <span className="mono">{change.changed.join(', ')}</span></li>}
            {change.other.length > 0 && <li>Also changed: {change.other.join(', ')}</li>}
            {!change.added.length && !change.removed.length && !change.changed.length && !change.other.length && <li>No step or field changed.</li>}
          </ul>
          <SideBySideDiff before={toJson(docs[0])} after={toJson(docs[1])} beforeTitle={`v${from}`} afterTitle={`v${to}`} />
        </>
      )}
    </details>
  );
}
