import { auditExportSearchParams, auditFiltersToSearchParams, type AuditExportFormat } from '../lib/auditFilters';
import { filtersToSearchParams, type BulkFilter } from '../lib/filters';
import type {
  ActivityDescriptor, DefinitionDocument, TestRunScenarioRequest, Draft, DraftSaved, HistoryEntry, PublishedVersion, PublishResult, SampleSaved, StartedInstance, TestRunResult, TestRunSignals,
  ValidationError, ValidationResult,
  BulkResult, MigrationBatch, MigrationResult, Funnel, StuckPage, InstanceDetail, InstanceFilters, InstanceList, InstanceSummary, JournalEntry, Page,
  ProblemDetails, SessionView, WorkflowDefinitionView, WorkflowSummary, DefinitionLoadError, AbandonResult, UnresolvedIntent, BulkAbandon,
  AuditFilters, AuditPage, ErasurePlan, ErasureResult, RetentionView, AccessReport,
} from './types';

/** What signs in: an API key or an OIDC bearer token (docs/studio.md). */
export type Credential = { kind: 'key' | 'token'; value: string };

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
      ...(validationErrors(body.validation ?? body.errors) ? { validationErrors: validationErrors(body.validation ?? body.errors) } : {}),
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.traceId === 'string' ? { traceId: body.traceId } : {}),
      ...(Array.isArray(body.expected) ? { expected: body.expected.map(String) } : {}),
      ...(Array.isArray(body.intents) ? { intents: unresolvedIntents(body.intents) } : {}),
      ...(typeof body.savedBy === 'string' ? { savedBy: body.savedBy } : {}),
      ...(typeof body.savedAt === 'string' ? { savedAt: body.savedAt } : {}),
      ...(typeof body.change === 'string' ? { change: body.change } : {}),
      ...(typeof body.partner === 'string' && body.partner ? { partner: body.partner } : {}),
    };
  } catch {
    return { ...fallback, detail: text.slice(0, 500) };
  }
}

/** The `intents` of a 409 `unresolved_intent`, each with a key, a step and when it was sent (others left out). */
function unresolvedIntents(raw: unknown[]): UnresolvedIntent[] {
  return raw.filter((i): i is Record<string, unknown> => i !== null && typeof i === 'object')
    .filter((i) => typeof i.key === 'string' && typeof i.stepId === 'string')
    .map((i) => ({ key: i.key as string, stepId: i.stepId as string, createdAt: typeof i.createdAt === 'string' ? i.createdAt : '' }));
}

/** A definition's validator findings (`[{ stepId, field, code, message }]`), as a 422 from publish carries them. */
function validationErrors(raw: unknown): ValidationError[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out = raw.filter((e): e is Record<string, unknown> => e !== null && typeof e === 'object' && typeof (e as Record<string, unknown>).message === 'string')
    .map((e) => ({
      stepId: typeof e.stepId === 'string' ? e.stepId : null,
      field: typeof e.field === 'string' ? e.field : null,
      code: typeof e.code === 'string' ? e.code : 'invalid',
      message: e.message as string,
    }));
  return out.length ? out : undefined;
}

function normaliseErrors(raw: unknown): Record<string, string[]> | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  if (Array.isArray(raw)) {
    const list = validationErrors(raw);
    return list ? { definition: list.map((e) => (e.stepId ? `${e.stepId}${e.field ? `.${e.field}` : ''}: ${e.message}` : e.message)) } : undefined;
  }
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

  /** GET with `?ifExists=true`: what there is, or null for the 204 that says there is none (no 404 for the browser to log). */
  private async getIfExists<T>(path: string, extra: Record<string, string> = {}): Promise<T | null> {
    return (await this.request<T | undefined>('GET', path, { query: new URLSearchParams({ ifExists: 'true', ...extra }) })) ?? null;
  }

  private async request<T>(method: string, path: string, opts: { query?: URLSearchParams; body?: unknown; headers?: Record<string, string>; quiet401?: boolean; signal?: AbortSignal } = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(this.url(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
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
  /** Exchanges an API key (`X-Api-Key`) or an OIDC access token (`Authorization: Bearer`) for the session cookie. */
  signIn(credential: Credential): Promise<SessionView> {
    const headers: Record<string, string> = credential.kind === 'token'
      ? { Authorization: `Bearer ${credential.value}` }
      : { 'X-Api-Key': credential.value };
    return this.request('POST', '/api/session', { headers, quiet401: true });
  }
  /** Who is signed in (`signedIn: false` when no one is; the server never answers 401 here). */
  async getSession(): Promise<SessionView> {
    try {
      return await this.request<SessionView>('GET', '/api/session', { quiet401: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return { signedIn: false };
      throw e;
    }
  }
  async isSignedIn(): Promise<boolean> {
    return (await this.getSession()).signedIn === true;
  }
  signOut(): Promise<unknown> {
    return this.request('DELETE', '/api/session', { quiet401: true });
  }

  // Workflows ----------------------------------------------------------------
  async listWorkflows(): Promise<WorkflowSummary[]> {
    return (await this.request<{ items: WorkflowSummary[] }>('GET', '/api/workflows')).items;
  }
  /** Files of the server's definitions directory that did not load (file, workflow, step, field, message). */
  async workflowLoadErrors(): Promise<DefinitionLoadError[]> {
    return (await this.request<{ loadErrors: DefinitionLoadError[] }>('GET', '/api/workflows')).loadErrors;
  }
  getWorkflow(id: string, version?: number): Promise<WorkflowDefinitionView> {
    const q = new URLSearchParams();
    if (version !== undefined) q.set('version', String(version));
    return this.request('GET', `/api/workflows/${seg(id)}`, { query: q });
  }

  /** Every registered activity (the designer's palette). */
  async listActivities(): Promise<ActivityDescriptor[]> {
    return (await this.request<{ items: ActivityDescriptor[] }>('GET', '/api/activities')).items;
  }
  /**
   * The workflow's sample start input, or null when it has none (ifExists=true: 204): the one saved in the designer, else
   * workflows/samples/{id}.json. A saved one that no longer fits the inputs answers 422 `sample_outdated` naming the fields,
   * checked against the draft with `forDraft` (the test run's), else the latest published version (what a start runs).
   */
  getSample(id: string, forDraft = false): Promise<Record<string, unknown> | null> {
    return this.getIfExists<Record<string, unknown>>(`/api/workflows/${seg(id)}/sample`, forDraft ? { for: 'draft' } : {});
  }
  /** Keeps `sample` as the workflow's sample (Designer); checked against the draft's inputs: 400 naming each field that does not fit. */
  saveSample(id: string, sample: Record<string, unknown>): Promise<SampleSaved> {
    return this.request('PUT', `/api/workflows/${seg(id)}/sample`, { body: sample });
  }
  /** Removes the workflow's saved sample (a file in workflows/samples/ is then served again). */
  deleteSample(id: string): Promise<void> {
    return this.request('DELETE', `/api/workflows/${seg(id)}/sample`);
  }
  /** The definition file of a published version (the latest without `version`). */
  exportDefinition(id: string, version?: number): Promise<DefinitionDocument> {
    const q = new URLSearchParams();
    if (version !== undefined) q.set('version', String(version));
    return this.request('GET', `/api/workflows/${seg(id)}/export`, { query: q });
  }

  /** The address of a version's definition file, for a download link (the session cookie goes with it). */
  exportUrl(id: string, version: number): string {
    return this.url(`/api/workflows/${seg(id)}/export`, new URLSearchParams({ version: String(version) }));
  }

  // Authoring ----------------------------------------------------------------
  /**
   * A definition file becomes its workflow's draft (creating the workflow, or replacing the draft it has) when the draft is
   * still at `expectedRevision` (0: there was none); a draft saved since answers 409 `stale_revision` naming who saved it.
   */
  importDefinition(definition: DefinitionDocument, expectedRevision: number): Promise<DraftSaved & { id: string }> {
    return this.request('POST', '/api/workflows/import', { body: definition, query: new URLSearchParams({ expectedRevision: String(expectedRevision) }) });
  }
  /** The published versions, oldest first: who published each, when, and the reason given (masked as the audit trail keeps it). */
  async listVersions(id: string): Promise<PublishedVersion[]> {
    return (await this.request<{ items: PublishedVersion[] }>('GET', `/api/workflows/${seg(id)}/versions`)).items;
  }
  createWorkflow(definition: DefinitionDocument): Promise<DraftSaved> {
    return this.request('POST', '/api/workflows', { body: definition });
  }
  /** The workflow's draft, or null when it has none (`?ifExists=true`: 204 rather than a 404 the browser logs as failed). */
  getDraft(id: string): Promise<Draft | null> {
    return this.getIfExists<Draft>(`/api/workflows/${seg(id)}/draft`);
  }
  /**
   * Saves the whole definition on the revision it was edited from (null: there was no draft, sent as 0), so a newer
   * save by someone else answers 409 instead of being overwritten; with `expectedVersion` (the latest published version
   * the edit began on, 0 when none) a version published since answers 409 `stale_version` too: after a publish there is
   * no draft again, so revision 0 alone would match and the save would undo that version's changes.
   */
  saveDraft(id: string, definition: DefinitionDocument, expectedRevision: number | null, expectedVersion?: number): Promise<DraftSaved> {
    const q = new URLSearchParams({ expectedRevision: String(expectedRevision ?? 0) });
    if (expectedVersion !== undefined) q.set('expectedVersion', String(expectedVersion));
    return this.request('PUT', `/api/workflows/${seg(id)}/draft`, { body: definition, query: q });
  }
  deleteDraft(id: string): Promise<void> {
    return this.request('DELETE', `/api/workflows/${seg(id)}/draft`);
  }
  /** `definition` may be any JSON the designer holds (a draft whose `steps` is null): the validator names what is wrong with its shape too. */
  validate(id: string, definition: unknown, signal?: AbortSignal): Promise<ValidationResult> {
    return this.request('POST', `/api/workflows/${seg(id)}/validate`, { body: definition, signal });
  }
  /** Publishes the draft revision that was checked; `reason` (required, at most MAX_REASON characters) goes into the audit trail. */
  publish(id: string, expectedRevision: number, reason: string): Promise<PublishResult> {
    return this.request('POST', `/api/workflows/${seg(id)}/publish`, { body: { expectedRevision, reason } });
  }
  /**
   * Runs the saved draft over `scenarios` (empty: the server's default list) with `input` (absent: the workflow's sample) and
   * `signals` (per signal name, the payload sent at each wait, or null for "never"; absent: the defaults, the OTP from the sandbox).
   * A scenario given as `{ scenario, deliver }` delivers its payloads to the draft's own webhook and signal waits.
   */
  testRun(id: string, scenarios: TestRunScenarioRequest[], input?: Record<string, unknown>, signals?: TestRunSignals): Promise<TestRunResult> {
    const body: Record<string, unknown> = {};
    if (scenarios.length) body.scenarios = scenarios;
    if (input) body.input = input;
    if (signals) body.signals = signals;
    return this.request('POST', `/api/workflows/${seg(id)}/draft/test-runs`, { body });
  }
  async history(id: string): Promise<HistoryEntry[]> {
    return (await this.request<{ items: HistoryEntry[] }>('GET', `/api/workflows/${seg(id)}/history`)).items;
  }
  /** Starts a journey; the same `idempotencyKey` again answers the same instance. */
  startInstance(workflowId: string, input: Record<string, unknown>, opts: { idempotencyKey?: string; version?: number } = {}): Promise<StartedInstance> {
    const headers: Record<string, string> = {};
    if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
    const q = new URLSearchParams();
    if (opts.version !== undefined) q.set('version', String(opts.version));
    return this.request('POST', `/api/workflows/${seg(workflowId)}/instances`, { body: input, headers, query: q });
  }

  // Instances ----------------------------------------------------------------
  listInstances(filters: InstanceFilters): Promise<InstanceList> {
    return this.request('GET', '/api/instances', { query: filtersToSearchParams(filters) });
  }
  getInstance(id: string, signal?: AbortSignal): Promise<InstanceDetail> {
    return this.request('GET', `/api/instances/${seg(id)}`, { signal });
  }
  getJournal(id: string, skip = 0, take = 200, signal?: AbortSignal): Promise<Page<JournalEntry>> {
    return this.request('GET', `/api/instances/${seg(id)}/journal`, { query: new URLSearchParams({ skip: String(skip), take: String(take) }), signal });
  }
  sendSignal(id: string, name: string, payload: Record<string, unknown>): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/signals/${seg(name)}`, { body: payload });
  }
  /** The reason is required (docs/api.md, "Operations"): the server answers 400 naming `reason` without one. */
  cancel(id: string, reason: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/cancel`, { body: { reason } });
  }
  /** Admin, last resort: closes a journey whose stored data no node can decrypt, as Cancelled without compensation. */
  abandon(id: string, reason: string, intentsReconciled: boolean): Promise<AbandonResult> {
    return this.request('POST', `/api/instances/${seg(id)}/abandon`, { body: { reason, intentsReconciled } });
  }
  retryIncident(id: string, reason?: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/incident/retry`, reason === undefined ? {} : { body: { reason } });
  }
  /** Answers an outcome-unknown incident: the money call was sent, with the lender's reference (the step goes on without sending). */
  confirmSent(id: string, reference: string, reason: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/incident/confirm-sent`, { body: { reference, reason } });
  }
  /**
   * Answers an outcome-unknown incident: the money call was not sent, so the step sends it again (once); or, with
   * `then: 'cancel'`, nothing is sent again and the journey is cancelled (its compensations run).
   */
  confirmNotSent(id: string, reason: string, then: 'resend' | 'cancel' = 'resend'): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/incident/confirm-not-sent`, { body: then === 'cancel' ? { reason, then } : { reason } });
  }
  /** A journey being cancelled whose compensation failed: skip it (no outcome), recorded as not compensated. */
  skipCompensation(id: string, reason: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/incident/skip`, { body: { reason } });
  }
  skipIncident(id: string, outcome: string, reason: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/incident/skip`, { body: { outcome, reason } });
  }
  bulkCancel(ids: string[], reason: string): Promise<BulkResult> {
    return this.request('POST', '/api/instances/bulk/cancel', { body: { ids, reason } });
  }
  bulkRetry(ids: string[], reason: string): Promise<BulkResult> {
    return this.request('POST', '/api/instances/bulk/retry', { body: { ids, reason } });
  }
  /**
   * Retry or cancel every journey matching `filter` (the fields of GET /api/instances, docs/api.md "bulk"): a dry run
   * counts them (`matched`, `cap`, `ids`) and changes nothing; with `dryRun: false` the reason is required.
   */
  bulkByFilter(kind: 'cancel' | 'retry', body: { filter: BulkFilter; dryRun: boolean; reason?: string }): Promise<BulkResult> {
    return this.request('POST', `/api/instances/bulk/${kind}`, { body });
  }
  /** The retention settings and the last batches it redacted (docs/api.md, "Retention and erasure"). */
  retention(): Promise<RetentionView> {
    return this.request('GET', '/api/retention');
  }

  /** Admin: what an erasure of the borrower would do now, changing nothing. */
  planErasure(customerId: string): Promise<ErasurePlan> {
    return this.request('POST', `/api/borrowers/${seg(customerId)}/erasure/dry-run`);
  }

  /** Auditor or Admin: the borrower's access report (DPDP Act s.11; docs/server.md, "Access report"): categories, never values. */
  accessReport(customerId: string): Promise<AccessReport> {
    return this.request('GET', `/api/borrowers/${seg(customerId)}/access-report`);
  }

  /** Admin: erases the borrower's data now (docs/server.md, "Erasure"). */
  erase(customerId: string, reason: string, cancelFirst: boolean): Promise<ErasureResult> {
    return this.request('POST', `/api/borrowers/${seg(customerId)}/erasure`, { body: { reason, cancelFirst } });
  }

  /** Admin: abandons the given journeys no node can decrypt; a dry run unless dryRun is false (docs/api.md, "Bulk abandon"). */
  bulkAbandon(body: { ids: string[]; dryRun: boolean; reason?: string; intentsReconciled?: string[] }): Promise<BulkAbandon> {
    return this.request('POST', '/api/instances/bulk/abandon', { body });
  }

  // Migration and alterations (docs/migration.md) -----------------------------
  migrate(body: { workflowId: string; fromVersion: number; toVersion: number; stepMap: Record<string, string>; dryRun: boolean; reason?: string; ids?: string[] }): Promise<MigrationBatch> {
    return this.request('POST', '/api/instances/migrate', { body });
  }
  /** Moves one journey to another version of its workflow; a dry run unless dryRun is false (`canMigrate` false says why). */
  migrateOne(id: string, body: { toVersion: number; dryRun: boolean; reason?: string }): Promise<MigrationResult> {
    return this.request('POST', `/api/instances/${seg(id)}/migrate`, { body });
  }
  gotoStep(id: string, stepId: string, reason: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/alterations/goto`, { body: { stepId, reason } });
  }
  setVariables(id: string, set: Record<string, unknown>, reason: string): Promise<InstanceSummary> {
    return this.request('POST', `/api/instances/${seg(id)}/alterations/variables`, { body: { set, reason } });
  }

  // Audit (docs/api.md, "Audit") ---------------------------------------------
  /** Operator actions, newest first; `total` counts every entry the filters match. */
  listAudit(filters: AuditFilters): Promise<AuditPage> {
    return this.request('GET', '/api/audit', { query: auditFiltersToSearchParams(filters) });
  }

  /** Where the browser downloads the audit export (a link: the session cookie goes along, and the file streams to disk). */
  auditExportUrl(filters: AuditFilters, format: AuditExportFormat): string {
    return this.url('/api/audit/export', auditExportSearchParams(filters, format));
  }

  // Dashboard ----------------------------------------------------------------
  getFunnel(workflowId: string, stuckAfterSeconds?: number): Promise<Funnel> {
    const q = new URLSearchParams({ workflowId });
    if (stuckAfterSeconds !== undefined && stuckAfterSeconds > 0) q.set('stuckAfterSeconds', String(Math.floor(stuckAfterSeconds)));
    return this.request('GET', '/api/dashboard/funnel', { query: q });
  }

  /** The stuck list's faulted run after the funnel's first page, in the server's triage order (`after`: the previous page's `next`, or the funnel's `stuckFaultedNext`). */
  getStuckFaulted(workflowId: string, after: string, take?: number): Promise<StuckPage> {
    const q = new URLSearchParams({ workflowId, after });
    if (take !== undefined) q.set('take', String(Math.floor(take)));
    return this.request('GET', '/api/dashboard/stuck/faulted', { query: q });
  }

  /**
   * The stuck list's long waits after the funnel's first page, longest wait first (`after`: the previous page's `next`, or the
   * funnel's `stuckWaitingNext`); `stuckAfterSeconds` as given to {@link getFunnel}, so the pages continue the funnel's run.
   */
  getStuckWaiting(workflowId: string, after: string, take?: number, stuckAfterSeconds?: number): Promise<StuckPage> {
    const q = new URLSearchParams({ workflowId, after });
    if (take !== undefined) q.set('take', String(Math.floor(take)));
    if (stuckAfterSeconds !== undefined && stuckAfterSeconds > 0) q.set('stuckAfterSeconds', String(Math.floor(stuckAfterSeconds)));
    return this.request('GET', '/api/dashboard/stuck/waiting', { query: q });
  }

  eventsUrl(): string {
    return this.url('/api/events');
  }
}

export const api = new ApiClient({ baseUrl: import.meta.env.VITE_API_BASE ?? '' });
