import { useId, useState, type FormEvent } from 'react';
import { ApiError, api, toApiError } from '../../api/client';
import type { DefinitionDocument, Draft, DraftSaved } from '../../api/types';
import { ProblemsList } from '../../designer/ProblemsList';
import { draftConflictHeadline } from '../../designer/draftConflict';
import { formatTime } from '../../lib/format';
import { href, navigate } from '../../lib/router';
import { ConfirmDialog, ProblemAlert } from '../common';

const NO_STEPS: ReadonlySet<string> = new Set();

/** A file that is not a JSON object, as problem details naming the `file` field (nothing is sent). */
function notADefinition(detail: string): ApiError {
  return new ApiError({ title: 'Not a definition file', status: 0, detail, errors: { file: [detail] } });
}

/** The file's text, through FileReader (every browser, and jsdom, which has no Blob.text). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(file);
  });
}

/**
 * Designer: a definition file (an export, say) becomes its workflow's draft (`POST /api/workflows/import`). A workflow that
 * has a draft is asked about first, naming who saved it, and the import is sent on the draft's revision (0: none), so a
 * draft saved after that question is refused (409) and named rather than replaced. The
 * answer's validation problems are listed, each naming its step and field; the draft opens in the designer.
 */
export function ImportDefinition() {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [replacing, setReplacing] = useState<{ doc: DefinitionDocument; draft: Draft } | null>(null);
  const [saved, setSaved] = useState<DraftSaved & { id: string } | null>(null);
  const [conflict, setConflict] = useState<{ id: string; problem: ApiError } | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  const send = async (doc: DefinitionDocument, expectedRevision: number) => {
    setBusy(true);
    setReplacing(null);
    try {
      setSaved(await api.importDefinition(doc, expectedRevision));
    } catch (e) {
      const problem = toApiError(e);
      // A draft saved after the check above: the server kept it. Say who saved it; choosing Import again asks anew.
      if (problem.status === 409 && problem.problem.code === 'stale_revision') setConflict({ id: doc.id, problem });
      else setError(problem);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setSaved(null);
    setConflict(null);
    let text: string;
    try {
      text = await readText(file);
    } catch (x) {
      setError(notADefinition(`${file.name} could not be read: ${x instanceof Error ? x.message : String(x)}`));
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (x) {
      setError(notADefinition(`${file.name} is not JSON: ${x instanceof Error ? x.message : String(x)}`));
      return;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      setError(notADefinition(`${file.name} holds JSON but not an object: a definition file is one workflow's definition.`));
      return;
    }
    const definition = doc as DefinitionDocument;
    if (typeof definition.id === 'string' && definition.id.trim()) {
      try {
        const draft = await api.getDraft(definition.id);
        if (draft) {
          setReplacing({ doc: definition, draft });
          return;
        }
      } catch (x) {
        // An unknown workflow (404) has no draft to replace; other answers are the import's to report.
        if (!(x instanceof ApiError && x.status === 404)) {
          setError(toApiError(x));
          return;
        }
      }
    }
    // 0: there was no draft (or the file names no workflow, which the server refuses naming `id`).
    await send(definition, 0);
  };

  if (!open) return <button type="button" className="btn" onClick={() => setOpen(true)} data-testid="import-definition">Import…</button>;
  return (
    <div className="import-definition">
      <form className="row-gap" onSubmit={submit} aria-label="Import a definition" data-testid="import-form">
        <label htmlFor={inputId}>Definition file (.json)</label>
        <input id={inputId} type="file" accept=".json,application/json" data-testid="import-file"
          aria-invalid={error ? true : undefined} aria-describedby={error ? `${inputId}-problem` : undefined}
          onChange={(e) => { setFile(e.target.files?.[0] ?? null); setError(null); setSaved(null); }} />
        <button type="submit" className="btn btn-primary" disabled={!file || busy} data-testid="import-submit">Import as draft</button>
        <button type="button" className="btn btn-ghost" onClick={() => setOpen(false)}>Close</button>
      </form>
      <ProblemAlert error={error} id={`${inputId}-problem`} />
      {conflict && (
        <div className="alert alert-error" role="alert" data-testid="import-conflict">
          <div className="alert-body">
            <strong>{draftConflictHeadline(conflict.problem.problem, `the draft of ${conflict.id}`, 'after the import checked it')}</strong>
            {' '}Nothing was imported and that draft is kept (revision {String(conflict.problem.problem.currentRevision ?? '?')}). Choose <em>Import as draft</em> again to replace it.
          </div>
        </div>
      )}
      {saved && (
        <div className={`alert ${saved.valid ? 'alert-ok' : 'alert-warn'}`} role="status" data-testid="import-result" data-valid={saved.valid}>
          <div className="alert-body">
            <strong>Imported as the draft of {saved.id} (revision {saved.revision})</strong>
            {saved.valid ? ': no validation problems.' : `, with ${saved.errors.length} validation problem${saved.errors.length === 1 ? '' : 's'} to fix before it can be published.`}
            {' '}<a href={href(`/definitions/${encodeURIComponent(saved.id)}/edit`)} data-testid="import-open-designer">Open it in the designer</a>
          </div>
        </div>
      )}
      {saved && !saved.valid && (
        <ProblemsList id={`${inputId}-problems`} errors={saved.errors} steps={NO_STEPS}
          onGo={() => navigate(`/definitions/${encodeURIComponent(saved.id)}/edit`)} onClose={() => setSaved(null)} />
      )}
      {replacing && (
        <ConfirmDialog title={`Replace the draft of ${replacing.draft.id}?`} confirmLabel="Replace the draft" danger busy={busy}
          onClose={() => setReplacing(null)} onConfirm={() => send(replacing.doc, replacing.draft.revision)}>
          <p data-testid="import-replaces">{replacing.draft.id} has a draft (revision {replacing.draft.revision}) saved by {replacing.draft.savedBy} at {formatTime(replacing.draft.savedAt)}.
            The import replaces it; the published versions stay as they are.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
