import type { InstanceDetail, WaitingFor } from '../../api/types';
import { formatDuration, formatTime } from '../../lib/format';

export function WaitingPanel({ waiting, now, deferral }: { waiting: WaitingFor[]; now: number; deferral?: InstanceDetail['deferral'] }) {
  return (
    <section className="card" aria-labelledby="waiting-h">
      <h2 id="waiting-h">Waiting for</h2>
      {/* Why a deferred step waits and until when (session 48): the journey has no incident and spends no attempt meanwhile. */}
      {deferral && (
        <p className="alert alert-warn" data-testid="deferral" data-api={deferral.waitingOn}>
          Step <span className="mono">{deferral.stepId}</span> waits out <strong>{deferral.waitingOn}</strong>'s open circuit breaker
          {deferral.errorKind ? <> ({deferral.errorKind})</> : null}
          {deferral.dueAt ? <> until {formatTime(deferral.dueAt)} <span className="muted">({relative(deferral.dueAt, now)})</span></> : null}: nothing was
          sent, no attempt is spent (still attempt {deferral.attempt}); it runs again when the breaker lets a call through.
        </p>
      )}
      <ul className="waiting" data-testid="waiting-for">
        {waiting.map((w, i) => (
          <li key={i} data-kind={w.kind} data-purpose={w.purpose ?? undefined} data-deferred-on={w.deferredOn ?? undefined}>
            <span className={`wkind wkind-${w.kind}`}>{w.kind}{w.deferredOn ? ` · breaker open: ${w.deferredOn}` : w.purpose ? ` · ${TIMER_PURPOSE[w.purpose] ?? w.purpose}` : ''}</span>
            {w.key && <span className="mono wkey">{w.key}</span>}
            {w.dueAt && (
              <span className="wdue">
                {dueLabel(w)}{' '}
                {formatTime(w.dueAt)} <span className="muted">({relative(w.dueAt, now)})</span>
              </span>
            )}
            {w.sensitive && <span className="badge">sensitive</span>}
            {w.stepId && <span className="muted small wstep">at <span className="mono">{w.stepId}</span></span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Timer purposes as the engine names them (docs/api.md): `$retry` is its own retry back-off. */
export const TIMER_PURPOSE: Record<string, string> = { poll: 'poll', timeout: 'timeout', delay: 'delay', $retry: 'retry back-off' };

export function dueLabel(w: WaitingFor): string {
  if (w.kind !== 'timer') return 'deadline';
  if (w.purpose === 'poll') return 'next poll';
  if (w.purpose === 'timeout') return 'times out';
  if (w.purpose === '$retry') return w.deferredOn ? 'runs again' : 'retries';
  return 'fires';
}

export function relative(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const diff = t - now;
  return diff >= 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} ago`;
}
