// A fixture server for UI development ONLY. It answers the management API of docs/api.md from
// in-memory, made-up data and moves a few journeys every couple of seconds so live updates can be
// seen. It is not the product's server, has no durability and must never face real data.
//
//   node dev/fixture-server.mjs            (port 5199, API key "dev-key")
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const PORT = Number(process.env.PORT ?? 5199);
const API_KEY = process.env.API_KEY ?? 'dev-key';
const TICK_MS = Number(process.env.TICK_MS ?? 2500);
const sessions = new Set();
// For headless screenshots only: treat every request as signed in.
const NO_AUTH = process.env.FIXTURE_NO_AUTH === '1';

// ---------------------------------------------------------------- definitions
const A = (type, category, title, outcomes, extra = {}) => ({
  type, category, title, description: `${title} (${category}).`, outcomes,
  inputs: extra.inputs ?? [{ name: 'customerID', type: 'string', required: true, description: 'Customer id at the lender' }],
  outputs: extra.outputs ?? [{ name: 'statusCode', type: 'string' }], isWait: !!extra.isWait, isOnceOnly: !!extra.isOnceOnly,
});
const activities = {
  'FinBox.CreateUser': A('FinBox.CreateUser', 'FinBox Prism', 'Create user', ['Done', 'Rejected']),
  'FinBox.UpdateDetails': A('FinBox.UpdateDetails', 'FinBox Prism', 'Update details', ['Done']),
  'FinBox.TriggerBre': A('FinBox.TriggerBre', 'FinBox Prism', 'Trigger BRE', ['Done']),
  'FinBox.GetBre': A('FinBox.GetBre', 'FinBox Prism', 'Poll BRE result', ['Approved', 'Rejected'], { isWait: true }),
  'FinBox.AcceptOffer': A('FinBox.AcceptOffer', 'FinBox Prism', 'Accept offer', ['Done']),
  'FinBox.TriggerKyc': A('FinBox.TriggerKyc', 'FinBox Prism', 'Trigger KYC', ['Done']),
  'FinBox.AwaitKyc': A('FinBox.AwaitKyc', 'FinBox Prism', 'Await KYC webhook', ['Done', 'Rejected'], { isWait: true }),
  'FinBox.SignAgreement': A('FinBox.SignAgreement', 'FinBox Prism', 'Sign agreement', ['Done'], { isOnceOnly: true }),
  'FinBox.TriggerDisbursal': A('FinBox.TriggerDisbursal', 'FinBox Prism', 'Trigger disbursal', ['Done'], { isOnceOnly: true }),
  'FinBox.AwaitDisbursal': A('FinBox.AwaitDisbursal', 'FinBox Prism', 'Await disbursal webhook', ['Disbursed', 'Failed'], { isWait: true }),
  'Partner.Handshake': A('Partner.Handshake', 'Partner', 'Handshake', ['Done', 'Rejected']),
  'Partner.ShareToken': A('Partner.ShareToken', 'Partner', 'Share final token', ['Done'], { inputs: [{ name: 'finalApproval', type: 'bool', required: true }] }),
  'CapitalFloat.BlockAmount': A('CapitalFloat.BlockAmount', 'Capital Float pay-later', 'Block amount', ['Done'], { isOnceOnly: true }),
  'Borrower.AwaitOtp': A('Borrower.AwaitOtp', 'Borrower', 'Wait for borrower OTP', ['Received', 'Expired'], { isWait: true }),
  'CapitalFloat.VerifyBlock': A('CapitalFloat.VerifyBlock', 'Capital Float pay-later', 'Verify block OTP', ['Verified', 'Invalid']),
  'CapitalFloat.CreateTranche': A('CapitalFloat.CreateTranche', 'Capital Float pay-later', 'Create tranche', ['Done'], { isOnceOnly: true }),
  'CapitalFloat.CancelBlock': A('CapitalFloat.CancelBlock', 'Capital Float pay-later', 'Cancel block', ['Done']),
};
const S = (id, activity, title, next, extra = {}) => ({
  id, activity, title, inputs: extra.inputs ?? { customerID: '$input.customerId' }, next,
  retry: extra.retry ?? { maxAttempts: 5, initialDelayMs: 1000, backoffFactor: 2, maxDelayMs: 60000, nonRetryable: ['Terminal'] },
  timeoutMs: extra.timeoutMs ?? 30000, compensation: extra.compensation ?? null,
});
const finboxSteps = (withAgreement) => [
  S('createUser', 'FinBox.CreateUser', 'Create user', { Done: 'updateDetails', Rejected: 'shareRejected' }),
  S('updateDetails', 'FinBox.UpdateDetails', 'Push details', { Done: 'triggerBre' }),
  S('triggerBre', 'FinBox.TriggerBre', 'Trigger BRE', { Done: 'awaitBre' }),
  S('awaitBre', 'FinBox.GetBre', 'Credit decision', { Approved: 'acceptOffer', Rejected: 'shareRejected' }),
  S('acceptOffer', 'FinBox.AcceptOffer', 'Accept offer', { Done: 'triggerKyc' }),
  S('triggerKyc', 'FinBox.TriggerKyc', 'Trigger KYC', { Done: 'awaitKyc' }),
  S('awaitKyc', 'FinBox.AwaitKyc', 'KYC', { Done: withAgreement ? 'signAgreement' : 'triggerDisbursal', Rejected: 'shareRejected' }),
  ...(withAgreement ? [S('signAgreement', 'FinBox.SignAgreement', 'Sign agreement', { Done: 'triggerDisbursal' })] : []),
  S('triggerDisbursal', 'FinBox.TriggerDisbursal', 'Trigger disbursal', { Done: 'awaitDisbursal' }),
  S('awaitDisbursal', 'FinBox.AwaitDisbursal', 'Disbursal', { Disbursed: 'shareApproved', Failed: 'shareRejected' }),
  S('shareApproved', 'Partner.ShareToken', 'Share approval', {}, { inputs: { finalApproval: true } }),
  S('shareRejected', 'Partner.ShareToken', 'Share rejection', {}, { inputs: { finalApproval: false } }),
];
const paylaterSteps = [
  S('handshake', 'Partner.Handshake', 'Partner handshake', { Done: 'blockAmount', Rejected: 'shareRejected' }),
  S('blockAmount', 'CapitalFloat.BlockAmount', 'Block amount', { Done: 'awaitOtp' }, { compensation: { step: 'cancelBlock' } }),
  S('awaitOtp', 'Borrower.AwaitOtp', 'Borrower OTP', { Received: 'verifyOtp', Expired: 'cancelBlock' }, { timeoutMs: 600000 }),
  S('verifyOtp', 'CapitalFloat.VerifyBlock', 'Verify OTP', { Verified: 'createTranche', Invalid: 'awaitOtp' }),
  S('createTranche', 'CapitalFloat.CreateTranche', 'Create tranche', { Done: 'shareApproved' }),
  S('cancelBlock', 'CapitalFloat.CancelBlock', 'Cancel block', { Done: 'shareRejected' }),
  S('shareApproved', 'Partner.ShareToken', 'Share approval', {}, { inputs: { finalApproval: true } }),
  S('shareRejected', 'Partner.ShareToken', 'Share rejection', {}, { inputs: { finalApproval: false } }),
];
const inputs = [
  { name: 'customerId', type: 'string', required: true, description: 'Our customer id' },
  { name: 'customer.mobile', type: 'string', required: true, description: 'Mobile number' },
  { name: 'customer.pan', type: 'string', required: true, description: 'PAN' },
];
const def = (id, title, version, versions, startStep, steps) => {
  const used = new Set(steps.map((s) => s.activity));
  return { id, version, versions, title, inputs, startStep, steps, activities: Object.fromEntries(Object.entries(activities).filter(([k]) => used.has(k))) };
};
const definitions = {
  'finbox-personal-loan': { 1: def('finbox-personal-loan', 'FinBox personal loan', 1, [1, 2], 'createUser', finboxSteps(false)), 2: def('finbox-personal-loan', 'FinBox personal loan', 2, [1, 2], 'createUser', finboxSteps(true)) },
  'capitalfloat-paylater': { 1: def('capitalfloat-paylater', 'Capital Float pay-later disbursal', 1, [1], 'handshake', paylaterSteps) },
};
const latest = (id) => Math.max(...Object.keys(definitions[id]).map(Number));
const happy = { Done: 1, Approved: 1, Disbursed: 1, Received: 1, Verified: 1 };
const happyOutcome = (d, step) => Object.keys(step.next).find((o) => happy[o]) ?? activities[step.activity].outcomes[0];

// ---------------------------------------------------------------- instances
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
let idCounter = 0;
const newId = () => `01JLJ${String(Date.now().toString(36)).toUpperCase()}${String(++idCounter).padStart(5, '0')}`;
const iso = (t) => new Date(t).toISOString();
const instances = new Map();

function summary(i) {
  return { id: i.id, workflowId: i.workflowId, version: i.version, status: i.status, outcome: i.outcome, correlationId: i.correlationId,
    currentStep: i.currentStep, createdAt: iso(i.createdAt), updatedAt: iso(i.updatedAt), waitingSince: i.waitingSince ? iso(i.waitingSince) : null, hasIncident: !!i.incident };
}
function detail(i) {
  return { ...summary(i), waitingFor: i.waitingFor, steps: i.steps.map((s) => ({ ...s, startedAt: s.startedAt ? iso(s.startedAt) : null, finishedAt: s.finishedAt ? iso(s.finishedAt) : null })),
    incident: i.incident, variables: i.variables, partner: i.partner, input: i.input };
}
const journal = (i, at, kind, stepId, data = {}) => i.journal.push({ seq: i.journal.length + 1, at: iso(at), kind, stepId, data });
const lenderCall = (i, at, step, ok = true) => {
  const fin = step.activity.startsWith('FinBox'); const cf = step.activity.startsWith('CapitalFloat');
  journal(i, at, 'LenderCall', step.id, {
    lender: fin ? 'FinBoxPrism' : cf ? 'CapitalFloatPayLater' : 'Partner', method: 'POST',
    path: fin ? `/v2/${step.id.replace(/([A-Z])/g, '/$1').toLowerCase()}` : cf ? `/paylater/${step.id.toLowerCase()}` : '/partner/token',
    httpStatus: ok ? 200 : 503, lenderCode: ok ? (fin ? 'GEO-S-001' : cf ? '1' : 'status 1') : null, latencyMs: 20 + Math.floor(rnd() * 400), attempt: 1,
    request: { customerID: i.correlationId, mobile: 'XXXXXX3210', pan: 'XXXXX1234A' }, response: ok ? { statusCode: 'GEO-S-001', data: { referenceID: `REF-${i.id.slice(-5)}` } } : { error: 'Service Unavailable' },
  });
};

function waitsFor(i, step, at) {
  if (step.activity === 'Borrower.AwaitOtp') return [{ kind: 'signal', key: 'otp', dueAt: null, sensitive: true }, { kind: 'timer', key: null, dueAt: iso(at + 600000), sensitive: false, purpose: 'deadline' }];
  if (step.activity === 'FinBox.GetBre') return [{ kind: 'timer', key: null, dueAt: iso(at + 60000), sensitive: false, purpose: 'poll' }];
  if (step.activity === 'FinBox.AwaitKyc') return [{ kind: 'webhook', key: `finbox:${i.correlationId}:kyc_completed`, dueAt: null, sensitive: false }];
  if (step.activity === 'FinBox.AwaitDisbursal') return [{ kind: 'webhook', key: `finbox:${i.correlationId}:loan_disbursed`, dueAt: null, sensitive: false }, { kind: 'timer', key: null, dueAt: iso(at + 3600000), sensitive: false, purpose: 'poll' }];
  return [];
}

/** Starts `stepId` at time `at`: the instance becomes Running, or Waiting for a wait activity. */
function enter(i, stepId, at) {
  const d = definitions[i.workflowId][i.version];
  const step = d.steps.find((s) => s.id === stepId);
  i.currentStep = stepId;
  i.steps.push({ stepId, activity: step.activity, status: 'Running', outcome: null, attempts: 1, startedAt: at, finishedAt: null, durationMs: null, error: null });
  journal(i, at, 'StepStarted', stepId);
  if (activities[step.activity].isWait) {
    const last = i.steps[i.steps.length - 1];
    last.status = 'Waiting';
    i.status = 'Waiting';
    i.waitingSince = at;
    i.waitingFor = waitsFor(i, step, at);
    journal(i, at, 'StepSuspended', stepId, { waitingFor: i.waitingFor.map((w) => w.kind) });
  } else {
    i.status = 'Running';
    i.waitingSince = null;
    i.waitingFor = [];
  }
  i.updatedAt = at;
}

/** Finishes the current step with `outcome` and enters the next one (or ends the journey). */
function complete(i, outcome, at, status = 'Completed') {
  const d = definitions[i.workflowId][i.version];
  const step = d.steps.find((s) => s.id === i.currentStep);
  const last = i.steps[i.steps.length - 1];
  if (!activities[step.activity].isWait) lenderCall(i, at - 5, step);
  if (activities[step.activity].isWait) journal(i, at, step.activity === 'Borrower.AwaitOtp' ? 'SignalReceived' : 'WebhookReceived', step.id, step.activity === 'Borrower.AwaitOtp' ? { name: 'otp' } : { event: 'status' });
  Object.assign(last, { status, outcome, finishedAt: at, durationMs: at - last.startedAt });
  journal(i, at, status === 'Skipped' ? 'IncidentSkipped' : 'StepCompleted', step.id, { outcome });
  if (step.id === 'triggerBre' || step.id === 'handshake') i.variables.offerAmount = 150000;
  if (step.id === 'createUser' || step.id === 'handshake') i.partner = { sessionUrl: `https://partner.example/session/${i.id.slice(-6)}`, token: 'XXXXXXXXf3a9' };
  const next = step.next[outcome];
  if (next) return enter(i, next, at + 1);
  i.status = 'Completed';
  i.outcome = step.id === 'shareApproved' ? 'Disbursed' : 'Rejected';
  i.currentStep = null;
  i.waitingFor = [];
  i.waitingSince = null;
  i.updatedAt = at;
  journal(i, at, 'InstanceCompleted', null, { outcome: i.outcome });
}

function fault(i, at) {
  const last = i.steps[i.steps.length - 1];
  const d = definitions[i.workflowId][i.version];
  const step = d.steps.find((s) => s.id === i.currentStep);
  lenderCall(i, at - 5, step, false);
  Object.assign(last, { status: 'Faulted', attempts: 5, finishedAt: at, durationMs: at - last.startedAt, error: 'HTTP 503 Service Unavailable from lender' });
  i.status = 'Faulted';
  i.waitingFor = [];
  i.waitingSince = null;
  i.incident = { stepId: step.id, errorKind: 'Retryable', message: `Lender answered 503 five times at ${step.id}`, attempts: 5, details: { httpStatus: 503, lastResponse: { error: 'Service Unavailable' } }, createdAt: iso(at) };
  journal(i, at, 'StepFaulted', step.id, { error: 'HTTP 503' });
  journal(i, at, 'IncidentCreated', step.id, { message: i.incident.message });
  i.updatedAt = at;
}

function create(workflowId, at, customer) {
  const version = latest(workflowId);
  const i = { id: newId(), workflowId, version, status: 'Running', outcome: null, correlationId: customer, currentStep: null, createdAt: at, updatedAt: at,
    waitingSince: null, waitingFor: [], steps: [], incident: null, variables: {}, partner: null, input: { customerId: customer, customer: { mobile: 'XXXXXX3210', pan: 'XXXXX1234A' } }, journal: [] };
  journal(i, at, 'InstanceStarted', null, { correlationId: customer });
  enter(i, definitions[workflowId][version].startStep, at);
  instances.set(i.id, i);
  return i;
}

// A history: journeys in every state, created over the last three days.
const now0 = Date.now();
for (let n = 0; n < 70; n++) {
  const wf = n % 3 === 0 ? 'capitalfloat-paylater' : 'finbox-personal-loan';
  let t = now0 - Math.floor(rnd() * 3 * 86400000);
  const i = create(wf, t, `CUST-${1000 + n}`);
  if (n % 11 === 5) i.version = 1;
  for (let guard = 0; guard < 20 && (i.status === 'Running' || i.status === 'Waiting'); guard++) {
    const d = definitions[i.workflowId][i.version];
    const step = d.steps.find((s) => s.id === i.currentStep);
    if (!step) break;
    const r = rnd();
    t += activities[step.activity].isWait ? Math.floor(rnd() * 3600000) : Math.floor(50 + rnd() * 900);
    if (t > now0 - 60000) break;
    const isWait = activities[step.activity].isWait;
    if (r < 0.08) { if (step.next.Rejected) complete(i, 'Rejected', t); else complete(i, happyOutcome(d, step), t); }
    else if (r < 0.1 && !isWait) { fault(i, t); break; }
    else if (r < (isWait ? 0.35 : 0.11)) break;
    else complete(i, happyOutcome(d, step), t);
  }
  if (n % 17 === 9 && (i.status === 'Waiting' || i.status === 'Running')) {
    i.status = 'Cancelled';
    i.steps[i.steps.length - 1].status = 'Cancelled';
    journal(i, i.updatedAt, 'InstanceCancelled', i.currentStep);
    i.waitingFor = [];
    i.waitingSince = null;
  }
}

// ---------------------------------------------------------------- live simulation
const clients = new Set();
function publish(i) {
  const msg = `event: instance\ndata: ${JSON.stringify(summary(i))}\n\n`;
  for (const res of clients) res.write(msg);
}
setInterval(() => {
  const movable = [...instances.values()].filter((i) => (i.status === 'Running' || (i.status === 'Waiting' && !i.waitingFor.some((w) => w.kind === 'signal'))));
  const now = Date.now();
  if (rnd() < 0.25) {
    const i = create(rnd() < 0.5 ? 'capitalfloat-paylater' : 'finbox-personal-loan', now, `CUST-${2000 + idCounter}`);
    publish(i);
    return;
  }
  const i = pick(movable.filter((x) => x.status === 'Running').concat(movable));
  if (!i) return;
  const d = definitions[i.workflowId][i.version];
  const step = d.steps.find((s) => s.id === i.currentStep);
  if (rnd() < 0.06 && !activities[step.activity].isWait) fault(i, now);
  else complete(i, happyOutcome(d, step), now);
  publish(i);
}, TICK_MS).unref();
setInterval(() => { for (const res of clients) res.write(': keep-alive\n\n'); }, 15000).unref();

// ---------------------------------------------------------------- HTTP
const problem = (res, status, title, detail, errors) => {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) }));
};
const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const readBody = (req) => new Promise((resolve, reject) => {
  let data = '';
  req.on('data', (c) => { data += c; if (data.length > 65536) reject(Object.assign(new Error('too large'), { status: 413 })); });
  req.on('end', () => {
    if (!data) return resolve({});
    try { resolve(JSON.parse(data)); } catch { reject(Object.assign(new Error('Malformed JSON'), { status: 400 })); }
  });
});
const cookieSession = (req) => /(?:^|;\s*)lj_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
const authed = (req) => NO_AUTH || req.headers['x-api-key'] === API_KEY || sessions.has(cookieSession(req));

// Keyset paging like the real API (docs/api.md, InstanceCursor): `next` is base64url of `c|ms|id` (`u` for updatedAt),
// the last row's sort value and id; `after` takes it back and answers the rows after it in the list's order.
const encodeCursor = (sort, i) => Buffer.from(`${sort === 'updatedAt' ? 'u' : 'c'}|${i[sort]}|${i.id}`).toString('base64url');
function decodeCursor(token) {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const m = /^([cu])\|(\d+)\|(.+)$/s.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? { sort: m[1] === 'u' ? 'updatedAt' : 'createdAt', at: Number(m[2]), id: m[3] } : null;
}
const badRequest = (field, message) => Object.assign(new Error(message), { status: 400, errors: { [field]: [message] } });

function listInstances(q) {
  let items = [...instances.values()];
  const f = (pred) => { items = items.filter(pred); };
  if (q.get('workflowId')) f((i) => i.workflowId === q.get('workflowId'));
  if (q.get('outcome')) f((i) => i.outcome === q.get('outcome'));
  if (q.get('correlationId')) f((i) => (i.correlationId ?? '').toLowerCase() === q.get('correlationId').toLowerCase());
  for (const [k, field, cmp] of [['createdFrom', 'createdAt', 1], ['createdTo', 'createdAt', -1], ['updatedFrom', 'updatedAt', 1], ['updatedTo', 'updatedAt', -1]]) {
    const v = q.get(k); if (v) { const t = Date.parse(v); f((i) => (cmp > 0 ? i[field] >= t : i[field] <= t)); }
  }
  if (q.get('hasIncident')) f((i) => !!i.incident === (q.get('hasIncident') === 'true'));
  if (q.get('waitingLongerThan')) { const s = Number(q.get('waitingLongerThan')) * 1000; f((i) => i.status === 'Waiting' && i.waitingSince && Date.now() - i.waitingSince > s); }
  const countsByStatus = { Running: 0, Waiting: 0, Completed: 0, Faulted: 0, Cancelled: 0 };
  for (const i of items) countsByStatus[i.status]++;
  const statuses = q.getAll('status');
  if (statuses.length) f((i) => statuses.includes(i.status));
  const sort = q.get('sort') === 'updatedAt' ? 'updatedAt' : 'createdAt';
  const dir = q.get('order') === 'asc' ? 1 : -1;
  // Ties of the sort value are ordered by id, as the real stores do, so a cursor names one place in the list.
  const inOrder = (a, b) => (a[sort] - b[sort] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * dir;
  items.sort(inOrder);
  const total = items.length;
  if (q.get('after')) {
    const after = decodeCursor(q.get('after'));
    if (!after) throw badRequest('after', "Not a cursor of this list; pass the 'next' value of the previous page as it was returned.");
    if (after.sort !== sort) throw badRequest('after', `This cursor continues a list sorted by ${after.sort}; keep the sort of the page it came from.`);
    f((i) => inOrder(i, { [sort]: after.at, id: after.id }) > 0);
  }
  const skip = Number(q.get('skip') ?? 0); const take = Math.min(500, Number(q.get('take') ?? 50));
  const page = items.slice(skip, skip + take);
  const next = page.length > 0 && page.length >= take ? encodeCursor(sort, page[page.length - 1]) : null;
  return { items: page.map(summary), total, countsByStatus, next };
}

function funnel(workflowId, stuckAfterSeconds) {
  const list = [...instances.values()].filter((i) => i.workflowId === workflowId);
  const d = definitions[workflowId][latest(workflowId)];
  const steps = d.steps.map((s) => {
    const reachedBy = list.filter((i) => i.steps.some((e) => e.stepId === s.id));
    const durations = reachedBy.map((i) => i.steps.filter((e) => e.stepId === s.id && e.durationMs !== null).reduce((a, e) => a + e.durationMs, 0)).filter((x) => x > 0).sort((a, b) => a - b);
    const rejected = reachedBy.filter((i) => i.steps.some((e) => e.stepId === s.id && e.outcome === 'Rejected')).length;
    const completed = reachedBy.filter((i) => i.steps.some((e) => e.stepId === s.id && e.status === 'Completed' && e.outcome !== 'Rejected')).length;
    return { stepId: s.id, reached: reachedBy.length, completed, rejected,
      waiting: reachedBy.filter((i) => i.currentStep === s.id && (i.status === 'Waiting' || i.status === 'Running')).length,
      faulted: reachedBy.filter((i) => i.currentStep === s.id && i.status === 'Faulted').length,
      medianDurationMs: durations.length ? durations[Math.floor(durations.length / 2)] : null };
  }).filter((s) => s.reached > 0);
  const outcomes = {};
  for (const i of list) if (i.outcome) outcomes[i.outcome] = (outcomes[i.outcome] ?? 0) + 1;
  const cutoff = Date.now() - stuckAfterSeconds * 1000;
  const stuck = list.filter((i) => ['Running', 'Waiting', 'Faulted'].includes(i.status) && i.updatedAt < cutoff).sort((a, b) => a.updatedAt - b.updatedAt).map(summary);
  const countsByStatus = Object.fromEntries(['Running', 'Waiting', 'Completed', 'Faulted', 'Cancelled'].map((st) => [st, list.filter((i) => i.status === st).length]));
  return { workflowId, total: list.length, steps, outcomes, countsByStatus, stuck };
}

// The audit trail of what was done through this server (docs/api.md, "Audit"), newest last; the fixture principal is `dev`.
const auditLog = [];
function audit(i, action, body, data = null) {
  auditLog.push({ seq: auditLog.length + 1, at: new Date().toISOString(), principal: 'dev', action, workflowId: i.workflowId,
    instanceId: i.id, reason: typeof body?.reason === 'string' ? body.reason : null, data });
}
function listAudit(q) {
  const eq = (name, v) => !q.get(name) || q.get(name) === v;
  // Several actions, repeated or comma-separated, as the server takes them (session 46).
  const actions = q.getAll('action').flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const time = (e) => Date.parse(e.at);
  const items = auditLog.filter((e) => eq('principal', e.principal) && (!actions.length || actions.includes(e.action)) && eq('workflowId', e.workflowId)
    && eq('instanceId', e.instanceId) && (!q.get('from') || time(e) >= Date.parse(q.get('from'))) && (!q.get('to') || time(e) < Date.parse(q.get('to'))))
    .reverse();
  const skip = Number(q.get('skip') ?? 0); const take = Number(q.get('take') ?? 100);
  const older = q.get('before') ? items.filter((e) => e.seq < Number(q.get('before'))) : items;
  const page = older.slice(skip, skip + take);
  return { items: page, total: items.length, next: page.length === take ? page[page.length - 1].seq : null };
}

function operate(i, op, body, name) {
  const now = Date.now();
  if (op === 'cancel') {
    if (i.status === 'Completed' || i.status === 'Cancelled') return [409, 'The journey has already finished.'];
    if (i.steps.length) { const last = i.steps[i.steps.length - 1]; if (!last.finishedAt) Object.assign(last, { status: 'Cancelled', finishedAt: now, durationMs: now - last.startedAt }); }
    journal(i, now, 'Compensation', i.currentStep, { compensated: i.steps.filter((s) => s.activity === 'CapitalFloat.BlockAmount').length ? ['blockAmount'] : [] });
    journal(i, now, 'InstanceCancelled', i.currentStep);
    Object.assign(i, { status: 'Cancelled', incident: null, waitingFor: [], waitingSince: null, updatedAt: now });
    return [202];
  }
  if (op === 'retry' || op === 'skip') {
    if (!i.incident) return [409, 'The journey has no incident.'];
    const stepId = i.incident.stepId;
    const d = definitions[i.workflowId][i.version];
    const step = d.steps.find((s) => s.id === stepId);
    if (op === 'skip') {
      const outcome = body?.outcome;
      if (!activities[step.activity].outcomes.includes(outcome)) return [400, 'Not an outcome of the faulted step.', { outcome: [`Must be one of ${activities[step.activity].outcomes.join(', ')}.`] }];
      i.incident = null;
      i.steps.push({ stepId, activity: step.activity, status: 'Running', outcome: null, attempts: 0, startedAt: now, finishedAt: null, durationMs: 0, error: null });
      complete(i, outcome, now, 'Skipped');
    } else {
      i.incident = null;
      journal(i, now, 'IncidentRetried', stepId);
      i.steps.pop();
      enter(i, stepId, now);
    }
    return [202];
  }
  if (op === 'signal') {
    if (!i.waitingFor.some((w) => w.kind === 'signal' && w.key === name)) return [409, `The journey is not waiting for the signal "${name}".`];
    if (name === 'otp' && !/^\d{4,8}$/.test(String(body?.otp ?? ''))) return [400, 'Invalid signal payload.', { otp: ['The OTP must be 4 to 8 digits.'] }];
    complete(i, 'Received', now);
    // "000000" plays a wrong OTP: verification fails and the journey waits for a new one.
    complete(i, body.otp === '000000' ? 'Invalid' : 'Verified', now + 40);
    return [202];
  }
  return [404, 'Unknown operation'];
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const p = url.pathname;
  const m = req.method;
  try {
    if (p === '/api/session') {
      if (m === 'POST') {
        if (req.headers['x-api-key'] !== API_KEY) return problem(res, 401, 'Unauthorized', 'Missing or wrong API key.');
        const token = randomBytes(16).toString('hex');
        sessions.add(token);
        return json(res, 200, { signedIn: true, name: 'dev', role: 'Admin' }, { 'Set-Cookie': `lj_session=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200` });
      }
      if (m === 'DELETE') { sessions.delete(cookieSession(req)); return json(res, 200, { signedIn: false }, { 'Set-Cookie': 'lj_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0' }); }
      // Like the real server's Development fallback: dev-key is the Admin `dev`.
      return authed(req) ? json(res, 200, { signedIn: true, name: 'dev', role: 'Admin' }) : problem(res, 401, 'Unauthorized', 'Sign in first.');
    }
    if (!p.startsWith('/api/')) return problem(res, 404, 'Not found', 'The fixture server only answers /api.');
    if (!authed(req)) return problem(res, 401, 'Unauthorized', 'Missing or wrong API key.');

    if (p === '/api/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (p === '/api/workflows' && m === 'GET') {
      return json(res, 200, { items: Object.keys(definitions).map((id) => { const d = definitions[id][latest(id)]; return { id, title: d.title, latestVersion: d.version, versions: d.versions, inputs: d.inputs }; }) });
    }
    let mm;
    if ((mm = /^\/api\/workflows\/([^/]+)$/.exec(p)) && m === 'GET') {
      const id = decodeURIComponent(mm[1]);
      if (!definitions[id]) return problem(res, 404, 'Not found', `No workflow "${id}".`);
      const v = url.searchParams.get('version') ? Number(url.searchParams.get('version')) : latest(id);
      if (!definitions[id][v]) return problem(res, 404, 'Not found', `Workflow "${id}" has no version ${v}.`);
      return json(res, 200, definitions[id][v]);
    }
    if (p === '/api/instances' && m === 'GET') return json(res, 200, listInstances(url.searchParams));
    if ((mm = /^\/api\/instances\/bulk\/(cancel|retry)$/.exec(p)) && m === 'POST') {
      const body = await readBody(req);
      if (!Array.isArray(body.ids)) return problem(res, 400, 'Invalid input', 'ids is required.', { ids: ['Required.'] });
      const results = body.ids.map((id) => {
        const i = instances.get(id);
        if (!i) return { id, ok: false, error: 'Not found' };
        const [status, error] = operate(i, mm[1], {});
        if (status === 202) {
          publish(i);
          audit(i, `bulk-${mm[1]}`, body);
        }
        return { id, ok: status === 202, error: status === 202 ? null : error };
      });
      return json(res, 200, { results });
    }
    if ((mm = /^\/api\/instances\/([^/]+)(\/journal|\/cancel|\/incident\/retry|\/incident\/skip|\/signals\/([^/]+))?$/.exec(p))) {
      const i = instances.get(decodeURIComponent(mm[1]));
      if (!i) return problem(res, 404, 'Not found', 'No such instance.');
      const sub = mm[2];
      if (!sub && m === 'GET') return json(res, 200, detail(i));
      if (sub === '/journal' && m === 'GET') {
        const skip = Number(url.searchParams.get('skip') ?? 0); const take = Number(url.searchParams.get('take') ?? 200);
        return json(res, 200, { items: i.journal.slice(skip, skip + take), total: i.journal.length });
      }
      if (m === 'POST') {
        const body = await readBody(req);
        const op = sub === '/cancel' ? 'cancel' : sub === '/incident/retry' ? 'retry' : sub === '/incident/skip' ? 'skip' : 'signal';
        const [status, detailText, errors] = operate(i, op, body, mm[3] ? decodeURIComponent(mm[3]) : undefined);
        if (status !== 202) return problem(res, status, status === 409 ? 'Conflict' : status === 400 ? 'Invalid input' : 'Error', detailText, errors);
        publish(i);
        audit(i, op, body, op === 'skip' ? { outcome: body.outcome } : op === 'signal' ? { signal: decodeURIComponent(mm[3]) } : null);
        return json(res, 202, summary(i));
      }
    }
    if (p === '/api/audit' && m === 'GET') return json(res, 200, listAudit(url.searchParams));
    if (p === '/api/dashboard/funnel' && m === 'GET') {
      const w = url.searchParams.get('workflowId');
      if (!w || !definitions[w]) return problem(res, w ? 404 : 400, w ? 'Not found' : 'Invalid input', 'workflowId', w ? undefined : { workflowId: ['Required.'] });
      return json(res, 200, funnel(w, Number(url.searchParams.get('stuckAfterSeconds') ?? 3600)));
    }
    return problem(res, 404, 'Not found', `${m} ${p} is not part of the API.`);
  } catch (e) {
    return problem(res, e.status ?? 400, e.status === 413 ? 'Payload too large' : 'Invalid input', e.message, e.errors ?? { body: [e.message] });
  }
});

// PORT=0 takes a free port; the line below names the one taken (tests wait for it).
server.listen(PORT, '127.0.0.1', () => {
  process.stdout.write(`Fixture API (UI development only) on http://127.0.0.1:${server.address().port}  (API key: ${API_KEY})\n`);
});
