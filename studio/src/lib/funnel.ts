import type { Funnel, FunnelStep, WorkflowDefinitionView } from '../api/types';

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
  /** reached / the only predecessor's reached, 0..1 (null for the start step and steps several steps lead to). */
  conversion: number | null;
  /** Journeys that stopped here: waiting + faulted + rejected. */
  stopped: number;
}

/**
 * The server counts a step as `completed` in every journey where it completed, including those where it answered
 * `Rejected` (docs/api.md, "Dashboard"): `rejected` is a subset of `completed`, so "went on" is the difference.
 * A journey that loops back to a step can be both completed and waiting there, so parts are clamped.
 */
export function splitStep(s: FunnelStep): Pick<FunnelRow, 'continued' | 'waiting' | 'faulted' | 'rejected' | 'other'> {
  const reached = Math.max(0, s.reached);
  const waiting = Math.max(0, s.waiting);
  const faulted = Math.max(0, s.faulted);
  const rejected = Math.max(0, Math.min(s.rejected, s.completed));
  const continued = Math.max(0, Math.min(s.completed - rejected, reached - waiting - faulted - rejected));
  const other = Math.max(0, reached - continued - waiting - faulted - rejected);
  return { continued, waiting, faulted, rejected, other };
}

/**
 * Rows in the server's order (the latest definition's order, which authors write along the happy path, side branches
 * after it). Conversion is measured against the step's only predecessor in the flowchart; a step several steps lead to
 * (e.g. "share the rejection") has none, since its journeys did not come from one place.
 */
export function computeFunnelRows(funnel: Funnel, def?: WorkflowDefinitionView | null): FunnelRow[] {
  const byId = new Map(funnel.steps.map((s) => [s.stepId, s]));
  const titles = new Map(def?.steps.map((s) => [s.id, s.title || s.id]) ?? []);
  const predecessors = new Map<string, Set<string>>();
  for (const s of def?.steps ?? []) {
    for (const target of Object.values(s.next ?? {})) {
      if (target === s.id) continue;
      const set = predecessors.get(target) ?? new Set<string>();
      set.add(s.id);
      predecessors.set(target, set);
    }
  }
  const total = Math.max(0, funnel.total);
  return funnel.steps.map((s) => {
    const parts = splitStep(s);
    const preds = [...(predecessors.get(s.stepId) ?? [])];
    const from = preds.length === 1 ? byId.get(preds[0]) : undefined;
    return {
      stepId: s.stepId,
      title: titles.get(s.stepId) ?? s.stepId,
      reached: s.reached,
      ...parts,
      medianDurationMs: s.medianDurationMs ?? null,
      reachedShare: total > 0 ? Math.min(1, s.reached / total) : 0,
      conversion: from === undefined ? null : from.reached > 0 ? Math.min(1, s.reached / from.reached) : 0,
      stopped: parts.waiting + parts.faulted + parts.rejected,
    };
  });
}
/** The step where most journeys stopped (ties: the earliest); null when nobody stopped anywhere. */
export function biggestLeak(rows: FunnelRow[]): string | null {
  let best: FunnelRow | null = null;
  for (const r of rows) if (r.stopped > 0 && (!best || r.stopped > best.stopped)) best = r;
  return best?.stepId ?? null;
}
