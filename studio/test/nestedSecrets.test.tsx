import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeyValues } from '../src/components/common';
import { AlterMenu } from '../src/components/journey/AlterMenu';
import { holdsSecret, maskSecrets } from '../src/lib/format';
import { personalLoan, waitingDetail } from './fixtures';

// Session 51: a secret inside a nested variable (`partner.sessionToken`) was shown whole, as the JSON the server sent.
describe('secrets at any depth', () => {
  const variables = {
    partner: { name: 'Acme', sessionToken: '123LN5hAeH6LgDzhmtJs12345678q3G2', limits: [{ creditLimit: 50000, otp: 654321 }] },
    lenderAuth: { accessToken: { value: 'eyJhbGciOiJIUzI1NiJ9.abcdef', issuedAt: '2026-12-01T10:00:00Z', expired: false } },
    otpAttemptsLeft: 2,
  };

  it('masks a secret in the data panel however deep it lies, and everything under a secret key', () => {
    const { container } = render(<KeyValues value={variables} />);
    const text = container.textContent!;
    for (const clear of ['123LN5hAeH6LgDzhmtJs', '654321', 'eyJhbGciOiJIUzI1NiJ9', '2026-12-01T10:00:00Z']) {
      expect(text).not.toContain(clear);
    }
    const row = (key: string) => screen.getByText(key, { selector: 'dt' }).nextElementSibling!.textContent;
    expect(row('sessionToken')).toBe('••••q3G2');
    expect(row('otp')).toBe('••••4321');
    expect(row('value')).toBe('••••cdef');
    expect(row('issuedAt')).toBe('••••:00Z');
    expect(row('expired')).toBe('false');
    expect(row('name')).toBe('Acme');
    expect(row('creditLimit')).toBe('₹50,000');
    expect(row('otpAttemptsLeft')).toBe('2');
  });

  it('masks the same secrets in a JSON view, and tells a variable that holds one', () => {
    const json = JSON.stringify(maskSecrets(variables));
    expect(json).not.toContain('123LN5hAeH6LgDzhmtJs');
    expect(json).not.toContain('654321');
    expect(json).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(json).toContain('"creditLimit":50000');
    expect(holdsSecret(variables.partner)).toBe(true);
    expect(holdsSecret(variables.lenderAuth)).toBe(true);
    expect(holdsSecret({ amount: 1, tokenExpiresAt: 'x', otpError: 'bad', nested: [{ pincode: '560001' }] })).toBe(false);
    expect(holdsSecret({ otp: null })).toBe(false);
  });
});

describe('Edit variables… with a nested secret', () => {
  it('leaves a variable holding a secret at any depth out of its JSON and names it', () => {
    const detail = { ...waitingDetail, variables: { amount: 25000, partner: { name: 'Acme', sessionToken: '123LN5hAeH6LgDzhmtJs12345678q3G2' }, otp: '123456' } };
    render(<AlterMenu detail={detail} def={personalLoan} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit variables…' }));
    const editor = screen.getByRole<HTMLTextAreaElement>('textbox', { name: /Variables/ });
    expect(JSON.parse(editor.value)).toEqual({ amount: 25000 });
    expect(screen.getByTestId('alter-secret-names').textContent).toContain('partner, otp');
  });
});
