// Types of the management API, transcribed from docs/api.md. Keep field names identical to the JSON.

export type InstanceStatus = 'Running' | 'Waiting' | 'Completed' | 'Faulted' | 'Cancelled';
export const INSTANCE_STATUSES: readonly InstanceStatus[] = ['Running', 'Waiting', 'Completed', 'Faulted', 'Cancelled'];

export type StepStatus = 'Completed' | 'Running' | 'Waiting' | 'Faulted' | 'Skipped' | 'Cancelled' | 'Compensated';

export interface InputField {
  name: string;
  type: string;
  required?: boolean;
  description?: string;
}

export interface WorkflowSummary {
  id: string;
  title: string;
  latestVersion: number;
  versions: number[];
  inputs: InputField[];
}

export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  backoffFactor: number;
  maxDelayMs: number;
  nonRetryable?: string[];
}

export interface StepDefinition {
  id: string;
  activity: string;
  title?: string | null;
  inputs?: Record<string, unknown>;
  next?: Record<string, string>;
  retry?: RetryPolicy | null;
  timeoutMs?: number | null;
  compensation?: unknown;
}

export interface ActivityDescriptor {
  type: string;
  category?: string;
  title?: string;
  description?: string;
  inputs?: InputField[];
  outputs?: InputField[];
  outcomes: string[];
  isWait?: boolean;
  isOnceOnly?: boolean;
  isTerminal?: boolean;
  /** Outcomes are the names an input declares (`Core.Branch`'s `cases`), plus `defaultOutcome`. */
  outcomesFromInput?: string | null;
  defaultOutcome?: string | null;
}

export interface WorkflowDefinitionView {
  id: string;
  version: number;
  versions: number[];
  title: string;
  inputs: InputField[];
  startStep: string;
  steps: StepDefinition[];
  activities: Record<string, ActivityDescriptor>;
}

export interface InstanceSummary {
  id: string;
  workflowId: string;
  version: number;
  status: InstanceStatus;
  outcome: string | null;
  correlationId: string | null;
  currentStep: string | null;
  createdAt: string;
  updatedAt: string;
  waitingSince: string | null;
  hasIncident: boolean;
}

export interface WaitingFor {
  kind: 'webhook' | 'timer' | 'signal' | string;
  key: string | null;
  dueAt: string | null;
  sensitive: boolean;
  /** Timers only: `poll`, `timeout`, `delay` or `$retry` (the engine's retry back-off). */
  purpose?: string | null;
  /** The step that waits. */
  stepId?: string | null;
}

export interface StepExecution {
  stepId: string;
  activity: string;
  status: StepStatus;
  outcome: string | null;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

export interface Incident {
  stepId: string;
  errorKind: string;
  message: string;
  attempts: number;
  details?: Record<string, unknown> | null;
  createdAt: string;
}

export interface InstanceDetail extends InstanceSummary {
  waitingFor: WaitingFor[];
  steps: StepExecution[];
  incident: Incident | null;
  variables: Record<string, unknown>;
  partner: Record<string, unknown> | null;
  input: Record<string, unknown>;
  /** A cancel was asked for and runs (with its compensation) as soon as the current step lets it. */
  cancelRequested?: boolean;
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

export interface JournalEntry {
  seq: number;
  at: string;
  kind: JournalKind | string;
  stepId: string | null;
  attempt?: number | null;
  data?: Record<string, unknown> | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type CountsByStatus = Record<InstanceStatus, number>;

export interface InstanceList extends Page<InstanceSummary> {
  countsByStatus: CountsByStatus;
}

export interface BulkResult {
  results: { id: string; ok: boolean; error: string | null; code?: string | null }[];
}

export interface FunnelStep {
  stepId: string;
  reached: number;
  completed: number;
  waiting: number;
  faulted: number;
  rejected: number;
  medianDurationMs: number | null;
}

export interface Funnel {
  workflowId: string;
  total: number;
  steps: FunnelStep[];
  outcomes: Record<string, number>;
  stuck: InstanceSummary[];
}

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

// Authoring (issue 13): the definition file format, drafts, validation, test runs, publish, history. --------------

/** A start input field as the definition file declares it (types as the engine's enum: `String`, `Object`, …). */
export interface DefinitionInputField {
  name: string;
  type?: string;
  required?: boolean;
  description?: string;
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
}

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
}

export interface TestRunScenario {
  scenario: string;
  path: string[];
  status: string;
  outcome: string | null;
  incidents: { stepId: string; errorKind?: string; message: string }[];
  lenderCalls: number;
  durationMs: number;
  error?: string | null;
}

export interface TestRunResult {
  results: TestRunScenario[];
}

export interface HistoryEntry {
  seq: number;
  /** `create`, `save`, `import`, `publish`, `seed` or `delete`. */
  action: string;
  author: string;
  at: string;
  revision: number | null;
  version: number | null;
  changes: { added: string[]; removed: string[]; changed: string[]; definitionChanged: boolean };
}

export interface StartedInstance {
  id: string;
  workflowId: string;
  version: number;
  status: string;
}
