import { isSecretKey, keyWords } from './format';

/**
 * Money in the Studio (docs/studio.md, "Money"): every lender the server speaks to lends in rupees and sends amounts as bare
 * numbers (`25000`), and the API sends no currency or money format for them, so a value is known to be money by its
 * field's name. A number (or a string of digits, as an intent records it) is money when its key has the word `amount` or
 * `emi` (`amount`, `loanAmount`, `amountSanctioned`, `mandateAmount`, `emiAmount`), or ends in `principal`, `fee`, `fees`,
 * `charges` or `limit` (`overduePrincipal`, `processingFee`, `creditLimit`), unless a word says it counts or measures
 * something else (`count`, `attempts`, `rate`, `percent`, `tenure`, `days`, `months`, `id`: `otpAttemptsLimit`, `emiCount`,
 * `amountId`). Ids, tenures and counts are never formatted.
 */
const MONEY_WORDS = new Set(['amount', 'emi']);
const MONEY_LAST_WORDS = new Set(['principal', 'fee', 'fees', 'charges', 'limit']);
const NOT_MONEY_WORDS = new Set(['count', 'attempts', 'attempt', 'rate', 'percent', 'pct', 'tenure', 'days', 'months', 'id', 'ids', 'ref', 'number', 'no']);

export function isMoneyKey(key: string): boolean {
  // A secret (`emiOtp`, `feePin`) stays masked whatever else its name says.
  if (isSecretKey(key)) return false;
  const words = keyWords(key);
  if (words.some((w) => NOT_MONEY_WORDS.has(w))) return false;
  return words.some((w) => MONEY_WORDS.has(w)) || MONEY_LAST_WORDS.has(words[words.length - 1] ?? '');
}

const whole = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 0, maximumFractionDigits: 0 });
const paise = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Rupees as a lending team in India reads them: ₹25,000, ₹1,00,000 (Indian grouping), paise only when not whole (₹2,680.50). */
export function formatInr(amount: number): string {
  return (Number.isInteger(amount) ? whole : paise).format(amount);
}

/**
 * The currency a value is in (docs/studio.md, "Money"): `undefined` when nothing states one — the lenders' bare amounts, which
 * are rupees —, an ISO 4217 code (`INR`, `USD`) when the object holding the value (or one around it) states it, and `null`
 * when it states a currency that is none (`currency: null`, `""`, `"rupees"`): then the amount is shown with no symbol.
 */
export type Currency = string | null | undefined;

/** `currency`, `currencyCode`, `currency_code`: the key an object states its amounts' currency under. */
function isCurrencyKey(key: string): boolean {
  const words = keyWords(key);
  return words[0] === 'currency' && (words.length === 1 || (words.length === 2 && words[1] === 'code'));
}

/** The currency `entries` (an object's) state for their amounts, else the one around them (`around`). */
export function currencyIn(entries: readonly [string, unknown][], around: Currency): Currency {
  const stated = entries.find(([k]) => isCurrencyKey(k));
  if (!stated) return around;
  const code = typeof stated[1] === 'string' ? stated[1].trim().toUpperCase() : '';
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

const formats = new Map<string, Intl.NumberFormat>();

/**
 * An amount in its currency: rupees as `formatInr` (no currency stated, or INR); another currency by its ISO code, which a
 * symbol would not name alone (`$` is several currencies): `USD 1,500`, `EUR 2,680.50`, minor units only when not whole; a
 * currency stated as none: the number alone (`1,50,000`), never ₹. Indian grouping throughout, as the rest of the Studio.
 */
export function formatMoney(amount: number, currency: Currency): string {
  if (currency === undefined || currency === 'INR') return formatInr(amount);
  const wholeAmount = Number.isInteger(amount);
  const key = `${currency ?? ''}:${wholeAmount}`;
  let f = formats.get(key);
  if (!f) {
    const digits = wholeAmount ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : currency === null ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : {};
    f = new Intl.NumberFormat('en-IN', currency === null ? digits : { style: 'currency', currency, currencyDisplay: 'code', ...digits });
    formats.set(key, f);
  }
  return f.format(amount);
}

/** A number, or a string that is one (`"25000"`, `"2680.5"`); null for anything else. */
function amountOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return null;
}

/**
 * The value as money when its key names money and it is a number, in the currency its object states (`currency`, below
 * `currencyIn`; rupees when none is stated); null otherwise (shown as it is).
 */
export function moneyText(key: string, value: unknown, currency?: Currency): string | null {
  if (!isMoneyKey(key)) return null;
  const n = amountOf(value);
  return n === null ? null : formatMoney(n, currency);
}

/** An amount already known to be money (a money call's intent): rupees when it is a number, else as it came. */
export function amountText(value: string): string {
  const n = amountOf(value);
  return n === null ? value : formatInr(n);
}
