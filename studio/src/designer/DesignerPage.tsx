import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ApiError, api, toApiError } from '../api/client';
import type { ActivityDescriptor, DefinitionDocument, ProblemDetails, ValidationError, WorkflowDefinitionView } from '../api/types';
import { ConfirmDialog, Loading, ProblemAlert } from '../components/common';
import { JsonEditor } from '../components/JsonEditor';
import { autoLayout, placeSteps, savedPositions } from '../lib/graph';
import { placeNewStep } from './placeStep';
import { useCan } from '../lib/roles';
import { href, navigate, setLeaveGuard } from '../lib/router';
import { holdUnsavedWork } from '../lib/staleBuild';
import { plural } from '../lib/format';
import { DesignerGraph } from './DesignerGraph';
import { draftConflictHeadline } from './draftConflict';
import { addStep, bindingsTo, connect, emptyDefinition, errorsByStep, parseDefinition, removeStep, syntaxErrorPlace, updateStep, withArrangement, withLayout, type StepBinding } from './model';
import { Palette } from './Palette';
import { HistoryPanel } from './HistoryPanel';
import { ProblemsList } from './ProblemsList';
import { problemFieldControl } from './problemField';
import { PublishDialog } from './PublishDialog';
import { canRedo, canUndo, designerReducer, hasUnsavedChanges, initialState, jsonHeld, redoLabel, undoLabel, type EditInfo, type Position } from './state';
import { StepEditor } from './StepEditor';
import { TestRunPanel } from './TestRunPanel';
import { shortcutNames, undoShortcut } from './undoKeys';
import { WorkflowPanel } from './WorkflowPanel';

const VALIDATE_DEBOUNCE_MS = 400;
const LEAVE_QUESTION = 'This draft has unsaved changes. Leave and lose them?';

/** ELK's positions for every step of the document, saved ones ignored (*Tidy layout*, and steps without a position). */
async function tidyPositions(doc: DefinitionDocument): Promise<Record<string, Position>> {
  const view = { id: doc.id, version: 0, versions: [], title: doc.title ?? '', inputs: [], startStep: doc.start, steps: doc.steps, activities: {}, layout: null } as unknown as WorkflowDefinitionView;
  const l = await autoLayout(view);
  return Object.fromEntries(l.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
}

/** Where the steps are drawn on opening: their saved positions, ELK only for the steps without one (and not at all when none lacks one). */
async function positionsOf(doc: DefinitionDocument): Promise<Record<string, Position>> {
  const ids = doc.steps.map((s) => s.id);
  const saved = savedPositions(doc.layout, ids);
  return ids.every((id) => saved[id]) ? saved : placeSteps(ids, saved, await tidyPositions(doc));
}

type Wire = { source: string; outcome: string; target: string };
/** Steps (and wires) to remove, and the inputs of other steps that bind to those steps. */
interface Removal {
  steps: string[];
  wires: Wire[];
  bindings: StepBinding[];
}

/** Definitions → a workflow → Edit draft: the editable flowchart, its JSON, validation, save, test run and publish. */
export function DesignerPage({ id }: { id: string }) {
  const [state, dispatch] = useReducer(designerReducer, initialState({ id, start: '', steps: [] }));
  const canStart = useCan('start');
  const canMigrate = useCan('migrate');
  // After a publish, the way to the journeys left on the version before (walk 51: the message said only that new journeys
  // take the new one, and the move wizard is on the definition page, at the old version). Shown with that message only.
  const [moveFrom, setMoveFrom] = useState<{ version: number; message: string } | null>(null);
  // After a publish, for a user who may not move journeys (a Designer): how many journeys still run on older versions, and
  // that an Operator moves them (walk 54: the message said nothing of them). Shown with that message only.
  const [olderLeft, setOlderLeft] = useState<{ count: number; version: number; message: string } | null>(null);
  const [activities, setActivities] = useState<ActivityDescriptor[] | null>(null);
  const [latest, setLatest] = useState<DefinitionDocument | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [errors, setErrors] = useState<ValidationError[]>([]);
  const [checking, setChecking] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  // A 409 on save or publish, its problem: `stale_revision` (someone saved the draft since: who and when) or
  // `stale_version` (someone published a version since the change began). null: no conflict shown.
  const [conflict, setConflict] = useState<ProblemDetails | null>(null);
  const conflictKind = conflict?.code === 'stale_version' ? 'version' : 'revision';
  const [busy, setBusy] = useState<null | 'save' | 'publish' | 'discard'>(null);
  const [message, setMessage] = useState<string | null>(null);
  // A save takes the focus to its message (walk 51: Save draft is disabled the moment it is pressed, and stays so once the
  // draft is saved, so the keyboard's focus fell to the page and the next Tab started from the top).
  const messageLine = useRef<HTMLDivElement>(null);
  const [savedCount, setSavedCount] = useState(0);
  useEffect(() => {
    if (savedCount > 0) messageLine.current?.focus();
  }, [savedCount]);
  /** Save draft was pressed while the JSON view held text that is not applied: the refusal is shown until the JSON is fixed. */
  const [saveRefused, setSaveRefused] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  /** A removal that would leave other steps' inputs bound to nothing: asked about first, with each of those inputs. */
  const [removing, setRemoving] = useState<Removal | null>(null);
  const [tab, setTab] = useState<'properties' | 'json'>('properties');
  const [problemsOpen, setProblemsOpen] = useState(false);
  /** Where the problems list last sent the user: the step brought into view on the canvas, the place shown in the JSON view. */
  const [reveal, setReveal] = useState<{ error: ValidationError; id: string } | null>(null);
  /** A step added with the palette's button, to bring into the canvas's view if it is outside it. */
  const [showStep, setShowStep] = useState<{ id: string } | null>(null);
  // Set by *Tidy layout*: the canvas fits the whole flowchart again.
  const [fitView, setFitView] = useState<object | null>(null);
  /** What the last undo or redo did, for screen readers (a polite live region). */
  const [undone, setUndone] = useState('');
  // Before a draft has loaded (and when none could be: a 404, 403 or 500) the state is the empty placeholder, never
  // saved: nothing of the user's is there to lose, so no leave guard.
  const dirty = loaded && hasUnsavedChanges(state);
  const activityMap = useMemo(() => new Map((activities ?? []).map((a) => [a.type, a])), [activities]);
  const byStep = useMemo(() => errorsByStep(errors), [errors]);

  useEffect(() => {
    document.title = `Edit ${id} · LoanJourney Studio`;
  }, [id]);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      // Only a workflow the catalog lists has a published version to export (no 404 asked for on purpose).
      const [acts, draft, published] = await Promise.all([
        api.listActivities(),
        api.getDraft(id),
        api.listWorkflows().then((ws) => (ws.some((w) => w.id === id) ? api.exportDefinition(id) : null)),
      ]);
      setActivities(acts);
      setLatest(published);
      // The API keeps a draft as sent, valid or not: one that is not even definition-shaped (steps null or not a list, a
      // null step, a step without an id) opens as text in the JSON view with the server's problems, to be fixed or
      // discarded — it used to fail the whole page ("Cannot read properties of null"). No flowchart is drawn for it: the
      // latest version's, drawn there before, was not this draft.
      const storedText = draft?.definition == null ? null : JSON.stringify(draft.definition, null, 2);
      const stored = storedText === null ? null : parseDefinition(storedText);
      if (draft && stored && !stored.ok) {
        dispatch({ type: 'loadText', text: storedText!, message: stored.message, value: stored.kind === 'shape' ? stored.value : undefined,
          fallback: emptyDefinition(id, ''), revision: draft.revision ?? null, positions: {} });
        setTab('json');
      } else {
        const doc = draft?.definition ?? published;
        if (!doc) throw new ApiError({ title: 'Not found', status: 404, detail: `Workflow ${id} has neither a draft nor a published version.` });
        dispatch({ type: 'load', doc, revision: draft?.revision ?? null, saved: true, positions: await positionsOf(doc) });
      }
      if (draft) setErrors(draft.errors ?? []);
      setLoaded(true);
    } catch (e) {
      setLoadError(toApiError(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  // Validation as you type: the server's validator (the same one publish uses), debounced, the last answer wins.
  // Not while the JSON view holds text that does not parse: the flowchart's document is not what the user is editing.
  // JSON that parses but is not definition-shaped (`steps` null) is what the user is editing: the server says what is wrong.
  const doc = state.doc;
  const shapeBroken = state.jsonError !== null && state.jsonValue !== undefined;
  // While the JSON view holds text that is not applied (a syntax error, or JSON that is not definition-shaped), that text
  // is what the user is editing: the palette, the Properties panel and the canvas, which edit the document and would put
  // its text over the typed one, are disabled, and Save draft refuses (it would save a document the user does not see).
  const held = jsonHeld(state);
  const place = held && !shapeBroken ? syntaxErrorPlace(state.jsonText, state.jsonError!) : null;
  const heldProblem = !held ? null : shapeBroken ? 'the JSON is not a definition the flowchart can draw'
    : `the JSON has a syntax error${place ? ` at line ${place.line}, column ${place.column}` : ''}`;
  const heldHeadline = heldProblem && heldProblem.charAt(0).toUpperCase() + heldProblem.slice(1);
  useEffect(() => {
    if (!held) setSaveRefused(false);
  }, [held]);
  const checked: unknown = shapeBroken ? state.jsonValue : state.jsonError !== null ? null : doc;
  useEffect(() => {
    if (!loaded || checked === null) return;
    const ctl = new AbortController();
    const timer = window.setTimeout(() => {
      setChecking(true);
      api.validate(id, checked, ctl.signal).then(
        (r) => !ctl.signal.aborted && setErrors(r.errors),
        () => undefined,
      ).finally(() => !ctl.signal.aborted && setChecking(false));
    }, VALIDATE_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [id, checked, loaded]);

  // Unsaved changes are never lost silently: closing the tab asks the browser's question, an in-app link asks ours, and
  // a part of a newer build that fails to load shows a message instead of reloading the tab (lib/staleBuild.ts).
  useEffect(() => {
    if (!dirty) return;
    const release = holdUnsavedWork();
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    setLeaveGuard(() => window.confirm(LEAVE_QUESTION));
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      setLeaveGuard(null);
      release();
    };
  }, [dirty]);

  // Every edit is one undo entry (EditInfo: its label, and the field whose keystrokes join it); the clock is read here,
  // so the reducer stays pure.
  const edit = useCallback((next: DefinitionDocument, extra: { select?: string | null; positions?: Record<string, Position> } & EditInfo = {}) => {
    setMessage(null);
    dispatch({ type: 'edit', doc: next, at: Date.now(), ...extra });
  }, []);
  const stateRef = useRef(state);
  stateRef.current = state;
  const undoRedo = useCallback((which: 'undo' | 'redo') => {
    const s = stateRef.current;
    if (which === 'undo' ? !canUndo(s) : !canRedo(s)) return;
    const label = which === 'undo' ? undoLabel(s) : redoLabel(s);
    setMessage(null);
    setUndone(`${which === 'undo' ? 'Undone' : 'Redone'}: ${label ?? 'edit'}`);
    dispatch({ type: which });
  }, []);
  // Ctrl+Z / ⌘Z, Ctrl+Shift+Z / ⌘⇧Z / Ctrl+Y anywhere on the page but in a text field, a textarea or Monaco (their own
  // undo for typing) or an open dialog.
  const dialogOpen = useRef(false);
  dialogOpen.current = publishing || discarding || removing !== null;
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const which = e.defaultPrevented || dialogOpen.current ? null : undoShortcut(e);
      if (!which || (e.target instanceof Element && e.target.closest('[role="dialog"]'))) return;
      e.preventDefault();
      undoRedo(which);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [undoRedo]);
  const docRef = useRef(doc);
  docRef.current = doc;
  const positionsRef = useRef(state.positions);
  positionsRef.current = state.positions;

  const selectedRef = useRef(state.selected);
  selectedRef.current = state.selected;
  const add = useCallback((activity: string, at?: Position) => {
    const { doc: next, id: stepId } = addStep(docRef.current, activity);
    // Dropped: where the pointer is. With the palette's button: beside the selected (else the last) step, and brought into
    // view if it is not in it (walk 44: it landed below everything, off the canvas).
    const position = at ?? placeNewStep(positionsRef.current, selectedRef.current, docRef.current.steps.map((s) => s.id));
    edit(withArrangement(next, positionsRef.current, { [stepId]: position }), { select: stepId, positions: { [stepId]: position }, label: `add step ${stepId}` });
    if (!at) setShowStep({ id: stepId });
  }, [edit]);
  const onSelect = useCallback((stepId: string | null) => {
    dispatch({ type: 'select', id: stepId });
    if (stepId) setTab('properties');
  }, []);
  // A problem of the list: its step selected (canvas and Properties) and brought into view; in the JSON view, its place shown
  // there instead (the step is selected all the same). A problem of the definition itself shows the workflow panel.
  const goToProblem = useCallback((error: ValidationError) => {
    dispatch({ type: 'select', id: error.stepId });
    setTab((t) => (t === 'json' ? t : 'properties'));
    setReveal({ error, id: error.stepId ?? '' });
  }, []);
  // The problem's field in the step's panel, brought to the middle of the window and given the focus (walk 49: it stayed
  // below the fold, and a keyboard user in the list had to Tab through the whole page to reach it). The JSON view shows
  // the problem's place itself (JsonEditor's reveal).
  const tabRef = useRef(tab);
  tabRef.current = tab;
  useEffect(() => {
    if (!reveal?.error.stepId || tabRef.current !== 'properties') return;
    const frame = requestAnimationFrame(() => {
      const editor = document.querySelector<HTMLElement>(`[data-testid="step-editor"][data-step-id="${CSS.escape(reveal.id)}"]`);
      const control = editor && problemFieldControl(editor, reveal.error.field);
      if (!control) return;
      control.scrollIntoView({ block: 'center' });
      control.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [reveal]);
  const onMove = useCallback((stepId: string, position: Position) => dispatch({ type: 'move', id: stepId, position }), []);
  // A drag is drawn as it goes and becomes one edit of the document's layout when it ends (unsaved, like any edit).
  const onMoveEnd = useCallback((moved: Record<string, Position>) =>
    edit(withArrangement(docRef.current, positionsRef.current, moved), { positions: moved, label: `move ${Object.keys(moved).join(', ')}` }), [edit]);
  const onConnect = useCallback((s: string, o: string, t: string) => edit(connect(docRef.current, s, o, t), { label: `wire ${s} ${o} to ${t}` }), [edit]);
  const removeNow = useCallback(({ steps, wires }: Omit<Removal, 'bindings'>) => {
    // The wires into and out of a removed step go with it (removeStep); the others are unwired. One edit, one undo entry.
    const loose = wires.filter((w) => !steps.includes(w.source) && !steps.includes(w.target));
    let next = steps.reduce(removeStep, docRef.current);
    for (const w of loose) next = connect(next, w.source, w.outcome, null);
    const what = [...steps.map((st) => `step ${st}`), ...loose.map((w) => `wire ${w.source} ${w.outcome}`)];
    edit(next, { label: `remove ${what.join(', ')}` });
  }, [edit]);
  // Delete on the canvas and the panel's *Remove step*: at once (Undo brings it back), unless other steps' inputs bind
  // to a removed step's output; then the user is asked first, with each of those inputs named.
  const onDelete = useCallback((steps: string[], wires: Wire[]) => {
    const bindings = bindingsTo(docRef.current, steps);
    if (bindings.length) setRemoving({ steps, wires, bindings });
    else removeNow({ steps, wires });
  }, [removeNow]);

  const save = async (expected: number | null = state.revision, base: DefinitionDocument | null = latest) => {
    if (held) {
      setSaveRefused(true);
      return;
    }
    setBusy('save');
    setActionError(null);
    try {
      const r = await api.saveDraft(id, doc, expected, base?.version ?? 0);
      dispatch({ type: 'saved', doc, revision: r.revision });
      setErrors(r.errors ?? []);
      setConflict(null);
      setMessage(`Saved as revision ${r.revision}${r.valid ? '' : ' (not valid yet: it cannot be published until the errors are fixed)'}.`);
      setSavedCount((n) => n + 1);
    } catch (e) {
      const err = toApiError(e);
      if (err.status === 409) setConflict(err.problem);
      else setActionError(err);
    } finally {
      setBusy(null);
    }
  };
  const overwrite = async () => {
    // Explicitly chosen by the user after seeing the conflict: save over the newer revision the server holds now, on the
    // latest version, which Publish… then compares with (so what the save undoes of it is listed there).
    try {
      const [theirs, newest] = await Promise.all([api.getDraft(id), api.exportDefinition(id)]);
      setLatest(newest);
      await save(theirs?.revision ?? null, newest);
    } catch (e) {
      setActionError(toApiError(e));
    }
  };
  const publish = async (reason: string) => {
    if (state.revision === null) return;
    setBusy('publish');
    setActionError(null);
    try {
      const before = latest?.version;
      const r = await api.publish(id, state.revision, reason);
      setPublishing(false);
      const published = await api.exportDefinition(id, r.version);
      setLatest(published);
      dispatch({ type: 'load', doc: published, revision: null, saved: true, positions: state.positions });
      const said = r.layoutUpdated ? `Only the layout changed: version ${r.version} stays the latest and is shown with this arrangement.`
        : r.unchanged ? `Nothing new: the draft equals version ${r.version}, which stays the latest.` : `Published version ${r.version}. New journeys take it from now on.`;
      setMessage(said);
      const newVersion = before && before !== r.version && !r.layoutUpdated && !r.unchanged;
      setMoveFrom(newVersion ? { version: before, message: said } : null);
      setOlderLeft(null);
      if (newVersion && !canMigrate) {
        // Unfinished journeys of the workflow less those already on the new version: the ones still on an older one.
        const unfinished = (l: { countsByStatus: Record<string, number> }) => ['Running', 'Waiting', 'Faulted'].reduce((n, st) => n + (l.countsByStatus[st] ?? 0), 0);
        Promise.all([api.listInstances({ workflowId: id, take: 1 }), api.listInstances({ workflowId: id, version: r.version, take: 1 })])
          .then(([all, onNew]) => setOlderLeft({ count: Math.max(0, unfinished(all) - unfinished(onNew)), version: r.version, message: said }), () => {});
      }
    } catch (e) {
      const err = toApiError(e);
      setPublishing(false);
      if (err.status === 409) setConflict(err.problem);
      else {
        if (err.problem.validationErrors) setErrors(err.problem.validationErrors);
        setActionError(err);
      }
    } finally {
      setBusy(null);
    }
  };
  const discard = async () => {
    setBusy('discard');
    try {
      if (state.revision !== null) await api.deleteDraft(id);
      setDiscarding(false);
      dispatch({ type: 'load', doc: latest ?? state.doc, revision: null, saved: true, positions: latest ? await positionsOf(latest) : state.positions });
      setMessage('The draft is discarded.');
    } catch (e) {
      setActionError(toApiError(e));
      setDiscarding(false);
    } finally {
      setBusy(null);
    }
  };
  // Lays everything out again and writes it into the document: an unsaved edit (Discard or not saving undoes it).
  const tidy = async () => {
    const positions = await tidyPositions(docRef.current);
    edit(withLayout(docRef.current, positions, true), { positions, label: 'tidy layout' });
    setFitView({});
  };

  if (loadError) return <div className="page"><h1>Edit {id}</h1><ProblemAlert error={loadError} /><p><a href={href('/definitions')}>Back to definitions</a></p></div>;
  if (!loaded || !activities) return <div className="page"><h1>Edit {id}</h1><Loading label="Loading the draft…" /></div>;

  const selectedStep = state.selected ? doc.steps.find((s) => s.id === state.selected) : undefined;
  const stepIds = new Set(shapeBroken ? [] : doc.steps.map((s) => s.id));
  const definitionErrors = byStep.get('') ?? [];
  const saveState = heldHeadline ?? (dirty ? 'Unsaved changes' : state.revision !== null ? `Saved · revision ${state.revision}` : 'No draft: editing the latest version');
  const keys = shortcutNames();
  const nextUndo = undoLabel(state);
  const nextRedo = redoLabel(state);
  // The server refuses to publish a draft with problems (422); the validation answer behind the count already says so, so
  // Publish… is not offered until they are fixed, rather than asking for a reason first and refusing after.
  const publishBlocked = state.revision === null ? 'Save a draft to publish it' : dirty ? 'Save your changes first'
    : errors.length ? `Fix the ${errors.length} problem${errors.length > 1 ? 's' : ''} first: a draft with problems cannot be published` : null;
  const testRunBlocked = state.revision === null ? 'Save the draft first: a test run runs the saved draft.' : dirty ? 'Save your changes first: a test run runs the saved draft.' : null;

  return (
    <div className="page designer" data-testid="designer" data-dirty={dirty} data-revision={state.revision ?? ''} data-valid={errors.length === 0}>
      <div className="page-head">
        <h1>Edit draft · {doc.title || id} <span className="mono muted small">{id}</span></h1>
        <div className="row-gap">
          <span className="row-gap" role="group" aria-label="Undo and redo">
            <button type="button" className="btn" onClick={() => undoRedo('undo')} disabled={!canUndo(state)} aria-keyshortcuts="Control+Z Meta+Z"
              title={nextUndo ? `Undo ${nextUndo} (${keys.undo})` : `Nothing to undo (${keys.undo})`} data-testid="undo"><span aria-hidden="true">↶ </span>Undo</button>
            <button type="button" className="btn" onClick={() => undoRedo('redo')} disabled={!canRedo(state)} aria-keyshortcuts="Control+Shift+Z Control+Y Meta+Shift+Z"
              title={nextRedo ? `Redo ${nextRedo} (${keys.redo})` : `Nothing to redo (${keys.redo})`} data-testid="redo"><span aria-hidden="true">↷ </span>Redo</button>
            <span className="visually-hidden" role="status" aria-live="polite" data-testid="undo-announce">{undone}</span>
          </span>
          <button type="button" className="btn btn-primary" onClick={() => save()} disabled={busy !== null || !dirty} data-testid="save-draft">{busy === 'save' ? 'Saving…' : 'Save draft'}</button>
          <button type="button" className="btn" onClick={() => setPublishing(true)} disabled={busy !== null || publishBlocked !== null} data-testid="publish" title={publishBlocked ?? undefined}>Publish…</button>
          <button type="button" className="btn btn-danger-outline" onClick={() => setDiscarding(true)} disabled={busy !== null || (state.revision === null && !dirty)} data-testid="discard-draft">Discard draft</button>
          {/* A journey starts on a published version: a new workflow has none until its first publish (walk 42: the link
              was offered on a never-published draft and opened "Not found (404) No workflow definition … is loaded"). */}
          {canStart && (latest
            ? <a className="btn btn-ghost" href={href(`/definitions/${encodeURIComponent(id)}/start`)} data-testid="start-link">Start a journey</a>
            : <span className="muted small" data-testid="start-unavailable">Journeys start once a version is published</span>)}
        </div>
        {/* The states in a group of their own, after the buttons: their text changes with every edit and check
            ("Checking…", "Valid", "Unsaved changes"), and inside the buttons' row each change moved every button, even onto
            another line, under the pointer (a click on Publish… landed beside it). */}
        <div className="row-gap">
          <span className={`badge ${dirty ? 'status-waiting' : 'status-completed'}`} data-testid="save-state" role="status">{saveState}</span>
          <span className="small muted" role="status" aria-live="polite" data-testid="validation-state" data-count={errors.length}>
            {checking ? 'Checking…' : errors.length ? (
              <button type="button" className="linklike" aria-expanded={problemsOpen} aria-controls="designer-problems" onClick={() => setProblemsOpen((o) => !o)}
                data-testid="problems-toggle">{`${errors.length} problem${errors.length > 1 ? 's' : ''}`}</button>
            ) : 'Valid'}
          </span>
        </div>
      </div>
      {saveRefused && heldProblem && (
        <div className="alert alert-error" role="alert" data-testid="save-refused">
          <div className="alert-body">
            <strong>Not saved: {heldProblem}.</strong>
            <div>{state.jsonError} The draft on the server is unchanged. Fix the JSON in the JSON view{shapeBroken ? ', or discard the draft' : ', or Undo to drop the text that does not parse'}.</div>
          </div>
        </div>
      )}
      {message && <div className="alert alert-ok" role="status" tabIndex={-1} ref={messageLine} data-testid="designer-message"><div className="alert-body">{message}
        {canMigrate && moveFrom?.message === message && (
          <>
            {' '}Running journeys finish on the version they started with:{' '}
            <a href={href(`/definitions/${encodeURIComponent(id)}`, { version: String(moveFrom.version) })} data-testid="designer-move-link">move those waiting on v{moveFrom.version}</a>.
          </>
        )}
        {!canMigrate && olderLeft?.message === message && olderLeft.count > 0 && (
          <span data-testid="designer-older-left">
            {' '}{plural(olderLeft.count, 'journey')} still {olderLeft.count === 1 ? 'runs' : 'run'} on older versions and {olderLeft.count === 1 ? 'finishes' : 'finish'} there,
            unless an Operator moves {olderLeft.count === 1 ? 'it' : 'them'} to v{olderLeft.version}.
          </span>
        )}
      </div></div>}
      {conflict && (
        <div className="alert alert-warn" role="alert" data-testid="save-conflict" data-conflict={conflictKind}>
          <div className="alert-body">
            {conflictKind === 'version' ? (
              <>
                <strong data-testid="save-conflict-who">Someone published a new version after you opened this.</strong>
                <div>Your changes are not saved: saved as they are, they would undo that version&apos;s changes. Load the latest (your changes are lost), or save yours over it (Publish… then shows what it undoes).</div>
              </>
            ) : (
              <>
                <strong data-testid="save-conflict-who">{draftConflictHeadline(conflict)}</strong>
                <div>Your changes are not saved. Load their draft (your changes are lost), or save yours over theirs.</div>
              </>
            )}
            <div className="row-gap">
              <button type="button" className="btn" onClick={() => { setConflict(null); void load(); }} data-testid="conflict-reload">{conflictKind === 'version' ? 'Load the latest' : 'Load their draft'}</button>
              <button type="button" className="btn btn-danger-outline" onClick={overwrite} data-testid="conflict-overwrite">{conflictKind === 'version' ? 'Save mine over it' : 'Save mine over theirs'}</button>
            </div>
          </div>
        </div>
      )}
      <ProblemAlert error={actionError} onDismiss={() => setActionError(null)} />
      {problemsOpen && errors.length > 0 && (
        <ProblemsList id="designer-problems" errors={errors} steps={stepIds} onGo={goToProblem}
          onClose={() => { setProblemsOpen(false); document.querySelector<HTMLElement>('[data-testid="problems-toggle"]')?.focus(); }} />
      )}
      {definitionErrors.length > 0 && (
        <div className="alert alert-error" data-testid="definition-errors">
          <div className="alert-body"><strong>The definition:</strong>
            <ul className="field-errors">{definitionErrors.map((e, i) => <li key={i}>{e.field ? <code>{e.field}</code> : null} {e.message}</li>)}</ul>
          </div>
        </div>
      )}

      <div className="designer-layout">
        <Palette activities={activities} onAdd={(a) => add(a)} disabledReason={heldProblem && `Fix the JSON first (${heldProblem}): an added step would replace the text in the JSON view.`} />
        <section className="card designer-graph" aria-label="Flowchart">
          <div className="card-head">
            <h2>Flowchart</h2>
            <button type="button" className="btn btn-ghost" onClick={tidy} disabled={held} data-testid="tidy-layout">Tidy layout</button>
          </div>
          {shapeBroken ? (
            <p className="alert alert-warn" data-testid="flowchart-unavailable">
              <span className="alert-body">No flowchart: the JSON is not a definition it can draw ({state.jsonError}). The problems above say what the
                server found; fix them in the JSON view, or discard the draft.</span>
            </p>
          ) : (
            <>
              {doc.steps.length === 0 && <p className="muted">Empty: drag an activity from the palette here, or press its button.</p>}
              <DesignerGraph
                doc={doc} positions={state.positions} activities={activityMap} errors={byStep} selected={state.selected}
                onSelect={onSelect} onMove={onMove} onMoveEnd={onMoveEnd} onConnect={onConnect} onDelete={onDelete}
                onDropActivity={(a, p) => add(a, p)} reveal={reveal} show={showStep} fit={fitView} readOnly={held}
              />
            </>
          )}
        </section>
        {/* Leaving a field (or Monaco) ends its typing: what is typed next is a new undo entry. */}
        <section className="card designer-side" aria-label="Properties and JSON" onBlur={() => dispatch({ type: 'endTyping' })}>
          <div role="tablist" aria-label="Side panel" className="tabs">
            <button type="button" role="tab" id="tab-props" aria-selected={tab === 'properties'} aria-controls="panel-props" tabIndex={tab === 'properties' ? 0 : -1} onClick={() => setTab('properties')}
              onKeyDown={(e) => (e.key === 'ArrowRight' || e.key === 'ArrowLeft') && (setTab('json'), document.getElementById('tab-json')?.focus())} data-testid="tab-properties">Properties</button>
            <button type="button" role="tab" id="tab-json" aria-selected={tab === 'json'} aria-controls="panel-json" tabIndex={tab === 'json' ? 0 : -1} onClick={() => setTab('json')}
              onKeyDown={(e) => (e.key === 'ArrowRight' || e.key === 'ArrowLeft') && (setTab('properties'), document.getElementById('tab-props')?.focus())} data-testid="tab-json">JSON</button>
          </div>
          {tab === 'properties' ? (
            <div role="tabpanel" id="panel-props" aria-labelledby="tab-props">
              {heldProblem ? (
                <p className="muted" data-testid="properties-unavailable">{heldHeadline}: no properties to edit until it is fixed in the JSON view (an edit here would replace the text there).</p>
              ) : selectedStep ? (
                <StepEditor
                  key={state.panel} doc={doc} step={selectedStep} activities={activityMap} errors={byStep.get(selectedStep.id) ?? []}
                  onChange={(s, field) => edit(updateStep(doc, selectedStep.id, () => s), field
                    ? { label: `edit ${field} of ${selectedStep.id}`, coalesce: `step:${selectedStep.id}:${field}` }
                    : { label: `edit step ${selectedStep.id}` })}
                  onRename={(to) => {
                    setMessage(null);
                    dispatch({ type: 'rename', from: selectedStep.id, to });
                  }}
                  onWire={(o, t) => edit(connect(doc, selectedStep.id, o, t), { label: t ? `wire ${selectedStep.id} ${o} to ${t}` : `remove wire ${selectedStep.id} ${o}` })}
                  onMakeStart={() => edit({ ...doc, start: selectedStep.id }, { label: `make ${selectedStep.id} the start step` })}
                  onRemove={() => onDelete([selectedStep.id], [])}
                  onClose={() => onSelect(null)}
                />
              ) : (
                <WorkflowPanel doc={doc} errors={definitionErrors} onChange={(d, field) => edit(d, field ? { label: `edit workflow ${field}`, coalesce: `workflow:${field}` } : { label: 'edit workflow' })} />
              )}
            </div>
          ) : (
            <div role="tabpanel" id="panel-json" aria-labelledby="tab-json">
              {state.jsonError && <p className="error-text" role="alert" data-testid="json-error">Not applied to the flowchart: {state.jsonError}</p>}
              <JsonEditor value={state.jsonText} onChange={(text) => dispatch({ type: 'editJson', text, at: Date.now() })} ariaLabel="Definition JSON" height={560} markers={errors} reveal={reveal} />
            </div>
          )}
        </section>
      </div>

      <TestRunPanel workflowId={id} disabledReason={testRunBlocked}
        sampleBlocked={dirty ? 'Save your changes first: a sample is checked against the saved draft\'s inputs.' : null} />
      <HistoryPanel workflowId={id} />

      {publishing && <PublishDialog latest={latest} draft={doc} busy={busy === 'publish'} onPublish={publish} onClose={() => setPublishing(false)} />}
      {discarding && (
        <ConfirmDialog title="Discard the draft?" confirmLabel="Discard" danger busy={busy === 'discard'} onConfirm={discard} onClose={() => setDiscarding(false)}>
          <p>The draft{state.revision !== null ? ` (revision ${state.revision})` : ''} and your unsaved changes are thrown away; published versions stay as they are.</p>
        </ConfirmDialog>
      )}
      {removing && (
        <ConfirmDialog title={`Remove ${removing.steps.length > 1 ? 'steps' : 'step'} ${removing.steps.join(', ')}?`} confirmLabel={removing.steps.length > 1 ? 'Remove steps' : 'Remove step'} danger
          onConfirm={() => { removeNow(removing); setRemoving(null); }} onClose={() => setRemoving(null)}>
          <p>{removing.bindings.length === 1 ? 'An input of another step binds' : `${removing.bindings.length} inputs of other steps bind`} to {removing.steps.length > 1 ? 'their outputs' : 'its output'}.
            Removed, {removing.bindings.length === 1 ? 'it' : 'they'} would name a step that does not exist, and the draft could not be published until {removing.bindings.length === 1 ? 'it is' : 'they are'} changed:</p>
          <ul data-testid="removal-bindings">
            {removing.bindings.map((b, i) => (
              <li key={i} data-step-id={b.stepId} data-field={b.field}><code>{b.stepId}.{b.field}</code> binds to <code>{b.reference}</code></li>
            ))}
          </ul>
          <p className="muted small">Undo ({keys.undo}) puts {removing.steps.length > 1 ? 'them' : 'it'} back, with {removing.steps.length > 1 ? 'their' : 'its'} wires and where {removing.steps.length > 1 ? 'they' : 'it'} stood.</p>
        </ConfirmDialog>
      )}
      <p><button type="button" className="linklike" onClick={() => navigate(`/definitions/${encodeURIComponent(id)}`)}>Back to the definition</button></p>
    </div>
  );
}
