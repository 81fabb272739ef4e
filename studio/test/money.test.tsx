import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeyValues } from '../src/components/common';
import { amountText, currencyIn, formatInr, formatMoney, isMoneyKey, moneyText } from '../src/lib/money';

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
    // A nested object is a key/value list inside its row, its money in rupees by the same rule (test below).
    expect(value('offer')).toBe('amount₹1,50,000');
  });

  // Session 51: a variable or output `offer` showed as raw JSON, its amount 250000.
  it('shows a nested object as a key/value list, its money by its own key and the rest as it came', () => {
    render(<KeyValues value={{ offer: { amount: 250000, tenureMonths: 24, roi: 14.5, charges: { processingFee: 2500.5, gst: 'included' } }, emis: [] }} />);
    const row = (key: string) => screen.getByText(key, { selector: 'dt' }).nextElementSibling!;
    expect(row('offer').querySelector('dl.kv-nested')).not.toBeNull();
    expect(row('offer').textContent).not.toContain('{');
    expect(row('amount').textContent).toBe('₹2,50,000');
    expect(row('tenureMonths').textContent).toBe('24');
    expect(row('roi').textContent).toBe('14.5');
    expect(row('processingFee').textContent).toBe('₹2,500.50');
    expect(row('gst').textContent).toBe('included');
    expect(row('emis').textContent).toBe('[]');
  });

  it('puts a nested list under its key, the row\'s whole width, and a plain or empty value beside its key', () => {
    // Walk 52's browser check: a column per level ran five levels out of the 370 px data panel and broke ₹11,800 digit by
    // digit. A row holding a list is a block row (styles.css: one column, the list under the key); others keep the two columns.
    render(<KeyValues value={{ offer: { amount: 250000, deep: { level1: { creditLimit: 1000000 } }, none: {} }, schedule: [{ emiAmount: 11800 }], emis: [], label: 'none' }} />);
    const rowOf = (key: string) => screen.getByText(key, { selector: 'dt' }).parentElement!;
    for (const key of ['offer', 'deep', 'level1', 'schedule']) expect(rowOf(key).className).toBe('kv-row kv-row-block');
    for (const key of ['amount', 'creditLimit', 'none', 'emis', 'label']) expect(rowOf(key).className).toBe('kv-row');
  });

  // Session 53: every money value was shown in rupees, so an offer a partner priced in dollars read ₹1,500. An amount is in
  // the currency its object (or one around it) states; rupees only when none is stated (the lenders' bare amounts) or INR.
  it('shows an amount in the currency its object states, by its code, and never with ₹ when that is not INR', () => {
    expect(formatMoney(1500, 'USD')).toBe('USD\u00a01,500');
    expect(formatMoney(2680.5, 'EUR')).toBe('EUR\u00a02,680.50');
    expect(formatMoney(150000, null)).toBe('1,50,000');
    expect(formatMoney(2680.5, null)).toBe('2,680.50');
    expect(formatMoney(150000, 'INR')).toBe('₹1,50,000');
    expect(formatMoney(150000, undefined)).toBe('₹1,50,000');
    expect(moneyText('amount', 1500, 'USD')).toBe('USD\u00a01,500');
    expect(moneyText('amount', 1500)).toBe('₹1,500');

    expect(currencyIn([['amount', 1], ['currency', 'usd']], undefined)).toBe('USD');
    expect(currencyIn([['amount', 1], ['currencyCode', 'INR']], 'USD')).toBe('INR');
    expect(currencyIn([['amount', 1], ['currency_code', 'EUR']], undefined)).toBe('EUR');
    expect(currencyIn([['amount', 1]], 'USD')).toBe('USD');
    expect(currencyIn([['amount', 1]], undefined)).toBeUndefined();
    for (const none of [null, '', 'rupees', 356, 'US$']) expect([none, currencyIn([['amount', 1], ['currency', none]], undefined)]).toEqual([none, null]);
    // Not a currency key: a currency's name elsewhere in a key says nothing of the amounts beside it.
    expect(currencyIn([['amount', 1], ['currencyPair', 'USD/INR'], ['settlementCurrency', 'USD']], undefined)).toBeUndefined();
  });

  it('reads an offer priced in dollars in dollars in the data panel, its charges too, and a bare amount beside it in rupees', () => {
    render(<KeyValues value={{
      offer: { amount: 1500, currency: 'USD', charges: { processingFee: 25.5 }, emis: [{ emiAmount: 130 }] },
      quote: { amount: 99000, currency: null },
      local: { amount: 250000, currency: 'INR' },
      loanAmount: 500000,
    }} />);
    const value = (key: string, n = 0) => screen.getAllByText(key, { selector: 'dt' })[n].nextElementSibling!.textContent;
    expect(value('amount', 0)).toBe('USD\u00a01,500');
    expect(value('processingFee')).toBe('USD\u00a025.50');
    expect(value('emiAmount')).toBe('USD\u00a0130');
    expect(value('amount', 1)).toBe('99,000');
    expect(value('amount', 2)).toBe('₹2,50,000');
    expect(value('loanAmount')).toBe('₹5,00,000');
    expect(document.body.textContent!.match(/₹/g)).toHaveLength(2);
  });
});
