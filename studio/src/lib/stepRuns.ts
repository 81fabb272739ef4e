import type { InstanceDetail, JournalEntry } from '../api/types';
import { formatDuration } from './format';

/**
 * One run of a step: from the step being entered (the journey arriving at it, an operator's retry or answer of its incident,
 * a go-to-step to it) to when it completed, faulted (its incident), or the journey left it. The policy's own retries and a
 * wait for a webhook, signal or timer are inside a run; the time the step sat faulted waiting for an operator is in none.
 */
export interface StepRun {
  startedAt: string;
  /** The run's last moment; null while it is still going (then `durationMs` counts up to now). */
  endedAt: string | null;
  durationMs: number;
  end: 'completed' | 'faulted' | 'left' | 'running';
  /** The outcome it completed with, or the error kind of its incident. */
  outcome: string | null;
  /** Attempts the run made (the step's retry policy). */
  attempts: number;
}

interface OpenRun {
  startedAt: string;
  lastAt: string;
  attempts: number;
}

// The API's journal kinds (the server renames the engine's StepFailed, RetryScheduled and IncidentRaised).
const LEAVES_EVERY_STEP = new Set(['WentToStep', 'InstanceCompleted', 'InstanceCancelled', 'InstanceAbandoned']);

const ms = (at: string) => Date.parse(at);
const span = (from: string, to: string | number) => Math.max(0, (typeof to === 'number' ? to : ms(to)) - ms(from));

/**
 * Each step's runs from the journey's journal, in order. Undefined when the journal is not all loaded (a journey with more
 * entries than the page loads): its latest runs would be missing, so the caller falls back to the step history.
 */
export function stepRuns(journal: { items: JournalEntry[]; total: number } | null | undefined, detail: InstanceDetail, now: number): Map<string, StepRun[]> | undefined {
  if (!journal || journal.items.length < journal.total) return undefined;
  const runs = new Map<string, StepRun[]>();
  const open = new Map<string, OpenRun>();
  const close = (stepId: string, run: OpenRun, at: string, end: StepRun['end'], outcome: string | null) => {
    const list = runs.get(stepId) ?? [];
    list.push({ startedAt: run.startedAt, endedAt: at, durationMs: span(run.startedAt, at), end, outcome, attempts: run.attempts });
    runs.set(stepId, list);
    open.delete(stepId);
  };
  const leaveAll = (at: string, except?: string) => {
    for (const [stepId, run] of [...open]) if (stepId !== except) close(stepId, run, at, 'left', null);
  };
  for (const e of [...journal.items].sort((a, b) => a.seq - b.seq)) {
    if (LEAVES_EVERY_STEP.has(e.kind)) {
      leaveAll(e.at);
      continue;
    }
    const stepId = e.stepId;
    if (!stepId) continue;
    const run = open.get(stepId);
    switch (e.kind) {
      case 'StepStarted':
      case 'StepResumed':
        // The engine runs one step at a time: another step starting means the journey left any other.
        leaveAll(e.at, stepId);
        if (run) {
          run.lastAt = e.at;
          run.attempts = Math.max(run.attempts, e.attempt ?? 1);
        } else {
          open.set(stepId, { startedAt: e.at, lastAt: e.at, attempts: e.attempt ?? 1 });
        }
        break;
      case 'StepCompleted':
        if (run) close(stepId, run, e.at, 'completed', typeof e.data?.outcome === 'string' ? e.data.outcome : null);
        break;
      case 'IncidentCreated':
        // A compensation's incident is not the step's run ending (the step had finished before the journey unwound).
        if (run && e.data?.compensation !== true) {
          run.attempts = Math.max(run.attempts, e.attempt ?? 1);
          close(stepId, run, e.at, 'faulted', typeof e.data?.errorKind === 'string' ? e.data.errorKind : null);
        }
        break;
      default:
        if (run) {
          run.lastAt = e.at;
          if (e.attempt) run.attempts = Math.max(run.attempts, e.attempt);
        }
    }
  }
  const going = detail.status === 'Running' || detail.status === 'Waiting';
  for (const [stepId, run] of open) {
    const list = runs.get(stepId) ?? [];
    // The journey is in this step now: the run counts up to now. Otherwise it ends at its last entry.
    list.push(going && detail.currentStep === stepId
      ? { startedAt: run.startedAt, endedAt: null, durationMs: span(run.startedAt, now), end: 'running', outcome: null, attempts: run.attempts }
      : { startedAt: run.startedAt, endedAt: run.lastAt, durationMs: span(run.startedAt, run.lastAt), end: 'left', outcome: null, attempts: run.attempts });
    runs.set(stepId, list);
  }
  return runs;
}

/** A run as one line of the node's tooltip and the selected step's list, e.g. `2 min 30 s, faulted (LenderError), 5 attempts`. */
export function describeRun(run: StepRun): string {
  const how = run.end === 'completed' ? (run.outcome ?? 'completed')
    : run.end === 'faulted' ? `faulted${run.outcome ? ` (${run.outcome})` : ''}`
      : run.end === 'running' ? 'still running' : 'left';
  return `${formatDuration(run.durationMs)}, ${how}${run.attempts > 1 ? `, ${run.attempts} attempts` : ''}`;
}
