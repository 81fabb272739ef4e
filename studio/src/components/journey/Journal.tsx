import type { ApiError } from '../../api/client';
import type { JournalEntry } from '../../api/types';
import { Loading, ProblemAlert } from '../common';
import { JournalItem } from './JournalItem';
import { useId, useMemo, useState } from 'react';

type JournalState = { data?: { items: JournalEntry[]; total: number }; error: ApiError | null; loading: boolean };

/**
 * The journey's journal, oldest first. An operator repairing one journey narrows it to the lender calls and/or to one step
 * (the steps it names, in the order they first appear; a polling journey's journal runs to thousands of entries), and
 * loads the entries past the first pages with *Load more* (the page loads 2,000 at first).
 */
export function Journal({ state, onLoadMore }: { state: JournalState; onLoadMore?: () => void }) {
  const [kindFilter, setKindFilter] = useState<'all' | 'calls'>('all');
  const [stepFilter, setStepFilter] = useState('');
  const stepSelectId = useId();
  const items = useMemo(() => state.data?.items ?? [], [state.data]);
  const steps = useMemo(() => [...new Set(items.map((e) => e.stepId).filter((s): s is string => !!s))], [items]);
  // A step that is no longer in the entries (another journey's page, a reload) filters nothing out.
  const step = steps.includes(stepFilter) ? stepFilter : '';
  const ofStep = step ? items.filter((e) => e.stepId === step) : items;
  const calls = ofStep.filter((e) => e.kind === 'LenderCall');
  const shown = kindFilter === 'calls' ? calls : ofStep;
  const more = state.data ? state.data.total - items.length : 0;
  return (
    <section className="card" aria-labelledby="journal-h">
      <div className="card-head">
        <h2 id="journal-h">Journal</h2>
        <div className="journal-filters">
          <label htmlFor={stepSelectId} className="small">Step</label>{' '}
          <select id={stepSelectId} data-testid="journal-step" value={step} onChange={(e) => setStepFilter(e.target.value)}>
            <option value="">All steps</option>
            {steps.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>{' '}
          <div className="seg" role="group" aria-label="Journal entries">
            <button type="button" aria-pressed={kindFilter === 'all'} onClick={() => setKindFilter('all')}>All ({ofStep.length})</button>
            <button type="button" aria-pressed={kindFilter === 'calls'} onClick={() => setKindFilter('calls')}>Lender calls ({calls.length})</button>
          </div>
        </div>
      </div>
      <ProblemAlert error={state.error} />
      {!state.data && state.loading && <Loading />}
      {more > 0 && (
        <p className="muted small" data-testid="journal-partial">
          Showing the first {items.length} of {state.data?.total} entries{step ? ' (the filters apply to these)' : ''}.
        </p>
      )}
      {step && shown.length === 0 && <p className="muted small" data-testid="journal-none">No {kindFilter === 'calls' ? 'lender calls' : 'entries'} of step {step} among these.</p>}
      <ol className="timeline" data-testid="journal">
        {shown.map((e) => <JournalItem key={e.seq} entry={e} />)}
      </ol>
      {more > 0 && onLoadMore && (
        <button type="button" className="btn" data-testid="journal-more" disabled={state.loading} onClick={onLoadMore}>
          {state.loading ? 'Loading…' : `Load more (${more} not shown)`}
        </button>
      )}
    </section>
  );
}
