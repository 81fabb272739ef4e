// Types of the management API: aliases of the ones openapi-typescript generates from the server's OpenAPI document
// into schema.d.ts (`npm run gen:api -- <server>/openapi/v1.json`; a test fails when that file drifts from the served
// document). Only the Studio's own shapes (filters, the journal's untyped data, status lists) are written here.
import type { components } from './schema';

type Schemas = components['schemas'];

export type InstanceStatus = Schemas['WorkflowStatus'];
export const INSTANCE_STATUSES: readonly InstanceStatus[] = ['Running', 'Waiting', 'Completed', 'Faulted', 'Cancelled'];

export type StepStatus = 'Completed' | 'Running' | 'Waiting' | 'Faulted' | 'Skipped' | 'Cancelled' | 'Compensated';

export type InputField = Schemas['InputFieldView'];
export type WorkflowSummary = Schemas['WorkflowSummaryView'];
export type RetryPolicy = Schemas['RetryView'];
export type StepDefinition = Schemas['StepDefinitionView'];
export type ActivityDescriptor = Schemas['ActivityView'];
export type WorkflowDefinitionView = Schemas['WorkflowDefinitionView'];
export type InstanceSummary = Schemas['InstanceSummaryView'];
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
export type FunnelStep = Schemas['FunnelStepCounts'];
export type Funnel = Schemas['FunnelView'];

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
}

export type JournalKind =
  | 'InstanceStarted' | 'StepStarted' | 'StepCompleted' | 'StepSuspended' | 'StepResumed' | 'StepFaulted'
  | 'StepRetryScheduled' | 'IncidentCreated' | 'IncidentRetried' | 'IncidentSkipped' | 'SignalReceived'
  | 'WebhookReceived' | 'LenderCall' | 'Compensation' | 'CancelRequested' | 'InstanceCancelled' | 'InstanceCompleted';

export interface LenderCallData {
  lender?: string;
  /** The client operation, e.g. `FinBoxPrism.CreateUser`. */
  operation?: string;
  method?: string;
  path?: string;
  httpStatus?: number | null;
  lenderCode?: string | null;
  latencyMs?: number | null;
  attempt?: number;
  request?: unknown;
  response?: unknown;
  /** Why there is no answer (timeout, connection refused), when the call failed below HTTP. */
  error?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface InstanceFilters {
  workflowId?: string;
  status?: InstanceStatus[];
  outcome?: string;
  correlationId?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  hasIncident?: boolean;
  waitingLongerThan?: number;
  sort?: 'createdAt' | 'updatedAt';
  order?: 'asc' | 'desc';
  skip?: number;
  take?: number;
}
