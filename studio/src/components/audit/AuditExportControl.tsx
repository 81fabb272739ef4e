import { api } from '../../api/client';
import type { AuditFilters } from '../../api/types';
import { AUDIT_EXPORT_FORMATS, type AuditExportFormat } from '../../lib/auditFilters';
import { useCan } from '../../lib/roles';
import { useState } from 'react';

const FORMAT_LABELS: Readonly<Record<AuditExportFormat, string>> = {
  csv: 'CSV (spreadsheets; RFC 4180)',
  ndjson: 'NDJSON (one JSON entry per line)',
};

/**
 * *Export…* on the audit page: every entry the page's filters match (all pages, not only the one on screen) as a file,
 * downloaded by a plain link so the session cookie goes along and the file streams to disk (docs/studio.md, "Audit
 * trail"). Only for the role the server lets export (Admin; docs/api.md, "Audit export"): others do not see it.
 */
export function AuditExportControl({ filters }: { filters: AuditFilters }) {
  const allowed = useCan('exportAudit');
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<AuditExportFormat>('csv');
  if (!allowed) return null;
  return (
    <div className="audit-export">
      <button type="button" className="btn" aria-expanded={open} aria-controls="audit-export-panel" onClick={() => setOpen((v) => !v)}
        data-testid="audit-export-toggle">
        Export…
      </button>
      {open && (
        <div id="audit-export-panel" className="card audit-export-panel" role="group" aria-label="Export the audit trail" data-testid="audit-export-panel">
          <label>Format
            <select name="format" value={format} onChange={(e) => setFormat(e.target.value as AuditExportFormat)}>
              {AUDIT_EXPORT_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_LABELS[f]}</option>)}
            </select>
          </label>
          <p className="muted small">
            Every entry matching the filters above, on every page, newest first; values as masked here. The export is recorded
            in the trail.
          </p>
          <a className="btn btn-primary" href={api.auditExportUrl(filters, format)} download data-testid="audit-export-download">
            Download
          </a>
        </div>
      )}
    </div>
  );
}
