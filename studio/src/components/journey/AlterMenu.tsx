import { api } from '../../api/client';
import type { InstanceDetail, WorkflowDefinitionView } from '../../api/types';
import { ProblemAlert } from '../common';
import { holdsSecret, isSecretKey } from '../../lib/format';
import { KeptReason } from '../ReasonField';
import { MoveToVersion, moveTargets } from './MoveToVersion';
import { useAction } from './useAction';
import { useEffect, useId, useRef, useState } from 'react';

type Mode = 'goto' | 'variables' | 'move' | null;

/**
 * "Alter" on a Waiting or Faulted journey (docs/migration.md): go to another step of its version, edit its variables, or
 * move it to another version of its workflow (`MoveToVersion`); a reason is required and lands in the journal with the
 * operator's name. The server refuses (409, shown) while a once-only money call's outcome is unknown.
 */
export function AlterMenu({ detail, def, versions: otherVersions, onDone }: {
  detail: InstanceDetail;
  def: WorkflowDefinitionView | null;
  /** The workflow's versions when the journey's own definition cannot be shown (its version does not load in this build). */
  versions?: readonly number[];
  onDone: () => void;
}) {
  const [mode, setMode] = useState<Mode>(null);
  const [stepId, setStepId] = useState('');
  const [variables, setVariables] = useState('');
  const [reason, setReason] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  const [moved, setMoved] = useState<string | null>(null);
  const a = useAction();
  const stepSelectId = useId();
  // The form opened takes the focus to its first field (walk 51, as an Operator: it stayed on the button that opened the
  // form, and the reason typed at once went nowhere). Only on an opening by the user, not on the first render.
  const form = useRef<HTMLFormElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    if (!opened.current || (mode !== 'goto' && mode !== 'variables')) return;
    opened.current = false;
    form.current?.querySelector<HTMLElement>('select, textarea')?.focus();
  }, [mode]);
  const onlyVersionId = useId();
  // Loading its definition, or a workflow with one version: nowhere to move to (the button says why).
  const versions = def?.versions ?? otherVersions;
  const canMove = !!versions && moveTargets(versions, detail.version).length > 0;
  // The data panel masks these; the editor leaves them out rather than show them in clear (only changed keys are sent,
  // so they stay as they are unless typed in).
  // A variable holding a secret deeper down (`partner: { token }`) is left out whole: the editor is JSON, nothing in it is masked.
  const hidden = (k: string, v: unknown) => isSecretKey(k) || holdsSecret(v);
  const secretNames = Object.entries(detail.variables ?? {}).filter(([k, v]) => hidden(k, v)).map(([k]) => k);

  const openMode = (m: Mode) => {
    opened.current = true;
    setMode(m);
    setReason('');
    setParseError(null);
    setMoved(null);
    // The last alteration's answer ("Variables set") is not this form's (walk 49: it stayed under the next form opened).
    a.clearMessage();
    a.clearError();
    if (m === 'variables') setVariables(JSON.stringify(Object.fromEntries(Object.entries(detail.variables ?? {}).filter(([k, v]) => !hidden(k, v))), null, 2));
    // Nothing preselected, as for a skip: the first step is one click on Apply from restarting the journey.
    if (m === 'goto') setStepId('');
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (mode === 'goto') {
      if (await a.run(() => api.gotoStep(detail.id, stepId, reason.trim()), `Continuing from ${stepId}`, onDone)) setMode(null);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables);
    } catch {
      setParseError('Variables must be a JSON object.');
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      setParseError('Variables must be a JSON object.');
      return;
    }
    const current = detail.variables ?? {};
    const changed = Object.fromEntries(Object.entries(parsed as Record<string, unknown>)
      .filter(([k, v]) => JSON.stringify(current[k]) !== JSON.stringify(v)));
    if (Object.keys(changed).length === 0) {
      setParseError('Change at least one variable.');
      return;
    }
    setParseError(null);
    if (await a.run(() => api.setVariables(detail.id, changed, reason.trim()), 'Variables set', onDone)) setMode(null);
  };

  return (
    <section className="card" aria-labelledby="alter-h" data-testid="alter-menu">
      <h2 id="alter-h">Alter</h2>
      <div className="row-gap">
        <button type="button" className="btn" onClick={() => openMode('goto')} aria-pressed={mode === 'goto'} data-testid="alter-goto">Go to step…</button>
        <button type="button" className="btn" onClick={() => openMode('variables')} aria-pressed={mode === 'variables'} data-testid="alter-variables">Edit variables…</button>
        <button type="button" className="btn" onClick={() => openMode('move')} aria-pressed={mode === 'move'} disabled={!canMove}
          aria-describedby={versions && !canMove ? onlyVersionId : undefined} data-testid="alter-move">Move to version…</button>
      </div>
      {versions && !canMove && (
        <p id={onlyVersionId} className="muted small" data-testid="alter-move-none">v{detail.version} is the only version of {detail.workflowId}: there is no other to move to.</p>
      )}
      {mode === 'move' && versions && canMove && (
        <MoveToVersion detail={detail} versions={versions} onDone={onDone}
          onMoved={(message) => { setMode(null); setMoved(message); }} />
      )}
      {(mode === 'goto' || mode === 'variables') && (
        <form onSubmit={submit} ref={form} className="form-grid alter-form" aria-label={mode === 'goto' ? 'Go to step' : 'Edit variables'}>
          {mode === 'goto' ? (
            <>
              {/* Not wrapping the select: a wrapping label's name takes in the options' text; and not "Step", the journal's filter's name. */}
              <label htmlFor={stepSelectId}>Go to step</label>
              <select id={stepSelectId} value={stepId} onChange={(e) => setStepId(e.target.value)} data-testid="alter-step">
                <option value="">Choose a step…</option>
                {(def?.steps ?? []).map((s) => <option key={s.id} value={s.id}>{s.id}{s.title ? ` — ${s.title}` : ''}</option>)}
              </select>
            </>
          ) : (
            <label>Variables (JSON)
              <textarea value={variables} onChange={(e) => setVariables(e.target.value)} rows={8} className="mono" data-testid="alter-variables-json" />
            </label>
          )}
          {mode === 'variables' && secretNames.length > 0 && (
            <p className="muted small" data-testid="alter-secret-names">Not shown (secret): {secretNames.join(', ')}. Add one to replace its value.</p>
          )}
          {parseError && <p className="error" role="alert">{parseError}</p>}
          <KeptReason value={reason} onChange={setReason} testId="alter-reason" />
          <div className="row-gap">
            <button type="submit" className="btn btn-primary" disabled={a.busy || !reason.trim() || (mode === 'goto' && !stepId)} data-testid="alter-submit">Apply</button>
            <button type="button" className="btn" onClick={() => setMode(null)}>Cancel</button>
          </div>
        </form>
      )}
      {(a.message || moved) && <p className="muted small" role="status" data-testid="alter-message">{a.message || moved}</p>}
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
    </section>
  );
}
