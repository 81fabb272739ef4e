import type { Funnel, FunnelStep, WorkflowDefinitionView } from '../api/types';
import { orderSteps } from './stepStates';

export interface FunnelRow {
  stepId: string;
  title: string;
  reached: number;
  /** Journeys that went on past this step. */
  continued: number;
  waiting: number;
  faulted: number;
  rejected: number;
  /** Reached but neither continued nor stopped here as waiting/faulted/rejected (e.g. running now, cancelled). */
  other: number;
  medianDurationMs: number | null;
  /** reached / funnel total, 0..1. */
  reachedShare: number;
  /** reached / previous row's reached, 0..1 (null on the first row). */
  conversion: number | null;
  /** Journeys that stopped here: waiting + faulted + rejected. */
  stopped: number;
}

/**
 * The contract does not say whether `rejected` is included in `completed` (a step that answered
 * "Rejected" did complete). When the parts add up to more than `reached`, rejected ones are taken
 * to be among the completed ones; otherwise they are separate.
 */
export function splitStep(s: FunnelStep): Pick<FunnelRow, 'continued' | 'waiting' | 'faulted' | 'rejected' | 'other'> {
  const reached = Math.max(0, s.reached);
  const waiting = Math.max(0, s.waiting);
  const faulted = Math.max(0, s.faulted);
  const rejected = Math.max(0, s.rejected);
  let continued = Math.max(0, s.completed);
  if (continued + waiting + faulted + rejected > reached) continued = Math.max(0, continued - rejected);
  const other = Math.max(0, reached - continued - waiting - faulted - rejected);
  return { continued, waiting, faulted, rejected, other };
}

export function computeFunnelRows(funnel: Funnel, def?: WorkflowDefinitionView | null): FunnelRow[] {
  const byId = new Map(funnel.steps.map((s) => [s.stepId, s]));
  const ids: string[] = [];
  if (def) for (const id of orderSteps(def)) if (byId.has(id)) ids.push(id);
  for (const s of funnel.steps) if (!ids.includes(s.stepId)) ids.push(s.stepId);
  const titles = new Map(def?.steps.map((s) => [s.id, s.title || s.id]) ?? []);
  const total = Math.max(0, funnel.total);
  let prev: number | null = null;
  return ids.map((id) => {
    const s = byId.get(id)!;
    const parts = splitStep(s);
    const row: FunnelRow = {
      stepId: id,
      title: titles.get(id) ?? id,
      reached: s.reached,
      ...parts,
      medianDurationMs: s.medianDurationMs ?? null,
      reachedShare: total > 0 ? Math.min(1, s.reached / total) : 0,
      conversion: prev === null ? null : prev > 0 ? Math.min(1, s.reached / prev) : 0,
      stopped: parts.waiting + parts.faulted + parts.rejected,
    };
    prev = s.reached;
    return row;
  });
}

/** The step where most journeys stopped (ties: the earliest); null when nobody stopped anywhere. */
export function biggestLeak(rows: FunnelRow[]): string | null {
  let best: FunnelRow | null = null;
  for (const r of rows) if (r.stopped > 0 && (!best || r.stopped > best.stopped)) best = r;
  return best?.stepId ?? null;
}
