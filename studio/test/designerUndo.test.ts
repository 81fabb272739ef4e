import { describe, expect, it } from 'vitest';
import type { DefinitionDocument } from '../src/api/types';
import { addStep, connect, emptyDefinition, removeStep, updateStep, withArrangement, withLayout } from '../src/designer/model';
import {
  canRedo, canUndo, COALESCE_MS, designerReducer, hasUnsavedChanges, HISTORY_LIMIT, initialState, redoLabel, undoLabel,
  type DesignerAction, type DesignerState,
} from '../src/designer/state';
import { shortcutNames, typesText, undoShortcut } from '../src/designer/undoKeys';

function threeSteps(): DefinitionDocument {
  let d = emptyDefinition('demo', 'Demo');
  d = addStep(d, 'Core.SetVariable', 'set').doc;
  d = addStep(d, 'Core.Branch', 'branch').doc;
  d = addStep(d, 'Core.End', 'end').doc;
  d = { ...d, steps: d.steps.map((s) => (s.id === 'branch' ? { ...s, inputs: { value: '$steps.set.output.value' } } : s)) };
  d = connect(d, 'set', 'Done', 'branch');
  return connect(d, 'branch', 'Default', 'end');
}

const drawn = { set: { x: 0, y: 0 }, branch: { x: 0, y: 140 }, end: { x: 0, y: 280 } };

/** A designer that loaded the saved draft (revision 1) of three steps, drawn at `drawn`. */
function loaded(doc = threeSteps()): DesignerState {
  return designerReducer(initialState(doc), { type: 'load', doc, revision: 1, saved: true, positions: drawn });
}

const run = (s: DesignerState, ...actions: DesignerAction[]) => actions.reduce(designerReducer, s);
const step = (s: DesignerState, id: string) => s.doc.steps.find((x) => x.id === id);
const title = (s: DesignerState, id: string, text: string, at: number): DesignerAction =>
  ({ type: 'edit', doc: updateStep(s.doc, id, (x) => ({ ...x, title: text })), label: `edit title of ${id}`, coalesce: `step:${id}:title`, at });

describe('undo and redo of each kind of edit', () => {
  it('addStep_IsUndone_WithTheSelectionBackWhereItWas_AndRedone_SelectingTheStepAgain', () => {
    let s = loaded();
    expect(canUndo(s)).toBe(false);
    const { doc, id } = addStep(s.doc, 'Core.End');
    s = run(s, { type: 'edit', doc, select: id, positions: { [id]: { x: 40, y: 420 } }, label: `add step ${id}` });
    expect(s.selected).toBe(id);
    expect(undoLabel(s)).toBe(`add step ${id}`);

    s = run(s, { type: 'undo' });
    expect(s.doc).toEqual(threeSteps());
    expect(s.selected).toBeNull();
    expect(s.positions[id]).toBeUndefined();
    expect(JSON.parse(s.jsonText)).toEqual(threeSteps());
    expect(canRedo(s) && redoLabel(s)).toBe(`add step ${id}`);

    s = run(s, { type: 'redo' });
    expect(step(s, id)?.activity).toBe('Core.End');
    expect(s.selected).toBe(id);
    expect(canRedo(s)).toBe(false);
  });

  it('removeStep_IsUndone_WithTheWiresIntoIt_AndRedone', () => {
    let s = run(loaded(), { type: 'select', id: 'branch' });
    s = run(s, { type: 'edit', doc: removeStep(s.doc, 'branch'), select: null, label: 'remove step branch' });
    expect(step(s, 'set')?.next).toEqual({});
    expect(s.selected).toBeNull();

    s = run(s, { type: 'undo' });
    expect(s.doc).toEqual(threeSteps());
    expect(s.positions.branch).toEqual(drawn.branch);
    expect(s.selected).toBe('branch');
    s = run(s, { type: 'redo' });
    expect(step(s, 'branch')).toBeUndefined();
    expect(s.selected).toBeNull();
  });

  it('wiringAndUnwiring_AreEachOneEntry', () => {
    let s = loaded();
    s = run(s, { type: 'edit', doc: connect(s.doc, 'set', 'Done', null), label: 'remove wire set Done' });
    s = run(s, { type: 'edit', doc: connect(s.doc, 'set', 'Done', 'end'), label: 'wire set Done to end' });
    expect(step(s, 'set')?.next).toEqual({ Done: 'end' });
    s = run(s, { type: 'undo' });
    expect(step(s, 'set')?.next).toEqual({});
    s = run(s, { type: 'undo' });
    expect(step(s, 'set')?.next).toEqual({ Done: 'branch' });
    expect(canUndo(s)).toBe(false);
    s = run(s, { type: 'redo' }, { type: 'redo' });
    expect(step(s, 'set')?.next).toEqual({ Done: 'end' });
  });

  it('rename_IsUndone_IdStartTransitionsAndBindings_AndTheSelectionFollowsTheId', () => {
    let s = run(loaded(), { type: 'select', id: 'set' });
    s = run(s, { type: 'rename', from: 'set', to: 'setFlag' });
    expect(s.doc.start).toBe('setFlag');
    expect(s.selected).toBe('setFlag');
    expect(undoLabel(s)).toBe('rename step set to setFlag');

    s = run(s, { type: 'undo' });
    expect(s.doc).toEqual(threeSteps());
    expect(s.doc.start).toBe('set');
    expect(step(s, 'branch')?.inputs).toEqual({ value: '$steps.set.output.value' });
    expect(s.selected).toBe('set');
    expect(s.positions).toEqual(drawn);

    s = run(s, { type: 'redo' });
    expect(s.doc.start).toBe('setFlag');
    expect(step(s, 'branch')?.inputs).toEqual({ value: '$steps.setFlag.output.value' });
    expect(s.selected).toBe('setFlag');
    expect(s.positions.setFlag).toEqual(drawn.set);
  });

  it('theSelectionNeverPointsAtAStepTheRestoredDocumentLacks', () => {
    // Selected a step added after the edit being undone: it is gone, so nothing stays selected on it.
    let s = loaded();
    s = run(s, { type: 'edit', doc: { ...s.doc, title: 'T' }, label: 'edit workflow' });
    const { doc, id } = addStep(s.doc, 'Core.End');
    s = run(s, { type: 'edit', doc, select: id });
    s = run(s, { type: 'undo' }, { type: 'undo' });
    expect(s.selected).toBeNull();
    for (const st of [s, run(s, { type: 'redo' })]) expect(st.selected === null || st.doc.steps.some((x) => x.id === st.selected)).toBe(true);
  });

  it('workflowLevelEdits_StartAndInputFields_AreUndone', () => {
    let s = loaded();
    s = run(s, { type: 'edit', doc: { ...s.doc, start: 'end' }, label: 'edit workflow' });
    s = run(s, { type: 'edit', doc: { ...s.doc, input: [{ name: 'amount', type: 'Number' }] }, label: 'edit workflow' });
    s = run(s, { type: 'undo' });
    expect(s.doc.input).toEqual([]);
    expect(s.doc.start).toBe('end');
    s = run(s, { type: 'undo' });
    expect(s.doc.start).toBe('set');
  });

  it('aDrag_IsOneEntry_WhateverTheMouseMoves_AndUndoPutsTheStepBackWhereItWasDrawn', () => {
    let s = loaded();
    for (let i = 1; i <= 25; i++) s = run(s, { type: 'move', id: 'end', position: { x: 10 * i, y: 280 + i } });
    expect(canUndo(s)).toBe(false);
    const moved = { end: { x: 250, y: 305 } };
    s = run(s, { type: 'edit', doc: withArrangement(s.doc, s.positions, moved), positions: moved, label: 'move end' });
    expect(s.past).toHaveLength(1);
    expect(s.doc.layout).toEqual({ ...drawn, end: { x: 250, y: 305 } });

    s = run(s, { type: 'undo' });
    expect(s.doc.layout).toBeUndefined();
    expect(s.positions).toEqual(drawn);
    s = run(s, { type: 'redo' });
    expect(s.positions.end).toEqual({ x: 250, y: 305 });
  });

  it('aDragThatEndsWhereItStarted_AndAnyEditThatChangesNothing_AddNoEntry', () => {
    let s = loaded(withLayout(threeSteps(), drawn));
    s = run(s, { type: 'move', id: 'end', position: { x: 90, y: 90 } }, { type: 'move', id: 'end', position: drawn.end });
    s = run(s, { type: 'edit', doc: withArrangement(s.doc, s.positions, { end: drawn.end }), positions: { end: drawn.end } });
    s = run(s, { type: 'edit', doc: { ...s.doc } });
    expect(canUndo(s)).toBe(false);
  });

  it('tidyLayout_IsOneEntry_AndUndoingItRestoresTheSavedLayout', () => {
    const doc = withLayout(threeSteps(), drawn);
    let s = loaded(doc);
    const tidy = { set: { x: 100, y: 0 }, branch: { x: 100, y: 200 }, end: { x: 100, y: 400 } };
    s = run(s, { type: 'edit', doc: withLayout(s.doc, tidy, true), positions: tidy, label: 'tidy layout' });
    s = run(s, { type: 'undo' });
    expect(s.doc.layout).toEqual(drawn);
    expect(s.positions).toEqual(drawn);
    expect(hasUnsavedChanges(s)).toBe(false);
  });

  it('aJsonEdit_IsUndoneOnceApplied_AndTextThatDoesNotParseIsDroppedFirst', () => {
    let s = loaded();
    const edited = { ...threeSteps(), title: 'From JSON' };
    s = run(s, { type: 'editJson', text: JSON.stringify(edited), at: 1000 });
    expect(s.doc.title).toBe('From JSON');
    s = run(s, { type: 'editJson', text: '{ "id": ', at: 5000 });
    expect(s.jsonError).not.toBeNull();
    expect(undoLabel(s)).toBe('the JSON text that does not parse');

    s = run(s, { type: 'undo' });
    expect(s.jsonError).toBeNull();
    expect(JSON.parse(s.jsonText)).toEqual(edited);
    s = run(s, { type: 'undo' });
    expect(s.doc).toEqual(threeSteps());
    expect(JSON.parse(s.jsonText)).toEqual(threeSteps());
    expect(canUndo(s)).toBe(false);
  });

  it('aSelectionChangeAlone_IsNoEntry', () => {
    const s = run(loaded(), { type: 'select', id: 'set' }, { type: 'select', id: 'end' }, { type: 'select', id: null });
    expect(canUndo(s)).toBe(false);
  });

  it('aNewEditAfterAnUndo_EmptiesTheRedoHistory', () => {
    let s = loaded();
    s = run(s, { type: 'edit', doc: { ...s.doc, title: 'A' } }, { type: 'undo' });
    expect(canRedo(s)).toBe(true);
    s = run(s, { type: 'edit', doc: { ...s.doc, title: 'B' } });
    expect(canRedo(s)).toBe(false);
  });
});

describe('keystrokes in one field are one entry', () => {
  it('aTitleTypedLetterByLetter_IsOneUndo', () => {
    let s = loaded();
    let at = 10_000;
    for (const text of ['R', 'Re', 'Rev', 'Revi', 'Revie', 'Review']) s = run(s, title(s, 'set', text, (at += 150)));
    expect(s.past).toHaveLength(1);
    expect(undoLabel(s)).toBe('edit title of set');
    s = run(s, { type: 'undo' });
    expect(step(s, 'set')?.title).toBeUndefined();
    s = run(s, { type: 'redo' });
    expect(step(s, 'set')?.title).toBe('Review');
  });

  it('aPauseLongerThanTheWindow_ABlur_AnotherField_OrASave_StartAnotherEntry', () => {
    let s = loaded();
    s = run(s, title(s, 'set', 'A', 0));
    s = run(s, title(s, 'set', 'AB', COALESCE_MS)); // exactly the window: still the same entry
    expect(s.past).toHaveLength(1);
    s = run(s, title(s, 'set', 'ABC', 2 * COALESCE_MS + 1)); // a pause: a new entry
    expect(s.past).toHaveLength(2);
    s = run(s, { type: 'endTyping' }, title(s, 'set', 'ABCD', 2 * COALESCE_MS + 50)); // left the field and came back
    expect(s.past).toHaveLength(3);
    s = run(s, title(s, 'end', 'E', 2 * COALESCE_MS + 100)); // another step's title
    expect(s.past).toHaveLength(4);
    s = run(s, { type: 'saved', doc: s.doc, revision: 2 }, title(s, 'end', 'EF', 2 * COALESCE_MS + 150)); // saved between keystrokes
    expect(s.past).toHaveLength(5);
    s = run(s, { type: 'edit', doc: { ...s.doc, start: 'end' } }, title(s, 'end', 'EFG', 2 * COALESCE_MS + 200)); // another edit between
    expect(s.past).toHaveLength(7);
    // Undo walks back through them in order.
    const titles: (string | undefined)[] = [];
    while (canUndo(s)) {
      s = run(s, { type: 'undo' });
      titles.push(`${step(s, 'set')?.title ?? ''}|${step(s, 'end')?.title ?? ''}`);
    }
    expect(titles).toEqual(['ABCD|EF', 'ABCD|EF', 'ABCD|E', 'ABCD|', 'ABC|', 'AB|', '|']);
  });

  it('keystrokesAfterAnUndo_DoNotJoinTheEntryBeforeIt', () => {
    let s = loaded();
    s = run(s, title(s, 'set', 'A', 0), { type: 'undo' });
    s = run(s, title(s, 'set', 'B', 100));
    expect(s.past).toHaveLength(1);
    s = run(s, { type: 'undo' });
    expect(step(s, 'set')?.title).toBeUndefined();
  });

  it('jsonTyping_JoinsLikeAField', () => {
    let s = loaded();
    s = run(s, { type: 'editJson', text: JSON.stringify({ ...threeSteps(), title: 'X' }), at: 0 });
    s = run(s, { type: 'editJson', text: JSON.stringify({ ...threeSteps(), title: 'XY' }), at: 300 });
    expect(s.past).toHaveLength(1);
  });
});

describe('the history is bounded, and reset where the document is replaced', () => {
  it('keepsTheLast100Edits_TheOldestDropped', () => {
    let s = loaded();
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) s = run(s, { type: 'edit', doc: { ...s.doc, title: `T${i}` } });
    expect(s.past).toHaveLength(HISTORY_LIMIT);
    while (canUndo(s)) s = run(s, { type: 'undo' });
    expect(s.doc.title).toBe('T20');
    expect(s.future).toHaveLength(HISTORY_LIMIT);
    for (let i = 0; i < 5; i++) s = run(s, { type: 'redo' });
    expect(s.doc.title).toBe('T25');
  });

  it('undoingBackToTheSavedDocument_MakesTheDraftClean_AndASaveKeepsTheHistory', () => {
    let s = loaded();
    s = run(s, { type: 'edit', doc: removeStep(s.doc, 'end') });
    expect(hasUnsavedChanges(s)).toBe(true);
    s = run(s, { type: 'undo' });
    expect(hasUnsavedChanges(s)).toBe(false);
    s = run(s, { type: 'redo' });
    expect(hasUnsavedChanges(s)).toBe(true);

    // Saved: clean, and the removal can still be undone — which makes the draft unsaved again, redo clean.
    s = run(s, { type: 'saved', doc: s.doc, revision: 2 });
    expect(hasUnsavedChanges(s)).toBe(false);
    expect(canUndo(s)).toBe(true);
    s = run(s, { type: 'undo' });
    expect(hasUnsavedChanges(s)).toBe(true);
    s = run(s, { type: 'redo' });
    expect(hasUnsavedChanges(s)).toBe(false);
  });

  it('loadingADraft_TheirDraft_OrADiscard_EmptiesBothStacks', () => {
    let s = loaded();
    s = run(s, { type: 'edit', doc: { ...s.doc, title: 'A' } }, { type: 'edit', doc: { ...s.doc, title: 'B' } }, { type: 'undo' });
    expect(canUndo(s) && canRedo(s)).toBe(true);
    const reloaded = run(s, { type: 'load', doc: threeSteps(), revision: 3, saved: true });
    expect([canUndo(reloaded), canRedo(reloaded), reloaded.typing]).toEqual([false, false, null]);
    const asText = run(s, { type: 'loadText', text: '{"steps": [null]}', message: 'steps[0] must be an object', fallback: threeSteps(), revision: 3 });
    expect([canUndo(asText), canRedo(asText)]).toEqual([false, false]);
  });
});

describe('the keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>>, target: EventTarget | null = document.body) =>
    undoShortcut({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target, ...mods });

  it('ctrlZ_CmdZ_Undo_CtrlShiftZ_CtrlY_CmdShiftZ_Redo', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('z', { metaKey: true })).toBe('undo');
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(key('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
    expect(key('z', {})).toBeNull();
    expect(key('z', { ctrlKey: true, altKey: true })).toBeNull();
    expect(key('x', { ctrlKey: true })).toBeNull();
  });

  it('areLeftToTextFields_Textareas_AndMonaco', () => {
    const el = (html: string) => {
      const host = document.createElement('div');
      host.innerHTML = html;
      document.body.append(host);
      return host.querySelector('[data-t]')!;
    };
    expect(key('z', { ctrlKey: true }, el('<input data-t>'))).toBeNull();
    expect(key('z', { ctrlKey: true }, el('<input type="number" data-t>'))).toBeNull();
    expect(key('z', { ctrlKey: true }, el('<textarea data-t></textarea>'))).toBeNull();
    expect(key('z', { ctrlKey: true }, el('<div class="monaco-editor"><div><textarea data-t></textarea></div></div>'))).toBeNull();
    expect(typesText(el('<div class="monaco-editor"><div data-t>x</div></div>'))).toBe(true);
    // A checkbox, a select, a button, a step on the canvas: the designer's undo.
    expect(key('z', { ctrlKey: true }, el('<input type="checkbox" data-t>'))).toBe('undo');
    expect(key('z', { ctrlKey: true }, el('<select data-t></select>'))).toBe('undo');
    expect(key('z', { ctrlKey: true }, el('<button data-t>step</button>'))).toBe('undo');
  });

  it('areNamedForThePlatform', () => {
    expect(shortcutNames('MacIntel')).toEqual({ undo: '⌘Z', redo: '⇧⌘Z' });
    expect(shortcutNames('Linux x86_64').undo).toBe('Ctrl+Z');
  });
});

describe('text in the JSON view that does not parse', () => {
  const typed = (s: DesignerState) => designerReducer(s, { type: 'editJson', text: '{ "id": ' });

  it('is not replaced by an edit or a rename from elsewhere (the page offers none then; the reducer refuses them too)', () => {
    const s = typed(initialState(threeSteps()));
    expect(designerReducer(s, { type: 'edit', doc: emptyDefinition('demo', 'Other') })).toBe(s);
    expect(designerReducer(s, { type: 'rename', from: 'set', to: 'renamed' })).toBe(s);
  });

  it('dropped by Undo comes back with Redo; Redo of an older undo waits until it parses', () => {
    let s = designerReducer(initialState(threeSteps()), { type: 'edit', doc: emptyDefinition('demo', 'Other'), label: 'clear' });
    s = designerReducer(s, { type: 'undo' });
    s = typed(s);
    expect(canRedo(s)).toBe(false);
    expect(designerReducer(s, { type: 'redo' })).toBe(s);
    s = designerReducer(s, { type: 'undo' });
    expect(s.jsonError).toBeNull();
    expect(redoLabel(s)).toBe('the JSON text that does not parse');
    s = designerReducer(s, { type: 'redo' });
    expect(s.jsonText).toBe('{ "id": ');
    expect(s.jsonError).not.toBeNull();
    expect(redoLabel(s)).toBe('clear');
  });
});
