// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, parseProblem } from '../src/api/client';

function fakeFetch(status = 200, body: unknown = {}, contentType = 'application/json') {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers: { 'Content-Type': contentType } });
  });
  return { fn: fn as unknown as typeof fetch, calls };
}

const q = (url: string) => new URL(url, 'http://x').searchParams;

describe('ApiClient URL building', () => {
  it('sends no query for an empty filter', async () => {
    const f = fakeFetch(200, { items: [], total: 0, countsByStatus: {} });
    await new ApiClient({ fetch: f.fn }).listInstances({});
    expect(f.calls[0].url).toBe('/api/instances');
  });

  it('puts every filter in the query with the API names', async () => {
    const f = fakeFetch(200, { items: [], total: 0, countsByStatus: {} });
    await new ApiClient({ fetch: f.fn }).listInstances({
      workflowId: 'finbox-personal-loan', status: ['Waiting', 'Faulted'], outcome: 'Rejected', correlationId: 'CUST 1/2',
      createdFrom: '2026-11-01T00:00:00.000Z', createdTo: '2026-11-02T00:00:00.000Z',
      updatedFrom: '2026-11-03T00:00:00.000Z', updatedTo: '2026-11-04T00:00:00.000Z',
      hasIncident: true, waitingLongerThan: 3600, sort: 'updatedAt', order: 'asc', after: 'dXwxNzY0fDAxSg', skip: 100, take: 25,
    });
    const p = q(f.calls[0].url);
    expect(new URL(f.calls[0].url, 'http://x').pathname).toBe('/api/instances');
    expect(p.get('workflowId')).toBe('finbox-personal-loan');
    expect(p.getAll('status')).toEqual(['Waiting', 'Faulted']);
    expect(p.get('outcome')).toBe('Rejected');
    expect(p.get('correlationId')).toBe('CUST 1/2');
    expect(f.calls[0].url).toContain('correlationId=CUST+1%2F2');
    expect(p.get('createdFrom')).toBe('2026-11-01T00:00:00.000Z');
    expect(p.get('createdTo')).toBe('2026-11-02T00:00:00.000Z');
    expect(p.get('updatedFrom')).toBe('2026-11-03T00:00:00.000Z');
    expect(p.get('updatedTo')).toBe('2026-11-04T00:00:00.000Z');
    expect(p.get('hasIncident')).toBe('true');
    expect(p.get('waitingLongerThan')).toBe('3600');
    expect(p.get('sort')).toBe('updatedAt');
    expect(p.get('order')).toBe('asc');
    expect(p.get('after')).toBe('dXwxNzY0fDAxSg');
    expect(p.get('skip')).toBe('100');
    expect(p.get('take')).toBe('25');
  });

  it('sends hasIncident=false when asked for journeys without incident', async () => {
    const f = fakeFetch(200, { items: [], total: 0, countsByStatus: {} });
    await new ApiClient({ fetch: f.fn }).listInstances({ hasIncident: false });
    expect(f.calls[0].url).toBe('/api/instances?hasIncident=false');
  });

  it('builds every other endpoint path, escaping ids', async () => {
    const f = fakeFetch(202, { id: 'a/b' });
    const c = new ApiClient({ fetch: f.fn, baseUrl: 'http://host/' });
    await c.getInstance('a/b');
    await c.getJournal('a/b', 200, 100);
    await c.getWorkflow('wf', 3);
    await c.getWorkflow('wf');
    await c.sendSignal('a/b', 'otp', { otp: '123456' });
    await c.cancel('i1', 'test');
    await c.retryIncident('i1');
    await c.skipIncident('i1', 'Done', 'test');
    await c.skipIncident('i1', 'Done', 'settled by hand');
    await c.bulkCancel(['i1', 'i2'], 'test');
    await c.bulkRetry(['i3'], 'test');
    await c.bulkCancel(['i4'], 'duplicate');
    await c.cancel('i5', 'borrower withdrew');
    await c.getFunnel('wf', 3600);
    await c.getFunnel('wf');
    expect(f.calls.map((x) => `${x.init.method} ${x.url}`)).toEqual([
      'GET http://host/api/instances/a%2Fb',
      'GET http://host/api/instances/a%2Fb/journal?skip=200&take=100',
      'GET http://host/api/workflows/wf?version=3',
      'GET http://host/api/workflows/wf',
      'POST http://host/api/instances/a%2Fb/signals/otp',
      'POST http://host/api/instances/i1/cancel',
      'POST http://host/api/instances/i1/incident/retry',
      'POST http://host/api/instances/i1/incident/skip',
      'POST http://host/api/instances/i1/incident/skip',
      'POST http://host/api/instances/bulk/cancel',
      'POST http://host/api/instances/bulk/retry',
      'POST http://host/api/instances/bulk/cancel',
      'POST http://host/api/instances/i5/cancel',
      'GET http://host/api/dashboard/funnel?workflowId=wf&stuckAfterSeconds=3600',
      'GET http://host/api/dashboard/funnel?workflowId=wf',
    ]);
    expect(f.calls[4].init.body).toBe('{"otp":"123456"}');
    expect(f.calls[7].init.body).toBe('{"outcome":"Done","reason":"test"}');
    expect(f.calls[8].init.body).toBe('{"outcome":"Done","reason":"settled by hand"}');
    expect(f.calls[9].init.body).toBe('{"ids":["i1","i2"],"reason":"test"}');
    expect(f.calls[11].init.body).toBe('{"ids":["i4"],"reason":"duplicate"}');
    expect(f.calls[12].init.body).toBe('{"reason":"borrower withdrew"}');
    expect(f.calls.every((x) => x.init.credentials === 'same-origin')).toBe(true);
  });

  it('asks for a sample with ifExists=true, so a workflow without one is a 204 (null), not a failed request', async () => {
    const none = fakeFetch(204);
    expect(await new ApiClient({ fetch: none.fn }).getSample('wf')).toBeNull();
    expect(none.calls[0].url).toBe('/api/workflows/wf/sample?ifExists=true');
    const some = fakeFetch(200, { customerId: 'CUST-1' });
    expect((await new ApiClient({ fetch: some.fn }).getSample('wf'))?.customerId).toBe('CUST-1');
  });

  it('asks for a draft with ifExists=true, so a workflow without one is a 204 (null), not a failed request', async () => {
    const none = fakeFetch(204);
    expect(await new ApiClient({ fetch: none.fn }).getDraft('wf')).toBeNull();
    expect(none.calls[0].url).toBe('/api/workflows/wf/draft?ifExists=true');
    const some = fakeFetch(200, { id: 'wf', revision: 3 });
    expect((await new ApiClient({ fetch: some.fn }).getDraft('wf'))?.revision).toBe(3);
  });

  it('signs in with the X-Api-Key header and does not put the key in the URL', async () => {
    const f = fakeFetch(200, { signedIn: true });
    await new ApiClient({ fetch: f.fn }).signIn({ kind: 'key', value: 'secret-key' });
    expect(f.calls[0].url).toBe('/api/session');
    expect(f.calls[0].init.method).toBe('POST');
    expect((f.calls[0].init.headers as Record<string, string>)['X-Api-Key']).toBe('secret-key');
  });

  it('signs in with a bearer token in the Authorization header', async () => {
    const f = fakeFetch(200, { signedIn: true, name: 'ops-priya', role: 'Operator' });
    const session = await new ApiClient({ fetch: f.fn }).signIn({ kind: 'token', value: 'eyJ.a.b' });
    const headers = f.calls[0].init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer eyJ.a.b');
    expect(headers['X-Api-Key']).toBeUndefined();
    expect(session.role).toBe('Operator');
  });

  it('reports signed-out on 401 from GET /api/session without calling onUnauthorized', async () => {
    const f = fakeFetch(401, { title: 'Unauthorized', status: 401 }, 'application/problem+json');
    const onUnauthorized = vi.fn();
    expect(await new ApiClient({ fetch: f.fn, onUnauthorized }).isSignedIn()).toBe(false);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('calls onUnauthorized when a data call answers 401', async () => {
    const f = fakeFetch(401, { title: 'Unauthorized', status: 401 }, 'application/problem+json');
    const onUnauthorized = vi.fn();
    await expect(new ApiClient({ fetch: f.fn, onUnauthorized }).listWorkflows()).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).toHaveBeenCalledOnce();
  });
});

describe('problem details', () => {
  it('parses title, detail and field errors', async () => {
    const f = fakeFetch(400, { type: 'about:blank', title: 'Invalid input', status: 400, detail: 'See errors', instance: '/api/x',
      errors: { outcome: ['Not an outcome of FinBox.TriggerDisbursal.'], 'customer.mobile': 'Required' } }, 'application/problem+json');
    const err = await new ApiClient({ fetch: f.fn }).skipIncident('i', 'Nope', 'test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const p = (err as ApiError).problem;
    expect(p.status).toBe(400);
    expect(p.title).toBe('Invalid input');
    expect(p.detail).toBe('See errors');
    expect(p.errors).toEqual({ outcome: ['Not an outcome of FinBox.TriggerDisbursal.'], 'customer.mobile': ['Required'] });
    expect((err as ApiError).message).toBe('Invalid input: See errors');
  });

  it('keeps the code, trace id and expected signals', async () => {
    // The server's 409 for a signal, as it answers it (docs/api.md, "Errors").
    const body = { type: 'urn:loanjourney:problem:signal_not_expected', title: 'Conflict', status: 409, detail: 'not waiting',
      instance: '/api/instances/x/signals/otp', code: 'signal_not_expected', expected: ['otp', 'resend-otp'], traceId: '0HN:1' };
    const p = await parseProblem(new Response(JSON.stringify(body), { status: 409, headers: { 'Content-Type': 'application/problem+json' } }));
    expect(p).toMatchObject({ status: 409, code: 'signal_not_expected', traceId: '0HN:1', expected: ['otp', 'resend-otp'] });
  });

  it('keeps the unresolved once-only calls of a 409 unresolved_intent, dropping malformed ones', async () => {
    // The server's answer to abandon (or goto) while a disbursal's outcome is unknown (docs/api.md).
    const body = { title: 'Conflict', status: 409, code: 'unresolved_intent', detail: 'reconcile it with the lender',
      intents: [{ key: 'disburse', stepId: 'disbursal', createdAt: '2026-12-03T10:00:00Z' }, { key: 7 }, null] };
    const p = await parseProblem(new Response(JSON.stringify(body), { status: 409, headers: { 'Content-Type': 'application/problem+json' } }));
    expect(p.intents).toEqual([{ key: 'disburse', stepId: 'disbursal', createdAt: '2026-12-03T10:00:00Z' }]);
  });

  it('synthesises a problem from a non-JSON error body', async () => {
    const p = await parseProblem(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(p).toEqual({ title: 'Bad Gateway', status: 502, detail: '<html>bad gateway</html>' });
  });

  it('synthesises a problem from an empty error body', async () => {
    const p = await parseProblem(new Response(null, { status: 409 }));
    expect(p.status).toBe(409);
    expect(p.title).toBe('HTTP 409');
  });

  it('turns a network failure into a status-0 problem', async () => {
    const fetchFails = (async () => { throw new TypeError('Failed to fetch'); }) as unknown as typeof fetch;
    const err = await new ApiClient({ fetch: fetchFails }).listWorkflows().catch((e: unknown) => e);
    expect((err as ApiError).problem).toEqual({ title: 'Network error', status: 0, detail: 'Failed to fetch' });
  });
});
