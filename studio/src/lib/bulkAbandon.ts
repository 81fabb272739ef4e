import type { BulkAbandonItem } from '../api/types';

/**
 * The journeys of a bulk abandon's dry run that the Admin's confirmation abandons: those the server can abandon as they
 * are, and those left only for a once-only call of unknown outcome that the Admin ticked as reconciled with the lender.
 */
export function toAbandon(items: readonly BulkAbandonItem[], reconciled: ReadonlySet<string>): BulkAbandonItem[] {
  return items.filter((i) => i.canAbandon || (i.code === 'unresolved_intent' && reconciled.has(i.id)));
}

/** Why a journey of the dry run is left, in words for the dialog (the server's message for what it does not name). */
export function leftBecause(item: BulkAbandonItem): string | null {
  if (item.canAbandon) return null;
  switch (item.code) {
    case 'instance_readable':
      return 'Readable on this node: cancel it instead (its compensations run).';
    case 'invalid_state':
      return 'Already finished.';
    case 'instance_not_found':
      return 'No such journey.';
    case 'unresolved_intent':
      return 'Sent once-only calls whose outcome it never learnt: reconcile them with the lender first.';
    default:
      return item.error ?? 'Cannot be abandoned.';
  }
}

/** What abandoning leaves for the operator to settle with the lender by hand, one line each. */
export function toSettle(item: BulkAbandonItem): string[] {
  return [
    ...item.compensationsNotRun.map((c) => `Not undone: ${c.activity} for step ${c.stepId}${buildNote(c.inThisBuild)}`),
    ...item.unresolvedIntents.map((i) => `Outcome unknown: ${i.key} at step ${i.stepId}`),
  ];
}

/**
 * What follows a compensation not run whose activity this build lacks (the journey's version no longer loads, and the
 * activity was removed or renamed since): the operator then finds what it did in that version's release, not in this one.
 */
export function buildNote(inThisBuild: boolean): string {
  return inThisBuild ? '' : ' (not in this build)';
}
