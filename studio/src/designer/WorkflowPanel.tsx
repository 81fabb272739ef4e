import { Fragment, useEffect, useId, useState } from 'react';
import type { DefinitionDocument, DefinitionInputField, ValidationError } from '../api/types';
import { FieldErrors } from './FieldErrors';
import { errorsForField } from './model';

const FIELD_TYPES = ['String', 'Number', 'Integer', 'Boolean', 'Object', 'Array', 'Duration', 'Any'];

/** The formats a `String` input field may declare (the server's `InputFormats`, docs/engine.md "Definition format"). */
export const INPUT_FORMATS: { value: string; label: string }[] = [
  { value: 'email', label: 'email (name@example.com)' },
  { value: 'date', label: 'date (yyyy-MM-dd)' },
  { value: 'pan', label: 'pan (AAAAA9999A)' },
  { value: 'mobile-in', label: 'mobile-in (10 digits, 6–9 first)' },
  { value: 'pincode', label: 'pincode (6 digits)' },
  { value: 'ifsc', label: 'ifsc (HDFC0000123)' },
];

/**
 * A field's new type: a field that is no longer a `String` loses its format and pattern (the server refuses them on any
 * other type), as a signal field's do.
 */
export function withFieldType(field: DefinitionInputField, type: string): DefinitionInputField {
  if (type.toLowerCase() === 'string') return { ...field, type };
  const { format: _format, pattern: _pattern, ...rest } = field;
  return { ...rest, type };
}

/** A format or pattern set, or left out of the file when emptied (an absent one is no check; `""` would be a definition error). */
function withText(field: DefinitionInputField, key: 'format' | 'pattern', value: string): DefinitionInputField {
  const next = { ...field };
  if (value === '') delete next[key];
  else next[key] = value;
  return next;
}

/** The definition's own properties: title, start step, start input fields and variables. */
/** `onChange`'s `field` names the text field typed in (its keystrokes join one undo entry), none for a one-off change. */
export function WorkflowPanel({ doc, errors, onChange }: { doc: DefinitionDocument; errors: ValidationError[]; onChange: (d: DefinitionDocument, field?: string) => void }) {
  const uid = useId();
  const fields = doc.input ?? [];
  const setField = (i: number, patch: Partial<DefinitionInputField>, field?: string) => onChange({ ...doc, input: fields.map((f, j) => (i === j ? { ...f, ...patch } : f)) }, field);
  const replaceField = (i: number, next: DefinitionInputField, field?: string) => onChange({ ...doc, input: fields.map((f, j) => (i === j ? next : f)) }, field);
  const general = errors.filter((e) => !e.field || !/^(input|variables)/i.test(e.field));
  const rowErrors = (i: number) => errorsForField(errors, `input[${i}]`);
  const tableErrors = errorsForField(errors, 'input').filter((e) => !fields.some((_, i) => rowErrors(i).includes(e)));
  return (
    <section className="workflow-panel" aria-labelledby={`${uid}-h`} data-testid="workflow-panel">
      <h2 id={`${uid}-h`}>Workflow</h2>
      <FieldErrors id={`${uid}-err`} errors={general} />
      <div className="form-grid">
        <label>Id<input value={doc.id} readOnly aria-readonly="true" className="mono" /></label>
        <label>Title<input value={doc.title ?? ''} onChange={(e) => onChange({ ...doc, title: e.target.value }, 'title')} data-testid="workflow-title" /></label>
        <label>Start step
          <select value={doc.start} onChange={(e) => onChange({ ...doc, start: e.target.value })} data-testid="workflow-start">
            {!doc.start && <option value="">(none)</option>}
            {doc.steps.map((s) => <option key={s.id} value={s.id}>{s.id}</option>)}
          </select>
        </label>
      </div>

      <h3>Start input fields</h3>
      <table className="table table-compact" data-testid="input-fields">
        <thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {fields.map((f, i) => {
            const label = f.name || `input field ${i + 1}`;
            const text = (f.type ?? 'any').toLowerCase() === 'string';
            const errs = rowErrors(i);
            const errId = `${uid}-input-${i}-err`;
            const known = !f.format || INPUT_FORMATS.some((o) => o.value === f.format);
            return (
              <Fragment key={i}>
                <tr className={text || errs.length > 0 ? 'input-field-main' : undefined} data-testid="input-field-row" data-index={i} aria-invalid={errs.length > 0 || undefined}>
                  <td><input aria-label={`Name of input field ${i + 1}`} value={f.name} onChange={(e) => setField(i, { name: e.target.value }, `input.${i}.name`)} data-testid="input-field-name" aria-describedby={errs.length > 0 ? errId : undefined} /></td>
                  <td>
                    <select aria-label={`Type of ${label}`} value={FIELD_TYPES.find((t) => t.toLowerCase() === (f.type ?? 'any').toLowerCase()) ?? 'Any'} onChange={(e) => replaceField(i, withFieldType(f, e.target.value))} data-testid="input-field-type">
                      {FIELD_TYPES.map((t) => <option key={t}>{t}</option>)}
                    </select>
                  </td>
                  <td><input type="checkbox" aria-label={`${f.name || `Input field ${i + 1}`} is required`} checked={f.required ?? false} onChange={(e) => setField(i, { required: e.target.checked })} /></td>
                  <td><button type="button" className="btn-icon" aria-label={`Remove input field ${f.name || i + 1}`} onClick={() => onChange({ ...doc, input: fields.filter((_, j) => j !== i) })}>×</button></td>
                </tr>
                {(text || errs.length > 0) && (
                  <tr className="input-field-detail" data-testid="input-field-detail" data-index={i}>
                    <td colSpan={4}>
                      {text && (
                        <div className="form-grid form-grid-2">
                          <label>Format
                            <select aria-label={`Format of ${label}`} value={f.format ?? ''} onChange={(e) => replaceField(i, withText(f, 'format', e.target.value))} data-testid="input-field-format" aria-describedby={errs.length > 0 ? errId : undefined}>
                              <option value="">none</option>
                              {!known && <option value={f.format}>{f.format} (unknown)</option>}
                              {INPUT_FORMATS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                            </select>
                          </label>
                          <label>Pattern
                            <input aria-label={`Pattern of ${label}`} value={f.pattern ?? ''} placeholder="e.g. ^REF-[0-9]{4}$" className="mono" onChange={(e) => replaceField(i, withText(f, 'pattern', e.target.value), `input.${i}.pattern`)} data-testid="input-field-pattern" aria-describedby={errs.length > 0 ? errId : undefined} />
                          </label>
                        </div>
                      )}
                      <FieldErrors id={errId} errors={errs} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <FieldErrors id={`${uid}-input-err`} errors={tableErrors} />
      <button type="button" className="btn" onClick={() => onChange({ ...doc, input: [...fields, { name: `field${fields.length + 1}`, type: 'String' }] })} data-testid="add-input-field">Add input field</button>

      <h3>Variables</h3>
      <VariablesEditor value={doc.variables ?? {}} onChange={(variables) => onChange({ ...doc, variables })} />
      <FieldErrors id={`${uid}-vars-err`} errors={errorsForField(errors, 'variables')} />
    </section>
  );
}

function VariablesEditor({ value, onChange }: { value: Record<string, unknown>; onChange: (v: Record<string, unknown>) => void }) {
  const entries = Object.entries(value);
  const [name, setName] = useState('');
  const [initial, setInitial] = useState('null');
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => setBad(null), [name, initial]);
  const add = () => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return setBad('A variable name is letters, digits and _.');
    try {
      onChange({ ...value, [name]: JSON.parse(initial) as unknown });
      setName('');
      setInitial('null');
    } catch {
      setBad('The initial value must be JSON (null, 0, "text", …).');
    }
  };
  return (
    <>
      {entries.length === 0 ? <p className="muted small">No variables.</p> : (
        <ul className="plain" data-testid="variables">
          {entries.map(([k, v]) => (
            <li key={k}><span className="mono">{k}</span> = <span className="mono">{JSON.stringify(v)}</span> <button type="button" className="btn-icon" aria-label={`Remove variable ${k}`} onClick={() => onChange(Object.fromEntries(entries.filter(([n]) => n !== k)))}>×</button></li>
          ))}
        </ul>
      )}
      <div className="row-gap">
        <label>New variable<input value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label>Initial value<input value={initial} onChange={(e) => setInitial(e.target.value)} className="mono" /></label>
        <button type="button" className="btn" onClick={add}>Add variable</button>
      </div>
      {bad && <p className="error-text" role="alert">{bad}</p>}
    </>
  );
}
