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

/** A number, or a string that is one (`"25000"`, `"2680.5"`); null for anything else. */
function amountOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** The value as rupees when its key names money and it is a number; null otherwise (shown as it is). */
export function moneyText(key: string, value: unknown): string | null {
  if (!isMoneyKey(key)) return null;
  const n = amountOf(value);
  return n === null ? null : formatInr(n);
}

/** An amount already known to be money (a money call's intent): rupees when it is a number, else as it came. */
export function amountText(value: string): string {
  const n = amountOf(value);
  return n === null ? value : formatInr(n);
}
