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
 * A sample input for a borrower of its own: the top-level `customerId` (every shipped sample has one) ends `-S<tag>`.
 * The sandbox, like a lender, remembers each customer's agreement and disbursal, so a second journey started from the
 * same sample for the same customer stopped at the agreement (FinBox's FBX-S-208, a `TakenElsewhere` incident) instead of
 * ending Disbursed as the first one did. Test runs tag their borrowers the same way (`-TR<tag>`). A sample without a
 * string `customerId` is returned as it is.
 */
export function withOwnCustomer(input: Record<string, unknown>, tag: string): { input: Record<string, unknown>; customerId: string | null } {
  const id = input.customerId;
  if (typeof id !== 'string' || id === '') return { input, customerId: null };
  const customerId = `${id}-S${tag}`;
  return { input: { ...input, customerId }, customerId };
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
    if (kind === 'text') input[f.name] = text;
    else if (kind === 'boolean') input[f.name] = text === 'true';
    else if (kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.name] = 'Not a number.';
      else if (f.type.toLowerCase() === 'integer' && !Number.isInteger(n)) errors[f.name] = 'Not a whole number.';
      else input[f.name] = n;
    } else {
      try {
        const v = JSON.parse(text) as unknown;
        if (f.type.toLowerCase() === 'object' && (v === null || typeof v !== 'object' || Array.isArray(v))) errors[f.name] = 'Must be a JSON object.';
        else if (f.type.toLowerCase() === 'array' && !Array.isArray(v)) errors[f.name] = 'Must be a JSON array.';
        else input[f.name] = v;
      } catch (e) {
        errors[f.name] = `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }
  return { input, errors };
}
