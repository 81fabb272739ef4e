import { describe, expect, it } from 'vitest';
import { biggestLeak, computeFunnelRows, splitStep } from '../src/lib/funnel';
import { funnel, personalLoan } from './fixtures';

describe('funnel computation', () => {
  it('orders rows along the flowchart and computes shares and conversion', () => {
    const rows = computeFunnelRows(funnel, personalLoan);
    expect(rows.map((r) => r.stepId)).toEqual(['createUser', 'triggerBre', 'awaitKyc', 'triggerDisbursal', 'shareApproved']);
    expect(rows[0]).toMatchObject({ title: 'Create user', reached: 100, continued: 95, faulted: 2, rejected: 3, other: 0, reachedShare: 1, conversion: null, stopped: 5 });
    expect(rows[1]).toMatchObject({ reached: 95, continued: 80, waiting: 5, rejected: 10, reachedShare: 0.95, conversion: 1 - 5 / 100 });
    expect(rows[2].conversion).toBeCloseTo(70 / 95);
    expect(rows[4].stopped).toBe(0);
  });

  it('keeps server order without a definition', () => {
    expect(computeFunnelRows(funnel).map((r) => r.stepId)[0]).toBe('triggerBre');
  });

  it('treats rejected as part of completed when the parts exceed reached', () => {
    expect(splitStep({ stepId: 's', reached: 10, completed: 10, waiting: 0, faulted: 0, rejected: 4, medianDurationMs: null }))
      .toEqual({ continued: 6, waiting: 0, faulted: 0, rejected: 4, other: 0 });
    expect(splitStep({ stepId: 's', reached: 10, completed: 5, waiting: 1, faulted: 1, rejected: 1, medianDurationMs: null }))
      .toEqual({ continued: 5, waiting: 1, faulted: 1, rejected: 1, other: 2 });
  });

  it('finds the step where most journeys stopped', () => {
    expect(biggestLeak(computeFunnelRows(funnel, personalLoan))).toBe('triggerBre');
    expect(biggestLeak([])).toBeNull();
  });

  it('handles an empty funnel', () => {
    expect(computeFunnelRows({ ...funnel, total: 0, steps: [{ stepId: 'x', reached: 0, completed: 0, waiting: 0, faulted: 0, rejected: 0, medianDurationMs: null }] }, null)[0].reachedShare).toBe(0);
  });
});
