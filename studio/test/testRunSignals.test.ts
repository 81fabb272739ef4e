// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describePrepared, describeSignalsSent, parseSignals } from '../src/designer/testRunSignals';

describe('test run signals', () => {
  it('anEmptyBox_SendsNoSignals_SoTheServerDefaultsApply', () => {
    expect(parseSignals('')).toEqual({});
    expect(parseSignals('  \n')).toEqual({});
  });

  it('payloadsAndNull_AreSentAsWritten', () => {
    expect(parseSignals('{"otp": {"otp": "000000"}, "resend-otp": null}')).toEqual({ signals: { otp: { otp: '000000' }, 'resend-otp': null } });
  });

  it('invalidJsonOrShapes_AreRefusedBeforeSending_NamingWhatIsWrong', () => {
    expect(parseSignals('{"otp": ').error).toContain('valid JSON');
    expect(parseSignals('[]').error).toContain('JSON object');
    expect(parseSignals('null').error).toContain('JSON object');
    expect(parseSignals('{"otp": 5}').error).toBe('The payload of “otp” must be a JSON object, or null to never send it.');
    expect(parseSignals('{"otp": [1]}').error).toContain('“otp”');
    expect(parseSignals('{"o tp": {}}').error).toContain('“o tp” is not a signal name');
    expect(parseSignals('{"otp": {}}').error).toBeUndefined();
  });

  it('sentSignals_AreNamedWithWhereTheirPayloadCameFrom_RepeatsCounted', () => {
    expect(describeSignalsSent([{ name: 'otp', stepId: 'otp', source: 'sandbox' }])).toBe('otp (from the sandbox)');
    const wrong = { name: 'otp', stepId: 'otp', source: 'request' };
    expect(describeSignalsSent([wrong, wrong, wrong])).toBe('otp ×3 (from the request)');
    expect(describeSignalsSent([{ name: 'shipment', stepId: 'ship', source: 'request' }, { name: 'otp', stepId: 'otp', source: 'sandbox' }]))
      .toBe('shipment (from the request), otp (from the sandbox)');
    expect(describeSignalsSent([])).toBe('');
  });

  it('theRunsDefaultShipment_IsNamedSo', () => {
    const shipment = { name: 'shipment', stepId: 'shipment', source: 'default' };
    expect(describeSignalsSent([shipment])).toBe("shipment (the run's default)");
  });

  it('preparedState_IsTheLoanTheBorrowerAndThePurchase_OrNothing', () => {
    expect(describePrepared(null)).toBe('');
    expect(describePrepared({ customerId: 'C-TR1', mobile: 'XXXXXX9999', loanApplicationId: 'L1', purchaseTxnId: null, purchaseAmount: null }))
      .toBe('prepared: loan L1, borrower C-TR1 (XXXXXX9999)');
    expect(describePrepared({ customerId: 'C-TR2', mobile: 'XXXXXX0030', loanApplicationId: null, purchaseTxnId: 'T1', purchaseAmount: 1000 }))
      .toBe('prepared: borrower C-TR2 (XXXXXX0030), purchase of ₹1,000');
    expect(describePrepared({ customerId: null, mobile: null, loanApplicationId: 'L2', purchaseTxnId: null, purchaseAmount: null })).toBe('prepared: loan L2');
  });
});
