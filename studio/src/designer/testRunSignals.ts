import { formatInr } from '../lib/money';
import type { TestRunDelivery, TestRunPrepared, TestRunScenarioRequest, TestRunSignalSent, TestRunSignals, TestRunWebhookDelivered } from '../api/types';

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

const SOURCES: Record<string, string> = { sandbox: 'from the sandbox', request: 'from the request', default: "the run's default", scenario: 'from the scenario' };

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

/** The webhooks the run delivered to the draft's own waits, e.g. `lenderWebhook webhook (Routed)`; never a payload. */
export function describeWebhooksDelivered(delivered: readonly TestRunWebhookDelivered[] | undefined): string {
  return (delivered ?? []).map((d) => `${d.stepId} webhook (${d.status})`).join(', ');
}

const SCENARIO = /^[0-9]{4}$/;

/**
 * The "Deliver to the draft's own waits" box: empty is nothing; otherwise a JSON object of scenario digits → a list of
 * `{ "step": "<wait step id>", "payload": { … } }`. The error says what to fix, before anything is sent.
 */
export function parseDeliveries(text: string): { deliveries?: Record<string, TestRunDelivery[]>; error?: string } {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'The deliveries must be valid JSON: an object such as {"9999": [{"step": "lenderWebhook", "payload": {"status": "APPROVED"}}]}.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'The deliveries must be a JSON object: scenario digits → a list of {"step": …, "payload": {…}}.' };
  }
  for (const [scenario, list] of Object.entries(value)) {
    if (!SCENARIO.test(scenario)) return { error: `“${scenario}” is not a scenario: four digits, e.g. 9999.` };
    if (!Array.isArray(list)) return { error: `The deliveries of ${scenario} must be a list of {"step": …, "payload": {…}}.` };
    for (const d of list as unknown[]) {
      const entry = d as { step?: unknown; payload?: unknown } | null;
      if (typeof entry !== 'object' || entry === null || typeof entry.step !== 'string' || !entry.step) {
        return { error: `Each delivery of ${scenario} names its wait step: {"step": "lenderWebhook", "payload": {…}}.` };
      }
      if (typeof entry.payload !== 'object' || entry.payload === null || Array.isArray(entry.payload)) {
        return { error: `The payload for ${entry.step} in ${scenario} must be a JSON object.` };
      }
    }
  }
  return { deliveries: value as Record<string, TestRunDelivery[]> };
}

/**
 * The request's scenarios: the typed ones, each with its deliveries when it has some, then the scenarios only the deliveries
 * name (so that a delivery is never dropped). With deliveries and no scenario typed, the run is of the delivering scenarios only.
 */
export function scenarioRequests(typed: readonly string[], deliveries: Record<string, TestRunDelivery[]> | undefined): TestRunScenarioRequest[] {
  if (!deliveries) return [...typed];
  const keys = [...typed, ...Object.keys(deliveries).filter((k) => !typed.includes(k))];
  return keys.map((k) => (deliveries[k]?.length ? { scenario: k, deliver: deliveries[k] } : k));
}

/**
 * What the run set up in the sandbox before the journey started (a journey that starts after disbursal), e.g.
 * `prepared: loan 06d64c67…, borrower TESTRUN-LOAN-TRe7432861 (XXXXXX9999)` (the API masks the mobile) or `prepared: … purchase of ₹1,000`; empty when nothing.
 */
export function describePrepared(prepared: TestRunPrepared | null | undefined): string {
  if (!prepared) return '';
  const parts: string[] = [];
  if (prepared.loanApplicationId) parts.push(`loan ${prepared.loanApplicationId}`);
  if (prepared.customerId) parts.push(`borrower ${prepared.customerId}${prepared.mobile ? ` (${prepared.mobile})` : ''}`);
  if (prepared.purchaseTxnId) parts.push(`purchase of ${prepared.purchaseAmount === null || prepared.purchaseAmount === undefined ? '?' : formatInr(prepared.purchaseAmount)}`);
  return parts.length ? `prepared: ${parts.join(', ')}` : '';
}

/** The test-run form's fields a key of the server's 400 `errors` names (`signals`, `signals.otp`, `input`, `scenarios[1]`), or null. */
export type TestRunField = 'scenarios' | 'input' | 'signals' | 'deliver';
export function testRunField(key: string): TestRunField | null {
  // `scenarios[1].deliver[0].step`: what a scenario delivers is typed in its own box.
  if (/^scenarios\[\d+\]\.deliver/.test(key)) return 'deliver';
  for (const f of ['scenarios', 'input', 'signals'] as const) {
    if (key === f || key.startsWith(`${f}.`) || key.startsWith(`${f}[`)) return f;
  }
  return null;
}

/** What the Scenarios box holds that is not a scenario, said by name. */
export function notScenarioMessage(typed: readonly string[]): string {
  return `Not ${typed.length > 1 ? 'scenarios' : 'a scenario'}: ${typed.map((t) => `"${t}"`).join(', ')}. A scenario is the last four digits of the borrower's mobile or app id, e.g. 0000, 0007.`;
}
