import { describe, expect, it } from 'vitest';
import { displayValue } from '../src/lib/format';

describe('displayValue', () => {
  it('masks bearer credentials but keeps the last four characters', () => {
    expect(displayValue('token', '123LN5hAeH6LgDzhmtJs12345678q3G2')).toBe('••••q3G2');
    expect(displayValue('sessionToken', 'abc')).toBe('••••');
  });

  it('leaves ordinary values and token expiry times alone', () => {
    expect(displayValue('utrNumber', 'SBXUTR1234')).toBe('SBXUTR1234');
    expect(displayValue('tokenExpiresAt', '2026-11-22T08:00:00Z')).toBe('2026-11-22T08:00:00Z');
    expect(displayValue('token', 42)).toBe(42);
  });
});
