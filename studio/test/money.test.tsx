import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeyValues } from '../src/components/common';
import { amountText, formatInr, isMoneyKey, moneyText } from '../src/lib/money';

// Walk 51: a money question's amount read 25000; a lending team in India reads ₹25,000 and ₹1,00,000.
describe('money in rupees', () => {
  it('groups as India does and shows paise only when the amount is not whole', () => {
    expect(formatInr(25000)).toBe('₹25,000');
    expect(formatInr(100000)).toBe('₹1,00,000');
    expect(formatInr(12345678)).toBe('₹1,23,45,678');
    expect(formatInr(2680.5)).toBe('₹2,680.50');
    expect(formatInr(0)).toBe('₹0');
    expect(formatInr(-700)).toBe('-₹700');
  });

  it('knows money by its field\'s name, and leaves ids, tenures and counts alone', () => {
    for (const key of ['amount', 'loanAmount', 'amountSanctioned', 'requestedAmount', 'mandateAmount', 'txnAmount', 'amountReceived',
      'emi', 'emiAmount', 'overduePrincipal', 'processingFee', 'overdueFees', 'lateCharges', 'creditLimit', 'available_limit']) {
      expect([key, isMoneyKey(key)]).toEqual([key, true]);
    }
    for (const key of ['tenure', 'loanApplicationId', 'amountId', 'emiCount', 'otpAttemptsLimit', 'interest', 'interestRate', 'tenureMonths',
      'limitDays', 'count', 'orderId', 'attempt', 'mobile', 'accountNumber', 'amountRefNo']) {
      expect([key, isMoneyKey(key)]).toEqual([key, false]);
    }
  });

  it('leaves a secret masked even when its name also reads as money', () => {
    for (const key of ['emiOtp', 'amountPin', 'feeToken', 'limitSecret']) {
      expect([key, isMoneyKey(key)]).toEqual([key, false]);
      expect(moneyText(key, '123456')).toBeNull();
    }
  });

  it('formats a money field\'s number or digits, and nothing else', () => {
    expect(moneyText('amount', 150000)).toBe('₹1,50,000');
    expect(moneyText('amount', '25000')).toBe('₹25,000');
    expect(moneyText('amount', 'pending')).toBeNull();
    expect(moneyText('amount', true)).toBeNull();
    expect(moneyText('overLimit', true)).toBeNull();
    expect(moneyText('tenure', 12)).toBeNull();
    expect(amountText('25000')).toBe('₹25,000');
    expect(amountText('2680.5')).toBe('₹2,680.50');
    expect(amountText('unknown')).toBe('unknown');
  });

  it('shows a journey\'s money variables in rupees in the data panel, its ids, tenures and counts as they are', () => {
    render(<KeyValues value={{ amountSanctioned: 100000, tenure: 12, loanApplicationId: 4521, otpAttemptsLeft: 2, emi: 9456.25, offer: { amount: 150000 } }} />);
    const value = (key: string) => screen.getByText(key, { selector: 'dt' }).nextElementSibling!.textContent;
    expect(value('amountSanctioned')).toBe('₹1,00,000');
    expect(value('emi')).toBe('₹9,456.25');
    expect(value('tenure')).toBe('12');
    expect(value('loanApplicationId')).toBe('4521');
    expect(value('otpAttemptsLeft')).toBe('2');
    // A nested object stays JSON (the lender's values, as the API sends them).
    expect(value('offer')).toContain('"amount": 150000');
  });
});
