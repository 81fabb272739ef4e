/**
 * An outcome-unknown incident (errorKind "OutcomeUnknown", docs/api.md): a money call was sent and no answer came back.
 * Its details carry the intent the step saved before sending; this reads them for display. Values arrive masked by the
 * server (PII never reaches the browser unmasked); nothing here unmasks or guesses.
 */
export const OUTCOME_UNKNOWN = 'OutcomeUnknown';

/** One send of the money call, as the intent recorded it. */
export interface MoneyCallSend {
  sentAt: string | null;
  attempt: number | null;
  /** What came back: "none (…)" for a lost answer, or the lender's status and code. */
  answer: string | null;
  /** The node that sent it (Engine:NodeId; session 45), null for a send recorded before nodes were. */
  node: string | null;
}

/** What the operator is asked about. */
export interface MoneyCallIntent {
  operation: string;
  amount: string | null;
  /** The references the intent names (customer, application, order, suborder, program …), in the intent's order. */
  references: { name: string; value: string }[];
  lastSentAt: string | null;
  tried: MoneyCallSend[];
  choices: string[];
}

/**
 * The operator's answers, as the incident's `choices` name them: confirm-sent (with the reference), confirm-not-sent (sent
 * again) and confirm-not-sent-and-cancel (confirm-not-sent with `then: "cancel"`: nothing sent again, the journey cancelled).
 */
export type Decision = 'confirm-sent' | 'confirm-not-sent' | 'confirm-not-sent-and-cancel';
export const DECISIONS: readonly Decision[] = ['confirm-sent', 'confirm-not-sent', 'confirm-not-sent-and-cancel'];

/**
 * The answers to offer: the server's choices for this incident, in the Studio's order (a lender that said it took the call
 * leaves only confirm-sent); none that cancels when the journey is already being cancelled (the question is its
 * compensation's). Without choices (an older incident), the two that need no cancel.
 */
export function offeredDecisions(choices: string[], cancelRequested: boolean): Decision[] {
  const named = DECISIONS.filter((d) => choices.includes(d));
  const offered = named.length > 0 ? named : DECISIONS.filter((d) => d !== 'confirm-not-sent-and-cancel');
  return cancelRequested ? offered.filter((d) => d !== 'confirm-not-sent-and-cancel') : offered;
}

// Intent bookkeeping, not references: shown as the list of sends (or not at all).
const BOOKKEEPING = new Set(['sends', 'decisionId', 'answered', 'amount', 'previousFailed']);

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  // A server that wrote a JSON-encoded string ("\"2026-…\"") still reads as the bare value.
  if (typeof v === 'string') return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A reference's key as words for its label: `appId` → "App id", `suborderId` → "Suborder id", `customerID` → "Customer ID",
 * `app_id` → "App id". Walk 51: the keys themselves, upper-cased by the label's style, read "APPID" and "SUBORDERID".
 */
export function referenceLabel(name: string): string {
  const words = name.replace(/[_\-.]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').trim().split(/\s+/);
  return words
    .map((w, i) => (w.length > 1 && /^[A-Z0-9]+$/.test(w) ? w : i === 0 ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase()))
    .join(' ');
}

/** Reads an outcome-unknown incident's details; null when they are not one (another kind, or no intent). */
export function readIntent(errorKind: string, details: unknown): MoneyCallIntent | null {
  if (errorKind !== OUTCOME_UNKNOWN || !isRecord(details)) return null;
  const intent = isRecord(details.intent) ? details.intent : {};
  const references = Object.entries(intent)
    .filter(([k]) => !BOOKKEEPING.has(k))
    .map(([name, v]) => ({ name, value: text(v) }))
    .filter((r): r is { name: string; value: string } => r.value !== null && r.value !== '');
  const tried = (Array.isArray(details.tried) ? details.tried : Array.isArray(intent.sends) ? intent.sends : [])
    .filter(isRecord)
    .map((s) => ({ sentAt: text(s.sentAt), attempt: typeof s.attempt === 'number' ? s.attempt : null, answer: text(s.answer), node: text(s.node) }));
  const choices = Array.isArray(details.choices) ? details.choices.map(text).filter((c): c is string => c !== null) : [];
  return {
    operation: text(details.operation) ?? 'Money call',
    amount: text(intent.amount),
    references,
    lastSentAt: text(details.lastSentAt),
    tried,
    choices,
  };
}

/** The longest reason the server takes (InstancesApi TryReadReason). */
export const MAX_REASON = 500;

/**
 * What is still missing before <decision> can be sent: every answer needs a reason (the audit trail says why), and
 * "confirm sent" the lender's reference. Empty when ready.
 */
export function missingFields(decision: Decision, reference: string, reason: string): string[] {
  const missing: string[] = [];
  if (decision === 'confirm-sent' && reference.trim() === '') missing.push('reference');
  if (reason.trim() === '') missing.push('reason');
  else if (reason.trim().length > MAX_REASON) missing.push(`reason (at most ${MAX_REASON} characters)`);
  return missing;
}
