import { useEffect, useState } from 'react';
import { api, type ApiError, toApiError } from '../../api/client';
import type { DefinitionDocument } from '../../api/types';
import { ProblemAlert } from '../common';
import { DefinitionComparison } from './DefinitionComparison';

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

  return (
    <details className="version-changes" data-testid="version-changes" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>What changed from v{from} to v{to}</summary>
      <ProblemAlert error={error} onDismiss={() => setError(null)} />
      {!docs && !error && open && <p className="muted small">Loading…</p>}
      {docs && <DefinitionComparison before={docs[0]} after={docs[1]} beforeTitle={`v${from}`} afterTitle={`v${to}`} />}
    </details>
  );
}
