import type { ApiError } from '../../api/client';
import type { JournalEntry } from '../../api/types';
import { Loading, ProblemAlert } from '../common';
import { JournalItem } from './JournalItem';
import { dequal } from 'dequal';
import { memo, useId, useMemo, useRef, useState } from 'react';

type JournalProps = { data?: { items: JournalEntry[]; total: number }; error: ApiError | null; loading: boolean; onLoadMore?: () => void };

/**
 * The entries as last shown wherever they are unchanged: the page reloads the whole journal on every live update, as new
 * objects, so without this every entry would look changed and render again (4,000 of them, to show the one appended).
 * An entry is the same when its seq and content are: retention or an erasure may redact one (its data then null).
 */
export function useStableEntries(items: readonly JournalEntry[]): readonly JournalEntry[] {
  const last = useRef<{ bySeq: Map<number, JournalEntry> }>({ bySeq: new Map() });
  return useMemo(() => {
    const bySeq = new Map<number, JournalEntry>();
    const stable = items.map((e) => {
      const before = last.current.bySeq.get(e.seq);
      const kept = before !== undefined && dequal(before, e) ? before : e;
      bySeq.set(e.seq, kept);
      return kept;
    });
    last.current = { bySeq };
    return stable;
  }, [items]);
}

/**
 * The journey's journal, oldest first. An operator repairing one journey narrows it to the lender calls and/or to one step
 * (the steps it names, in the order they first appear; a polling journey's journal runs to thousands of entries), and
 * loads the entries past the first pages with *Load more* (the page loads 2,000 at first).
 */
export const Journal = memo(function Journal({ data, error, loading, onLoadMore }: JournalProps) {
  const [kindFilter, setKindFilter] = useState<'all' | 'calls'>('all');
  const [stepFilter, setStepFilter] = useState('');
  const stepSelectId = useId();
  // Memoised, with its entries, so the page's clock tick and an appended entry render only what changed (session 49: 4,000
  // entries rendered again every 5 s were ~5 of 50 s of the tab's JavaScript, and *Load more* could not finish at 8x throttling).
  const items = useStableEntries(useMemo(() => data?.items ?? [], [data]));
  const steps = useMemo(() => [...new Set(items.map((e) => e.stepId).filter((s): s is string => !!s))], [items]);
  // A step that is no longer in the entries (another journey's page, a reload) filters nothing out.
  const step = steps.includes(stepFilter) ? stepFilter : '';
  const ofStep = step ? items.filter((e) => e.stepId === step) : items;
  const calls = ofStep.filter((e) => e.kind === 'LenderCall');
  const shown = kindFilter === 'calls' ? calls : ofStep;
  const more = data ? data.total - items.length : 0;
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
      <ProblemAlert error={error} />
      {!data && loading && <Loading />}
      {more > 0 && (
        <p className="muted small" data-testid="journal-partial">
          Showing the first {items.length} of {data?.total} entries{step ? ' (the filters apply to these)' : ''}.
        </p>
      )}
      {step && shown.length === 0 && <p className="muted small" data-testid="journal-none">No {kindFilter === 'calls' ? 'lender calls' : 'entries'} of step {step} among these.</p>}
      <ol className="timeline" data-testid="journal">
        {shown.map((e) => <JournalItem key={e.seq} entry={e} />)}
      </ol>
      {more > 0 && onLoadMore && (
        <button type="button" className="btn" data-testid="journal-more" disabled={loading} onClick={onLoadMore}>
          {loading ? 'Loading…' : `Load more (${more} not shown)`}
        </button>
      )}
    </section>
  );
});
