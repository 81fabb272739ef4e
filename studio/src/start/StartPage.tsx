import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, api, toApiError } from '../api/client';
import type { WorkflowDefinitionView } from '../api/types';
import { Loading, ProblemAlert } from '../components/common';
import { JsonEditor } from '../components/JsonEditor';
import { useAsync } from '../lib/hooks';
import { href, navigate } from '../lib/router';
import { describeSampleProblem, isOutdated } from '../designer/sampleInput';
import { buildInput, fieldKind, sampleTag, topField, valuesFromInput, withOwnCustomer } from './startForm';

/**
 * A Duration field's placeholder: the format, not a value. Walk 47: it was `00:05:00`, which read as the field's default
 * beside pay-later's `otpTimeout` "(default 10 minutes)"; a placeholder that looks like a value is taken for one.
 */
const DurationPlaceholder = 'hh:mm:ss';

/** Definitions → a workflow → Start a journey: a form generated from the definition's input fields. */
export function StartPage({ id, query }: { id: string; query: URLSearchParams }) {
  const uid = useId();
  const versionParam = Number(query.get('version'));
  const version = Number.isInteger(versionParam) && versionParam > 0 ? versionParam : undefined;
  const def = useAsync<WorkflowDefinitionView>(() => api.getWorkflow(id, version), [id, version]);
  // Offered only when the workflow has a sample (saved in the designer, or workflows/samples/{id}.json; a new workflow has
  // none); a saved one that no longer fits the inputs is said, not offered; any other failed read offers nothing.
  const sample = useAsync(() => api.getSample(id), [id]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sampleNote, setSampleNote] = useState<string | null>(null);

  useEffect(() => {
    document.title = `Start ${id} · LoanJourney Studio`;
  }, [id]);

  const d = def.data;
  const fields = d?.inputs ?? [];
  const fillSample = () => {
    if (!sample.data) return;
    setError(null);
    const own = withOwnCustomer(sample.data, sampleTag());
    setValues(valuesFromInput(fields, own.input));
    setFieldErrors({});
    setSampleNote(own.customerId
      ? `Filled from the workflow's sample, for a customer of its own (${own.customerId}): a lender remembers each customer's agreement and disbursal, so a second loan for the same customer would stop there. Change it to reuse one.`
      : "Filled from the workflow's sample.");
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!d) return;
    const built = buildInput(fields, values);
    setFieldErrors(built.errors);
    if (Object.keys(built.errors).length) {
      document.getElementById(`${uid}-${topField(Object.keys(built.errors)[0])}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const started = await api.startInstance(id, built.input, { idempotencyKey: idempotencyKey.trim() || undefined, version });
      navigate(`/journeys/${encodeURIComponent(started.id)}`);
    } catch (err) {
      const apiErr = toApiError(err);
      const byField: Record<string, string> = {};
      for (const [k, msgs] of Object.entries(apiErr.problem.errors ?? {})) byField[k.replace(/^(input\.|\$\.)/, '')] = msgs.join(' ');
      setFieldErrors(byField);
      setError(apiErr);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page" data-testid="start-page">
      <div className="page-head">
        <h1>Start a journey{d ? ` · ${d.title}` : ''} <span className="mono muted small">{id}{d ? ` v${d.version}` : ''}</span></h1>
        <a href={href(`/definitions/${encodeURIComponent(id)}`)}>Back to the definition</a>
      </div>
      <ProblemAlert error={def.error} />
      {!d ? def.loading && <Loading /> : (
        <form className="card start-form" onSubmit={submit} noValidate aria-labelledby={`${uid}-h`} data-testid="start-form">
          <div className="card-head">
            <h2 id={`${uid}-h`}>Journey input</h2>
            {sample.data && <button type="button" className="btn" onClick={fillSample} data-testid="fill-sample">Fill with the sample</button>}
          </div>
          {sampleNote && <p className="small muted" role="status">{sampleNote}</p>}
          {isOutdated(sample.error) && <p className="small muted" data-testid="sample-outdated">The workflow&apos;s saved sample no longer fits these inputs ({describeSampleProblem(sample.error!)}): a Designer can save a new one in the designer&apos;s test run.</p>}
          {fields.length === 0 && <p className="muted">This workflow declares no input fields.</p>}
          {fields.map((f) => {
            const kind = fieldKind(f.type);
            const fid = `${uid}-${f.name}`;
            // A nested field's problem (`basicDetails.personalDetails.email`: the form's or the server's) is shown under its
            // top-level field, with its path.
            const nested = Object.entries(fieldErrors).filter(([k]) => k !== f.name && topField(k) === f.name);
            const err = fieldErrors[f.name] || nested.length > 0;
            const descr = [f.description ? `${fid}-d` : '', err ? `${fid}-e` : ''].filter(Boolean).join(' ') || undefined;
            const label = <><span className="mono">{f.name}</span> <span className="muted small">{f.type}{f.format ? ` (${f.format})` : ''}{f.required ? ', required' : ''}</span></>;
            const set = (v: string) => setValues((vs) => ({ ...vs, [f.name]: v }));
            return (
              <div key={f.name} className="start-field" data-testid="start-field" data-field={f.name}>
                {kind === 'json' ? (
                  <>
                    <span className="label-like" id={`${fid}-l`}>{label}</span>
                    <JsonEditor value={values[f.name] ?? ''} onChange={set} ariaLabel={`${f.name} (JSON)`} height={160} testId={`start-json-${f.name}`} />
                  </>
                ) : kind === 'boolean' ? (
                  <label className="check"><input id={fid} type="checkbox" checked={values[f.name] === 'true'} onChange={(e) => set(e.target.checked ? 'true' : 'false')} aria-describedby={descr} />{label}</label>
                ) : (
                  <label>{label}
                    <input id={fid} type={kind === 'number' ? 'number' : 'text'} step="any" value={values[f.name] ?? ''} onChange={(e) => set(e.target.value)}
                      required={f.required} aria-invalid={err ? true : undefined} aria-describedby={descr} data-testid="start-input" data-field={f.name}
                      placeholder={f.type.toLowerCase() === 'duration' ? DurationPlaceholder : undefined} />
                  </label>
                )}
                {f.description && <p className="small muted" id={`${fid}-d`}>{f.description}</p>}
                {err && (
                  <p className="error-text" id={`${fid}-e`} data-testid="start-field-error">
                    {fieldErrors[f.name]}
                    {nested.map(([k, m], i) => <span key={k}>{i > 0 || fieldErrors[f.name] ? <br /> : null}<span className="mono">{k}</span>: {m}</span>)}
                  </p>
                )}
              </div>
            );
          })}
          <label>Idempotency-Key <span className="muted small">(optional: the same key again answers the same journey instead of starting a second)</span>
            <input value={idempotencyKey} onChange={(e) => setIdempotencyKey(e.target.value)} maxLength={200} data-testid="idempotency-key" autoComplete="off" />
          </label>
          <ProblemAlert error={error} onDismiss={() => setError(null)} />
          <div className="row-gap">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="start-submit">{busy ? 'Starting…' : 'Start the journey'}</button>
          </div>
        </form>
      )}
    </div>
  );
}
