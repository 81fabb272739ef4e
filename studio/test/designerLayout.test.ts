import { describe, expect, it } from 'vitest';
import type { DefinitionDocument, WorkflowDefinitionView } from '../src/api/types';
import { addStep, connect, diffDefinitions, emptyDefinition, removeStep, renameStep, toJson, withArrangement, withLayout } from '../src/designer/model';
import { designerReducer, hasUnsavedChanges, initialState } from '../src/designer/state';
import { layoutDefinition, NODE_HEIGHT, placeSteps } from '../src/lib/graph';

function twoSteps(): DefinitionDocument {
  let d = emptyDefinition('demo', 'Demo');
  d = addStep(d, 'Core.SetVariable', 'set').doc;
  d = addStep(d, 'Core.End', 'end').doc;
  return connect(d, 'set', 'Done', 'end');
}

describe('the layout in the document', () => {
  it('withLayout_WritesWholeNumbersForStepsItHas_MergedOrReplaced_AndLeavesAnEmptyLayoutOut', () => {
    const d = withLayout(twoSteps(), { set: { x: 10.4, y: 20.6 }, ghost: { x: 1, y: 1 } });
    expect(d.layout).toEqual({ set: { x: 10, y: 21 } });
    expect(withLayout(d, { end: { x: 0, y: 140 } }).layout).toEqual({ set: { x: 10, y: 21 }, end: { x: 0, y: 140 } });
    expect(withLayout(d, { end: { x: 0, y: 140 } }, true).layout).toEqual({ end: { x: 0, y: 140 } });
    expect('layout' in withLayout(d, {}, true)).toBe(false);
    expect(JSON.parse(toJson(d)).layout).toEqual({ set: { x: 10, y: 21 } });
  });

  it('removeStep_DropsItsPosition_AndRenameStep_MovesIt', () => {
    const d = withLayout(twoSteps(), { set: { x: 1, y: 2 }, end: { x: 3, y: 4 } });
    expect(removeStep(d, 'end').layout).toEqual({ set: { x: 1, y: 2 } });
    expect(renameStep(d, 'set', 'setFlag').layout).toEqual({ setFlag: { x: 1, y: 2 }, end: { x: 3, y: 4 } });
  });

  it('diffDefinitions_AMoveAlone_ChangesNoStep_OnlyTheLayout', () => {
    const before = withLayout(twoSteps(), { set: { x: 1, y: 2 } });
    const moved = withLayout(before, { set: { x: 300, y: 2 } });
    expect(diffDefinitions(before, moved)).toEqual({ added: [], removed: [], changed: [], other: ['layout'] });
    expect(diffDefinitions(twoSteps(), before).other).toEqual(['layout']);
    expect(diffDefinitions(before, before).other).toEqual([]);
  });

  it('aDragEnd_IsAnUnsavedEditOfTheLayout_WhileMovesDuringTheDragOnlyRedraw', () => {
    const doc = withLayout(twoSteps(), { set: { x: 0, y: 0 }, end: { x: 0, y: 140 } });
    let s = designerReducer(initialState(doc), { type: 'load', doc, revision: 2, saved: true, positions: { set: { x: 0, y: 0 }, end: { x: 0, y: 140 } } });
    s = designerReducer(s, { type: 'move', id: 'set', position: { x: 150, y: 5 } });
    expect(s.positions.set).toEqual({ x: 150, y: 5 });
    expect(hasUnsavedChanges(s)).toBe(false);
    s = designerReducer(s, { type: 'edit', doc: withLayout(s.doc, { set: { x: 180, y: 5 } }), positions: { set: { x: 180, y: 5 } } });
    expect(hasUnsavedChanges(s)).toBe(true);
    expect(JSON.parse(s.jsonText).layout.set).toEqual({ x: 180, y: 5 });
    expect(s.positions).toEqual({ set: { x: 180, y: 5 }, end: { x: 0, y: 140 } });
  });

  it('aLayoutTypedInTheJson_MovesTheSteps', () => {
    let s = designerReducer(initialState(twoSteps()), { type: 'load', doc: twoSteps(), revision: 1, saved: true, positions: { set: { x: 0, y: 0 }, end: { x: 0, y: 140 } } });
    s = designerReducer(s, { type: 'editJson', text: JSON.stringify({ ...twoSteps(), layout: { end: { x: 500, y: 600 } } }) });
    expect(s.positions).toEqual({ set: { x: 0, y: 0 }, end: { x: 500, y: 600 } });
  });

  it('rename_MovesThePositionInTheDocument', () => {
    const doc = withLayout(twoSteps(), { set: { x: 7, y: 8 } });
    const s = designerReducer(designerReducer(initialState(doc), { type: 'load', doc, revision: 1, saved: true, positions: { set: { x: 7, y: 8 } } }), { type: 'rename', from: 'set', to: 'first' });
    expect(s.doc.layout).toEqual({ first: { x: 7, y: 8 } });
    expect(s.positions).toEqual({ first: { x: 7, y: 8 } });
  });
});

describe('placing steps', () => {
  it('placeSteps_NothingSaved_IsTheAutomaticLayout_ElseTheUnplacedStepsGoBelowThePlacedOnes', () => {
    const auto = { a: { x: 0, y: 0 }, b: { x: 0, y: 100 }, c: { x: 50, y: 200 } };
    expect(placeSteps(['a', 'b', 'c'], {}, auto)).toEqual(auto);
    const placed = placeSteps(['a', 'b', 'c'], { a: { x: 400, y: 300 } }, auto);
    expect(placed.a).toEqual({ x: 400, y: 300 });
    expect(placed.b).toEqual({ x: 400, y: 300 + NODE_HEIGHT + 80 });
    expect(placed.c).toEqual({ x: 450, y: 300 + NODE_HEIGHT + 80 + 100 });
  });

  it('layoutDefinition_OfAVersionWithALayoutForEveryStep_DrawsThemThere', async () => {
    const def = {
      id: 'demo', version: 1, versions: [1], title: 'Demo', inputs: [], startStep: 'set', activities: {},
      steps: twoSteps().steps.map((s) => ({ ...s, title: s.id, inputs: {}, next: s.next ?? {}, outcomes: [], retry: null, timeoutMs: null, compensation: null })),
      layout: { set: { x: 321, y: 12 }, end: { x: -40, y: 400 } },
    } as WorkflowDefinitionView;
    const l = await layoutDefinition(def);
    expect(l.nodes).toEqual([{ id: 'set', x: 321, y: 12 }, { id: 'end', x: -40, y: 400 }]);
    expect(l.edges.map((e) => e.id)).toEqual(['set:Done']);
  });
});

describe('the arrangement the user sees', () => {
  it('withArrangement_SavesTheMovedStepAndWhereTheUnsavedOthersAreDrawn_NotOverSavedOnes', () => {
    const doc = withLayout(twoSteps(), { end: { x: 9, y: 9 } });
    const drawn = { set: { x: 0, y: 0 }, end: { x: 50, y: 50 } };
    expect(withArrangement(twoSteps(), drawn, { end: { x: 300, y: 40 } }).layout).toEqual({ set: { x: 0, y: 0 }, end: { x: 300, y: 40 } });
    expect(withArrangement(doc, drawn, {}).layout).toEqual({ set: { x: 0, y: 0 }, end: { x: 9, y: 9 } });
  });
});
