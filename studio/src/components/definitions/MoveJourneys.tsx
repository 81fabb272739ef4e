import { api, type ApiError, toApiError } from '../../api/client';
import type { MigrationBatch, WorkflowDefinitionView } from '../../api/types';
import { ProblemAlert } from '../common';
import { KeptReason } from '../ReasonField';
import { plural } from '../../lib/format';
import { movePosition } from '../../lib/movePosition';
import { href } from '../../lib/router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { VersionChanges } from './VersionChanges';

type Progress = { processed: number; total: number; succeeded: number; skipped: number; done: boolean };

/** The most journeys one move by ids may name (the server's cap for ids, as bulk cancel, retry and abandon). */
export const MaxChosen = 500;

/**
 * The move a user opening the wizard most likely came for: old journeys forward to the latest version. From the version
 * shown when it is an older one; with the latest shown (the version picker's default), from the version before it —
 * the page does not know which versions have journeys waiting, so not the newest older one that has any. Null when there
 * is only one version.
 */
export function defaultMove(versions: readonly number[], shown: number): { from: number; to: number } | null {
  const sorted = [...new Set(versions)].sort((a, b) => a - b);
  if (sorted.length < 2) return null;
  const latest = sorted[sorted.length - 1];
  return { from: shown !== latest && sorted.includes(shown) ? shown : sorted[sorted.length - 2], to: latest };
}

/** A version of the workflow: the one the page shows as it is, any other read when the wizard is open. */
function useVersion(open: boolean, def: WorkflowDefinitionView, version: number, onError: (e: ApiError, version: number) => void): WorkflowDefinitionView | null {
  const [read, setRead] = useState<WorkflowDefinitionView | null>(null);
  useEffect(() => {
    if (!open || version === def.version) return;
    let live = true;
    api.getWorkflow(def.id, version).then((t) => live && setRead(t), (e) => live && onError(toApiError(e), version));
    return () => {
      live = false;
    };
  }, [open, def.id, def.version, version, onError]);
  if (version === def.version) return def;
  return read?.version === version ? read : null;
}

/**
 * "Move waiting journeys" (docs/migration.md): from one version to another (by default the older journeys to the latest,
 * `defaultMove`) — map the steps that could not be matched, see the dry-run table, apply with a reason, follow the
 * progress (`bulk` events on /api/events).
 */
export function MoveJourneys({ def }: { def: WorkflowDefinitionView }) {
  const initial = defaultMove(def.versions, def.version);
  const [open, setOpen] = useState(false);
  // Opening replaces the button with the wizard, and closing the wizard with the button: the focus goes to the wizard's
  // heading and back to the button (walk 51: it fell to the page both ways).
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const toggled = useRef(false);
  const toggle = (to: boolean) => {
    toggled.current = true;
    setOpen(to);
  };
  useEffect(() => {
    if (toggled.current) (open ? heading.current : opener.current)?.focus();
  }, [open]);
  const [fromVersion, setFromVersion] = useState<number>(initial?.from ?? def.version);
  const [toVersion, setToVersion] = useState<number>(initial?.to ?? def.version);
  const [stepMap, setStepMap] = useState<Record<string, string>>({});
  const [dry, setDry] = useState<MigrationBatch | null>(null);
  // The step map the dry run on screen was made with (walk 49: a map changed after the dry run was applied unseen).
  const [dryMap, setDryMap] = useState<string | null>(null);
  const [applied, setApplied] = useState<MigrationBatch | null>(null);
  // Which of the dry run's movable journeys to move (session 54, a canary: five first, then the rest): null is all of them.
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const [firstN, setFirstN] = useState('5');
  // The dry run's journeys that were not chosen when the move was applied: they stay, and the result says so.
  const [notChosen, setNotChosen] = useState<MigrationBatch['items']>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  // A source version this build cannot compile (409 version_unloadable: an activity removed since it was published) still
  // moves (docs/engine.md): its problem is shown, and the step map's source steps come from the dry run instead.
  const [unloadable, setUnloadable] = useState<{ version: number; error: ApiError } | null>(null);
  const [typedSteps, setTypedSteps] = useState<string[]>([]);
  const [typedStep, setTypedStep] = useState('');
  const sourceError = useCallback((e: ApiError, version: number) => {
    if (e.problem.code === 'version_unloadable') setUnloadable({ version, error: e });
    else setError(e);
  }, []);
  const source = useVersion(open, def, fromVersion, sourceError);
  const sourceUnloadable = unloadable?.version === fromVersion ? unloadable.error : null;
  const target = useVersion(open, def, toVersion, setError);
  const targets = def.versions.filter((v) => v !== fromVersion);

  // Opened again, or another pair of versions: the step map and the answers were for the old pair.
  useEffect(() => {
    setStepMap({});
    setTypedSteps([]);
    setDry(null);
    setApplied(null);
    setChosen(null);
    setNotChosen([]);
  }, [open, fromVersion, toVersion]);

  const chooseFrom = (v: number) => {
    setFromVersion(v);
    if (v === toVersion) {
      const others = def.versions.filter((o) => o !== v);
      setToVersion(Math.max(...others));
    }
  };

  if (!initial) return null;
  if (!open) {
    return <button type="button" className="btn" ref={opener} onClick={() => toggle(true)} data-testid="move-journeys">Move waiting journeys</button>;
  }

  const targetIds = new Set(target?.steps.map((s) => s.id) ?? []);
  const shown = applied ?? dry;
  const notes = [...(shown?.items ?? []).reduce((m, i) => ((i.migrated || i.canMigrate) && i.reason ? m.set(i.reason, (m.get(i.reason) ?? 0) + 1) : m), new Map<string, number>())];
  // Without the source's steps, the ones to map are those its journeys stand at (the dry run's stepId) and any the operator
  // names (a once-only step they completed: `once_only_step_missing`); their activity is not known here, so every step of
  // the target is offered and the server's dry run says whether it runs the same activity.
  const unmatched: { id: string; activity: string | null }[] = !target
    ? []
    : source
      ? source.steps.filter((s) => !targetIds.has(s.id))
      : sourceUnloadable
        ? [...new Set([...(shown?.items ?? []).map((i) => i.stepId), ...typedSteps])]
          .filter((id): id is string => !!id && !targetIds.has(id))
          .map((id) => ({ id, activity: null }))
        : [];
  const addTypedStep = () => {
    const id = typedStep.trim();
    if (id && !typedSteps.includes(id)) setTypedSteps([...typedSteps, id]);
    setTypedStep('');
  };
  const sentMap = Object.fromEntries(Object.entries(stepMap).filter(([, v]) => v).sort(([a], [b]) => a.localeCompare(b)));
  const sentMapKey = JSON.stringify(sentMap);
  // A move applies the map on screen: offered only when the dry run shown was made with that very map, so that who moves,
  // and to which step, is what the operator read.
  const dryIsCurrent = dry !== null && dryMap === sentMapKey;
  // The journeys the dry run says can move, in its order, and those of them chosen. All chosen, the move is sent by filter as
  // before (up to Server:Bulk:MaxInstances); some, by their ids (at most MaxChosen), so exactly those move and no journey
  // that began waiting after the dry run is taken with them.
  const movable = (dry?.items ?? []).filter((i) => i.canMigrate).map((i) => i.instanceId);
  const picked = chosen === null ? movable : movable.filter((id) => chosen.has(id));
  const subset = picked.length < movable.length;
  const tooMany = subset && picked.length > MaxChosen;
  const choose = (ids: Iterable<string>) => {
    const next = new Set(ids);
    setChosen(movable.every((id) => next.has(id)) ? null : next);
  };
  const toggleOne = (id: string, on: boolean) => choose(on ? [...picked, id] : picked.filter((p) => p !== id));
  const firstCount = Number.parseInt(firstN, 10);
  const body = (dryRun: boolean) => ({
    workflowId: def.id, fromVersion, toVersion, dryRun, stepMap: sentMap,
    ...(dryRun ? {} : { reason }),
    ...(!dryRun && subset ? { ids: picked } : {}),
  });
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    let es: EventSource | null = null;
    if (!dryRun) {
      setProgress(null);
      es = new EventSource(api.eventsUrl());
      es.addEventListener('bulk', (ev) => {
        const p = JSON.parse((ev as MessageEvent).data) as Progress & { operation: string };
        if (p.operation === 'migrate') setProgress(p);
      });
    }
    try {
      const answer = await api.migrate(body(dryRun));
      if (dryRun) {
        setDry(answer);
        setDryMap(sentMapKey);
        setApplied(null);
        setChosen(null);
        setNotChosen([]);
      } else {
        const sent = new Set(picked);
        setNotChosen(subset ? (dry?.items ?? []).filter((i) => i.canMigrate && !sent.has(i.instanceId)) : []);
        setApplied(answer);
        setDry(null);
        setChosen(null);
      }
    } catch (e) {
      setError(toApiError(e));
    } finally {
      es?.close();
      setBusy(false);
    }
  };

  return (
    <section className="card move-journeys" aria-labelledby="move-h" data-testid="move-wizard">
      <div className="card-head">
        <h2 id="move-h" tabIndex={-1} ref={heading}>Move waiting journeys from v{fromVersion} to v{toVersion}</h2>
        <button type="button" className="btn" onClick={() => toggle(false)}>Close</button>
      </div>
      <div className="row-gap">
        <label className="inline">From version
          <select value={fromVersion} onChange={(e) => chooseFrom(Number(e.target.value))} data-testid="move-source">
            {def.versions.map((v) => <option key={v} value={v}>v{v}</option>)}
          </select>
        </label>
        <label className="inline">Target version
          <select value={toVersion} onChange={(e) => setToVersion(Number(e.target.value))} data-testid="move-target">
            {targets.map((v) => <option key={v} value={v}>v{v}</option>)}
          </select>
        </label>
      </div>
      {/* What a move does to a journey's own step (walk 52: said only in the dry run's note, and only when the target gave
          the step other inputs; an author reading the wizard before the dry run found it nowhere). */}
      <p className="muted small" data-testid="move-help">
        A move changes the steps a journey runs next, not what it has done: no step it completed runs again, and neither does
        the step it waits at. That step keeps the wait v{fromVersion} started (the same webhook keys and timers; what it sent
        is not sent again), even where v{toVersion} gives it other inputs; to start it over with v{toVersion}&apos;s inputs, use{' '}
        <em>Go to step…</em> on the journey after the move (it runs again). Steps v{toVersion} adds before that step are not run
        for it; after it, the journey runs v{toVersion}&apos;s steps.
      </p>
      {/* What the target changes, before deciding the step map or moving anyone (folded: read when opened). */}
      <VersionChanges key={`${fromVersion}:${toVersion}`} id={def.id} from={fromVersion} to={toVersion} />
      {sourceUnloadable && (
        <div data-testid="move-source-unloadable">
          <ProblemAlert error={sourceUnloadable} />
          <p className="muted small">
            v{fromVersion} does not load in this build, but its journeys can still move to a version that does. Run a dry run:
            the steps its journeys are at that v{toVersion} lacks are then offered for the step map below.
          </p>
        </div>
      )}
      {target && (unmatched.length > 0 || sourceUnloadable) && (
        <fieldset data-testid="move-step-map">
          <legend>Steps not in v{toVersion}: map them to a step of v{toVersion} running the same activity</legend>
          {unmatched.map((s) => (
            <label key={s.id} className="inline">
              <span className="mono">{s.id}</span>{s.activity && ` (${s.activity})`} →
              <select value={stepMap[s.id] ?? ''} onChange={(e) => setStepMap({ ...stepMap, [s.id]: e.target.value })} data-testid={`map-${s.id}`}>
                <option value="">(not mapped)</option>
                {target.steps.filter((t) => s.activity === null || t.activity === s.activity).map((t) => (
                  <option key={t.id} value={t.id}>{s.activity === null ? `${t.id} (${t.activity})` : t.id}</option>
                ))}
              </select>
            </label>
          ))}
          {sourceUnloadable && (
            <div className="row-gap">
              <label className="inline">Another step of v{fromVersion}
                <input value={typedStep} onChange={(e) => setTypedStep(e.target.value)} maxLength={200} data-testid="move-map-step-id" />
              </label>
              <button type="button" className="btn" disabled={!typedStep.trim()} onClick={addTypedStep} data-testid="move-map-add">Map it</button>
            </div>
          )}
        </fieldset>
      )}
      <div className="row-gap">
        <button type="button" className="btn" disabled={busy || !target || !(source || sourceUnloadable)} onClick={() => run(true)} data-testid="move-dry-run">Dry run</button>
      </div>
      <ProblemAlert error={error} onDismiss={() => setError(null)} />
      {shown && (
        <>
          <p data-testid="move-summary" role="status">
            {shown.dryRun
              ? shown.matched === 0
                ? `No journey is waiting or faulted on v${fromVersion}: nothing to move.`
                : `${shown.canMigrate} of ${plural(shown.matched, 'journey')} can move to v${toVersion}.`
              : `${plural(shown.migrated, 'journey')} moved to v${toVersion}; ${shown.items.length - shown.migrated} stayed.`}
            {!shown.dryRun && notChosen.length > 0 && ` ${plural(notChosen.length, 'journey')} not chosen ${notChosen.length === 1 ? 'stays' : 'stay'} on v${fromVersion}.`}
          </p>
          {/* The server's notes on the journeys that can move, each once with how many it is about (walk 52: the same paragraph
              on each of four rows at kyc); each row says what its move does in words of its own (move-position). */}
          {notes.length > 0 && (
            <ul className="muted small move-notes" data-testid="move-notes">
              {notes.map(([note, n]) => <li key={note} data-testid="move-note">{note} ({plural(n, 'journey')})</li>)}
            </ul>
          )}
          {/* Walk 52: a dry run that matched nobody read "0 of 0 journeys can move to v5." over an empty table. */}
          {/* Which of the movable journeys to move (session 54): all by default, some by their boxes, or the first N. */}
          {shown === dry && dryIsCurrent && movable.length > 1 && (
            <div className="row-gap move-choose" data-testid="move-choose">
              <span data-testid="move-chosen" role="status">{picked.length} of {movable.length} chosen</span>
              <button type="button" className="btn" disabled={!subset} onClick={() => choose(movable)} data-testid="move-choose-all">All</button>
              <button type="button" className="btn" disabled={picked.length === 0} onClick={() => choose([])} data-testid="move-choose-none">None</button>
              <label className="inline">First
                <input type="number" min={1} max={movable.length} value={firstN} onChange={(e) => setFirstN(e.target.value)} className="num" data-testid="move-first-n" />
              </label>
              <button type="button" className="btn" disabled={!(firstCount >= 1)} onClick={() => choose(movable.slice(0, firstCount))} data-testid="move-choose-first">Choose the first</button>
            </div>
          )}
          {shown.items.length > 0 && <table className="table table-compact" data-testid="move-table">
            <thead><tr>{shown === dry && dryIsCurrent && movable.length > 1 && <th><span className="sr-only">Move</span></th>}<th>Journey</th><th>Status</th><th>Step</th><th>On v{toVersion}</th><th>Result</th></tr></thead>
            <tbody>
              {[...shown.items, ...(shown === applied ? notChosen : [])].map((i) => (
                <tr key={i.instanceId} data-testid="move-row" data-can-migrate={String(i.canMigrate)}>
                  {shown === dry && dryIsCurrent && movable.length > 1 && (
                    <td>
                      {i.canMigrate && (
                        <input type="checkbox" checked={chosen === null || chosen.has(i.instanceId)} onChange={(e) => toggleOne(i.instanceId, e.target.checked)}
                          aria-label={`Move ${i.instanceId.slice(-8)}`} data-testid="move-pick" />
                      )}
                    </td>
                  )}
                  <td className="mono"><a href={href(`/journeys/${encodeURIComponent(i.instanceId)}`)}>{i.instanceId.slice(-8)}</a></td>
                  <td>{i.status}</td>
                  <td className="mono">{i.stepId ?? '—'}</td>
                  <td className="mono">{i.targetStepId ?? '—'}</td>
                  <td>
                    {i.migrated ? 'moved' : shown === applied && notChosen.includes(i) ? `not chosen: stays on v${fromVersion}` : i.canMigrate ? 'can move' : i.reason}
                    {/* What the move does (did) to its position, stepChange included (session 53). */}
                    {(i.migrated || (i.canMigrate && !notChosen.includes(i))) && movePosition(i) && <div data-testid="move-position">{movePosition(i)}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>}
        </>
      )}
      {dry && !dryIsCurrent && (
        <p className="alert alert-warn" role="status" data-testid="move-stale">
          The step map changed after this dry run: run the dry run again to see who moves, and to which step, before moving anyone.
        </p>
      )}
      {dry && dryIsCurrent && dry.canMigrate > 0 && (
        <div className="row-gap move-apply">
          {/* Walk 42 (a v1 journey moved to v2 from here): the reason was a 20-column box beside its label, as the publish
              dialog's had been; the same ReasonField as every other reason, as wide as the panel, under its label. */}
          <KeptReason value={reason} onChange={setReason} testId="move-reason" />
          <button type="button" className="btn btn-primary" disabled={busy || !reason.trim() || picked.length === 0 || tooMany} onClick={() => run(false)} data-testid="move-apply">
            Move {plural(picked.length, 'journey')}
          </button>
          {tooMany && <p className="muted small" data-testid="move-too-many">Choose at most {MaxChosen} journeys, or all of them.</p>}
        </div>
      )}
      {progress && (
        <p className="muted small" data-testid="move-progress">
          {progress.processed} of {progress.total} handled ({progress.succeeded} moved, {progress.skipped} stayed){progress.done ? ' — done' : '…'}
        </p>
      )}
    </section>
  );
}
