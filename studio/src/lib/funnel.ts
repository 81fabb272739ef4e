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
 * The steps along the flow, happy path first: the reverse postorder of a depth-first walk from the start step that takes
 * each step's outcomes in the order its `next` declares them (authors write the happy outcome first: `WithinLimit`,
 * `Blocked`, `Verified`, `Disbursed`). So the main line reads top to bottom, each side branch follows it whole, and a step
 * several branches lead to (an end step, "share the rejection") comes after every step that leads to it, never between
 * a step and its own successors (a plain depth-first order put partner-handshake's `end` before `approved`). Steps no
 * path reaches come last, in the file's order. For a file written along the happy path this is the file's order.
 */
export function happyPathOrder(def: WorkflowDefinitionView): string[] {
  const byId = new Map(def.steps.map((s) => [s.id, s]));
  const finished: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !byId.has(id)) return;
    seen.add(id);
    // Outcomes last to first: reversed at the end, the first outcome's branch comes first.
    const targets = Object.values(byId.get(id)!.next ?? {});
    for (let i = targets.length - 1; i >= 0; i--) visit(targets[i]);
    finished.push(id);
  };
  visit(def.startStep);
  const order = finished.reverse();
  return [...order, ...def.steps.map((s) => s.id).filter((id) => !seen.has(id))];
}

/**
 * Rows along the flow (`happyPathOrder`) when the definition is known; steps it does not have (an older version's) follow
 * in the server's order, and without a definition the server's order is kept. The server lists the steps in the
 * definition file's order, which authors write along the happy path, but the designer appends a new step to the file:
 * kept as served, a step added between the tranche and the token share showed last, below the end steps (session 41's
 * walk). Conversion is measured against the step's only predecessor in the flowchart; a step several steps lead to
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
  const rank = new Map((def ? happyPathOrder(def) : []).map((id, i) => [id, i]));
  const steps = funnel.steps
    .map((s, i) => ({ s, key: rank.get(s.stepId) ?? rank.size + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.s);
  return steps.map((s) => {
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
