import { useEffect, useId, useState } from 'react';
import { api } from '../../api/client';
import type { InstanceDetail, MigrationResult } from '../../api/types';
import { ConfirmDialog, ProblemAlert } from '../common';
import { ReasonField, reasonGiven } from '../ReasonField';
import { movePosition, movePositionSentence } from '../../lib/movePosition';
import { useAction } from './useAction';

/** The versions one journey can be moved to: every other version of its workflow, newest first (the default). */
export function moveTargets(versions: readonly number[], current: number): number[] {
  return [...new Set(versions)].filter((v) => v !== current).sort((a, b) => b - a);
}

/** What the server's check or answer says about the move, in words; a move made says what it did to the journey's step. */
function describe(r: MigrationResult): string {
  const position = movePosition(r);
  if (r.migrated) return `Moved to v${r.toVersion} at ${r.targetStepId ?? r.stepId ?? 'its step'}${position ? `: ${position}` : ''}.`;
  if (r.canMigrate) return `Can move: ${r.stepId ?? '—'} on v${r.fromVersion} → ${r.targetStepId ?? '—'} on v${r.toVersion}.`;
  return `Cannot move to v${r.toVersion}: ${r.reason ?? r.code ?? 'refused'}`;
}

/**
 * "Move to version…" of the Alter menu: one journey to another version of its workflow (`POST /api/instances/{id}/migrate`,
 * docs/migration.md), the single-journey counterpart of the definitions' *Move waiting journeys*. The target defaults to the
 * latest other version; each choice is checked with the server's dry run, which decides whether it can move (a step the
 * target lacks, not waiting, a money call's outcome unknown…): *Move…* stays disabled with that reason. The move itself
 * asks for a required reason, as the other alterations, and shows the server's answer. Steps are matched by id only:
 * mapping a renamed step is the wizard's (docs/studio.md).
 */
export function MoveToVersion({ detail, versions, onMoved, onDone }: {
  detail: InstanceDetail; versions: readonly number[]; onMoved: (message: string) => void; onDone: () => void;
}) {
  const targets = moveTargets(versions, detail.version);
  const [toVersion, setToVersion] = useState<number>(targets[0]);
  const [check, setCheck] = useState<MigrationResult | null>(null);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const a = useAction();
  const ids = { select: useId(), check: useId(), hint: useId() };
  const why = reason.trim();
  const { run } = a;
  const position = check ? movePositionSentence(check) : undefined;

  // The dry run of the chosen target: the server decides whether this journey, as it is now, can move there.
  useEffect(() => {
    setCheck(null);
    let live = true;
    void run(async () => {
      const r = await api.migrateOne(detail.id, { toVersion, dryRun: true });
      if (live) setCheck(r);
    }, '');
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run is a new function each render; the check depends on these
  }, [detail.id, detail.version, detail.currentStep, detail.status, toVersion]);

  const move = async () => {
    let answer: MigrationResult | null = null;
    await a.run(async () => {
      answer = await api.migrateOne(detail.id, { toVersion, dryRun: false, reason: why });
    }, '');
    setOpen(false);
    const r = answer as MigrationResult | null;
    if (r?.migrated) {
      onMoved(describe(r));
    } else if (r) {
      setCheck(r);
    }
    onDone();
  };

  return (
    <div className="form-grid alter-form" role="group" aria-label="Move to version" data-testid="alter-move-form">
      <label htmlFor={ids.select}>Target version</label>
      <select id={ids.select} value={toVersion} onChange={(e) => setToVersion(Number(e.target.value))} data-testid="alter-move-version">
        {targets.map((v, i) => <option key={v} value={v}>v{v}{i === 0 && v > detail.version ? ' (latest)' : ''}</option>)}
      </select>
      <p id={ids.check} className={check && !check.canMigrate ? 'error' : 'muted small'} role="status" data-testid="alter-move-check"
        data-can-migrate={check ? String(check.canMigrate) : undefined} data-code={check?.code ?? undefined}>
        {check ? describe(check) : a.error ? 'The check did not answer.' : `Checking v${toVersion}…`}
      </p>
      {/* What the move would do to its step (the server's stepChange among it), where the operator decides (session 53). */}
      {check?.canMigrate && position && <p className="small" data-testid="alter-move-position">{position}</p>}
      {check?.canMigrate && check.reason && <p className="muted small" data-testid="alter-move-note">{check.reason}</p>}
      <div className="row-gap">
        <button type="button" className="btn btn-primary" disabled={a.busy || !check?.canMigrate} aria-describedby={ids.check}
          onClick={() => { setReason(''); setOpen(true); }} data-testid="alter-move-submit">Move…</button>
      </div>
      <ProblemAlert error={a.error} onDismiss={a.clearError} />
      {open && (
        <ConfirmDialog title={`Move this journey to v${toVersion}?`} confirmLabel={`Move to v${toVersion}`} busy={a.busy}
          confirmDisabled={!reasonGiven(why)} onClose={() => setOpen(false)} onConfirm={move}>
          <p id={ids.hint}>The journey goes on from <span className="mono">{check?.targetStepId ?? detail.currentStep ?? '—'}</span> of
            v{toVersion} and runs that version's steps after it.{detail.status === 'Waiting' && <> The step it waits at is not run
            again: it keeps the wait v{detail.version} started, even where v{toVersion} gives the step other inputs
            (<em>Go to step…</em> after the move runs it again with them).</>} The journal's <span className="mono">Migrated</span> and the audit trail keep the reason.</p>
          {check && movePosition(check) && <p data-testid="alter-move-confirm-position">This journey {movePosition(check)}.</p>}
          <ReasonField value={reason} onChange={setReason} required hint={ids.hint} testId="move-reason" />
        </ConfirmDialog>
      )}
    </div>
  );
}
