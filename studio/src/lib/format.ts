export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`.replace(/ 0 s$/, '');
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`.replace(/ 0 min$/, '');
  const d = Math.floor(h / 24);
  return `${d} d ${h % 24} h`.replace(/ 0 h$/, '');
}

/** A .NET TimeSpan as the server writes it (`c`: `[d.]hh:mm:ss[.fffffff]`, e.g. `90.00:00:00`, `00:00:15`) in ms; undefined otherwise. */
export function parseTimeSpan(text: string | null | undefined): number | undefined {
  const m = /^(?:(\d+)\.)?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(text ?? '');
  if (!m) return undefined;
  const [, d = '0', h, min, s, fraction = ''] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(s) * 1000 + Number(`0.${fraction || '0'}`) * 1000;
}

/**
 * A .NET TimeSpan (`[d.]hh:mm:ss`) as a person says it: its two largest units, e.g. `00:08:00` → "8 minutes",
 * `30.00:00:00` → "30 days", `1.12:00:00` → "1 day 12 hours", `00:00:15` → "15 seconds". Text that is not a TimeSpan is
 * answered as it is (the page then shows what the server said rather than nothing).
 */
export function formatPeriod(text: string): string {
  const ms = parseTimeSpan(text);
  if (ms === undefined) return text;
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']];
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) parts.push(plural(n, name));
    else if (parts.length > 0) break;
  }
  return parts.length ? parts.join(' ') : plural(Math.round(ms), 'millisecond');
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `formatTime`'s date and time apart (`07 Dec 2026`, `00:41:48`), for a table that shows them on two lines; null if not a time. */
export function formatTimeParts(iso: string | null | undefined): { date: string; time: string } | null {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return {
    date: d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: '2-digit' }),
    time: d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  };
}

// An instant as the server writes it into a message: ISO 8601 with its offset ("last at 2026-12-01T10:11:12.345+00:00").
// Only with an offset (or Z): a date-time without one names no instant, and a bare date (an expiry) is left as it is.
const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A server message (an incident's, a step's) with every instant it quotes shown as the Studio shows times (`formatTime`: the
 * browser's locale and time zone), the rest of the text unchanged. The API keeps the ISO text in the message and the instant
 * in its own field (`details.lastSentAt`); the Studio formats at display, where the reader's time zone is known
 * (docs/studio.md, "Times in messages").
 */
export function formatTimesIn(text: string): string {
  return text.replace(ISO_INSTANT, (iso) => formatTime(iso));
}

export function since(iso: string | null | undefined, now: number = Date.now()): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? Math.max(0, now - t) : null;
}

/** A count with its noun: `1 journey`, `2 journeys`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id;
}

// Keys whose values are credentials (the borrower's SDK session token, an OTP): the partner reads them over the API, an
// operator never needs them, so the Studio shows only enough to tell two apart. A key is one when its last word is the
// secret itself, so `otp`, `partnerToken`, `pdfPassword`, `client_secret`, `apiKey` are masked but `otpError`,
// `otpAttemptsLeft`, `tokenExpiresAt`, `pincode` are not (docs/studio.md, "Secret variables").
const SECRET_LAST_WORDS = new Set(['otp', 'pin', 'token', 'secret', 'password', 'passphrase']);

/** Words of a key: split at `_`, `-`, `.`, spaces and camelCase humps (`partnerAPIKey` → partner, api, key). */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  return SECRET_LAST_WORDS.has(last) || (last === 'key' && words[words.length - 2] === 'api') || last === 'apikey';
}

/** A secret's text as the Studio shows it: `••••` and its last four characters (none when it is that short). */
function maskText(text: string): string {
  return text.length > 4 ? `••••${text.slice(-4)}` : '••••';
}

/** A value under a secret key: text or a number (an OTP sent as `123456`) masked, a boolean or null as it is. */
function maskLeaf(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (typeof value === 'number') return maskText(String(value));
  return value;
}

/**
 * The value with every secret in it masked, at any depth (docs/studio.md, "Secret variables"): a string or number under
 * a secret key, and every string or number anywhere below a secret key (`partnerToken: { value, issuedAt }` hides both:
 * what a credential holds is the credential). Booleans and nulls are left as they are. `secret` says the value itself
 * lies under a secret key.
 */
export function maskSecrets(value: unknown, secret = false): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, secret));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, secret || isSecretKey(k))]));
  }
  return secret ? maskLeaf(value) : value;
}

/** Whether a secret lies anywhere inside the value (a key naming one, at any depth, with a value). */
export function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => (isSecretKey(k) && v !== null && v !== undefined) || holdsSecret(v));
}
