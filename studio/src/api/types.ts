// Types of the management API: aliases of the ones openapi-typescript generates from the server's OpenAPI document
// into schema.d.ts (`npm run gen:api -- <server>/openapi/v1.json`; a test fails when that file drifts from the served
// document). Only the Studio's own shapes (filters, the journal's untyped data, status lists) are written here.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type InstanceStatus = Schemas['WorkflowStatus'];
export const INSTANCE_STATUSES: readonly InstanceStatus[] = ['Running', 'Waiting', 'Completed', 'Faulted', 'Cancelled'];

export type StepStatus = 'Completed' | 'Running' | 'Waiting' | 'Faulted' | 'Skipped' | 'Cancelled' | 'Compensated' | 'CompensationSkipped';

export type InputField = Schemas['InputFieldView'];
export type SessionView = Schemas['SessionView'];
export type WorkflowSummary = Schemas['WorkflowSummaryView'];
export type DefinitionLoadError = Schemas['DefinitionErrorView'];
export type RetryPolicy = Schemas['RetryView'];
export type StepDefinition = Schemas['StepDefinitionView'];
export type ActivityDescriptor = Schemas['ActivityView'];
export type WorkflowDefinitionView = Schemas['WorkflowDefinitionView'];
export type InstanceSummary = Schemas['InstanceSummaryView'];
/** On a sensitive signal's answer only: what the waiting step did with it (docs/api.md, "A signal's answer"). */
export type SignalAnswer = Schemas['SignalAnswerView'];
export type WaitingFor = Schemas['WaitingForView'];
export type StepExecution = Schemas['StepView'];
/** Where the server's view holds a JsonNode (any JSON) it always sends an object (or null): the Studio reads it so. */
type JsonRecord = Record<string, unknown>;
export type Incident = Omit<Schemas['IncidentView'], 'details'> & { details: JsonRecord | null };
export type InstanceDetail = Omit<Schemas['InstanceDetailView'], 'variables' | 'input' | 'incident'> & {
  variables: JsonRecord | null;
  input: JsonRecord | null;
  incident: Incident | null;
};
export type JournalEntry = Omit<Schemas['JournalEntryView'], 'data'> & { data: JsonRecord | null };
export type InstanceList = Schemas['InstanceListView'];
export type CountsByStatus = InstanceList['countsByStatus'];
export type BulkResult = Schemas['BulkResultView'];
export type MigrationResult = Schemas['MigrationResult'];
export type MigrationBatch = Schemas['MigrationBatchView'];
export type BulkAbandon = Schemas['BulkAbandonView'];
export type BulkAbandonItem = Schemas['BulkAbandonItem'];
export type FunnelStep = Schemas['FunnelStepCounts'];
export type Funnel = Schemas['FunnelView'];
/** A page of one of the stuck list's runs (`GET /api/dashboard/stuck/faulted`, `GET /api/dashboard/stuck/waiting`). */
export type StuckPage = Schemas['StuckPageView'];
export type AuditEntry = Omit<Schemas['AuditEntryView'], 'data'> & { data: JsonRecord | null };
export type AuditPage = Omit<Schemas['AuditPageView'], 'items'> & { items: AuditEntry[] };
/**
 * The audit list's query (`GET /api/audit`) as the OpenAPI document declares it; the Studio's URL uses the same names.
 * The Studio pages it only with `before` (the `next` of the page before; docs/studio.md, "Audit trail"), never with
 * `skip`, which the type leaves out so no caller can send it.
 */
export type AuditFilters = Omit<NonNullable<paths['/api/audit']['get']['parameters']['query']>, 'skip'>;
/** The actions the server records (the document's enum of the `action` parameter, which takes several: session 46). */
export type AuditAction = NonNullable<AuditFilters['action']>[number];

/**
 * What ApiError carries: the server's problem details (Schemas['ProblemDetails']) as parseProblem reads them from any
 * error answer, problem+json or not, so title and status are always there.
 */
export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
  /** The server's stable error code, e.g. `signal_not_expected`. */
  code?: string;
  traceId?: string;
  /** On a 409 for a signal: the signals the journey does wait for. */
  expected?: string[];
  /** On a 422 from publish (or a refused draft): the validator's findings. */
  validationErrors?: ValidationError[];
  /** On a 409 `unresolved_intent`: the once-only calls whose outcome is unknown. */
  intents?: UnresolvedIntent[];
  /** On a 409 `stale_revision`: who changed the draft last (as the audit trail names principals), when, and how (`save`, `publish`, …). */
  savedBy?: string;
  savedAt?: string;
  /** On a 409 `stale_revision`: the revision the draft is at. */
  currentRevision?: number;
  change?: string;
  /** On a 403 `role_required` for a partner-scoped principal: its partner (docs/server.md, "Partner scope"). */
  partner?: string;
}

/** A once-only call (a disbursal, a block) that was sent and whose outcome the journey does not know. */
export interface UnresolvedIntent {
  key: string;
  stepId: string;
  createdAt: string;
}

/**
 * POST /api/instances/{id}/abandon: the journey now (Cancelled), the calls left to reconcile with the lender, and the
 * completed steps whose compensation a cancel would have run (e.g. releasing a block), each saying whether this build
 * has that activity: to undo by hand.
 */
export type AbandonResult = Schemas['AbandonView'];

export type JournalKind =
  | 'InstanceStarted' | 'StepStarted' | 'StepCompleted' | 'StepSuspended' | 'StepResumed' | 'StepFaulted'
  | 'StepRetryScheduled' | 'StepDeferred' | 'IncidentCreated' | 'IncidentRetried' | 'IncidentSkipped' | 'OutcomeDecided'
  | 'SignalReceived' | 'WebhookReceived' | 'LenderCall' | 'Compensation' | 'CancelRequested' | 'InstanceCancelled'
  | 'InstanceCompleted' | 'Migrated' | 'WentToStep' | 'VariablesSet' | 'InstanceAbandoned';

/** A `LenderCall` journal entry's data; a test run's `lenderCalls` items carry the same fields (`TestRunLenderCall`). */
export interface LenderCallData {
  lender?: string | null;
  /** The client operation, e.g. `FinBoxPrism.CreateUser`. */
  operation?: string | null;
  method?: string | null;
  path?: string | null;
  httpStatus?: number | null;
  lenderCode?: string | null;
  latencyMs?: number | null;
  attempt?: number | null;
  request?: unknown;
  response?: unknown;
  /** Why there is no answer (timeout, connection refused), when the call failed below HTTP. */
  error?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * The journeys list's query (`GET /api/instances`) as the OpenAPI document declares it; the Studio's URL uses the same
 * names. The Studio pages only with `after` (the `next` of the page before; docs/studio.md, "Paging") and never sends
 * `skip` (an offset reads and drops every row before it).
 */
export type InstanceFilters = NonNullable<paths['/api/instances']['get']['parameters']['query']>;

// Authoring (issue 13): the definition file format, drafts, validation, test runs, publish, history. --------------

/** A start input field as the definition file declares it (types as the engine's enum: `String`, `Object`, …). */
export interface DefinitionInputField {
  name: string;
  type?: string;
  required?: boolean;
  description?: string;
  /** A `String` field's format (`email`, `date`, `pan`, `mobile-in`, `pincode`, `ifsc`), checked at the start. */
  format?: string;
  /** A `String` field's JSON Schema pattern (found anywhere in the value unless anchored), checked at the start. */
  pattern?: string;
}

export interface DefinitionRetry {
  maxAttempts?: number;
  /** `00:00:01` or `PT1S`. */
  initialDelay?: string;
  backoffFactor?: number;
  maxDelay?: string | null;
  nonRetryable?: string[];
}

export interface DefinitionCompensation {
  activity: string;
  inputs?: Record<string, unknown>;
}

export interface DefinitionStep {
  id: string;
  activity: string;
  title?: string;
  inputs?: Record<string, unknown>;
  next?: Record<string, string>;
  retry?: DefinitionRetry;
  /** `00:00:30` or `PT30S`. */
  timeout?: string;
  compensation?: DefinitionCompensation;
}

/** A workflow definition exactly as `workflows/*.json` holds it (what drafts save and export returns). */
export interface DefinitionDocument {
  id: string;
  version?: number;
  title?: string;
  input?: DefinitionInputField[];
  variables?: Record<string, unknown>;
  start: string;
  steps: DefinitionStep[];
  /** The designer's arrangement: a position per step id (top-left corner). Presentation only: outside the content hash. */
  layout?: Record<string, StepPosition>;
}

/** Where the designer draws a step. */
export type StepPosition = Schemas['StepPosition'];

/** One finding of the validator, pinned on a step (or on the definition when `stepId` is null) and a field. */
export interface ValidationError {
  stepId: string | null;
  field: string | null;
  code: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationError[];
}

export interface DraftSaved extends ValidationResult {
  revision: number;
}

/** A sample saved (`PUT /api/workflows/{id}/sample`): who, when, and what its inputs were checked against (`the draft`, `version 3`). */
export interface SampleSaved {
  workflowId: string;
  savedBy: string;
  savedAt: string;
  checkedAgainst: string;
}

export interface Draft extends DraftSaved {
  id: string;
  contentHash: string;
  savedBy: string;
  savedAt: string;
  definition: DefinitionDocument;
}

export interface PublishResult {
  id: string;
  version: number;
  contentHash: string;
  /** The draft equalled the latest version: nothing new was published. */
  unchanged: boolean;
  /** An unchanged publish whose draft only moved steps: the latest version took the draft's layout. */
  layoutUpdated: boolean;
}

/** One step a test-run journey went through (its step history). */
export type TestRunStep = Schemas['PathStepView'];
/** A signal a test run sent a scenario's journey: name, step, and `request` or `sandbox` (never the payload). */
export type TestRunSignalSent = Schemas['SignalSentView'];
export type TestRunWebhookDelivered = Schemas['WebhookDeliveredView'];
export type TestRunPrepared = Schemas['TestRunPreparedView'];
/** One scenario of a draft test run (docs/api.md, "Test-run a draft"). */
export type TestRunScenario = Schemas['ScenarioRunView'];
/** One lender call of a test run's journey: its journal entry's fields, bodies masked as the journal holds them. */
export type TestRunLenderCall = Schemas['LenderCallView'];
export type TestRunResult = Schemas['TestRunView'];
/** The test run's `signals` (the request body is untyped in the OpenAPI document): per name, the payload, or null for "never send". */
export type TestRunSignals = Record<string, Record<string, unknown> | null>;
/** What a scenario delivers to one of the draft's own waits (a `Core.WaitForWebhook` or `Core.WaitForSignal` step). */
export type TestRunDelivery = { step: string; payload: Record<string, unknown> };
/** A scenario of a test-run request: its four digits, or them with what it delivers to the draft's own waits. */
export type TestRunScenarioRequest = string | { scenario: string; deliver: TestRunDelivery[] };

/** A published version: who published it, when, and why (`GET /api/workflows/{id}/versions`). */
export type PublishedVersion = Schemas['VersionView'];

export interface HistoryEntry {
  seq: number;
  /** `create`, `save`, `import`, `publish`, `seed` or `delete`. */
  action: string;
  author: string;
  at: string;
  revision: number | null;
  version: number | null;
  changes: { added: string[]; removed: string[]; changed: string[]; definitionChanged: boolean; layoutChanged: boolean };
}

export interface StartedInstance {
  id: string;
  workflowId: string;
  version: number;
  status: string;
}
export type RetentionView = Schemas['RetentionView'];
export type ErasurePlan = Schemas['ErasurePlanView'];
export type ErasurePlanJourney = Schemas['ErasurePlanJourneyView'];
export type ErasureResult = Schemas['ErasureView'];
export type AccessReport = Schemas['AccessReportView'];
export type AccessJourney = Schemas['AccessJourneyView'];
export type AccessRecipient = Schemas['AccessRecipientView'];
