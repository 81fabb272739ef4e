import { Fragment } from 'react';
import type { InstanceDetail, StepExecution } from '../../api/types';
import { formatDuration, formatTime } from '../../lib/format';
import type { EntryError, EntryTimes } from '../../lib/stepRuns';
import { elapsed } from '../../lib/stepStates';

// An activity name may break after each dot (`CapitalFloat.` / `CreateTranche`) when the table has to narrow.
function ActivityName({ name }: { name: string }) {
  const parts = name.split('.');
  return <>{parts.map((part, i) => <Fragment key={i}>{part}{i < parts.length - 1 && <>.<wbr /></>}</Fragment>)}</>;
}

// A step's error is a row of its own under the step and wraps within the visible width of the table's box, even where the
// table itself has to scroll sideways (docs/studio.md, "Step history errors"). As the table's last column it was cut off: nine
// columns were wider than the card at the default window size, so the table scrolled the error out of sight.
//
// Duration is the time the step ran, or waited on its lender or the borrower: its runs from the journal (`entryTimes`) added
// up. The time it sat faulted waiting for an operator is a line of its own under it (walk 50: one entry spans a retried step's
// first start to its last end, so a 14 s call read 2 min 44 s, and days when the operator came back days later).
export function StepHistory({ detail, times, errors, now, selectedStep, onSelect }: {
  detail: InstanceDetail;
  /** Each entry's error, current or past (`entryErrors`), by index. */
  errors: (EntryError | null)[];
  /** Each entry's times by index; undefined while the journal is not all loaded (then the entries' whole spans). */
  times: (EntryTimes | undefined)[] | undefined;
  now: number;
  selectedStep: string | null;
  onSelect: (id: string) => void;
}) {
  const spansOnly = !times && detail.steps.length > 0;
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">Step history</h2>
      {spansOnly && (
        <p className="muted small" data-testid="step-history-spans">
          Durations are each entry's whole span, time faulted included, until the whole journal is loaded (Load more, in the journal below).
        </p>
      )}
      <div className="table-wrap step-history-wrap">
        <table className="table table-compact step-history" data-testid="step-history">
          <thead>
            <tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Activity</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Attempts</th><th scope="col">Started</th><th scope="col">Duration</th></tr>
          </thead>
          <tbody>
            {detail.steps.length === 0 && <tr><td colSpan={8} className="empty">No step has run yet.</td></tr>}
            {detail.steps.map((s, i) => {
              const selected = selectedStep === s.stepId ? 'row-selected' : null;
              return (
                <Fragment key={i}>
                  <tr className={[selected, s.error && 'has-error'].filter(Boolean).join(' ') || undefined} data-testid="step-execution" data-step-id={s.stepId} data-status={s.status}>
                    <td>{i + 1}</td>
                    <td><button type="button" className="linklike mono" onClick={() => onSelect(s.stepId)} aria-pressed={selectedStep === s.stepId}>{s.stepId}</button></td>
                    <td className="mono small"><ActivityName name={s.activity} /></td>
                    <td><span className={`badge step-${s.status.toLowerCase()}`}>{s.status}</span></td>
                    <td>{s.outcome ?? '—'}</td>
                    <td>{s.attempts}</td>
                    <td className="time-cell">{formatTime(s.startedAt)}</td>
                    <td className="nowrap" data-testid="step-history-duration"><Duration entry={s} times={times?.[i]} now={now} /></td>
                  </tr>
                  {s.error && <ErrorRow stepId={s.stepId} error={s.error} how={errors[i]} selected={selected} />}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// A skipped (or cancelled, or since completed) step's error is its past, not what is wrong now: walk 51 read a skipped step's
// red *Error* row as if the journey were still stuck there. It reads *Skipped by omar after: …*, in the muted colour.
function ErrorRow({ stepId, error, how, selected }: { stepId: string; error: string; how: EntryError | null | undefined; selected: string | null }) {
  const past = how && !how.current ? how : null;
  return (
    <tr className={['step-error-row', selected].filter(Boolean).join(' ')}>
      <td />
      <td colSpan={7} className={past ? 'error-cell error-cell-past' : 'error-cell'}>
        <div className="step-error" data-testid="step-error" data-step-id={stepId} data-past={past ? 'true' : undefined}>
          {past
            ? <><span className="step-error-label">{past.then}</span> {past.by ? <>by <strong>{past.by}</strong> after</> : 'after'}: {error}</>
            : <><span className="step-error-label">Error</span> {error}</>}
        </div>
      </td>
    </tr>
  );
}

function Duration({ entry, times, now }: { entry: StepExecution; times: EntryTimes | undefined; now: number }) {
  if (!times) return <>{formatDuration(elapsed(entry, now))}</>;
  const notes = [
    times.runs.length > 1 && `${times.runs.length} runs`,
    times.faultedMs > 0 && `faulted ${formatDuration(times.faultedMs)}${times.stillFaulted ? ' so far' : ''}`,
  ].filter(Boolean);
  return (
    <>
      {formatDuration(times.runMs)}
      {/* Each part whole on its line: a narrow column wraps between them, not inside a duration ("16 min 4" / "s so far"). */}
      {notes.length > 0 && (
        <span className="step-duration-note muted small" data-testid="step-history-runs">
          {notes.map((note, i) => <Fragment key={i}>{i > 0 && ', '}<span className="nowrap">{note}</span></Fragment>)}
        </span>
      )}
    </>
  );
}
