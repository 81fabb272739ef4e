// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { InstanceDetail, JournalEntry } from '../src/api/types';
import { describeRun, entryTimes, stepRuns } from '../src/lib/stepRuns';
import { computeStepStates, edgeKey, orderSteps } from '../src/lib/stepStates';
import { at, faultedDetail, personalLoan, retriedDetail, retriedJournal, waitingDetail } from './fixtures';

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

// Walk 50's retried disbursal (test/fixtures.ts): one step-history entry from its first start to its last finish, 2 min 44 s.
let seq = 100;
const entry = (s: number, kind: string, stepId: string | null, attempt: number | null, data: JournalEntry['data'] = null): JournalEntry =>
  ({ seq: ++seq, at: at(s), kind, stepId, attempt, data });

// KYC waited a minute, an operator went back to the BRE, and the journey came back to KYC, which then completed.
const wentBack: JournalEntry[] = [
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

describe('a step run more than once (walk 50)', () => {
  it('reads the latest run\'s time, not first start to last finish, and counts the operator\'s retry as a run', () => {
    const now = Date.parse(at(170));
    const v = computeStepStates(personalLoan, retriedDetail, now, { items: retriedJournal, total: retriedJournal.length }).steps.get('triggerDisbursal')!;
    expect(v.executions).toBe(2);
    expect(v.durationMs).toBe(14000);
    expect(v.runs.map(describeRun)).toEqual(['4.0 s, faulted (LenderError), 2 attempts', '14 s, Disbursed']);
    // The step it is in now counts up to now.
    const current = computeStepStates(personalLoan, retriedDetail, now, { items: retriedJournal, total: retriedJournal.length }).steps.get('shareApproved')!;
    expect(current.runs).toEqual([{ startedAt: at(164), endedAt: null, durationMs: 6000, end: 'running', outcome: null, attempts: 1, faultedMs: 0, stillFaulted: false }]);
  });

  it('ends a run the journey left by a go-to-step, and starts another when it comes back', () => {
    const runs = stepRuns({ items: wentBack, total: wentBack.length }, { ...retriedDetail, currentStep: 'triggerDisbursal' }, Date.parse(at(100)))!;
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

// Session 51: the step history table read each entry's whole span, a retried step's time faulted waiting for an operator included.
describe('a step-history entry\'s times (session 51)', () => {
  const all = (items: JournalEntry[]) => ({ items, total: items.length });

  it('adds up its runs and keeps the time it sat faulted apart', () => {
    const now = Date.parse(at(170));
    const times = entryTimes(retriedDetail.steps, stepRuns(all(retriedJournal), retriedDetail, now))!;
    const disbursal = times[3]!;
    // 4 s of the policy's two attempts and 14 s of the operator's retry; 146 s faulted between them (the span: 164 s).
    expect(disbursal.runMs).toBe(18000);
    expect(disbursal.faultedMs).toBe(146000);
    expect(disbursal.stillFaulted).toBe(false);
    expect(disbursal.runs.map((r) => r.end)).toEqual(['faulted', 'completed']);
    expect(times[4]!.runMs).toBe(6000);
    // Entries the journal shows no run of keep their span (the caller's fallback).
    expect(times.slice(0, 3)).toEqual([undefined, undefined, undefined]);
  });

  it('counts a step still faulted up to now, and a skip ends the wait', () => {
    const faulted = retriedJournal.slice(0, 6);
    const detail: InstanceDetail = {
      ...retriedDetail, status: 'Faulted', currentStep: 'triggerDisbursal', hasIncident: true,
      incident: { ...faultedDetail.incident!, stepId: 'triggerDisbursal', createdAt: at(4) },
      steps: [{ ...retriedDetail.steps[3], status: 'Faulted', outcome: null, attempts: 2, finishedAt: at(4), durationMs: 4000, error: 'LenderError' }],
    };
    const now = Date.parse(at(4 + 2 * 86400 + 3 * 3600));
    const times = entryTimes(detail.steps, stepRuns(all(faulted), detail, now))!;
    expect(times[0]).toMatchObject({ runMs: 4000, faultedMs: 2 * 86400_000 + 3 * 3600_000, stillFaulted: true });

    const skipped = [...faulted, entry(600, 'IncidentSkipped', 'triggerDisbursal', null, { outcome: 'Done' }), entry(600, 'StepStarted', 'shareApproved', 1)];
    const after: InstanceDetail = {
      ...detail, status: 'Running', currentStep: 'shareApproved', hasIncident: false, incident: null,
      steps: [{ ...detail.steps[0], status: 'Skipped', outcome: 'Done', finishedAt: at(600), durationMs: 600000 }],
    };
    expect(entryTimes(after.steps, stepRuns(all(skipped), after, now))![0]).toMatchObject({ runMs: 4000, faultedMs: 596000, stillFaulted: false });
  });

  it('gives a step entered again (a go-to-step back) its runs per entry', () => {
    const kyc = { ...faultedDetail.steps[2], status: 'Skipped', outcome: null };
    const steps = [
      { ...kyc, startedAt: at(0), finishedAt: at(60), durationMs: 60000 },
      { ...faultedDetail.steps[1], startedAt: at(60), finishedAt: at(61), durationMs: 1000 },
      { ...kyc, status: 'Completed', outcome: 'Done', startedAt: at(61), finishedAt: at(90), durationMs: 29000 },
    ];
    const detail: InstanceDetail = { ...retriedDetail, currentStep: 'triggerDisbursal', steps };
    const times = entryTimes(steps, stepRuns(all(wentBack), detail, Date.parse(at(100))))!;
    expect(times.map((t) => [t?.runMs, t?.runs.length, t?.faultedMs])).toEqual([[60000, 1, 0], [1000, 1, 0], [29000, 1, 0]]);
  });

  it('is undefined while the journal is not all loaded', () => {
    expect(entryTimes(retriedDetail.steps, stepRuns({ items: retriedJournal.slice(0, 4), total: retriedJournal.length }, retriedDetail, 0))).toBeUndefined();
  });
});
