// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { InstanceDetail, JournalEntry } from '../src/api/types';
import { describeRun, stepRuns } from '../src/lib/stepRuns';
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

  it('shows the waiting step, counts executions of a re-run step and reads the latest one\'s time', () => {
    const now = Date.parse('2026-11-21T07:10:01.000Z');
    const g = computeStepStates(personalLoan, waitingDetail, now);
    expect(statesOf(waitingDetail, now)).toMatchObject({ createUser: 'done', triggerBre: 'done', awaitKyc: 'waiting', triggerDisbursal: 'not-reached' });
    expect(g.steps.get('triggerBre')!.executions).toBe(2);
    // Without the journal: the step history's latest execution (1 s + 5 min added up before walk 50).
    expect(g.steps.get('triggerBre')!.durationMs).toBe(300000);
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

// Walk 50: a disbursal that faulted after its policy's retries, sat faulted for two minutes, and was retried by an operator.
// The engine keeps one step-history entry for it (the retry reopens it), from the first start to the last finish: 2 min 44 s.
const at = (s: number) => new Date(Date.parse('2026-11-21T07:20:00.000Z') + s * 1000).toISOString();
let seq = 0;
const entry = (s: number, kind: string, stepId: string | null, attempt: number | null, data: JournalEntry['data'] = null): JournalEntry =>
  ({ seq: ++seq, at: at(s), kind, stepId, attempt, data });
const retriedJournal: JournalEntry[] = [
  entry(0, 'StepStarted', 'triggerDisbursal', 1, { activity: 'FinBox.TriggerDisbursal' }),
  entry(1, 'StepFaulted', 'triggerDisbursal', 1, { errorKind: 'LenderError' }),
  entry(1, 'StepRetryScheduled', 'triggerDisbursal', 1, { nextAttempt: 2 }),
  entry(3, 'StepStarted', 'triggerDisbursal', 2, { activity: 'FinBox.TriggerDisbursal' }),
  entry(4, 'StepFaulted', 'triggerDisbursal', 2, { errorKind: 'LenderError' }),
  entry(4, 'IncidentCreated', 'triggerDisbursal', 2, { errorKind: 'LenderError', attempts: 2 }),
  entry(150, 'IncidentRetried', 'triggerDisbursal', null, { by: 'ops-priya', reason: 'lender back' }),
  entry(150, 'StepStarted', 'triggerDisbursal', 1, { activity: 'FinBox.TriggerDisbursal' }),
  entry(164, 'StepCompleted', 'triggerDisbursal', 1, { outcome: 'Disbursed' }),
  entry(164, 'StepStarted', 'shareApproved', 1, { activity: 'Partner.ShareToken' }),
];
const retriedDetail: InstanceDetail = {
  ...faultedDetail, status: 'Running', incident: null, hasIncident: false, currentStep: 'shareApproved',
  steps: [
    ...faultedDetail.steps.slice(0, 3),
    { ...faultedDetail.steps[3], status: 'Completed', outcome: 'Disbursed', attempts: 1, error: null,
      startedAt: at(0), finishedAt: at(164), durationMs: 164000 },
    { stepId: 'shareApproved', activity: 'Partner.ShareToken', status: 'Running', outcome: null, attempts: 1, startedAt: at(164), finishedAt: null, durationMs: null, error: null },
  ],
};

describe('a step run more than once (walk 50)', () => {
  it('reads the latest run\'s time, not first start to last finish, and counts the operator\'s retry as a run', () => {
    const now = Date.parse(at(170));
    const v = computeStepStates(personalLoan, retriedDetail, now, { items: retriedJournal, total: retriedJournal.length }).steps.get('triggerDisbursal')!;
    expect(v.executions).toBe(2);
    expect(v.durationMs).toBe(14000);
    expect(v.runs.map(describeRun)).toEqual(['4.0 s, faulted (LenderError), 2 attempts', '14 s, Disbursed']);
    // The step it is in now counts up to now.
    const current = computeStepStates(personalLoan, retriedDetail, now, { items: retriedJournal, total: retriedJournal.length }).steps.get('shareApproved')!;
    expect(current.runs).toEqual([{ startedAt: at(164), endedAt: null, durationMs: 6000, end: 'running', outcome: null, attempts: 1 }]);
  });

  it('ends a run the journey left by a go-to-step, and starts another when it comes back', () => {
    const journal: JournalEntry[] = [
      entry(0, 'StepStarted', 'awaitKyc', 1),
      entry(1, 'StepSuspended', 'awaitKyc', 1),
      entry(60, 'WentToStep', 'triggerBre', null, { by: 'ops-priya' }),
      entry(60, 'StepStarted', 'triggerBre', 1),
      entry(61, 'StepCompleted', 'triggerBre', 1, { outcome: 'Approved' }),
      entry(61, 'StepStarted', 'awaitKyc', 1),
      entry(62, 'StepSuspended', 'awaitKyc', 1),
      entry(90, 'StepResumed', 'awaitKyc', 1),
      entry(90, 'StepCompleted', 'awaitKyc', 1, { outcome: 'Done' }),
    ];
    const runs = stepRuns({ items: journal, total: journal.length }, { ...retriedDetail, currentStep: 'triggerDisbursal' }, Date.parse(at(100)))!;
    expect(runs.get('awaitKyc')!.map((r) => [r.durationMs, r.end])).toEqual([[60000, 'left'], [29000, 'completed']]);
    expect(runs.get('triggerBre')!.map((r) => r.durationMs)).toEqual([1000]);
  });

  it('falls back to the step history when the journal is not all loaded', () => {
    const part = { items: retriedJournal.slice(0, 4), total: retriedJournal.length };
    expect(stepRuns(part, retriedDetail, Date.parse(at(170)))).toBeUndefined();
    const v = computeStepStates(personalLoan, retriedDetail, Date.parse(at(170)), part).steps.get('triggerDisbursal')!;
    expect(v.executions).toBe(1);
    expect(v.runs).toEqual([]);
    expect(v.durationMs).toBe(164000);
  });
});
