import type { Funnel, InstanceDetail, InstanceSummary, JournalEntry, WorkflowDefinitionView } from '../src/api/types';

// Shapes follow the server's answers; the typed constants make the compiler check them against src/api/types.ts (generated from the OpenAPI document).

// The members the server sends that these fixtures do not vary.
const plain = (outcomes: string[]) => ({ outcomes, retry: null, timeoutMs: null, compensation: null });
const activity = () => ({ description: '', inputs: [], outputs: [], isWait: false, isOnceOnly: false, isTerminal: false });

export const personalLoan: WorkflowDefinitionView = {
  id: 'finbox-personal-loan', version: 2, versions: [1, 2], title: 'FinBox personal loan',
  inputs: [{ name: 'customer.mobile', type: 'string', required: true, description: 'Mobile number' }],
  startStep: 'createUser', layout: null,
  steps: [
    { id: 'createUser', activity: 'FinBox.CreateUser', title: 'Create user', inputs: { customerID: '$input.customerId' },
      next: { Done: 'triggerBre', Rejected: 'shareRejected' },
      outcomes: ['Done', 'Rejected'], retry: { maxAttempts: 5, initialDelayMs: 1000, backoffFactor: 2, maxDelayMs: 60000, nonRetryable: ['Terminal'] }, timeoutMs: 30000, compensation: null },
    { id: 'triggerBre', activity: 'FinBox.RunBre', title: 'Credit decision', inputs: {}, next: { Approved: 'awaitKyc', Rejected: 'shareRejected' }, ...plain(['Approved', 'Rejected']) },
    { id: 'awaitKyc', activity: 'FinBox.AwaitKyc', title: 'Wait for KYC', inputs: {}, next: { Done: 'triggerDisbursal', Rejected: 'shareRejected' }, ...plain(['Done', 'Rejected']) },
    { id: 'triggerDisbursal', activity: 'FinBox.TriggerDisbursal', title: 'Disburse', inputs: {}, next: { Done: 'shareApproved' }, ...plain(['Done', 'Failed']) },
    { id: 'shareApproved', activity: 'Partner.ShareToken', title: 'Share approval', inputs: { finalApproval: true }, next: {}, ...plain(['Done']) },
    { id: 'shareRejected', activity: 'Partner.ShareToken', title: 'Share rejection', inputs: { finalApproval: false }, next: {}, ...plain(['Done']) },
  ],
  activities: {
    'FinBox.CreateUser': { type: 'FinBox.CreateUser', category: 'FinBox Prism', title: 'Create user', ...activity(), outcomes: ['Done', 'Rejected'], isWait: false, isOnceOnly: false },
    'FinBox.RunBre': { type: 'FinBox.RunBre', category: 'FinBox Prism', title: 'Run BRE', ...activity(), outcomes: ['Approved', 'Rejected'], isWait: true },
    'FinBox.AwaitKyc': { type: 'FinBox.AwaitKyc', category: 'FinBox Prism', title: 'Await KYC', ...activity(), outcomes: ['Done', 'Rejected'], isWait: true },
    'FinBox.TriggerDisbursal': { type: 'FinBox.TriggerDisbursal', category: 'FinBox Prism', title: 'Trigger disbursal', ...activity(), outcomes: ['Done', 'Failed'], isOnceOnly: true },
    'Partner.ShareToken': { type: 'Partner.ShareToken', category: 'Partner', title: 'Share token', ...activity(), outcomes: ['Done'] },
  },
};

export const summary: InstanceSummary = {
  id: '01JDETAIL0000000000000001', workflowId: 'finbox-personal-loan', version: 2, status: 'Faulted', outcome: null,
  correlationId: 'CUST-1', currentStep: 'triggerDisbursal', createdAt: '2026-11-21T07:00:00.000Z',
  updatedAt: '2026-11-21T07:30:00.000Z', waitingSince: null, hasIncident: true, partnerName: null,
  incidentKind: 'Retryable', awaitsDecision: false, deferredOn: null, faultedAt: '2026-11-21T07:30:00.000Z',
};

export const faultedDetail: InstanceDetail = {
  ...summary,
  waitingFor: [],
  steps: [
    { stepId: 'createUser', activity: 'FinBox.CreateUser', status: 'Completed', outcome: 'Done', attempts: 1,
      startedAt: '2026-11-21T07:00:00.000Z', finishedAt: '2026-11-21T07:00:00.084Z', durationMs: 84, error: null },
    { stepId: 'triggerBre', activity: 'FinBox.RunBre', status: 'Completed', outcome: 'Approved', attempts: 2,
      startedAt: '2026-11-21T07:00:01.000Z', finishedAt: '2026-11-21T07:05:01.000Z', durationMs: 300000, error: null },
    { stepId: 'awaitKyc', activity: 'FinBox.AwaitKyc', status: 'Completed', outcome: 'Done', attempts: 1,
      startedAt: '2026-11-21T07:05:01.000Z', finishedAt: '2026-11-21T07:20:00.000Z', durationMs: 899000, error: null },
    { stepId: 'triggerDisbursal', activity: 'FinBox.TriggerDisbursal', status: 'Faulted', outcome: null, attempts: 5,
      startedAt: '2026-11-21T07:20:00.000Z', finishedAt: '2026-11-21T07:30:00.000Z', durationMs: 600000, error: 'HTTP 503 from /v2/disbursal' },
  ],
  incident: { id: '01JINCIDENT00000000000001', stepId: 'triggerDisbursal', errorKind: 'Retryable', message: 'HTTP 503 from /v2/disbursal', attempts: 5,
    details: { httpStatus: 503 }, createdAt: '2026-11-21T07:30:00.000Z' },
  variables: { offerAmount: 150000 },
  partner: { sessionUrl: 'https://partner.example/s/abc', token: 'tok_XXXX1234' },
  input: { customer: { mobile: 'XXXXXX3210', pan: 'XXXXX1234A' } },
  cancelRequested: false,
  cancelRefusal: null,
  deferral: null,
};

/** A tranche sent with no answer back: the outcome-unknown question (details as the server masks them). */
export const outcomeUnknownDetail: InstanceDetail = {
  ...faultedDetail,
  id: '01JOUTCOMEUNKNOWN00000003',
  incident: { id: '01JINCIDENT00000000000003', stepId: 'triggerDisbursal', errorKind: 'OutcomeUnknown', message: 'Capital Float tranche was sent and no answer came back.', attempts: 1,
    details: {
      operation: 'Capital Float tranche',
      intent: { appId: 'CFAPP-XXXX1234', orderId: 'LJ-01ABC', suborderId: 'tranche', amount: '25000', sends: [{ sentAt: '2026-11-21T07:29:00.000Z', attempt: 1, answer: 'none (DROPPED)', node: 'node-b' }] },
      lastSentAt: '2026-11-21T07:29:00.000Z',
      tried: [{ sentAt: '2026-11-21T07:29:00.000Z', attempt: 1, answer: 'none (DROPPED)', node: 'node-b' }],
      choices: ['confirm-sent', 'confirm-not-sent', 'confirm-not-sent-and-cancel'],
    },
    createdAt: '2026-11-21T07:30:00.000Z' },
  // As the server shows it: a plain cancel is refused while the tranche's answer is unknown.
  cancelRefusal: { stepId: 'triggerDisbursal', activity: 'CapitalFloat.CreateTranche', outcome: null, moneyCallOut: true, awaitsDecision: true, takenAnswer: null,
    message: "Cannot cancel instance '01JOUTCOMEUNKNOWN00000003': …" },
};

export const waitingDetail: InstanceDetail = {
  ...faultedDetail,
  id: '01JWAITING000000000000002', status: 'Waiting', currentStep: 'awaitKyc', hasIncident: false, incident: null,
  waitingSince: '2026-11-21T07:05:01.000Z',
  waitingFor: [
    { kind: 'webhook', key: 'finbox:CUST-1:kyc_completed', dueAt: null, sensitive: false, purpose: null, stepId: 'awaitKyc', deferredOn: null },
    { kind: 'timer', key: null, dueAt: '2026-11-21T07:40:00Z', sensitive: false, purpose: 'poll', stepId: 'awaitKyc', deferredOn: null },
  ],
  steps: [
    faultedDetail.steps[0],
    // A BRE that was re-triggered: two executions of the same step.
    { ...faultedDetail.steps[1], outcome: null, status: 'Skipped', durationMs: 1000 },
    faultedDetail.steps[1],
    { stepId: 'awaitKyc', activity: 'FinBox.AwaitKyc', status: 'Waiting', outcome: null, attempts: 1,
      startedAt: '2026-11-21T07:05:01.000Z', finishedAt: null, durationMs: null, error: null },
  ],
};

export const journal: JournalEntry[] = [
  { seq: 1, at: '2026-11-21T07:00:00.000Z', kind: 'InstanceStarted', stepId: null, attempt: null, data: {} },
  { seq: 2, at: '2026-11-21T07:00:00.010Z', kind: 'LenderCall', stepId: 'createUser', attempt: 1,
    data: { lender: 'FinBoxPrism', method: 'POST', path: '/v2/user/create', httpStatus: 200, lenderCode: 'GEO-S-001', latencyMs: 41, attempt: 1,
      request: { customerID: 'CUST-1', mobile: 'XXXXXX3210' }, response: { data: { referenceID: 'REF-1' } } } },
  { seq: 3, at: '2026-11-21T07:30:00.000Z', kind: 'IncidentCreated', stepId: 'triggerDisbursal', attempt: 5, data: { message: 'HTTP 503' } },
];

export const funnel: Funnel = {
  workflowId: 'finbox-personal-loan', total: 100,
  // The server's order (the definition's); `completed` includes the journeys where the step answered Rejected.
  steps: [
    { stepId: 'createUser', reached: 100, completed: 98, waiting: 0, faulted: 2, rejected: 3, medianDurationMs: 80 },
    { stepId: 'triggerBre', reached: 95, completed: 90, waiting: 5, faulted: 0, rejected: 10, medianDurationMs: 120000 },
    { stepId: 'awaitKyc', reached: 70, completed: 62, waiting: 8, faulted: 0, rejected: 2, medianDurationMs: 3600000 },
    { stepId: 'triggerDisbursal', reached: 60, completed: 55, waiting: 0, faulted: 5, rejected: 0, medianDurationMs: 2000 },
    { stepId: 'shareApproved', reached: 55, completed: 55, waiting: 0, faulted: 0, rejected: 0, medianDurationMs: 300 },
  ],
  outcomes: { Disbursed: 55, Rejected: 15 },
  countsByStatus: { Running: 0, Waiting: 13, Completed: 70, Faulted: 7, Cancelled: 10 },
  stuck: [{ ...summary, id: '01JSTUCK00000000000000003', status: 'Waiting', currentStep: 'awaitKyc', hasIncident: false, waitingSince: '2026-11-20T07:00:00.000Z' }],
  deferredOn: {},
  stuckWaiting: 1,
  stuckFaultedNext: null,
  stuckWaitingNext: null,
};

// Walk 50: a disbursal that faulted after its policy's retries, sat faulted for two minutes, and was retried by an operator.
// The engine keeps one step-history entry for it (the retry reopens it), from the first start to the last finish: 2 min 44 s.
export const at = (s: number) => new Date(Date.parse('2026-11-21T07:20:00.000Z') + s * 1000).toISOString();
let retriedSeq = 0;
const retriedEntry = (s: number, kind: string, stepId: string | null, attempt: number | null, data: JournalEntry['data'] = null): JournalEntry =>
  ({ seq: ++retriedSeq, at: at(s), kind, stepId, attempt, data });
export const retriedJournal: JournalEntry[] = [
  retriedEntry(0, 'StepStarted', 'triggerDisbursal', 1, { activity: 'FinBox.TriggerDisbursal' }),
  retriedEntry(1, 'StepFaulted', 'triggerDisbursal', 1, { errorKind: 'LenderError' }),
  retriedEntry(1, 'StepRetryScheduled', 'triggerDisbursal', 1, { nextAttempt: 2 }),
  retriedEntry(3, 'StepStarted', 'triggerDisbursal', 2, { activity: 'FinBox.TriggerDisbursal' }),
  retriedEntry(4, 'StepFaulted', 'triggerDisbursal', 2, { errorKind: 'LenderError' }),
  retriedEntry(4, 'IncidentCreated', 'triggerDisbursal', 2, { errorKind: 'LenderError', attempts: 2 }),
  retriedEntry(150, 'IncidentRetried', 'triggerDisbursal', null, { by: 'ops-priya', reason: 'lender back' }),
  retriedEntry(150, 'StepStarted', 'triggerDisbursal', 1, { activity: 'FinBox.TriggerDisbursal' }),
  retriedEntry(164, 'StepCompleted', 'triggerDisbursal', 1, { outcome: 'Disbursed' }),
  retriedEntry(164, 'StepStarted', 'shareApproved', 1, { activity: 'Partner.ShareToken' }),
];
export const retriedDetail: InstanceDetail = {
  ...faultedDetail, status: 'Running', incident: null, hasIncident: false, currentStep: 'shareApproved',
  steps: [
    ...faultedDetail.steps.slice(0, 3),
    { ...faultedDetail.steps[3], status: 'Completed', outcome: 'Disbursed', attempts: 1, error: null,
      startedAt: at(0), finishedAt: at(164), durationMs: 164000 },
    { stepId: 'shareApproved', activity: 'Partner.ShareToken', status: 'Running', outcome: null, attempts: 1, startedAt: at(164), finishedAt: null, durationMs: null, error: null },
  ],
};

/** An EventSource that never connects nor sends: the live feed stays quiet under a test that renders the whole App. */
export class QuietEventSource {
  readonly readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  addEventListener(): void {}
  close(): void {}
}
