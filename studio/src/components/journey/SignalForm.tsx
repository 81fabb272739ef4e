import { api } from '../../api/client';
import type { InstanceDetail, WorkflowDefinitionView } from '../../api/types';
import { buildSignalPayload, declaredSignalFields, type SignalFieldSpec } from '../../lib/signalFields';
import { signalSentNote, type SignalSentNote } from '../../lib/signalAnswer';
import { ProblemAlert } from '../common';
import { useAction } from './useAction';
import { splitFieldProblems, exactField } from '../../lib/fieldProblems';
import { useEffect, useRef, useState, type FormEvent } from 'react';

export const SECRET_NAME = /otp|pin|password|secret/i;

export function SignalForm({ detail, def, onDone, bare = false }: { detail: InstanceDetail; def?: WorkflowDefinitionView | null; onDone: () => void; bare?: boolean }) {
  const waitingSignals = detail.waitingFor.filter((w) => w.kind === 'signal' && w.key);
  const [chosen, setChosen] = useState(waitingSignals[0]?.key ?? '');
  // The signal the form is for: the one chosen while the journey still waits for it, else the first it waits for now.
  // A name kept from an earlier wait (the OTP just sent, the journey now waiting at another step) would lay the form out
  // for that signal and send it there: the select showed the new signal while the form was the OTP box (walk 44).
  const name = waitingSignals.length > 0 && !waitingSignals.some((w) => w.key === chosen) ? waitingSignals[0].key! : chosen;
  const setName = setChosen;
  const [secret, setSecret] = useState('');
  const [payload, setPayload] = useState('{}');
  const [localError, setLocalError] = useState<string | null>(null);
  const a = useAction();
  // What the server said of the last send: a sensitive signal (an OTP) ran in the call, and may not have been taken.
  const [note, setNote] = useState<SignalSentNote | null>(null);
  const known = waitingSignals.find((w) => w.key === name);
  // A Core.WaitForSignal that declares its payload's fields gets one input per field (a sensitive one masked) instead of
  // the JSON payload or the single OTP box (docs/studio.md, "Send a signal").
  const declared = known ? declaredSignalFields(def, known.stepId) : [];
  const isSecret = declared.length === 0 && (known ? known.sensitive || SECRET_NAME.test(name) : SECRET_NAME.test(name));
  const [values, setValues] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  // The fields edited since the server's refusal: their message is answered (or being answered) and goes, the other
  // fields' stay until the next send (session 45: every message stayed until then). Kept with the refusal they belong to.
  const [edited, setEdited] = useState<{ of: unknown; names: ReadonlySet<string> }>({ of: null, names: new Set() });
  const editedNow = edited.of === a.error ? edited.names : new Set<string>();
  // The server's 400 naming a declared field (RFC 7807 `errors`) shows under that field, with the focus moved there; the
  // problem box keeps what names no field of the form (walk 44: it all went to the box).
  const server = declared.length > 0 ? splitFieldProblems(a.error, exactField(declared.map((f) => f.name))) : { byField: {} as Record<string, string>, first: null, rest: a.error };
  const formRef = useRef<HTMLFormElement>(null);
  const firstRefused = server.first;
  useEffect(() => {
    if (!firstRefused) return;
    formRef.current?.ownerDocument.getElementById(`signal-field-${firstRefused}`)?.focus();
  }, [a.error, firstRefused]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    setNote(null);
    let body: Record<string, unknown>;
    if (declared.length > 0) {
      const built = buildSignalPayload(declared, values);
      setFieldErrors(built.errors);
      if (Object.keys(built.errors).length > 0) return;
      body = built.payload;
      // Like the OTP: a sensitive field's value leaves the form whether or not the call succeeds.
      setValues((v) => Object.fromEntries(Object.entries(v).filter(([k]) => !declared.some((f) => f.name === k && f.sensitive))));
    } else if (isSecret) {
      body = { [name]: secret };
    } else {
      try {
        const parsed: unknown = JSON.parse(payload || '{}');
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        setLocalError('The payload must be a JSON object, e.g. {"approved": true}.');
        return;
      }
    }
    // The secret leaves the form whether or not the call succeeds: it is never kept or logged.
    setSecret('');
    const sent = name.trim();
    await a.run(async () => setNote(signalSentNote(sent, (await api.sendSignal(detail.id, sent, body)).signal)), '', onDone);
  };

  const form = (
      <form ref={formRef} onSubmit={submit} className="signal-form" data-testid="signal-form" autoComplete="off">
        <label htmlFor="signal-name">Signal</label>
        {waitingSignals.length > 0 ? (
          <select id="signal-name" value={name} onChange={(e) => setName(e.target.value)} data-testid="signal-name">
            {waitingSignals.map((w) => <option key={w.key!} value={w.key!}>{w.key}</option>)}
          </select>
        ) : (
          <input id="signal-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. otp" data-testid="signal-name" required />
        )}
        {waitingSignals.length === 0 && <p className="muted small">The journey is not waiting for a signal now; the server will refuse one it does not expect.</p>}
        {declared.length > 0 ? (
          <fieldset className="plain-fieldset" data-testid="signal-fields">
            <legend>Payload of {name}</legend>
            {declared.map((f) => (
              <DeclaredFieldInput key={f.name} field={f} value={values[f.name] ?? ''}
                error={fieldErrors[f.name] ?? (editedNow.has(f.name) ? undefined : server.byField[f.name])}
                onChange={(v) => {
                  setValues((old) => ({ ...old, [f.name]: v }));
                  // An edit answers the field's message, the form's own check's or the server's.
                  setFieldErrors((old) => {
                    if (!(f.name in old)) return old;
                    const others = { ...old };
                    delete others[f.name];
                    return others;
                  });
                  if (!editedNow.has(f.name)) setEdited({ of: a.error, names: new Set([...editedNow, f.name]) });
                }} />
            ))}
          </fieldset>
        ) : isSecret ? (
          <>
            <label htmlFor="signal-secret">{name.toUpperCase() === 'OTP' ? 'OTP' : `Value of ${name}`}</label>
            <input id="signal-secret" type="password" inputMode="numeric" autoComplete="one-time-code" value={secret}
              onChange={(e) => setSecret(e.target.value)} required data-testid="signal-secret" />
          </>
        ) : (
          <>
            <label htmlFor="signal-payload">Payload (JSON object)</label>
            <textarea id="signal-payload" rows={3} className="mono" value={payload} onChange={(e) => setPayload(e.target.value)} data-testid="signal-payload" />
          </>
        )}
        {localError && <p className="error-text" role="alert">{localError}</p>}
        <button type="submit" className="btn btn-primary" disabled={a.busy || !name.trim() || (isSecret && !secret)} data-testid="signal-send">
          {a.busy ? 'Sending…' : 'Send signal'}
        </button>
        {note && (note.tone === 'ok'
          ? <p className="ok-text" role="status" data-testid="signal-result" data-tone="ok">{note.text}</p>
          : <div className="alert alert-warn" role="alert" data-testid="signal-result" data-tone="warn"><div className="alert-body">{note.text}</div></div>)}
        <ProblemAlert error={server.rest} onDismiss={a.clearError} />
      </form>
  );
  if (bare) return form;
  return (
    <section className="card" aria-labelledby="signal-h">
      <h2 id="signal-h">Send a signal</h2>
      {form}
    </section>
  );
}

function DeclaredFieldInput({ field: f, value, error, onChange }: { field: SignalFieldSpec; value: string; error?: string; onChange: (v: string) => void }) {
  const id = `signal-field-${f.name}`;
  const type = (f.type ?? 'String').toLowerCase();
  const hint = [f.description, f.pattern ? `Form: ${f.pattern}` : '', f.minLength !== undefined || f.maxLength !== undefined
    ? `Length: ${f.minLength ?? 0}–${f.maxLength ?? '…'}` : ''].filter(Boolean).join(' · ');
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="input-field">
      <label htmlFor={id}>
        <span className="mono">{f.name}</span> <span className="muted small">{f.type ?? 'String'}{f.required ? ', required' : ''}{f.sensitive ? ', sensitive' : ''}</span>
      </label>
      {type === 'boolean' ? (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid="signal-field" data-field={f.name}
          aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
          <option value="">(leave out)</option>
          <option value="true">true</option>
          <option value="false">false</option>
        </select>
      ) : (
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid="signal-field" data-field={f.name}
          type={f.sensitive ? 'password' : 'text'} autoComplete={f.sensitive ? 'off' : undefined}
          className={type === 'string' ? undefined : 'mono'} aria-invalid={error ? true : undefined}
          aria-describedby={describedBy} />
      )}
      {hint && <p className="small muted" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="error-text" role="alert" id={`${id}-error`} data-testid="signal-field-error" data-field={f.name}>{error}</p>}
    </div>
  );
}
