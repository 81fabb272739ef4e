// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { InstanceDetail } from '../src/api/types';
import { computeStepStates, edgeKey, orderSteps } from '../src/lib/stepStates';
import { faultedDetail, personalLoan, waitingDetail } from './fixtures';

const statesOf = (d: InstanceDetail, now?: number) =>
  Object.fromEntries([...computeStepStates(personalLoan, d, now).steps].map(([id, v]) => [id, v.state]));

describe('step states', () => {
  it('colours a faulted journey: done steps, the failed step, and the rest not reached', () => {
    expect(statesOf(faultedDetail)).toEqual({
      createUser: 'done', triggerBre: 'done', awaitKyc: 'done', triggerDisbursal: 'failed',
      shareApproved: 'not-reached', shareRejected: 'not-reached',
    });
    const v = computeStepStates(personalLoan, faultedDetail).steps.get('triggerDisbursal')!;
    expect(v.attempts).toBe(5);
    expect(v.error).toBe('HTTP 503 from /v2/disbursal');
    expect(v.durationMs).toBe(600000);
  });

  it('shows the waiting step, counts executions of a re-run step and sums their durations', () => {
    const now = Date.parse('2026-11-21T07:10:01.000Z');
    const g = computeStepStates(personalLoan, waitingDetail, now);
    expect(statesOf(waitingDetail, now)).toMatchObject({ createUser: 'done', triggerBre: 'done', awaitKyc: 'waiting', triggerDisbursal: 'not-reached' });
    expect(g.steps.get('triggerBre')!.executions).toBe(2);
    expect(g.steps.get('triggerBre')!.durationMs).toBe(301000);
    // An unfinished execution counts up to now.
    expect(g.steps.get('awaitKyc')!.durationMs).toBe(300000);
  });

  it('marks taken edges by the outcomes steps actually produced', () => {
    const g = computeStepStates(personalLoan, faultedDetail);
    expect(g.takenEdges.has(edgeKey('createUser', 'Done'))).toBe(true);
    expect(g.takenEdges.has(edgeKey('createUser', 'Rejected'))).toBe(false);
    expect(g.takenEdges.has(edgeKey('triggerBre', 'Approved'))).toBe(true);
  });

  it('maps running, skipped and cancelled executions, and a current step with no execution yet', () => {
    const d: InstanceDetail = {
      ...faultedDetail, status: 'Running', incident: null, hasIncident: false, currentStep: 'shareApproved',
      steps: [
        { ...faultedDetail.steps[0], status: 'Running', finishedAt: null, durationMs: null },
        { ...faultedDetail.steps[1], status: 'Skipped' },
        { ...faultedDetail.steps[2], status: 'Cancelled' },
        { ...faultedDetail.steps[3], status: 'Compensated' },
      ],
    };
    expect(statesOf(d)).toMatchObject({ createUser: 'current', triggerBre: 'skipped', awaitKyc: 'cancelled', triggerDisbursal: 'done', shareApproved: 'current' });
    expect(computeStepStates(personalLoan, d).steps.get('triggerDisbursal')!.compensated).toBe(true);
  });

  it('orders steps by distance from the start, end steps after the happy path', () => {
    expect(orderSteps(personalLoan)).toEqual(['createUser', 'triggerBre', 'awaitKyc', 'triggerDisbursal', 'shareRejected', 'shareApproved']);
  });

  it('orders a loop without diverging and keeps unreachable steps', () => {
    const looped = {
      ...personalLoan,
      steps: [
        ...personalLoan.steps.map((s) => (s.id === 'awaitKyc' ? { ...s, next: { ...s.next, Retry: 'triggerBre' } } : s)),
        { id: 'orphan', activity: 'Partner.ShareToken', title: 'Orphan', inputs: {}, next: {}, outcomes: ['Done'], retry: null, timeoutMs: null, compensation: null },
      ],
    };
    expect(orderSteps(looped)).toEqual(['createUser', 'triggerBre', 'awaitKyc', 'triggerDisbursal', 'shareRejected', 'shareApproved', 'orphan']);
  });
});
