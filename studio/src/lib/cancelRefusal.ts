import type { InstanceDetail } from '../api/types';

/** Why the server would refuse a cancel of this journey now (GET /api/instances/{id} `cancelRefusal`), or null. */
export type CancelRefusal = NonNullable<InstanceDetail['cancelRefusal']>;

/**
 * What the Studio says instead of offering a cancel the server would refuse (docs/engine.md "Point of no return"): the
 * operator learns why before asking, and what to do instead. The server's own `message` stays the API's wording.
 */
export function cancelRefusalText(r: CancelRefusal): string {
  const step = `${r.stepId} (${r.activity})`;
  if (r.takenAnswer) {
    return `No cancel: the lender answered ${r.takenAnswer} to ${step}: it took the call, which a cancel cannot undo. Confirm it was sent with the lender's reference.`;
  }
  if (r.awaitsDecision) {
    return `No cancel while the answer to ${step} is unknown: the money may have moved. Answer the question below; once the lender confirms it never took effect, “Confirm not sent → cancel journey” stops the journey.`;
  }
  if (r.moneyCallOut) {
    return `No cancel while ${step} has its money call out: it may have moved the money. If the lender refuses it, a cancel applies again.`;
  }
  return `No cancel: ${step} ended ${r.outcome ?? 'past its point of no return'}, which a cancel cannot undo. The journey goes on to its end.`;
}
