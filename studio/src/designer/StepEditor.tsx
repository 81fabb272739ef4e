import { useEffect, useId, useState } from 'react';
import type { ActivityDescriptor, DefinitionDocument, DefinitionStep, ValidationError } from '../api/types';
import { FieldErrors } from './FieldErrors';
import { addSignalField, fieldsInputValue, FIELDS_INPUT, readSignalFields, SIGNAL_FIELD_TYPES, updateSignalField, WAIT_FOR_SIGNAL, type SignalFieldSpec } from '../lib/signalFields';
import { bindingOptions, errorsForField, inputPlaceholder, inputText, offeredBindings, parseInputText, stepIdRefusal, stepOutcomes, typeFits } from './model';

interface Props {
  doc: DefinitionDocument;
  step: DefinitionStep;
  activities: Map<string, ActivityDescriptor>;
  errors: ValidationError[];
  /** A changed step; `field` names the text field typed in (its keystrokes join one undo entry), none for a one-off change. */
  onChange: (step: DefinitionStep, field?: string) => void;
  onRename: (to: string) => void;
  onWire: (outcome: string, target: string | null) => void;
  onMakeStart: () => void;
  onRemove: () => void;
  onClose: () => void;
}

/** The side panel of the selected step: every property of the step, typed by its activity's descriptor. */
export function StepEditor({ doc, step, activities, errors, onChange, onRename, onWire, onMakeStart, onRemove, onClose }: Props) {
  const uid = useId();
  const act = activities.get(step.activity);
  const ends = act?.isTerminal === true;
  const [idText, setIdText] = useState(step.id);
  useEffect(() => setIdText(step.id), [step.id]);
  const options = bindingOptions(doc, step.id, activities);
  const declared = act?.inputs ?? [];
  const extra = Object.keys(step.inputs ?? {}).filter((k) => !declared.some((d) => d.name === k));
  const fields = [...declared.map((d) => ({ name: d.name, type: d.type, required: d.required ?? false, description: d.description })),
    ...extra.map((name) => ({ name, type: 'any', required: false, description: 'Not an input of this activity.' }))];
  const setInput = (name: string, value: unknown) => {
    const inputs = { ...(step.inputs ?? {}) };
    if (value === undefined) delete inputs[name];
    else inputs[name] = value;
    onChange({ ...step, inputs }, `inputs.${name}`);
  };
  const fieldErrs = (f: string) => errorsForField(errors, f);
  const described = (f: string) => (fieldErrs(f).length ? `${uid}-${f}-err` : undefined);
  const stepLevel = errors.filter((e) => !e.field);
  const others = doc.steps.filter((s) => s.id !== step.id);
  // A new id that cannot be taken stays in the field with the reason (it used to snap back to the old id without a word,
  // and the author's wires seemed to have been lost to a rename that never happened).
  const [idRefused, setIdRefused] = useState<string | null>(null);
  useEffect(() => setIdRefused(null), [step.id]);
  const commitId = () => {
    const to = idText.trim();
    const refused = stepIdRefusal(doc, step.id, to);
    setIdRefused(refused);
    if (refused === null && to !== step.id) onRename(to);
  };
  const idErrors = idRefused ? [{ stepId: step.id, field: 'id', code: 'id_refused', message: idRefused }, ...fieldErrs('id')] : fieldErrs('id');

  return (
    <section className="step-editor" aria-labelledby={`${uid}-h`} data-testid="step-editor" data-step-id={step.id} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="card-head">
        <h2 id={`${uid}-h`}>Step {step.title || step.id}</h2>
        <button type="button" className="btn-icon" aria-label="Close step editor" onClick={onClose}>×</button>
      </div>
      {stepLevel.length > 0 && <FieldErrors id={`${uid}-step-err`} errors={stepLevel} />}
      <div className="form-grid">
        <label>Step id
          <input value={idText} onChange={(e) => setIdText(e.target.value)} onBlur={commitId} onKeyDown={(e) => e.key === 'Enter' && commitId()} data-testid="step-id"
            aria-invalid={idErrors.length > 0} aria-describedby={idErrors.length ? `${uid}-id-err` : undefined} />
        </label>
        <FieldErrors id={`${uid}-id-err`} errors={idErrors} />
        <label>Title
          <input value={step.title ?? ''} onChange={(e) => onChange({ ...step, title: e.target.value || undefined }, 'title')} data-testid="step-title" />
        </label>
        <label>Activity
          <select value={step.activity} onChange={(e) => onChange({ ...step, activity: e.target.value })} data-testid="step-activity" aria-invalid={fieldErrs('activity').length > 0} aria-describedby={described('activity')}>
            {!act && <option value={step.activity}>{step.activity} (unknown)</option>}
            {[...activities.values()].map((a) => <option key={a.type} value={a.type}>{a.type}</option>)}
          </select>
        </label>
        <FieldErrors id={`${uid}-activity-err`} errors={fieldErrs('activity')} />
        {act?.description && <p className="small muted">{act.description}</p>}
        <div className="row-gap">
          {doc.start === step.id ? <span className="badge">Start step</span> : <button type="button" className="btn" onClick={onMakeStart}>Make this the start step</button>}
          <button type="button" className="btn btn-danger-outline" onClick={onRemove} data-testid="remove-step">Remove step</button>
        </div>
      </div>

      <h3>Inputs</h3>
      {fields.length === 0 && <p className="muted small">This activity takes no inputs.</p>}
      {fields.map((f) => {
        const fieldKey = `inputs.${f.name}`;
        const { options: fitting, suggested } = offeredBindings(f.name, options.filter((o) => typeFits(f.type, o.type)));
        // A Core.WaitForSignal's payload fields: a row per field rather than JSON in one line. Absent, or a list of
        // fields, it is edited here; anything else (hand-written) stays in the JSON box below, where its errors are named.
        const signalFields = step.activity === WAIT_FOR_SIGNAL && f.name === FIELDS_INPUT ? readSignalFields(step.inputs?.[f.name] ?? []) : null;
        if (signalFields) {
          return (
            <SignalFieldsEditor key={f.name} fields={signalFields} description={f.description} errors={fieldErrs(fieldKey)}
              onChange={(next, field) => {
                const inputs = { ...(step.inputs ?? {}) };
                const value = fieldsInputValue(next);
                if (value === undefined) delete inputs[FIELDS_INPUT];
                else inputs[FIELDS_INPUT] = value;
                onChange({ ...step, inputs }, field);
              }} />
          );
        }
        return (
          <div key={f.name} className="input-field">
            <label>
              <span><span className="mono">{f.name}</span> <span className="muted small">{f.type}{f.required ? ', required' : ''}</span></span>
              <input
                value={inputText(step.inputs?.[f.name])}
                list={`${uid}-bindings-${f.name}`}
                placeholder={suggested?.value ?? inputPlaceholder(f.type)}
                onChange={(e) => setInput(f.name, parseInputText(e.target.value, f.type))}
                data-testid="step-input"
                data-input={f.name}
                aria-invalid={fieldErrs(fieldKey).length > 0}
                aria-describedby={described(fieldKey)}
              />
            </label>
            <datalist id={`${uid}-bindings-${f.name}`}>
              {fitting.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </datalist>
            {f.description && <p className="small muted">{f.description}</p>}
            <FieldErrors id={`${uid}-${fieldKey}-err`} errors={fieldErrs(fieldKey)} />
          </div>
        );
      })}

      <h3>Next step per outcome</h3>
      <div className="form-grid">
        {stepOutcomes(step, act).map((o) => {
          const fieldKey = `next.${o}`;
          return (
            <div key={o} className="next-field">
              {/* The label beside the select, not around it: a select inside its label is named by the label's whole text,
                  its chosen option too ("Rejected (end the journey)", session 46's walk); the value is read on its own. */}
              <label htmlFor={`${uid}-next-${o}`}>{o}</label>
              <select id={`${uid}-next-${o}`} value={step.next?.[o] ?? ''} onChange={(e) => onWire(o, e.target.value || null)} data-testid="step-next" data-outcome={o} aria-invalid={fieldErrs(fieldKey).length > 0} aria-describedby={described(fieldKey)}>
                <option value="">(end the journey)</option>
                {others.map((s) => <option key={s.id} value={s.id}>{s.title ? `${s.title} (${s.id})` : s.id}</option>)}
                {step.next?.[o] && !others.some((s) => s.id === step.next?.[o]) && <option value={step.next[o]}>{step.next[o]} (missing)</option>}
              </select>
              <FieldErrors id={`${uid}-${fieldKey}-err`} errors={fieldErrs(fieldKey)} />
            </div>
          );
        })}
        {Object.keys(step.next ?? {}).filter((o) => !stepOutcomes(step, act).includes(o)).map((o) => (
          <div key={o}>
            <p className="error-text">Outcome <code>{o}</code> is not an outcome of {step.activity}. <button type="button" className="linklike" onClick={() => onWire(o, null)}>Remove it</button></p>
            <FieldErrors id={`${uid}-next.${o}-err`} errors={fieldErrs(`next.${o}`)} />
          </div>
        ))}
      </div>

      {/* A step that ends the journey (Core.End) never fails, waits or is compensated (a completed journey cannot be
          cancelled): retry, timeout and compensation would do nothing there. One already set (a file written by hand)
          stays shown, so it can be removed. */}
      {(!ends || step.retry !== undefined) && <RetryEditor step={step} onChange={onChange} errors={fieldErrs('retry')} />}

      {(!ends || step.timeout !== undefined) && <>
        <h3>Timeout</h3>
        <label>Timeout of one attempt
          <input value={step.timeout ?? ''} placeholder="00:00:30 or PT30S" onChange={(e) => onChange({ ...step, timeout: e.target.value || undefined }, 'timeout')} data-testid="step-timeout" aria-invalid={fieldErrs('timeout').length > 0} aria-describedby={described('timeout')} />
        </label>
        <FieldErrors id={`${uid}-timeout-err`} errors={fieldErrs('timeout')} />
      </>}

      {(!ends || step.compensation !== undefined) && <CompensationEditor step={step} activities={activities} onChange={onChange} errors={fieldErrs('compensation')} />}
    </section>
  );
}

function RetryEditor({ step, onChange, errors }: { step: DefinitionStep; onChange: (s: DefinitionStep, field?: string) => void; errors: ValidationError[] }) {
  const r = step.retry;
  const set = (patch: Partial<NonNullable<DefinitionStep['retry']>>) => onChange({ ...step, retry: { ...r, ...patch } }, `retry.${Object.keys(patch)[0]}`);
  return (
    <fieldset className="plain-fieldset">
      <legend>Retry policy</legend>
      <label className="check">
        <input type="checkbox" checked={r !== undefined} onChange={(e) => onChange({ ...step, retry: e.target.checked ? { maxAttempts: 3, initialDelay: '00:00:01', backoffFactor: 2, maxDelay: '00:01:00' } : undefined })} />
        Retry failed attempts
      </label>
      {r && (
        <div className="form-grid form-grid-2">
          <label>Max attempts<input type="number" min={1} value={r.maxAttempts ?? 1} onChange={(e) => set({ maxAttempts: Number(e.target.value) })} /></label>
          <label>Backoff factor<input type="number" min={1} step={0.5} value={r.backoffFactor ?? 2} onChange={(e) => set({ backoffFactor: Number(e.target.value) })} /></label>
          <label>First delay<input value={r.initialDelay ?? ''} placeholder="00:00:01" onChange={(e) => set({ initialDelay: e.target.value })} /></label>
          <label>Longest delay<input value={r.maxDelay ?? ''} placeholder="00:01:00" onChange={(e) => set({ maxDelay: e.target.value || undefined })} /></label>
        </div>
      )}
      <FieldErrors id={`retry-err-${step.id}`} errors={errors} />
    </fieldset>
  );
}

function CompensationEditor({ step, activities, onChange, errors }: { step: DefinitionStep; activities: Map<string, ActivityDescriptor>; onChange: (s: DefinitionStep) => void; errors: ValidationError[] }) {
  const c = step.compensation;
  const [text, setText] = useState(JSON.stringify(c?.inputs ?? {}, null, 2));
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => setText(JSON.stringify(step.compensation?.inputs ?? {}, null, 2)), [step.id, step.compensation?.inputs]);
  return (
    <fieldset className="plain-fieldset">
      <legend>Compensation (run when a cancelled journey had completed this step)</legend>
      <label>Activity
        <select value={c?.activity ?? ''} onChange={(e) => onChange({ ...step, compensation: e.target.value ? { activity: e.target.value, inputs: c?.inputs ?? {} } : undefined })}>
          <option value="">(none)</option>
          {[...activities.values()].map((a) => <option key={a.type} value={a.type}>{a.type}</option>)}
        </select>
      </label>
      {c && (
        <label>Inputs (JSON)
          <textarea rows={4} className="mono" value={text} onChange={(e) => setText(e.target.value)} onBlur={() => {
            try {
              const v = JSON.parse(text) as unknown;
              if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('an object is needed');
              setBad(null);
              onChange({ ...step, compensation: { ...c, inputs: v as Record<string, unknown> } });
            } catch (e) {
              setBad(e instanceof Error ? e.message : String(e));
            }
          }} aria-invalid={bad !== null} />
        </label>
      )}
      {bad && <p className="error-text" role="alert">Not applied: {bad}</p>}
      <FieldErrors id={`comp-err-${step.id}`} errors={errors} />
    </fieldset>
  );
}

/**
 * The payload fields a Core.WaitForSignal declares (docs/engine.md, "A wait's declared fields"): name, type, required,
 * sensitive, and for text a pattern and length bounds. The compiler's errors show under the row they name
 * (`inputs.fields[1].pattern`). No field: the step takes any payload.
 */
function SignalFieldsEditor({ fields, description, errors, onChange }: {
  fields: SignalFieldSpec[]; description?: string; errors: ValidationError[]; onChange: (fields: SignalFieldSpec[], field?: string) => void;
}) {
  const uid = useId();
  const rowErrors = (i: number) => errorsForField(errors, `inputs.fields[${i}]`);
  const own = errors.filter((e) => !/^inputs\.fields\[\d+\]/.test(e.field ?? ''));
  const set = (i: number, patch: Partial<SignalFieldSpec>, typed = true) =>
    onChange(updateSignalField(fields, i, patch), typed ? `inputs.fields[${i}].${Object.keys(patch)[0]}` : undefined);
  const num = (text: string) => (text.trim() === '' ? undefined : Number(text));
  return (
    <fieldset className="plain-fieldset" data-testid="signal-fields-editor">
      <legend>Payload fields <span className="muted small">(fields)</span></legend>
      {fields.length === 0 && <p className="muted small">None declared: the step takes any payload. Declare fields to have a signal that lacks one, or gives one of the wrong form, refused naming it.</p>}
      {fields.map((f, i) => {
        const text = (f.type ?? 'String').toLowerCase() === 'string';
        const errs = rowErrors(i);
        return (
          <div key={i} className="signal-field-row" data-testid="signal-field-row" data-index={i} aria-invalid={errs.length > 0}>
            <div className="form-grid form-grid-2">
              <label>Name<input value={f.name} onChange={(e) => set(i, { name: e.target.value })} data-testid="signal-field-name" /></label>
              <label>Type
                <select value={SIGNAL_FIELD_TYPES.find((t) => t.toLowerCase() === (f.type ?? 'String').toLowerCase()) ?? f.type} onChange={(e) => set(i, { type: e.target.value }, false)} data-testid="signal-field-type">
                  {!SIGNAL_FIELD_TYPES.some((t) => t.toLowerCase() === (f.type ?? 'String').toLowerCase()) && <option value={f.type}>{f.type} (unknown)</option>}
                  {SIGNAL_FIELD_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
                </select>
              </label>
              {text && <>
                <label>Pattern (whole value)<input value={f.pattern ?? ''} placeholder="e.g. [0-9]{6}" className="mono" onChange={(e) => set(i, { pattern: e.target.value })} data-testid="signal-field-pattern" /></label>
                {/* Two boxes, each with its own visible label; the group's name says what they bound (walk 44: the boxes were told
                    apart only by their accessible names). Each name also carries the field's, to tell the rows apart. */}
                <div role="group" aria-labelledby={`${uid}-${i}-len`} className="length-bounds" data-testid="signal-field-length">
                  <span id={`${uid}-${i}-len`} className="length-bounds-title">Length <span className="muted small">(characters)</span></span>
                  <span className="row-gap">
                    <label>At least<span className="visually-hidden"> ({f.name})</span>
                      <input type="number" min={0} value={f.minLength ?? ''} onChange={(e) => set(i, { minLength: num(e.target.value) })} data-testid="signal-field-min" />
                    </label>
                    <label>At most<span className="visually-hidden"> ({f.name})</span>
                      <input type="number" min={0} value={f.maxLength ?? ''} onChange={(e) => set(i, { maxLength: num(e.target.value) })} data-testid="signal-field-max" />
                    </label>
                  </span>
                </div>
              </>}
            </div>
            <div className="row-gap">
              {/* What the box means, said beside it either way (session 45: a new field started Required without a word). */}
              <label className="check"><input type="checkbox" checked={f.required === true} onChange={(e) => set(i, { required: e.target.checked }, false)} data-testid="signal-field-required"
                aria-describedby={`${uid}-${i}-req`} />Required</label>
              <label className="check"><input type="checkbox" checked={f.sensitive === true} onChange={(e) => set(i, { sensitive: e.target.checked }, false)} data-testid="signal-field-sensitive" />Sensitive (never stored or shown)</label>
              <button type="button" className="btn btn-danger-outline" onClick={() => onChange(fields.filter((_, j) => j !== i))} aria-label={`Remove field ${f.name}`}>Remove</button>
            </div>
            {/* Under the row, not in it: in the row it wrapped the Sensitive box onto a line of its own, under the Required box
                and closer to it than WCAG 2.2's 24 px target spacing (axe target-size, DesignerTests.Polish). */}
            <p className="muted small signal-field-note" id={`${uid}-${i}-req`} data-testid="signal-field-required-note">
              {f.required === true ? 'Required: a signal without it is refused' : 'Optional: a signal may leave it out'}
            </p>
            <FieldErrors id={`${uid}-${i}-err`} errors={errs} />
          </div>
        );
      })}
      <button type="button" className="btn" onClick={() => onChange(addSignalField(fields))} data-testid="signal-field-add" aria-describedby={`${uid}-add-hint`}>Add field</button>
      {/* Decision (session 45, docs/studio.md "Declared signal fields"): a new field starts Required — fail closed. */}
      <p className="small muted" id={`${uid}-add-hint`} data-testid="signal-field-add-hint">A new field starts <strong>Required</strong>: the step declares what it needs, so a signal without it is refused rather than let through. Untick it for an optional field.</p>
      {description && <p className="small muted">{description}</p>}
      <FieldErrors id={`${uid}-err`} errors={own} />
    </fieldset>
  );
}
