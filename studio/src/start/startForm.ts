import type { InputField } from '../api/types';

/** How a start input field is edited: a JSON editor for objects, arrays and untyped fields, else a plain control. */
export type FieldKind = 'text' | 'number' | 'boolean' | 'json';

export function fieldKind(type: string): FieldKind {
  switch (type.toLowerCase()) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
    case 'array':
    case 'any':
      return 'json';
    default:
      return 'text';
  }
}

/** The form's text per field from a sample (or any) input: JSON fields pretty-printed, the others as text. */
export function valuesFromInput(fields: InputField[], input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = input[f.name];
    if (v === undefined || v === null) continue;
    out[f.name] = fieldKind(f.type) === 'json' ? JSON.stringify(v, null, 2) : typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/**
 * A sample input for a borrower of its own: every string `customerId`, at any depth, ends `-S<tag>` (the same tag, so two
 * places naming one customer still name one). The sandbox, like a lender, remembers each customer's agreement and
 * disbursal, so a second journey started from the same sample for the same customer stopped at the agreement (FinBox's
 * FBX-S-208, a `TakenElsewhere` incident) instead of ending Disbursed as the first one did. Test runs tag their borrowers
 * the same way (`-TR<tag>`).
 *
 * Decision: found by its name wherever it is, not by the journey's input schema. partner-handshake nests the borrower in
 * `loanInput` (the child journey's input), which its schema declares only as an `Object`: no schema marker or per-field
 * path would reach it without the workflow declaring the child's input, and a path list kept here would miss the next
 * journey that nests one. `customerId` is the name every shipped journey gives the borrower (docs/api.md, "Retention and
 * erasure"). `customerId` is the first one met (top level first), null when there is none; the sample is never changed.
 *
 * The partner's reference for the borrower (`verifiedCustomerRefId`, pay-later's `partner` object) gets the same tag (session
 * 53): it names the partner's customer, so a borrower of its own has a reference of its own. Before, every journey started
 * from the pay-later sample shared `PARTNER-REF-PAYLATER-1`, and the partner (the sandbox) was told two different borrowers'
 * decisions about one customer of its (counted as `tokenShareDuplicate`).
 */
export function withOwnCustomer(input: Record<string, unknown>, tag: string): { input: Record<string, unknown>; customerId: string | null } {
  let first: string | null = null;
  const isId = (k: string, v: unknown): v is string => k === 'customerId' && typeof v === 'string' && v !== '';
  const isRef = (k: string, v: unknown): v is string => k === 'verifiedCustomerRefId' && typeof v === 'string' && v !== '';
  const own = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(own);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    const id = entries.find(([k, v]) => isId(k, v))?.[1] as string | undefined;
    // An object's own customerId before its children's: the top level's is the one the note names.
    if (id !== undefined) first ??= `${id}-S${tag}`;
    return Object.fromEntries(entries.map(([k, v]) => [k, isId(k, v) || isRef(k, v) ? `${v}-S${tag}` : own(v)]));
  };
  const tagged = own(input) as Record<string, unknown>;
  return first === null ? { input, customerId: null } : { input: tagged, customerId: first };
}

/** Four random hex digits for `withOwnCustomer`. */
export function sampleTag(): string {
  const bytes = new Uint8Array(2);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface BuiltInput {
  input: Record<string, unknown>;
  errors: Record<string, string>;
}

/** The journey input from the form's texts; every field that cannot be read is named with the reason. */
export function buildInput(fields: InputField[], values: Record<string, string>): BuiltInput {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const text = (values[f.name] ?? '').trim();
    const kind = fieldKind(f.type);
    if (!text || (kind === 'boolean' && text === 'false' && !f.required)) {
      if (kind === 'boolean' && text === 'false') input[f.name] = false;
      else if (f.required) errors[f.name] = 'Required.';
      continue;
    }
    if (kind === 'text') {
      const problem = formatProblem(f, text);
      if (problem) errors[f.name] = problem;
      else input[f.name] = text;
    }
    else if (kind === 'boolean') input[f.name] = text === 'true';
    else if (kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.name] = 'Not a number.';
      else if (f.type.toLowerCase() === 'integer' && !Number.isInteger(n)) errors[f.name] = 'Not a whole number.';
      else input[f.name] = n;
    } else {
      try {
        const v = JSON.parse(text) as unknown;
        if (f.type.toLowerCase() === 'object' && !isObject(v)) errors[f.name] = 'Must be a JSON object.';
        else if (f.type.toLowerCase() === 'array' && !Array.isArray(v)) errors[f.name] = 'Must be a JSON array.';
        else if (f.properties && isObject(v)) {
          const nested = nestedProblems(f.properties, v, f.name);
          if (Object.keys(nested).length) Object.assign(errors, nested);
          else input[f.name] = v;
        } else input[f.name] = v;
      } catch (e) {
        errors[f.name] = `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }
  return { input, errors };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The problems of an object field's value against its declared `properties`, by path (`basicDetails.personalDetails.email`,
 * as the server's 400 names them), with the messages a top-level field gets: required, number, object, array, and a text's
 * declared format or pattern (`formatProblem`); at every depth that declares its own properties. A field the object does not
 * declare is named as the server names it (it takes no others). A value that is absent or `null` is not given; `""` is
 * given, so a declared format refuses it, as the server does (session 46: before, only top-level fields were checked here,
 * and a nested one was refused by the server after sending). Never the value.
 */
export function nestedProblems(declared: InputField[], value: Record<string, unknown>, path: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const names = new Set(declared.map((p) => p.name));
  for (const p of declared) {
    const v = value[p.name];
    const at = `${path}.${p.name}`;
    const type = p.type.toLowerCase();
    const kind = fieldKind(p.type);
    if (v === undefined || v === null) {
      if (p.required) errors[at] = 'Required.';
    } else if (kind === 'text') {
      if (typeof v !== 'string') errors[at] = 'Must be text.';
      else if (p.required && !v.trim()) errors[at] = 'Required.';
      else {
        const problem = formatProblem(p, v);
        if (problem) errors[at] = problem;
      }
    } else if (kind === 'number') {
      if (typeof v !== 'number') errors[at] = 'Not a number.';
      else if (type === 'integer' && !Number.isInteger(v)) errors[at] = 'Not a whole number.';
    } else if (kind === 'boolean') {
      if (typeof v !== 'boolean') errors[at] = 'Must be true or false.';
    } else if (type === 'object') {
      if (!isObject(v)) errors[at] = 'Must be a JSON object.';
      else if (p.properties) Object.assign(errors, nestedProblems(p.properties, v, at));
    } else if (type === 'array' && !Array.isArray(v)) errors[at] = 'Must be a JSON array.';
  }
  for (const name of Object.keys(value)) {
    if (!names.has(name)) errors[`${path}.${name}`] = `Unknown field: '${path}' takes ${declared.map((p) => p.name).join(', ')}.`;
  }
  return errors;
}

/** The top-level field an error's path (`basicDetails.personalDetails.email`, `consents[0].type`) belongs to. */
export function topField(path: string): string {
  return path.split(/[.[]/, 1)[0];
}

/**
 * What a text field's declared `format` or `pattern` asks for, when `text` does not have it (the start's own rule,
 * WorkflowInputSchema / InputFormats on the server: checked here before sending, as required, number and JSON are). Never
 * the value: the message is shown beside the field. `email` is checked loosely here (one `@`, a dotted domain, no space);
 * the server's check (JsonSchema.Net's RFC 5321 mailbox) has the last word, and its 400 is shown under the field.
 */
export function formatProblem(field: Pick<InputField, 'format' | 'pattern'>, text: string): string | null {
  const rule = field.format ? FORMATS[field.format] : undefined;
  if (rule && !rule.test(text)) return rule.message;
  if (field.pattern) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(field.pattern, 'u');
    } catch {
      re = null; // a .NET pattern JavaScript cannot read: the server judges it
    }
    if (re && !re.test(text)) return `Must match the pattern ${field.pattern}.`;
  }
  return null;
}

const validDate = (t: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return false;
  const d = new Date(`${t}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === t;
};

const FORMATS: Record<string, { test: (t: string) => boolean; message: string }> = {
  email: { test: (t) => /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>().]{2,}$/u.test(t), message: 'Must be an e-mail address (name@example.com).' },
  date: { test: validDate, message: 'Must be a date as yyyy-MM-dd.' },
  pan: { test: (t) => /^[A-Z]{5}[0-9]{4}[A-Z]$/.test(t), message: 'Must be a PAN: 5 letters, 4 digits, 1 letter, upper case (AAAAA9999A).' },
  'mobile-in': { test: (t) => /^[6-9][0-9]{9}$/.test(t), message: 'Must be a 10-digit Indian mobile number starting with 6, 7, 8 or 9.' },
  pincode: { test: (t) => /^[1-9][0-9]{5}$/.test(t), message: 'Must be a 6-digit PIN code not starting with 0.' },
  ifsc: { test: (t) => /^[A-Z]{4}0[A-Z0-9]{6}$/.test(t), message: 'Must be an IFSC: 4 letters, 0, then 6 letters or digits, upper case (HDFC0000123).' },
};
