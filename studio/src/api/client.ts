import { filtersToSearchParams } from '../lib/filters';
import type {
  BulkResult, Funnel, InstanceDetail, InstanceFilters, InstanceList, InstanceSummary, JournalEntry, Page,
  ProblemDetails, WorkflowDefinitionView, WorkflowSummary,
} from './types';

/** A failed API call, carrying the server's RFC 7807 problem details (or one synthesised from the response). */
export class ApiError extends Error {
  readonly problem: ProblemDetails;
  constructor(problem: ProblemDetails) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

/** Turns a non-2xx response into problem details, whether or not the server sent problem+json. */
export async function parseProblem(res: Response): Promise<ProblemDetails> {
  const fallback: ProblemDetails = { title: res.statusText || `HTTP ${res.status}`, status: res.status };
  let text = '';
  try {
    text = await res.text();
  } catch {
    return fallback;
  }
  if (!text) return fallback;
  try {
    const body = JSON.parse(text) as Partial<ProblemDetails> & Record<string, unknown>;
    if (body === null || typeof body !== 'object') return { ...fallback, detail: text.slice(0, 500) };
    const errors = normaliseErrors(body.errors);
    return {
      type: typeof body.type === 'string' ? body.type : undefined,
      title: typeof body.title === 'string' && body.title ? body.title : fallback.title,
      status: typeof body.status === 'number' ? body.status : res.status,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      instance: typeof body.instance === 'string' ? body.instance : undefined,
      ...(errors ? { errors } : {}),
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.traceId === 'string' ? { traceId: body.traceId } : {}),
      ...(Array.isArray(body.expected) ? { expected: body.expected.map(String) } : {}),
    };
  } catch {
    return { ...fallback, detail: text.slice(0, 500) };
  }
}

function normaliseErrors(raw: unknown): Record<string, string[]> | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, msgs] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(msgs)) out[field] = msgs.map(String);
    else if (msgs !== null && msgs !== undefined) out[field] = [String(msgs)];
  }
  return Object.keys(out).length ? out : undefined;
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError({ title: 'Network error', status: 0, detail: message });
}

const seg = encodeURIComponent;

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called on every 401 so the app can return to the sign-in screen. */
  onUnauthorized?: () => void;
}

export class ApiClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  onUnauthorized?: () => void;

  constructor(opts: ApiClientOptions = {}) {
    this.base = (opts.baseUrl ?? '').replace(/\/$/, '');
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.onUnauthorized = opts.onUnauthorized;
  }

  url(path: string, query?: URLSearchParams): string {
    const q = query?.toString();
    return `${this.base}${path}${q ? `?${q}` : ''}`;
  }

  private async request<T>(method: string, path: string, opts: { query?: URLSearchParams; body?: unknown; headers?: Record<string, string>; quiet401?: boolean } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(this.url(path, opts.query), { method, headers, body, credentials: 'same-origin' });
    } catch (e) {
      throw toApiError(e);
    }
    if (!res.ok) {
      const problem = await parseProblem(res);
      if (res.status === 401 && !opts.quiet401) this.onUnauthorized?.();
      throw new ApiError(problem);
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  // Session ------------------------------------------------------------------
  signIn(apiKey: string): Promise<unknown> {
    return this.request('POST', '/api/session', { headers: { 'X-Api-Key': apiKey }, quiet401: true });
  }
  async isSignedIn(): Promise<boolean> {
    try {
      const r = await this.request<{ signedIn?: boolean }>('GET', '/api/session', { quiet401: true });
      return r?.signedIn === true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return false;
      throw e;
    }
  }
  signOut(): Promise<unknown> {
    return this.request('DELETE', '/api/session', { quiet401: true });
  }

  // Workflows ----------------------------------------------------------------
  async listWorkflows(): Promise<WorkflowSummary[]> {
    return (await this.request<{ items: WorkflowSummary[] }>('GET', '/api/workflows')).items;
  }
  getWorkflow(id: string, version?: number): Promise<WorkflowDefinitionView> {
    const q = new URLSearchParams();
    if (version !== undefined) q.set('version', String(version));
    return this.request('GET', `/api/workflows/${seg(id)}`, { query: q });
  }

  // Instances ----------------------------------------------------------------
  listInstances(filters: InstanceFilters): Promise<InstanceList> {
    return this.request('GET', '/api/instances', { query: filtersToSearchParams(filters) });
  }
  getInstance(id: string): Promise<InstanceDetail> {
    return this.request('GET', `/api/instances/${seg(id)}`);
  }
  getJournal(id: string, skip = 0, take = 200): Promise<Page<JournalEntry>> {
    return this.request('GET', `/api/instances/${seg(id)}/journal`, { query: new URLSearchParams({ skip: String(skip), take: String(take) }) });
  }
  sendSignal(id: string, name: string, payload: Record<string, unknown>): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/signals/${seg(name)}`, { body: payload });
  }
  cancel(id: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/cancel`);
  }
  retryIncident(id: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/incident/retry`);
  }
  skipIncident(id: string, outcome: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/incident/skip`, { body: { outcome } });
  }
  bulkCancel(ids: string[]): Promise<BulkResult> {
    return this.request('POST', '/api/instances/bulk/cancel', { body: { ids } });
  }
  bulkRetry(ids: string[]): Promise<BulkResult> {
    return this.request('POST', '/api/instances/bulk/retry', { body: { ids } });
  }

  // Dashboard ----------------------------------------------------------------
  getFunnel(workflowId: string, stuckAfterSeconds?: number): Promise<Funnel> {
    const q = new URLSearchParams({ workflowId });
    if (stuckAfterSeconds !== undefined && stuckAfterSeconds > 0) q.set('stuckAfterSeconds', String(Math.floor(stuckAfterSeconds)));
    return this.request('GET', '/api/dashboard/funnel', { query: q });
  }

  eventsUrl(): string {
    return this.url('/api/events');
  }
}

export const api = new ApiClient({ baseUrl: import.meta.env.VITE_API_BASE ?? '' });
