import type { InstanceDetail, JournalEntry, StepExecution } from '../api/types';
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
  /**
   * A faulted run: how long the step then sat faulted waiting for an operator, up to the operator's answer (a retry, a skip,
   * a money question's answer, a go-to-step, a cancel) or, while it still waits, to now. 0 for a run that did not fault, and
   * for a faulted one whose wait's end the journal does not show.
   */
  faultedMs: number;
  /** The journey is still faulted at this run (`faultedMs` counts up to now). */
  stillFaulted: boolean;
}

interface OpenRun {
  startedAt: string;
  lastAt: string;
  attempts: number;
}

// The API's journal kinds (the server renames the engine's StepFailed, RetryScheduled and IncidentRaised).
const LEAVES_EVERY_STEP = new Set(['WentToStep', 'InstanceCompleted', 'InstanceCancelled', 'InstanceAbandoned']);
// What ends a faulted step's wait for an operator: an answer to its incident, the step entered again, or the journey moved,
// cancelled or abandoned.
const ANSWERS_THE_STEP = new Set(['IncidentRetried', 'IncidentSkipped', 'OutcomeDecided', 'StepStarted', 'StepResumed']);
const ENDS_EVERY_WAIT = new Set([...LEAVES_EVERY_STEP, 'CancelRequested']);

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
  // Faulted runs whose wait for an operator has not ended yet, by step.
  const faulted = new Map<string, StepRun>();
  const endWait = (stepId: string, at: string) => {
    const run = faulted.get(stepId);
    if (!run) return;
    run.faultedMs = span(run.endedAt!, at);
    faulted.delete(stepId);
  };
  const close = (stepId: string, run: OpenRun, at: string, end: StepRun['end'], outcome: string | null) => {
    const list = runs.get(stepId) ?? [];
    const closed: StepRun = { startedAt: run.startedAt, endedAt: at, durationMs: span(run.startedAt, at), end, outcome, attempts: run.attempts, faultedMs: 0, stillFaulted: false };
    list.push(closed);
    runs.set(stepId, list);
    open.delete(stepId);
    if (end === 'faulted') faulted.set(stepId, closed);
  };
  const leaveAll = (at: string, except?: string) => {
    for (const [stepId, run] of [...open]) if (stepId !== except) close(stepId, run, at, 'left', null);
  };
  for (const e of [...journal.items].sort((a, b) => a.seq - b.seq)) {
    if (ENDS_EVERY_WAIT.has(e.kind)) for (const stepId of [...faulted.keys()]) endWait(stepId, e.at);
    else if (e.stepId && ANSWERS_THE_STEP.has(e.kind)) endWait(e.stepId, e.at);
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
      ? { startedAt: run.startedAt, endedAt: null, durationMs: span(run.startedAt, now), end: 'running', outcome: null, attempts: run.attempts, faultedMs: 0, stillFaulted: false }
      : { startedAt: run.startedAt, endedAt: run.lastAt, durationMs: span(run.startedAt, run.lastAt), end: 'left', outcome: null, attempts: run.attempts, faultedMs: 0, stillFaulted: false });
    runs.set(stepId, list);
  }
  // A wait no entry has ended: the journey still sits faulted at that step (counts up to now), else the journal does not say.
  for (const [stepId, run] of faulted) {
    if (detail.status === 'Faulted' && detail.incident?.stepId === stepId) {
      run.faultedMs = span(run.endedAt!, now);
      run.stillFaulted = true;
    }
  }
  return runs;
}

/** One step-history entry's times: what its runs took, and the time it sat faulted between and after them. */
export interface EntryTimes {
  /** The time its runs took (the step working, or waiting on its lender or the borrower), added up. */
  runMs: number;
  /** The time it sat faulted waiting for an operator, added up. */
  faultedMs: number;
  stillFaulted: boolean;
  runs: StepRun[];
}

/**
 * Each step-history entry's times (by index in `detail.steps`), from the step's runs (`stepRuns`). The engine keeps one entry
 * for a step until the journey moves on (an operator's retry reopens it), so an entry may hold several runs: a run belongs to
 * the entry of its step that started last at or before it. An entry none of whose runs the journal shows is left out (its
 * whole span is all there is). Undefined when the runs are (the journal is not all loaded).
 */
export function entryTimes(steps: StepExecution[], runsByStep: Map<string, StepRun[]> | undefined): (EntryTimes | undefined)[] | undefined {
  if (!runsByStep) return undefined;
  return steps.map((entry, i) => {
    const from = ms(entry.startedAt);
    const next = steps.slice(i + 1).find((e) => e.stepId === entry.stepId);
    const until = next ? ms(next.startedAt) : Infinity;
    const runs = (runsByStep.get(entry.stepId) ?? []).filter((r) => ms(r.startedAt) >= from && ms(r.startedAt) < until);
    if (runs.length === 0) return undefined;
    return {
      runMs: runs.reduce((sum, r) => sum + r.durationMs, 0),
      faultedMs: runs.reduce((sum, r) => sum + r.faultedMs, 0),
      stillFaulted: runs.some((r) => r.stillFaulted),
      runs,
    };
  });
}

/** A run as one line of the node's tooltip and the selected step's list, e.g. `2 min 30 s, faulted (LenderError), 5 attempts`. */
export function describeRun(run: StepRun): string {
  const how = run.end === 'completed' ? (run.outcome ?? 'completed')
    : run.end === 'faulted' ? `faulted${run.outcome ? ` (${run.outcome})` : ''}`
      : run.end === 'running' ? 'still running' : 'left';
  return `${formatDuration(run.durationMs)}, ${how}${run.attempts > 1 ? `, ${run.attempts} attempts` : ''}`;
}

/**
 * A step-history entry's error as the row under it says it: `current` while the step is still at it (faulted, or running
 * or waiting to retry), else past — the step went on after the error, and the row says how: *Skipped by omar after:*
 * (docs/studio.md, "Step history errors"). `by` is the operator of that answer when the journal shows it (the skip's
 * `IncidentSkipped`, or the cancel's `CancelRequested`, in the entry's time), else null.
 */
export interface EntryError {
  current: boolean;
  /** The status the step went on to (`Skipped`, `Cancelled`, `Completed` …) when the error is past. */
  then: string | null;
  by: string | null;
}

const STILL_AT_IT = new Set(['Faulted', 'Running', 'Waiting']);
const ANSWER_OF: Record<string, string> = { Skipped: 'IncidentSkipped', Cancelled: 'CancelRequested' };

export function entryErrors(steps: StepExecution[], journal: readonly JournalEntry[] | undefined): (EntryError | null)[] {
  return steps.map((entry, i) => {
    if (!entry.error) return null;
    if (STILL_AT_IT.has(entry.status)) return { current: true, then: null, by: null };
    const from = ms(entry.startedAt);
    const next = steps.slice(i + 1).find((e) => e.stepId === entry.stepId);
    const until = next ? ms(next.startedAt) : Infinity;
    const kind = ANSWER_OF[entry.status];
    // A skip names its step; a cancel is the journey's (no step, or the step it was at).
    const answer = kind ? journal?.find((e) => e.kind === kind && (kind === 'CancelRequested' || e.stepId === entry.stepId)
      && ms(e.at) >= from && ms(e.at) < until) : undefined;
    const by = typeof answer?.data?.by === 'string' && answer.data.by ? answer.data.by : null;
    return { current: false, then: entry.status, by };
  });
}
