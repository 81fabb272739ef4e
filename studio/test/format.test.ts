import { describe, expect, it } from 'vitest';
import { displayValue, isSecretKey } from '../src/lib/format';

describe('displayValue', () => {
  it('masks bearer credentials but keeps the last four characters', () => {
    expect(displayValue('token', '123LN5hAeH6LgDzhmtJs12345678q3G2')).toBe('••••q3G2');
    expect(displayValue('sessionToken', 'abc')).toBe('••••');
  });

  it('masks keys whose last word is the secret itself', () => {
    for (const key of ['otp', 'OTP', 'userOtp', 'user_otp', 'partnerToken', 'refresh_token', 'pdfPassword', 'client_secret', 'apiKey', 'x-api-key', 'partnerAPIKey', 'mobilePin']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    expect(displayValue('otp', '123456')).toBe('••••3456');
  });

  it('leaves keys that only mention a secret alone', () => {
    for (const key of ['otpError', 'otpAttempts', 'otpAttemptsLeft', 'maxOtpAttempts', 'otpTimeout', 'tokenExpiresAt', 'tokenShared', 'pincode', 'keyId', 'apiVersion', 'secretName', 'passwordHint']) {
      expect(isSecretKey(key), key).toBe(false);
    }
    expect(displayValue('otpError', 'The OTP is not correct.')).toBe('The OTP is not correct.');
  });

  it('leaves ordinary values and token expiry times alone', () => {
    expect(displayValue('utrNumber', 'SBXUTR1234')).toBe('SBXUTR1234');
    expect(displayValue('tokenExpiresAt', '2026-11-22T08:00:00Z')).toBe('2026-11-22T08:00:00Z');
    expect(displayValue('token', 42)).toBe(42);
  });
});
