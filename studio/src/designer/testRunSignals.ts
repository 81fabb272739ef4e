import type { TestRunPrepared, TestRunSignalSent, TestRunSignals } from '../api/types';

// The server's rule for a signal name (a path segment of POST /api/instances/{id}/signals/{name}).
const SIGNAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * The "Signals to send" box: empty is no `signals` (the defaults: the OTP from the sandbox); otherwise a JSON object whose
 * values are payload objects or null ("never send it"). The error says what to fix, before anything is sent.
 */
export function parseSignals(text: string): { signals?: TestRunSignals; error?: string } {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'The signals must be valid JSON: an object such as {"otp": {"otp": "000000"}} or {"otp": null}.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'The signals must be a JSON object: signal name → payload object, or null to never send it.' };
  }
  for (const [name, payload] of Object.entries(value)) {
    if (!SIGNAL_NAME.test(name)) return { error: `“${name}” is not a signal name (letters, digits, '.', '_', '-').` };
    if (payload !== null && (typeof payload !== 'object' || Array.isArray(payload))) {
      return { error: `The payload of “${name}” must be a JSON object, or null to never send it.` };
    }
  }
  return { signals: value as TestRunSignals };
}

const SOURCES: Record<string, string> = { sandbox: 'from the sandbox', request: 'from the request', default: "the run's default" };

/** What a scenario was sent, e.g. `otp (from the sandbox)` or `otp ×3 (from the request)`; never a payload (the server sends none). */
export function describeSignalsSent(sent: readonly TestRunSignalSent[]): string {
  const groups: { name: string; source: string; count: number }[] = [];
  for (const s of sent) {
    const last = groups[groups.length - 1];
    if (last && last.name === s.name && last.source === s.source) last.count++;
    else groups.push({ name: s.name, source: s.source, count: 1 });
  }
  return groups.map((g) => `${g.name}${g.count > 1 ? ` ×${g.count}` : ''} (${SOURCES[g.source] ?? `from the ${g.source}`})`).join(', ');
}

/**
 * What the run set up in the sandbox before the journey started (a journey that starts after disbursal), e.g.
 * `prepared: loan 06d64c67…, borrower TESTRUN-LOAN-TRe7432861 (XXXXXX9999)` (the API masks the mobile) or `prepared: … purchase of 1000`; empty when nothing.
 */
export function describePrepared(prepared: TestRunPrepared | null | undefined): string {
  if (!prepared) return '';
  const parts: string[] = [];
  if (prepared.loanApplicationId) parts.push(`loan ${prepared.loanApplicationId}`);
  if (prepared.customerId) parts.push(`borrower ${prepared.customerId}${prepared.mobile ? ` (${prepared.mobile})` : ''}`);
  if (prepared.purchaseTxnId) parts.push(`purchase of ${prepared.purchaseAmount ?? '?'}`);
  return parts.length ? `prepared: ${parts.join(', ')}` : '';
}

/** The test-run form's fields a key of the server's 400 `errors` names (`signals`, `signals.otp`, `input`, `scenarios[1]`), or null. */
export type TestRunField = 'scenarios' | 'input' | 'signals';
export function testRunField(key: string): TestRunField | null {
  for (const f of ['scenarios', 'input', 'signals'] as const) {
    if (key === f || key.startsWith(`${f}.`) || key.startsWith(`${f}[`)) return f;
  }
  return null;
}
