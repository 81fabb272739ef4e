import type { MigrationResult } from '../api/types';
import { stepChangeWords } from './journalKinds';

/**
 * What a move does (a dry run: will do; an applied one: did) to the journey's position, in words, from the server's answer
 * (docs/migration.md): the step it moves to, and whether it keeps the wait its version started or, Faulted, what a retry
 * runs — with the answer's `stepChange` when the target changed that step (session 52 added it; the Studio first said it on
 * the journal and audit entries only, session 53 where the operator decides and where the outcome is read):
 * `keeps the wait at step kyc`, `moved from step review to step approval, keeping its wait`, `kept the wait v3 started at
 * kyc, though v4 gives the step other inputs (…)`, `stays at step kyc: a retry runs it on v4`. Undefined for a journey that
 * cannot move, or without a step. Each starts with its verb (`keeps`, `moves`, `stays`), so that "This journey …" reads.
 */
export function movePosition(r: MigrationResult): string | undefined {
  const planned = !r.migrated;
  if (planned && !r.canMigrate) return undefined;
  const from = r.stepId;
  const to = r.targetStepId ?? r.stepId;
  if (!from || !to) return undefined;
  const change = stepChangeWords(r.stepChange, r.toVersion, planned);
  const moves = from === to ? undefined : `${planned ? 'moves' : 'moved'} from step ${from} to step ${to}`;
  if (r.status === 'Faulted') {
    const where = moves ?? `${planned ? 'stays' : 'stayed'} at step ${from}`;
    return change ? `${where}; ${change}` : `${where}: a retry runs it on v${r.toVersion}`;
  }
  if (change) return moves ? `${moves}; ${change}` : change;
  return moves ? `${moves}, keeping its wait` : `${planned ? 'keeps' : 'kept'} the wait at step ${from}`;
}

/** `movePosition` as a sentence: its first letter capital, a full stop. */
export function movePositionSentence(r: MigrationResult): string | undefined {
  const words = movePosition(r);
  return words && `${words[0].toUpperCase()}${words.slice(1)}.`;
}
