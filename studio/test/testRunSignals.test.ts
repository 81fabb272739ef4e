import { describe, expect, it } from 'vitest';
import { describeSignalsSent, parseSignals } from '../src/designer/testRunSignals';

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
});
