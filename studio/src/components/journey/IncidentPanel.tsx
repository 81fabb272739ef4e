import type { InstanceDetail, WorkflowDefinitionView } from '../../api/types';
import { JsonView } from '../common';
import { formatTime, formatTimesIn } from '../../lib/format';
import type { AsyncState } from '../../lib/hooks';
import { describeRoles, heldRoles, useCan, useSession } from '../../lib/roles';
import { readIntent } from '../../lib/outcomeUnknown';
import { CancelButton } from './CancelButton';
import { RetryButton } from './RetryButton';
import { OutcomeUnknownPanel } from './OutcomeUnknownPanel';
import { SkipAction, type SkipOutcomes } from './SkipAction';

/** How the journey's definition is loading: the page's `useAsync` state (a reload after a failure is loading). */
export type DefinitionLoad = Pick<AsyncState<WorkflowDefinitionView | null>, 'data' | 'loading' | 'error'> & { reload?: () => void };

/**
 * `onAnswered` hears an answer to the incident the server took (a money question's decision, a retry, a skip; its message): the
 * page then says what happened. `defLoad` is the journey's definition as the page loads it (`useAsync`): its `data` gives the faulted step's outcomes; while
 * it loads, and when it failed, the skip says so (loading again after a failure is loading). One source: the panel took the
 * definition twice (`def` beside `defLoad`), and a caller could pass one that was not the other's.
 */
export function IncidentPanel({ detail, defLoad, onDone, onAnswered }: {
  detail: InstanceDetail; defLoad: DefinitionLoad; onDone: () => void; onAnswered?: (message: string) => void;
}) {
  const inc = detail.incident!;
  const def = defLoad.data ?? null;
  const stepDef = def?.steps.find((s) => s.id === inc.stepId);
  const outcomes: SkipOutcomes = def
    ? { state: 'ready', outcomes: (stepDef && def.activities[stepDef.activity]?.outcomes) ?? [] }
    : defLoad.error && !defLoad.loading ? { state: 'error', error: defLoad.error, retry: defLoad.reload } : { state: 'loading' };
  const canRetry = useCan('retry');
  const canSkip = useCan('skip');
  const canCancel = useCan('cancel');
  const role = describeRoles(heldRoles(useSession()));
  const intent = readIntent(inc.errorKind, inc.details);
  return (
    <section className="card card-incident" aria-labelledby="incident-h" data-testid="incident" data-step-id={inc.stepId}>
      <h2 id="incident-h">Incident at <span className="mono">{inc.stepId}</span></h2>
      <p className="incident-message" data-testid="incident-message">{formatTimesIn(inc.message)}</p>
      <dl className="meta meta-tight">
        <div><dt>Kind</dt><dd>{inc.errorKind}</dd></div>
        <div><dt>Attempts</dt><dd>{inc.attempts}</dd></div>
        <div><dt>Since</dt><dd>{formatTime(inc.createdAt)}</dd></div>
      </dl>
      {intent && <OutcomeUnknownPanel detail={detail} intent={intent} onDone={onDone} onAnswered={onAnswered} />}
      {inc.details && Object.keys(inc.details).length > 0 && <JsonView label="Details (masked)" value={inc.details} />}
      {!intent && !(canRetry || canSkip || canCancel) && (
        <p className="muted small" data-testid="incident-readonly">Retry, skip and cancel need the Operator role; you are signed in as {role ?? 'no role'}.</p>
      )}
      {!intent && (canRetry || canSkip || canCancel) && <div className="incident-actions">
        {canRetry && <RetryButton id={detail.id} stepId={inc.stepId} onDone={onDone} onAnswered={onAnswered} />}
        {canSkip && <SkipAction id={detail.id} stepId={inc.stepId} outcomes={outcomes} compensation={detail.cancelRequested} onDone={onDone} onAnswered={onAnswered} />}
        {canCancel && !detail.cancelRequested && <CancelButton id={detail.id} refusal={detail.cancelRefusal} onDone={onDone} testId="incident-cancel" label="Cancel journey" />}
      </div>}
    </section>
  );
}
