import type { WorkflowDefinitionView } from '../api/types';

/**
 * The fields a `Core.WaitForSignal` step declares for its signal's payload (its `fields` input, docs/engine.md "A wait's
 * declared fields"). The server checks a payload against them (400 naming the field); the Studio only edits the
 * declaration and lays out the operator's send-signal form by it.
 */
export interface SignalFieldSpec {
  name: string;
  type?: string;
  required?: boolean;
  sensitive?: boolean;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  description?: string;
}

export const WAIT_FOR_SIGNAL = 'Core.WaitForSignal';
export const FIELDS_INPUT = 'fields';
/** The payload types a field may have (the engine's names; letter case is free there). */
export const SIGNAL_FIELD_TYPES = ['String', 'Number', 'Integer', 'Boolean', 'Object', 'Array', 'Any'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The declaration as an editable list, or null when `fields` is absent or not a list of objects (then edited as JSON). */
export function readSignalFields(value: unknown): SignalFieldSpec[] | null {
  if (!Array.isArray(value) || !value.every(isObject)) return null;
  return value.map((f) => ({ ...f, name: typeof f.name === 'string' ? f.name : '' }) as SignalFieldSpec);
}

/**
 * One field of the declaration changed: properties set to '' / undefined / false are left out (the file stays as an
 * author would write it), and a type other than String drops the bounds that apply to text only.
 */
export function updateSignalField(fields: SignalFieldSpec[], index: number, patch: Partial<SignalFieldSpec>): SignalFieldSpec[] {
  return fields.map((f, i) => {
    if (i !== index) return f;
    const next: Record<string, unknown> = { ...f, ...patch };
    for (const [k, v] of Object.entries(next)) {
      if (k !== 'name' && (v === '' || v === undefined || v === false || (typeof v === 'number' && Number.isNaN(v)))) delete next[k];
    }
    if (typeof next.type === 'string' && next.type.toLowerCase() !== 'string') {
      delete next.pattern;
      delete next.minLength;
      delete next.maxLength;
    }
    return next as unknown as SignalFieldSpec;
  });
}

/** A new field, named so that it does not clash with one declared. */
export function addSignalField(fields: SignalFieldSpec[]): SignalFieldSpec[] {
  let n = fields.length + 1;
  while (fields.some((f) => f.name === `field${n}`)) n++;
  return [...fields, { name: `field${n}`, type: 'String', required: true }];
}

/** What the `fields` input becomes: undefined (removed, so the step takes any payload) when no field is left. */
export function fieldsInputValue(fields: SignalFieldSpec[]): SignalFieldSpec[] | undefined {
  return fields.length ? fields : undefined;
}

/**
 * The fields the step a journey waits at declares for its signal, for the send-signal form; empty when the step is not a
 * `Core.WaitForSignal` with a declaration (the form then takes a JSON payload, or the OTP, as before). A step whose whole
 * signal is `sensitive` has every field masked.
 */
export function declaredSignalFields(def: WorkflowDefinitionView | null | undefined, stepId: string | undefined): SignalFieldSpec[] {
  const step = def?.steps.find((s) => s.id === stepId);
  if (!step || step.activity !== WAIT_FOR_SIGNAL) return [];
  const inputs = step.inputs as Record<string, unknown> | undefined;
  const fields = readSignalFields(inputs?.[FIELDS_INPUT]) ?? [];
  const wholeSensitive = inputs?.sensitive === true;
  return fields.filter((f) => f.name.trim()).map((f) => (wholeSensitive ? { ...f, sensitive: true } : f));
}

/**
 * The payload the form's values make: text as typed for a String (the server judges pattern and length), numbers and
 * true/false for those types, JSON for Object/Array/Any. An empty optional field is left out. `errors` names each field
 * the form cannot turn into its type (nothing is sent then); a missing required field is the server's to name.
 */
export function buildSignalPayload(fields: SignalFieldSpec[], values: Record<string, string>): { payload: Record<string, unknown>; errors: Record<string, string> } {
  const payload: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const text = values[f.name] ?? '';
    if (text === '') continue;
    const type = (f.type ?? 'String').toLowerCase();
    if (type === 'string') payload[f.name] = text;
    else if (type === 'number' || type === 'integer') {
      const n = Number(text.trim());
      if (text.trim() === '' || !Number.isFinite(n)) errors[f.name] = `${f.name} must be a number.`;
      else if (type === 'integer' && !Number.isInteger(n)) errors[f.name] = `${f.name} must be a whole number.`;
      else payload[f.name] = n;
    } else if (type === 'boolean') payload[f.name] = text === 'true';
    else {
      try {
        payload[f.name] = JSON.parse(text) as unknown;
      } catch {
        errors[f.name] = `${f.name} must be JSON (${type === 'array' ? 'e.g. ["a"]' : type === 'object' ? 'e.g. {"a": 1}' : 'e.g. "text" or 5'}).`;
      }
    }
  }
  return { payload, errors };
}
