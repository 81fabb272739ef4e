import type { InstanceDetail, JournalEntry, StepExecution, WorkflowDefinitionView } from '../api/types';
import { stepRuns, type StepRun } from './stepRuns';

/** How a step is drawn in the journey view; these strings are the nodes' `data-state`. */
export type NodeState = 'done' | 'current' | 'waiting' | 'failed' | 'not-reached' | 'skipped' | 'cancelled';

export const NODE_STATE_LABEL: Record<NodeState, string> = {
  done: 'Done',
  current: 'Running',
  waiting: 'Waiting',
  failed: 'Failed',
  'not-reached': 'Not reached',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

export interface StepView {
  stepId: string;
  state: NodeState;
  /**
   * How many times the step ran: its runs in the journal (an operator's retry of its incident, a go-to-step back to it and a
   * loop each start one), else its executions in the step history.
   */
  executions: number;
  /** Attempts of the latest execution (or of the incident, when it is larger). */
  attempts: number;
  /**
   * How long the step's latest run took (an unfinished one counts up to `now`). Walk 50: it was every execution's time
   * added up, and a retried step's one history entry spans its first start to its last failure, operator's wait included.
   */
  durationMs: number | null;
  /** Its runs from the journal, oldest first; empty when the journal is not all loaded (then the step history counts). */
  runs: StepRun[];
  lastOutcome: string | null;
  error: string | null;
  compensated: boolean;
}

export interface JourneyGraphState {
  steps: Map<string, StepView>;
  /** `${stepId}\u0000${outcome}` for every outcome a step actually took. */
  takenEdges: Set<string>;
}

export const edgeKey = (from: string, outcome: string) => `${from}\u0000${outcome}`;

function stateOf(last: StepExecution | undefined, stepId: string, detail: InstanceDetail): NodeState {
  if (detail.incident?.stepId === stepId) return 'failed';
  if (!last) {
    if (detail.currentStep === stepId) {
      if (detail.status === 'Waiting') return 'waiting';
      if (detail.status === 'Running') return 'current';
      if (detail.status === 'Faulted') return 'failed';
    }
    return 'not-reached';
  }
  switch (last.status) {
    case 'Faulted': return 'failed';
    case 'Running': return 'current';
    case 'Waiting': return 'waiting';
    case 'Skipped': return 'skipped';
    case 'Cancelled': return 'cancelled';
    case 'Completed':
    case 'Compensated':
    case 'CompensationSkipped':
      return 'done';
    default: return 'not-reached';
  }
}

/** A step history entry's whole span: its duration, or, unfinished, from its start up to `now`. */
export function elapsed(e: StepExecution, now: number): number | null {
  if (e.durationMs !== null && e.durationMs !== undefined) return e.durationMs;
  if (!e.startedAt) return null;
  const end = e.finishedAt ? Date.parse(e.finishedAt) : now;
  const start = Date.parse(e.startedAt);
  return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, end - start) : null;
}

/** Derives each definition step's visual state from an instance's step history and incident. */
export function computeStepStates(
  def: WorkflowDefinitionView, detail: InstanceDetail, now: number = Date.now(), journal?: { items: JournalEntry[]; total: number } | null,
): JourneyGraphState {
  const runsByStep = stepRuns(journal, detail, now);
  const byStep = new Map<string, StepExecution[]>();
  for (const e of detail.steps) {
    const list = byStep.get(e.stepId) ?? [];
    list.push(e);
    byStep.set(e.stepId, list);
  }
  const steps = new Map<string, StepView>();
  const takenEdges = new Set<string>();
  for (const s of def.steps) {
    const execs = byStep.get(s.id) ?? [];
    const last = execs[execs.length - 1];
    for (const e of execs) if (e.outcome) takenEdges.add(edgeKey(s.id, e.outcome));
    const runs = runsByStep?.get(s.id) ?? [];
    const lastRun = runs[runs.length - 1];
    const incidentHere = detail.incident?.stepId === s.id ? detail.incident : null;
    steps.set(s.id, {
      stepId: s.id,
      state: stateOf(last, s.id, detail),
      executions: lastRun ? runs.length : execs.length,
      attempts: Math.max(last?.attempts ?? 0, incidentHere?.attempts ?? 0),
      durationMs: lastRun ? lastRun.durationMs : last ? elapsed(last, now) : null,
      runs,
      lastOutcome: last?.outcome ?? null,
      error: incidentHere?.message ?? last?.error ?? null,
      compensated: execs.some((e) => e.status === 'Compensated'),
    });
  }
  return { steps, takenEdges };
}

/**
 * Steps in reading order: by longest distance from the start step (back edges of loops ignored),
 * so end steps such as "share rejection" come after the happy path; ties keep breadth-first order
 * with terminal steps last. Unreachable steps follow in definition order.
 */
export function orderSteps(def: WorkflowDefinitionView): string[] {
  const known = new Set(def.steps.map((s) => s.id));
  const next = new Map(def.steps.map((s) => [s.id, Object.values(s.next ?? {}).filter((t) => known.has(t))]));
  const bfs = new Map<string, number>();
  const queue = known.has(def.startStep) ? [def.startStep] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (bfs.has(id)) continue;
    bfs.set(id, bfs.size);
    for (const t of next.get(id) ?? []) if (!bfs.has(t)) queue.push(t);
  }
  // Depth-first search marks back edges (edges into a step still on the stack) so ranks stay finite.
  const back = new Set<string>();
  const state = new Map<string, 1 | 2>();
  const visit = (id: string) => {
    state.set(id, 1);
    for (const t of next.get(id) ?? []) {
      if (state.get(t) === 1) back.add(`${id}>${t}`);
      else if (!state.has(t)) visit(t);
    }
    state.set(id, 2);
  };
  if (known.has(def.startStep)) visit(def.startStep);
  const topo: string[] = [];
  const seen = new Set<string>();
  const post = (id: string) => {
    seen.add(id);
    for (const t of next.get(id) ?? []) if (!seen.has(t) && !back.has(`${id}>${t}`)) post(t);
    topo.push(id);
  };
  if (known.has(def.startStep)) post(def.startStep);
  topo.reverse();
  const rank = new Map<string, number>(topo.map((id) => [id, 0]));
  for (const id of topo) {
    for (const t of next.get(id) ?? []) {
      if (back.has(`${id}>${t}`)) continue;
      rank.set(t, Math.max(rank.get(t) ?? 0, rank.get(id)! + 1));
    }
  }
  const reachable = [...bfs.keys()].sort((a, b) =>
    rank.get(a)! - rank.get(b)!
    || Number((next.get(a) ?? []).length === 0) - Number((next.get(b) ?? []).length === 0)
    || bfs.get(a)! - bfs.get(b)!);
  return [...reachable, ...def.steps.map((s) => s.id).filter((id) => !bfs.has(id))];
}
