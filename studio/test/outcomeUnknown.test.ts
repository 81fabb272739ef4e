// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { cancelRefusalText } from '../src/lib/cancelRefusal';
import { missingFields, offeredDecisions, readIntent, referenceLabel } from '../src/lib/outcomeUnknown';

// The details of a tranche whose answer was lost, as GET /api/instances/{id} shows them (masked by the server).
const trancheDetails = {
  operation: 'Capital Float tranche',
  intent: {
    appId: 'CFAPP-XXXX1234', orderId: 'LJ-01ABC', suborderId: 'tranche', amount: '25000', decisionId: null,
    sends: [{ sentAt: '2026-12-02T01:00:00Z', attempt: 1, decisionId: null, answer: 'none (DROPPED)' }],
  },
  lastSentAt: '2026-12-02T01:00:00Z',
  tried: [{ sentAt: '2026-12-02T01:00:00Z', attempt: 1, decisionId: null, answer: 'none (DROPPED)' }],
  choices: ['confirm-sent', 'confirm-not-sent', 'confirm-not-sent-and-cancel'],
};

describe('outcome-unknown incident', () => {
  // Walk 51: the keys as labels, upper-cased by the style, read APPID and SUBORDERID.
  it('labels a reference by its key in words', () => {
    expect(['appId', 'orderId', 'suborderId', 'customerID', 'program', 'app_id', 'loanApplicationId', 'panNumber2'].map(referenceLabel))
      .toEqual(['App id', 'Order id', 'Suborder id', 'Customer ID', 'Program', 'App id', 'Loan application id', 'Pan number2']);
  });

  it('reads the intent: amount, references in order, last send and what was tried', () => {
    const intent = readIntent('OutcomeUnknown', trancheDetails)!;
    expect(intent.operation).toBe('Capital Float tranche');
    expect(intent.amount).toBe('25000');
    expect(intent.references).toEqual([
      { name: 'appId', value: 'CFAPP-XXXX1234' },
      { name: 'orderId', value: 'LJ-01ABC' },
      { name: 'suborderId', value: 'tranche' },
    ]);
    expect(intent.lastSentAt).toBe('2026-12-02T01:00:00Z');
    expect(intent.tried).toEqual([{ sentAt: '2026-12-02T01:00:00Z', attempt: 1, answer: 'none (DROPPED)', node: null }]);
    expect(intent.choices).toEqual(['confirm-sent', 'confirm-not-sent', 'confirm-not-sent-and-cancel']);
  });

  it('is not an outcome-unknown question for another kind of incident or details without a shape', () => {
    expect(readIntent('LenderUnavailable', trancheDetails)).toBeNull();
    expect(readIntent('OutcomeUnknown', null)).toBeNull();
    expect(readIntent('OutcomeUnknown', [1, 2])).toBeNull();
  });

  it('falls back to the intent sends when tried is missing, and shows a Prism trigger without an amount', () => {
    const intent = readIntent('OutcomeUnknown', {
      operation: 'FinBox disbursal trigger',
      intent: { customerID: 'XXXX-1234', program: 'PERSONAL_LOAN', previousFailed: null, sends: [{ sentAt: 't1', attempt: 2, answer: 'FBX-S-208' }] },
    })!;
    expect(intent.amount).toBeNull();
    expect(intent.references.map((r) => r.name)).toEqual(['customerID', 'program']);
    expect(intent.tried).toEqual([{ sentAt: 't1', attempt: 2, answer: 'FBX-S-208', node: null }]);
    expect(intent.lastSentAt).toBeNull();
  });

  it('reads a time the server wrote JSON-quoted as the bare time', () => {
    expect(readIntent('OutcomeUnknown', { ...trancheDetails, lastSentAt: '"2026-12-02T01:00:00Z"' })!.lastSentAt).toBe('2026-12-02T01:00:00Z');
  });

  it('needs a reason for every answer and the lender reference to confirm sent', () => {
    expect(missingFields('confirm-sent', '', '')).toEqual(['reference', 'reason']);
    expect(missingFields('confirm-sent', 'TR-1', '  ')).toEqual(['reason']);
    expect(missingFields('confirm-sent', 'TR-1', 'ops ticket 42')).toEqual([]);
    expect(missingFields('confirm-not-sent', '', 'lender has no record')).toEqual([]);
    expect(missingFields('confirm-not-sent-and-cancel', '', '')).toEqual(['reason']);
    expect(missingFields('confirm-not-sent-and-cancel', '', 'x'.repeat(501))).toEqual(['reason (at most 500 characters)']);
  });

  it("offers the server's choices: only the reference once the lender said it took the call, nothing that cancels a journey being cancelled", () => {
    expect(offeredDecisions(['confirm-sent', 'confirm-not-sent', 'confirm-not-sent-and-cancel'], false)).toEqual(['confirm-sent', 'confirm-not-sent', 'confirm-not-sent-and-cancel']);
    // FBX-S-208 without a reference: "not sent" would resend a request the lender has, and the server refuses it.
    expect(offeredDecisions(['confirm-sent'], false)).toEqual(['confirm-sent']);
    // The question is a compensation's (the block release): the journey is already being cancelled.
    expect(offeredDecisions(['confirm-sent', 'confirm-not-sent', 'confirm-not-sent-and-cancel'], true)).toEqual(['confirm-sent', 'confirm-not-sent']);
    // An incident recorded before the choices were named: the two answers that cancel nothing; an unknown choice is ignored.
    expect(offeredDecisions([], false)).toEqual(['confirm-sent', 'confirm-not-sent']);
    expect(offeredDecisions(['cancel', 'confirm-sent'], false)).toEqual(['confirm-sent']);
  });

  it('says why a cancel is not offered, and what to do instead', () => {
    const base = { stepId: 'tranche', activity: 'CapitalFloat.CreateTranche', outcome: null, moneyCallOut: true, awaitsDecision: false, takenAnswer: null, message: 'm' };
    expect(cancelRefusalText({ ...base, awaitsDecision: true })).toContain('Confirm not sent → cancel journey');
    expect(cancelRefusalText({ ...base, takenAnswer: 'FBX-S-208' })).toContain("lender's reference");
    expect(cancelRefusalText(base)).toContain('If the lender refuses it');
    expect(cancelRefusalText({ ...base, moneyCallOut: false, outcome: 'Disbursed' })).toContain('ended Disbursed');
  });
});
