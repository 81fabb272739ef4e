// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatTime, formatTimesIn, isSecretKey, maskSecrets } from '../src/lib/format';

// The rule's table, shared with the server's port (SecretValues.cs; tests/LoanJourney.Server.Tests/Privacy/SecretKeyTableTests.cs).
const table = JSON.parse(readFileSync(new URL('../../tests/fixtures/secret-keys.json', import.meta.url), 'utf8')) as {
  secret: string[];
  notSecret: string[];
  masked: { value: unknown; masked: unknown }[];
};

// A value as the data panel shows it under its key (maskSecrets of a one-key object; displayValue until session 52's read).
const shown = (key: string, value: unknown): unknown => (maskSecrets({ [key]: value }) as Record<string, unknown>)[key];

describe('a value shown under its key', () => {
  it('masks bearer credentials but keeps the last four characters', () => {
    expect(shown('token', '123LN5hAeH6LgDzhmtJs12345678q3G2')).toBe('••••q3G2');
    expect(shown('sessionToken', 'abc')).toBe('••••');
  });

  it('masks keys whose last word is the secret itself', () => {
    for (const key of ['otp', 'OTP', 'userOtp', 'user_otp', 'partnerToken', 'refresh_token', 'pdfPassword', 'client_secret', 'apiKey', 'x-api-key', 'partnerAPIKey', 'mobilePin']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    expect(shown('otp', '123456')).toBe('••••3456');
  });

  it('leaves keys that only mention a secret alone', () => {
    for (const key of ['otpError', 'otpAttempts', 'otpAttemptsLeft', 'maxOtpAttempts', 'otpTimeout', 'tokenExpiresAt', 'tokenShared', 'pincode', 'keyId', 'apiVersion', 'secretName', 'passwordHint']) {
      expect(isSecretKey(key), key).toBe(false);
    }
    expect(shown('otpError', 'The OTP is not correct.')).toBe('The OTP is not correct.');
  });

  it('leaves ordinary values and token expiry times alone', () => {
    expect(shown('utrNumber', 'SBXUTR1234')).toBe('SBXUTR1234');
    expect(shown('tokenExpiresAt', '2026-11-22T08:00:00Z')).toBe('2026-11-22T08:00:00Z');
    expect(shown('token', true)).toBe(true);
  });

  it('masks a secret sent as a number too (an OTP as 123456)', () => {
    expect(shown('otp', 123456)).toBe('••••3456');
    expect(shown('pin', 42)).toBe('••••');
  });
});

describe('the secret-key table the server shares (tests/fixtures/secret-keys.json)', () => {
  it('names the same keys secret as the server does', () => {
    for (const key of table.secret) expect(isSecretKey(key), key).toBe(true);
    for (const key of table.notSecret) expect(isSecretKey(key), key).toBe(false);
  });

  it('masks each value as the server does', () => {
    for (const { value, masked } of table.masked) expect(maskSecrets(value), JSON.stringify(value)).toEqual(masked);
  });

  // The server masks before the Studio does (docs/server.md, "Secrets in answers"): a value that came masked must show as it came.
  it('leaves a value the server already masked as it is', () => {
    expect(shown('sessionToken', '••••3456')).toBe('••••3456');
    expect(shown('otp', '••••')).toBe('••••');
    for (const { masked } of table.masked) expect(maskSecrets(masked), JSON.stringify(masked)).toEqual(masked);
  });
});

describe('formatTimesIn', () => {
  it('shows an instant quoted in an incident message in the Studio time format, the rest of the text unchanged', () => {
    const message = 'Capital Float tranche was sent (last at 2026-12-01T10:11:12.345+00:00) and no answer came back; confirm it was sent.';
    const shown = formatTimesIn(message);
    expect(shown).toBe(`Capital Float tranche was sent (last at ${formatTime('2026-12-01T10:11:12.345+00:00')}) and no answer came back; confirm it was sent.`);
    expect(shown).not.toContain('2026-12-01T');
    expect(shown).not.toContain('+00:00');
  });

  it('formats every instant, with seven fractional digits, an offset or Z, and the same instant the same way', () => {
    const shown = formatTimesIn('held until 2026-12-04T21:18:00.8577707+00:00, then 2026-12-04T21:18:00.857Z, then 2026-12-05T02:48:00+05:30');
    const same = formatTime('2026-12-04T21:18:00.857Z');
    expect(shown).toBe(`held until ${same}, then ${same}, then ${formatTime('2026-12-04T21:18:00Z')}`);
  });

  it('leaves dates, date-times without an offset and text without times alone', () => {
    for (const text of ['expires 2030-12-31', 'at 2026-12-01T10:11:12 (local)', 'GKD-E-000: CKYC_FAILED', '']) {
      expect(formatTimesIn(text)).toBe(text);
    }
  });
});
