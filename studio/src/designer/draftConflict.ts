import type { ProblemDetails } from '../api/types';
import { formatTime } from '../lib/format';

const DONE: Record<string, string> = { publish: 'published', delete: 'discarded', import: 'imported', create: 'created', seed: 'seeded' };

/**
 * The headline of a save or publish refused with `409 stale_revision`: who changed the draft last and when, as the server
 * names them (`savedBy`, `savedAt`, `change`), so the author knows whom to talk to; "Someone" when the server did not say.
 */
export function draftConflictHeadline(problem: ProblemDetails | null, draft = 'this draft', since = 'after you opened it'): string {
  const who = problem?.savedBy ?? 'Someone';
  const did = DONE[problem?.change ?? ''] ?? 'saved';
  const when = problem?.savedAt ? ` at ${formatTime(problem.savedAt)}` : '';
  return `${who} ${did} ${draft}${when}, ${since}.`;
}
