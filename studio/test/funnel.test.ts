// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { biggestLeak, computeFunnelRows, splitStep } from '../src/lib/funnel';
import { funnel, personalLoan } from './fixtures';

describe('funnel computation', () => {
  it('keeps the happy path order (here the server order too) and computes shares and conversion from the only predecessor', () => {
    const rows = computeFunnelRows(funnel, personalLoan);
    expect(rows.map((r) => r.stepId)).toEqual(['createUser', 'triggerBre', 'awaitKyc', 'triggerDisbursal', 'shareApproved']);
    expect(rows[0]).toMatchObject({ title: 'Create user', reached: 100, continued: 95, faulted: 2, rejected: 3, other: 0, reachedShare: 1, conversion: null, stopped: 5 });
    expect(rows[1]).toMatchObject({ reached: 95, continued: 80, waiting: 5, rejected: 10, reachedShare: 0.95, conversion: 1 - 5 / 100 });
    expect(rows[2].conversion).toBeCloseTo(70 / 95);
    expect(rows[4].stopped).toBe(0);
  });

  it('has no conversion for a step several steps lead to', () => {
    const withShare = { ...funnel, steps: [...funnel.steps, { stepId: 'shareRejected', reached: 15, completed: 15, waiting: 0, faulted: 0, rejected: 0, medianDurationMs: 5 }] };
    expect(computeFunnelRows(withShare, personalLoan).find((r) => r.stepId === 'shareRejected')?.conversion).toBeNull();
  });

  it('orders rows along the flow, happy path first: a step appended by the designer comes where the flow reaches it', () => {
    // The file's order, as the server serves it: the designer appended `check` (between the BRE and the KYC wait) and
    // an end step sits in the middle; `retired` is a step of an older version that the definition no longer has.
    const def = {
      ...personalLoan,
      steps: [
        personalLoan.steps[0],
        { ...personalLoan.steps[1], next: { Approved: 'check', Rejected: 'shareRejected' } },
        personalLoan.steps[5],
        ...personalLoan.steps.slice(2, 5),
        { ...personalLoan.steps[2], id: 'check', title: 'Check', next: { Done: 'awaitKyc' } },
      ],
    };
    const served = ['createUser', 'triggerBre', 'retired', 'shareRejected', 'awaitKyc', 'triggerDisbursal', 'shareApproved', 'check'];
    const counts = served.map((stepId) => ({ stepId, reached: 1, completed: 1, waiting: 0, faulted: 0, rejected: 0, medianDurationMs: null }));
    const rows = computeFunnelRows({ ...funnel, steps: counts }, def);
    // The happy path first (each step's first outcome), then the rejection branch, then the older version's step.
    expect(rows.map((r) => r.stepId)).toEqual(['createUser', 'triggerBre', 'check', 'awaitKyc', 'triggerDisbursal', 'shareApproved', 'shareRejected', 'retired']);
    expect(rows.find((r) => r.stepId === 'check')?.conversion).toBe(1);
  });

  it('puts a step several branches lead to after every step that leads to it', () => {
    // partner-handshake's shape: `alreadyShared` goes to `end` first (the decision was shared), else on to `approved`,
    // whose share steps also end at `end`. A plain depth-first order listed `end` right after `alreadyShared`.
    const step = (id: string, next: Record<string, string> = {}) => ({ ...personalLoan.steps[0], id, title: id, next });
    const def = {
      ...personalLoan,
      startStep: 'handshake',
      steps: [
        step('handshake', { Verified: 'loan', Rejected: 'handshakeRejected' }),
        step('loan', { Completed: 'alreadyShared' }),
        step('alreadyShared', { SharedApproved: 'end', Default: 'approved' }),
        step('approved', { Disbursed: 'shareApproved', Default: 'shareRejected' }),
        step('shareApproved', { Shared: 'end' }),
        step('shareRejected', { Shared: 'end' }),
        step('end'),
        step('handshakeRejected'),
      ],
    };
    const served = ['end', 'handshakeRejected', 'shareRejected', 'shareApproved', 'approved', 'alreadyShared', 'loan', 'handshake'];
    const counts = served.map((stepId) => ({ stepId, reached: 1, completed: 1, waiting: 0, faulted: 0, rejected: 0, medianDurationMs: null }));
    expect(computeFunnelRows({ ...funnel, steps: counts }, def).map((r) => r.stepId))
      .toEqual(['handshake', 'loan', 'alreadyShared', 'approved', 'shareApproved', 'shareRejected', 'end', 'handshakeRejected']);
  });

  it('keeps server order without a definition', () => {
    expect(computeFunnelRows(funnel).map((r) => r.stepId)[0]).toBe('createUser');
    expect(computeFunnelRows(funnel)[1].conversion).toBeNull();
  });

  it('counts rejected journeys inside completed ones, as the server does', () => {
    expect(splitStep({ stepId: 's', reached: 10, completed: 10, waiting: 0, faulted: 0, rejected: 4, medianDurationMs: null }))
      .toEqual({ continued: 6, waiting: 0, faulted: 0, rejected: 4, other: 0 });
    expect(splitStep({ stepId: 's', reached: 10, completed: 6, waiting: 1, faulted: 1, rejected: 1, medianDurationMs: null }))
      .toEqual({ continued: 5, waiting: 1, faulted: 1, rejected: 1, other: 2 });
    // A journey that completed the step once and waits there again (a loop) is not counted twice.
    expect(splitStep({ stepId: 's', reached: 1, completed: 1, waiting: 1, faulted: 0, rejected: 0, medianDurationMs: null }))
      .toEqual({ continued: 0, waiting: 1, faulted: 0, rejected: 0, other: 0 });
  });

  it('finds the step where most journeys stopped', () => {
    expect(biggestLeak(computeFunnelRows(funnel, personalLoan))).toBe('triggerBre');
    expect(biggestLeak([])).toBeNull();
  });

  it('handles an empty funnel', () => {
    expect(computeFunnelRows({ ...funnel, total: 0, steps: [{ stepId: 'x', reached: 0, completed: 0, waiting: 0, faulted: 0, rejected: 0, medianDurationMs: null }] }, null)[0].reachedShare).toBe(0);
  });
});
