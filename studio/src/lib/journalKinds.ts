import type { JournalEntry, JournalKind } from '../api/types';
import { formatTime } from './format';

/**
 * What each journal kind the engine writes means, shown as the kind's tooltip on the journey's journal. A `Record` over
 * `JournalKind`, so the compiler refuses this list when a kind is added to the type without words here. docs/api.md's
 * "Kinds" list is the same set (test/journalKinds.test.tsx reads it). Session 45's walk found `StepDeferred` and
 * `OutcomeDecided` missing from the Studio's list. An activity's own kind (`Reconcile`, `OutcomeUnknown`, …) passes
 * through under its name with no words.
 */
export const JOURNAL_KINDS: Readonly<Record<JournalKind, string>> = {
  InstanceStarted: 'journey started',
  StepStarted: 'step attempt began',
  StepCompleted: 'step completed with an outcome',
  StepSuspended: 'step waits (a signal, a webhook or a timer)',
  StepResumed: 'waiting step resumed',
  StepFaulted: 'step attempt failed',
  StepRetryScheduled: 'next attempt scheduled',
  StepDeferred: "step waits out the lender's open circuit (no attempt spent)",
  IncidentCreated: 'incident raised: the journey stopped for an operator',
  IncidentRetried: 'operator retried the failed step',
  IncidentSkipped: 'operator skipped the failed step',
  OutcomeDecided: 'operator answered whether the money call was sent',
  SignalReceived: 'signal received',
  WebhookReceived: 'webhook received',
  LenderCall: 'call to the lender',
  Compensation: 'compensation ran',
  CancelRequested: 'cancel requested',
  InstanceCancelled: 'journey cancelled',
  InstanceCompleted: 'journey completed',
  Migrated: 'moved to another version',
  WentToStep: 'moved to another step',
  VariablesSet: 'variables set',
  InstanceAbandoned: 'abandoned: keys lost, nothing compensated',
};

export function isJournalKind(kind: string): kind is JournalKind {
  return Object.hasOwn(JOURNAL_KINDS, kind);
}

type Data = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A move's `stepChange` (its journal entry's and its audit entry's data, docs/api.md) in words: what the new version changed of
 * the step the journey was at, which the move did not run again (docs/migration.md). Absent when the step was the same.
 * Waiting: `kept the wait v3 started at kyc, though v4 gives the step other inputs (a go-to-step back starts it again with
 * them)` — the wait (its signal, webhook keys, timers) is v3's; the activity reads v4's inputs when it resumes; Faulted: its retry runs the
 * new step. `planned` says it of a move not made yet (a dry run's answer): `keeps the wait …`, `v4 gives kyc other inputs: …`.
 */
export function stepChangeWords(change: unknown, toVersion?: number, planned = false): string | undefined {
  if (change === null || typeof change !== 'object') return undefined;
  const c = change as Data;
  const step = str(c.stepId);
  if (!step) return undefined;
  const kept = num(c.keptInputsOf);
  const on = toVersion !== undefined ? `v${toVersion}` : 'the new version';
  if (c.activityChanged === true) return `${on} runs another activity at ${step}: a retry runs it from its start`;
  if (c.inputsChanged !== true) return undefined;
  if (kept !== undefined) return `${planned ? 'keeps' : 'kept'} the wait v${kept} started at ${step}, though ${on} gives the step other inputs (a go-to-step back starts it again with them)`;
  return planned ? `${on} gives ${step} other inputs: a retry runs it with them` : `${on} changed the inputs of ${step}: a retry runs it with them`;
}

/**
 * The facts of a repair's or a deferral's entry in words, beside its details (shown whole as JSON below them): when a
 * deferred step runs again, what the operator decided about a money call, where a journey was moved.
 */
export function journalFacts(entry: Pick<JournalEntry, 'kind' | 'data'>): string[] {
  const d: Data = entry.data ?? {};
  const facts: (string | undefined)[] = [];
  switch (entry.kind) {
    case 'StepDeferred':
      facts.push(str(d.errorKind), str(d.dueAt) && `runs again at ${formatTime(str(d.dueAt)!)}`);
      break;
    case 'OutcomeDecided': {
      const decision = d.decision !== null && typeof d.decision === 'object' ? (d.decision as Data) : {};
      if (decision.sent === true) facts.push(`sent${str(decision.reference) ? `, lender reference ${str(decision.reference)}` : ''}`);
      if (decision.sent === false) facts.push(decision.then === 'cancel' ? 'not sent, journey cancelled' : 'not sent, sent again');
      break;
    }
    case 'Migrated': {
      const from = num(d.fromVersion);
      const to = num(d.toVersion);
      facts.push(from !== undefined && to !== undefined ? `version ${from} → ${to}` : undefined, str(d.toStep) && `at step ${str(d.toStep)}`,
        stepChangeWords(d.stepChange, to));
      break;
    }
    case 'WentToStep':
      facts.push(str(d.fromStep) && str(d.toStep) ? `${str(d.fromStep)} → ${str(d.toStep)}` : str(d.toStep) && `to ${str(d.toStep)}`);
      break;
    case 'VariablesSet': {
      const names = Array.isArray(d.names) ? d.names.filter((n): n is string => typeof n === 'string') : [];
      facts.push(names.length ? names.join(', ') : undefined);
      break;
    }
  }
  return facts.filter((f): f is string => !!f);
}
