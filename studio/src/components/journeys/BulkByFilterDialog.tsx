import { useEffect, useId, useState } from 'react';
import { api, toApiError, type ApiError } from '../../api/client';
import type { BulkResult } from '../../api/types';
import type { BulkFilter } from '../../lib/filters';
import { ConfirmDialog, Loading, ProblemAlert } from '../common';
import { KeptReason, reasonGiven } from '../ReasonField';

/**
 * Retry or cancel every journey the list's filters match, across all its pages (docs/studio.md, "Bulk by filter"). It
 * opens with the server's dry run, which says how many journeys the filter touches now (and the cap), and applies only
 * after a reason and a confirmation naming that count; the server applies the same filter.
 */
export function BulkByFilterDialog({ kind, filter, onClose, onDone }: {
  kind: 'cancel' | 'retry';
  filter: BulkFilter;
  onClose: () => void;
  onDone: (result: { result?: BulkResult; error?: ApiError; counted?: number }) => void;
}) {
  const [count, setCount] = useState<BulkResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const hint = useId();
  const key = JSON.stringify(filter);

  useEffect(() => {
    let live = true;
    api.bulkByFilter(kind, { filter: JSON.parse(key) as BulkFilter, dryRun: true }).then(
      (r) => live && setCount(r),
      (e) => live && setError(toApiError(e)));
    return () => {
      live = false;
    };
  }, [kind, key]);

  const matched = count?.matched ?? 0;
  const cap = count?.cap ?? 0;
  const overCap = count !== null && matched > cap;
  const verb = kind === 'cancel' ? 'Cancel' : 'Retry';
  const confirm = async () => {
    setBusy(true);
    try {
      onDone({ result: await api.bulkByFilter(kind, { filter, dryRun: false, reason: reason.trim() }), counted: matched });
    } catch (e) {
      onDone({ error: toApiError(e), counted: matched });
    }
  };

  return (
    <ConfirmDialog title={kind === 'cancel' ? 'Cancel every journey matching the filters?' : 'Retry the incidents of every journey matching the filters?'}
      confirmLabel={count ? `${verb} ${matched} journeys` : verb} danger={kind === 'cancel'} busy={busy}
      confirmDisabled={!count || matched === 0 || overCap || !reasonGiven(reason)} onClose={onClose} onConfirm={confirm}>
      <ProblemAlert error={error} />
      {!count && !error && <Loading />}
      {count && <p data-testid="bulk-filter-count" data-matched={matched}>
        {matched === 0 ? 'No journey matches the filters now: nothing to do.'
          : overCap ? `The filters match ${matched} journeys, more than the ${cap} one action may touch: narrow them first.`
          : `The filters match ${matched} journeys now${kind === 'retry' ? ' (faulted ones, unless a status is chosen)' : ''}: all of them are ${kind === 'cancel' ? 'cancelled' : 'retried'}, on every page, not only those shown.`}
      </p>}
      <p id={hint}>{kind === 'cancel'
        ? 'Each journey runs its definition\'s compensation (for example, releasing a pay-later block) and ends as Cancelled. This cannot be undone.'
        : 'Each journey with an incident runs its faulted step again (a lender call is sent again).'}
        {' '}The filters are applied again when you confirm: a journey that no longer matches is left, one that changed meanwhile is listed as refused.</p>
      <KeptReason hint={hint} value={reason} onChange={setReason} testId={`bulk-filter-reason`} />
    </ConfirmDialog>
  );
}
