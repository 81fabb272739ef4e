import type { ApiError } from '../../api/client';
import type { JournalEntry } from '../../api/types';
import { Loading, ProblemAlert } from '../common';
import { JournalItem } from './JournalItem';
import { useState } from 'react';

export function Journal({ state }: { state: { data?: { items: JournalEntry[]; total: number }; error: ApiError | null; loading: boolean } }) {
  const [kindFilter, setKindFilter] = useState<'all' | 'calls'>('all');
  const items = state.data?.items ?? [];
  const shown = kindFilter === 'calls' ? items.filter((e) => e.kind === 'LenderCall') : items;
  return (
    <section className="card" aria-labelledby="journal-h">
      <div className="card-head">
        <h2 id="journal-h">Journal</h2>
        <div className="seg" role="group" aria-label="Journal entries">
          <button type="button" aria-pressed={kindFilter === 'all'} onClick={() => setKindFilter('all')}>All ({items.length})</button>
          <button type="button" aria-pressed={kindFilter === 'calls'} onClick={() => setKindFilter('calls')}>Lender calls ({items.filter((e) => e.kind === 'LenderCall').length})</button>
        </div>
      </div>
      <ProblemAlert error={state.error} />
      {!state.data && state.loading && <Loading />}
      {state.data && state.data.total > items.length && <p className="muted small">Showing the first {items.length} of {state.data.total} entries.</p>}
      <ol className="timeline" data-testid="journal">
        {shown.map((e) => <JournalItem key={e.seq} entry={e} />)}
      </ol>
    </section>
  );
}
