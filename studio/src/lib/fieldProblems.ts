import { ApiError } from '../api/client';

/**
 * A refusal split by where a form shows it (walk 44: the server's 400 for a declared signal field was shown in the form's
 * problem box, far from the field it named). `place` maps a key of the problem's `errors` (RFC 7807, the field's name:
 * `deliveryRef`, `signals.otp`) to the form field that shows it, or null when the form has none. `byField` holds each
 * field's messages; `rest` is what names no field of the form — the problem with only those `errors`, or null when every
 * error went to a field (its title and detail then only repeat them). A problem without `errors` stays whole in `rest`.
 * A key deeper than its field (`signals.otp`, `scenarios[1]`) has its rest (`otp`, `[1]`) before its messages.
 */
export function splitFieldProblems<F extends string>(error: ApiError | null, place: (key: string) => F | null, options: { withKey?: boolean } = {}): {
  byField: Partial<Record<F, string>>;
  first: F | null;
  rest: ApiError | null;
} {
  const errors = error?.problem.errors;
  if (!error || !errors || Object.keys(errors).length === 0) return { byField: {}, first: null, rest: error };
  const byField: Partial<Record<F, string>> = {};
  const left: Record<string, string[]> = {};
  let first: F | null = null;
  for (const [key, messages] of Object.entries(errors)) {
    const field = place(key);
    if (field === null) {
      left[key] = messages;
      continue;
    }
    first ??= field;
    // A key deeper than the field (`signals.otp` under *Signals to send*) is said with the messages, unless told not to.
    const said = options.withKey !== false && key !== field ? messages.map((m) => `${key.slice(field.length).replace(/^\./, '')}: ${m}`) : messages;
    byField[field] = [byField[field], ...said].filter(Boolean).join(' ');
  }
  if (first === null) return { byField, first, rest: error };
  if (Object.keys(left).length === 0) return { byField, first, rest: null };
  return { byField, first, rest: new ApiError({ ...error.problem, errors: left }) };
}

/** The field a key names exactly, or null: for a form whose fields are the payload's own (the send-signal form). */
export function exactField<F extends string>(fields: readonly F[]): (key: string) => F | null {
  return (key) => fields.find((f) => f === key) ?? null;
}

/**
 * Whether a problem's detail only says again what its field errors say (walk 53: the server's 400 for field errors has a
 * detail made of them — "One or more fields are invalid: set.nope: …", "Signal 'x' to instance '…' was not accepted:
 * files: …" — and the problem box showed each message twice, in the detail and in the list). It does when every message
 * of every field error is in the detail's text; a detail that says something the list does not is shown as it is.
 */
export function detailRepeatsErrors(detail: string | null | undefined, errors: Record<string, string[]> | null | undefined): boolean {
  if (!detail) return false;
  const messages = Object.values(errors ?? {}).flat().map((m) => m.trim()).filter(Boolean);
  return messages.length > 0 && messages.every((m) => detail.includes(m));
}
