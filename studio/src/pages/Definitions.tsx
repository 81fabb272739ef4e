import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, toApiError, type ApiError } from '../api/client';
import type { WorkflowDefinitionView } from '../api/types';
import { JsonView, Loading, ProblemAlert } from '../components/common';
import { emptyDefinition } from '../designer/model';
import { Flowchart } from '../components/Flowchart';
import { formatDuration, plural } from '../lib/format';
import { useAsync } from '../lib/hooks';
import { ImportDefinition } from '../components/definitions/ImportDefinition';
import { MoveJourneys } from '../components/definitions/MoveJourneys';
import { VersionList } from '../components/definitions/VersionList';
import { useCan } from '../lib/roles';
import { href, navigate } from '../lib/router';
import { TableScroll } from '../components/TableScroll';

export function DefinitionsPage({ id, query }: { id?: string; query: URLSearchParams }) {
  const workflows = useAsync(() => api.listWorkflows(), []);
  const versionParam = Number(query.get('version'));
  const version = Number.isInteger(versionParam) && versionParam > 0 ? versionParam : undefined;
  const stepId = query.get('step');
  const def = useAsync<WorkflowDefinitionView | null>(() => (id ? api.getWorkflow(id, version) : Promise.resolve(null)), [id, version]);
  const canNew = useCan('newWorkflow');
  const canEdit = useCan('editDraft');
  const canStart = useCan('start');
  const canMigrate = useCan('migrate');

  useEffect(() => {
    document.title = 'Definitions · LoanJourney Studio';
  }, []);
  useEffect(() => {
    const first = workflows.data?.[0];
    if (!id && first) navigate(`/definitions/${encodeURIComponent(first.id)}`, undefined, { replace: true });
  }, [id, workflows.data]);

  const go = (q: { version?: number; step?: string | null }) => {
    if (!id) return;
    const p = new URLSearchParams();
    const v = 'version' in q ? q.version : version;
    if (v) p.set('version', String(v));
    const s = 'step' in q ? q.step : stepId;
    if (s) p.set('step', s);
    navigate(`/definitions/${encodeURIComponent(id)}`, p, { replace: 'step' in q && !('version' in q) });
  };

  const d = def.data;
  return (
    <div className="page">
      <div className="page-head"><h1>Definitions</h1>{canNew && <NewWorkflow />}{canEdit && <ImportDefinition />}</div>
      <ProblemAlert error={workflows.error} />
      <LoadErrors />
      <div className="defs-layout">
        <nav className="defs-list card" aria-label="Workflows">
          <ul>
            {(workflows.data ?? []).map((w) => (
              <li key={w.id}>
                <a href={href(`/definitions/${encodeURIComponent(w.id)}`)} aria-current={w.id === id ? 'page' : undefined} data-testid="workflow-link">
                  <span className="wf-title">{w.title || w.id}</span>
                  <span className="mono small muted">{w.id} · v{w.latestVersion}{w.versions.length > 1 ? ` (${w.versions.length} versions)` : ''}</span>
                </a>
              </li>
            ))}
          </ul>
          {workflows.loading && !workflows.data && <Loading />}
        </nav>
        <div className="defs-main">
          <ProblemAlert error={def.error} />
          {!d ? id && def.loading && <Loading /> : (
            <>
              <section className="card" aria-labelledby="def-h">
                <div className="card-head">
                  <h2 id="def-h">{d.title} <span className="mono muted small">{d.id}</span></h2>
                  {(canEdit || canStart) && <div className="row-gap">
                    {canEdit && <a className="btn btn-primary" href={href(`/definitions/${encodeURIComponent(d.id)}/edit`)} data-testid="edit-draft">Edit draft</a>}
                    {canStart && <a className="btn" href={href(`/definitions/${encodeURIComponent(d.id)}/start`, { version: String(d.version) })} data-testid="start-journey">Start a journey</a>}
                  </div>}
                  <label className="inline">Version
                    <select value={d.version} onChange={(e) => go({ version: Number(e.target.value), step: null })} data-testid="definition-version">
                      {d.versions.map((v) => <option key={v} value={v}>v{v}</option>)}
                    </select>
                  </label>
                  {/* Every role may read a version's file (docs/api.md, export); the server names it {id}.v{n}.json. */}
                  <a className="btn" href={api.exportUrl(d.id, d.version)} download={`${d.id}.v${d.version}.json`} data-testid="export-definition">Export v{d.version}</a>
                  {/* Read-only, every role: two versions, or a version and the draft, side by side. */}
                  <a className="btn" href={href(`/definitions/${encodeURIComponent(d.id)}/compare`, compareQuery(d.versions, d.version))} data-testid="compare-versions">Compare versions</a>
                </div>
                <VersionList id={d.id} shown={d.version} refresh={d.versions.join(',')} />
                {d.inputs.length > 0 && (
                  <details className="json-details">
                    <summary>Journey input ({plural(d.inputs.length, 'field')})</summary>
                    <InputsTable fields={d.inputs} label="Journey input" />
                  </details>
                )}
              </section>
              {canMigrate && <MoveJourneys key={`${d.id}:${d.version}`} def={d} />}
              <div className={`defs-graph${stepId ? ' with-panel' : ''}`}>
                <section className="card" aria-label="Flowchart">
                  <Flowchart def={d} selectedStep={stepId} onSelectStep={(s) => go({ step: s === stepId ? null : s })} ariaLabel={`Flowchart of ${d.title}; choose a step to see its details`} />
                </section>
                {stepId && <StepPanel def={d} stepId={stepId} onClose={() => go({ step: null })} />}
              </div>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * Files of the server's definitions directory that did not load: each with its workflow, step and field, so an operator
 * sees why a workflow is missing or still on an older version (docs/journeys.md, "Files in workflows/"). Nothing when all loaded.
 */
function LoadErrors() {
  const errors = useAsync(() => api.workflowLoadErrors(), []);
  const list = errors.data ?? [];
  if (list.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="definition-load-errors">
      <div className="alert-body">
        <strong>{list.length === 1 ? 'A workflow file did not load' : `${list.length} problems in workflow files`}</strong>
        <div>Journeys on versions already published go on; fix the file and restart the server, or publish from the designer.</div>
        <ul className="field-errors">
          {list.map((e, i) => (
            <li key={i} data-testid="definition-load-error">
              <code>{e.file}</code>
              {e.workflowId && <> · workflow <code>{e.workflowId}</code></>}
              {e.stepId && <> · step <code>{e.stepId}</code></>}
              {e.field && <> · field <code>{e.field}</code></>}
              : {e.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The shown version against the one before it; the first version against the latest (the page's own default when alone). */
function compareQuery(versions: readonly number[], shown: number): Record<string, string> {
  const before = versions.filter((v) => v < shown).at(-1);
  if (before !== undefined) return { from: String(before), to: String(shown) };
  const latest = versions.at(-1);
  return latest !== undefined && latest !== shown ? { from: String(shown), to: String(latest) } : { from: String(shown) };
}

/** A list of fields, in a scroll box of its own: at 390 px four columns are wider than the window (walk 49). */
function InputsTable({ fields, label }: { fields: { name: string; type: string; required?: boolean; description?: string }[]; label: string }) {
  return (
    <TableScroll label={label} testId="inputs-table">
      <table className="table table-compact">
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.name}><td className="mono">{f.name}</td><td className="mono">{f.type}</td><td>{f.required ? 'yes' : 'no'}</td><td>{f.description ?? ''}</td></tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function StepPanel({ def, stepId, onClose }: { def: WorkflowDefinitionView; stepId: string; onClose: () => void }) {
  const step = def.steps.find((s) => s.id === stepId);
  const act = step ? def.activities[step.activity] : undefined;
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, [stepId]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
  };
  return (
    <aside className="card step-panel" aria-labelledby="step-panel-h" data-testid="step-panel" data-step-id={stepId} tabIndex={-1} ref={ref} onKeyDown={onKeyDown}>
      <div className="card-head">
        <h2 id="step-panel-h">{step?.title || stepId}</h2>
        <button type="button" className="btn-icon" aria-label="Close step details" onClick={onClose}>×</button>
      </div>
      {!step ? <p className="muted">No step “{stepId}” in v{def.version}.</p> : (
        <>
          <dl className="meta meta-tight meta-stack">
            <div><dt>Step id</dt><dd className="mono">{step.id}</dd></div>
            <div><dt>Activity</dt><dd className="mono">{step.activity}</dd></div>
            {act?.category && <div><dt>Category</dt><dd>{act.category}</dd></div>}
            {act?.description && <div><dt>Description</dt><dd>{act.description}</dd></div>}
            {act && <div><dt>Kind</dt><dd>{[act.isWait ? 'waits' : 'runs to completion', act.isOnceOnly ? 'once-only side effect' : null,
              act.pointOfNoReturn?.length ? `no cancel once ${act.pointOfNoReturn.join(' or ')}` : null].filter(Boolean).join(', ')}</dd></div>}
            {step.timeoutMs ? <div><dt>Timeout</dt><dd>{formatDuration(step.timeoutMs)}</dd></div> : null}
          </dl>
          <h3>Inputs</h3>
          {Object.keys(step.inputs ?? {}).length === 0 ? <p className="muted">No inputs bound.</p> : (
            <table className="table table-compact" data-testid="step-inputs">
              <thead><tr><th scope="col">Input</th><th scope="col">Binding</th></tr></thead>
              <tbody>
                {Object.entries(step.inputs ?? {}).map(([k, v]) => (
                  <tr key={k}><td className="mono">{k}</td><td className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Next step per outcome</h3>
          <ul className="plain">
            {(act?.outcomes ?? Object.keys(step.next ?? {})).map((o) => (
              <li key={o}><span className="badge">{o}</span> → {step.next?.[o] ? <span className="mono">{step.next[o]}</span> : <span className="muted">end</span>}</li>
            ))}
          </ul>
          {step.retry && (
            <>
              <h3>Retry</h3>
              <p className="small">
                up to {step.retry.maxAttempts} attempts, first delay {formatDuration(step.retry.initialDelayMs)}, ×{step.retry.backoffFactor}, at most {formatDuration(step.retry.maxDelayMs)}
                {step.retry.nonRetryable?.length ? `; never retried: ${step.retry.nonRetryable.join(', ')}` : ''}
              </p>
            </>
          )}
          {step.compensation !== null && step.compensation !== undefined && <JsonView label="Compensation" value={step.compensation} />}
          {act?.inputs?.length ? <><h3>Activity inputs</h3><InputsTable fields={act.inputs} label="Activity inputs" /></> : null}
          {act?.outputs?.length ? <><h3>Activity outputs</h3><InputsTable fields={act.outputs} label="Activity outputs" /></> : null}
        </>
      )}
    </aside>
  );
}

/** A new workflow: an id and a title make its first (empty) draft, opened in the designer. */
function NewWorkflow() {
  const [open, setOpen] = useState(false);
  const [wid, setWid] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.createWorkflow(emptyDefinition(wid.trim(), title.trim() || wid.trim()));
      navigate(`/definitions/${encodeURIComponent(wid.trim())}/edit`);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };
  // Escape or Cancel closes the form and gives the focus back to the button that opened it (session 46's walk: Escape
  // did nothing, and after Cancel the focus was lost to the page).
  const opener = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (open || !refocus.current) return;
    refocus.current = false;
    opener.current?.focus();
  }, [open]);
  const cancel = () => {
    refocus.current = true;
    setOpen(false);
    setError(null);
    setWid('');
    setTitle('');
  };
  if (!open) return <button type="button" className="btn" ref={opener} onClick={() => setOpen(true)} data-testid="new-workflow">New workflow</button>;
  return (
    <form className="row-gap new-workflow" onSubmit={submit} data-testid="new-workflow-form" aria-label="New workflow"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || busy) return;
        e.preventDefault();
        e.stopPropagation();
        cancel();
      }}>
      {/* The server's rule for an id (docs/api.md); said beside the box and in its title, which Chromium adds to its own
          "Please match the requested format." (session 46's walk: that sentence alone, for "FinBox OTP"). */}
      <label>Id<input value={wid} onChange={(e) => setWid(e.target.value)} required pattern={WORKFLOW_ID_PATTERN} maxLength={100} placeholder="my-journey"
        title={WORKFLOW_ID_RULE} aria-describedby="new-workflow-id-rule" data-testid="new-workflow-id" autoFocus /></label>
      <label>Title<input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="new-workflow-title" /></label>
      <button type="submit" className="btn btn-primary" disabled={busy || !wid.trim()} data-testid="new-workflow-create">Create</button>
      <button type="button" className="btn btn-ghost" onClick={cancel} data-testid="new-workflow-cancel">Cancel</button>
      <p className="small muted new-workflow-rule" id="new-workflow-id-rule" data-testid="new-workflow-id-rule">{WORKFLOW_ID_RULE}</p>
      <ProblemAlert error={error} />
    </form>
  );
}

/** What the server takes as a workflow id (`POST /api/workflows`: 1–100 characters, a letter or digit first). */
const WORKFLOW_ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}';
const WORKFLOW_ID_RULE = "Letters, digits, '-', '_' or '.', starting with a letter or digit; no spaces (e.g. finbox-topup).";
