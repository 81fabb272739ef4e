import { describe, expect, it } from 'vitest';
import type { ActivityDescriptor, DefinitionDocument, ValidationError } from '../src/api/types';
import {
  addStep, bindingOptions, connect, diffDefinitions, earlierSteps, emptyDefinition, errorsByStep, errorsForField, inputPlaceholder, inputText, isDirty,
  parseDefinition, parseInputText, removeStep, renameStep, stepOutcomes, syntaxErrorPlace, toJson, typeFits, updateStep,
} from '../src/designer/model';
import { designerReducer, hasUnsavedChanges, initialState } from '../src/designer/state';

// The generated descriptor type has every field the server sends; these fill what a test does not care about.
const inp = (name: string, type: string, required = false) => ({ name, type, required, description: '' });
const act = (d: Pick<ActivityDescriptor, 'type'> & Partial<ActivityDescriptor>): ActivityDescriptor => ({
  title: d.type, description: '', category: 'Core', isWait: false, isOnceOnly: false, isTerminal: false, inputs: [], outputs: [], outcomes: [], ...d,
});

const acts = new Map<string, ActivityDescriptor>([
  // As GET /api/activities describes them (SetVariableActivity declares no output: it sets a variable, $vars.<name>).
  ['Core.SetVariable', act({ type: 'Core.SetVariable', category: 'Core', inputs: [inp('name', 'string', true), inp('value', 'any', true)], outputs: [], outcomes: ['Done'] })],
  ['Core.Branch', act({ type: 'Core.Branch', category: 'Core', inputs: [inp('value', 'any'), inp('cases', 'any')], outputs: [{ name: 'matched', type: 'any' }], outcomes: [], outcomesFromInput: 'cases', defaultOutcome: 'Default' })],
  ['Core.End', act({ type: 'Core.End', category: 'Core', inputs: [inp('outcome', 'string')], outputs: [], outcomes: [] })],
]);

function threeSteps(): DefinitionDocument {
  let d = emptyDefinition('demo', 'Demo');
  d = { ...d, input: [{ name: 'amount', type: 'Number', required: true }, { name: 'name', type: 'String' }], variables: { seen: null } };
  d = addStep(d, 'Core.SetVariable', 'set').doc;
  d = addStep(d, 'Core.Branch', 'branch').doc;
  d = addStep(d, 'Core.End', 'end').doc;
  d = connect(d, 'set', 'Done', 'branch');
  return connect(d, 'branch', 'Default', 'end');
}

describe('graph edits give the document the JSON view shows', () => {
  it('addStep_FirstStep_BecomesStart', () => {
    const { doc, id } = addStep(emptyDefinition('w', 'W'), 'FinBox.CreateUser');
    expect(id).toBe('createUser');
    expect(doc.start).toBe('createUser');
    expect(addStep(doc, 'FinBox.CreateUser').id).toBe('createUser2');
  });

  it('connect_ThenUnwire_RoundTripsThroughJson', () => {
    const d = threeSteps();
    const parsed = parseDefinition(toJson(d));
    expect(parsed.ok && parsed.doc).toEqual(d);
    expect(d.steps.find((s) => s.id === 'set')!.next).toEqual({ Done: 'branch' });
    const unwired = connect(d, 'set', 'Done', null);
    expect(unwired.steps.find((s) => s.id === 'set')!.next).toEqual({});
  });

  it('removeStep_DropsEdgesIntoItAndMovesTheStart', () => {
    const d = removeStep(threeSteps(), 'set');
    expect(d.start).toBe('branch');
    expect(d.steps.map((s) => s.id)).toEqual(['branch', 'end']);
    const d2 = removeStep(threeSteps(), 'branch');
    expect(d2.steps.find((s) => s.id === 'set')!.next).toEqual({});
  });

  it('renameStep_RewritesOutcomesStartAndBindings', () => {
    let d = threeSteps();
    d = { ...d, steps: d.steps.map((s) => (s.id === 'branch' ? { ...s, inputs: { value: '$steps.set.output.value' } } : s)) };
    const r = renameStep(d, 'set', 'remember');
    expect(r.start).toBe('remember');
    expect(r.steps.find((s) => s.id === 'branch')!.inputs).toEqual({ value: '$steps.remember.output.value' });
    expect(renameStep(d, 'set', 'end')).toBe(d);
  });

  it('parseDefinition_SyntaxErrorOrWrongShape_IsRefusedWithAReason', () => {
    expect(parseDefinition('{ "id": "x", ').ok).toBe(false);
    const wrong = parseDefinition('{ "id": "x", "steps": {} }');
    expect(wrong.ok || wrong.message).toContain('steps');
    expect(parseDefinition('[1]').ok).toBe(false);
  });

  it('stepOutcomes_BranchTakesItsCasesPlusDefault', () => {
    const step = { id: 'b', activity: 'Core.Branch', inputs: { cases: ['Big', 'Small'] } };
    expect(stepOutcomes(step, acts.get('Core.Branch'))).toEqual(['Big', 'Small', 'Default']);
    expect(stepOutcomes({ ...step, inputs: { cases: { Big: 1 } } }, acts.get('Core.Branch'))).toEqual(['Big', 'Default']);
    expect(stepOutcomes({ id: 'x', activity: 'Nope', next: { A: 'y' } }, undefined)).toEqual(['A']);
  });
});

describe('bindings offered to a step', () => {
  it('earlierSteps_AreThoseOnSomePathBeforeIt', () => {
    expect(earlierSteps(threeSteps(), 'end')).toEqual(['set', 'branch']);
    expect(earlierSteps(threeSteps(), 'set')).toEqual([]);
  });

  it('bindingOptions_StartInputVariablesAndEarlierOutputs_NeverLaterOnes', () => {
    const values = bindingOptions(threeSteps(), 'end', acts).map((o) => o.value);
    expect(values).toEqual(['$input.amount', '$input.name', '$vars.seen', '$steps.branch.output.matched']);
    expect(bindingOptions(threeSteps(), 'set', acts).map((o) => o.value)).not.toContain('$steps.branch.output.matched');
  });

  // The stub had given Core.SetVariable a 'value' output the activity does not return (GET /api/activities lists none), so
  // these tests saw $steps.set.output.value offered where the Studio, on the server's descriptors, offers nothing.
  it('bindingOptions_AStepDeclaringNoOutput_OffersNone', () => {
    const values = bindingOptions(threeSteps(), 'branch', acts).map((o) => o.value);
    expect(values).toEqual(['$input.amount', '$input.name', '$vars.seen']);
    expect(values.filter((v) => v.startsWith('$steps.set.'))).toEqual([]);
  });

  it('typeFits_NumbersTakeIntegersStringsDoNotTakeNumbers', () => {
    expect(typeFits('number', 'integer')).toBe(true);
    expect(typeFits('string', 'number')).toBe(false);
    expect(typeFits('object', 'any')).toBe(true);
  });

  it('parseInputText_KeepsBindingsAndStringsReadsJsonForOtherTypes', () => {
    expect(parseInputText('$input.amount', 'number')).toBe('$input.amount');
    expect(parseInputText('42', 'string')).toBe('42');
    expect(parseInputText('42', 'any')).toBe(42);
    expect(parseInputText('["A","B"]', 'any')).toEqual(['A', 'B']);
    expect(parseInputText('Approved', 'any')).toBe('Approved');
    expect(parseInputText('  ', 'any')).toBeUndefined();
    expect(inputText(['A'])).toBe('["A"]');
  });

  // Walk 54: `"00:05:00"` typed in KYC's reviewPollMax (the box asked for a JSON value) was sent with its quotes, and the
  // server refused a good duration as "must be Duration, but the literal is String".
  it('parseInputText_ReadsADurationTypedAsAJsonStringAsItsText_AndSaysTheFormInItsPlaceholder', () => {
    expect(parseInputText('"00:05:00"', 'duration')).toBe('00:05:00');
    expect(parseInputText(' "PT5M" ', 'duration')).toBe('PT5M');
    expect(parseInputText('00:05:00', 'duration')).toBe('00:05:00');
    expect(parseInputText('$input.breRetryInterval', 'duration')).toBe('$input.breRetryInterval');
    expect(parseInputText('"00:05', 'duration')).toBe('"00:05');
    expect(inputPlaceholder('duration')).toBe('hh:mm:ss, PT5M or $binding');
    expect(inputPlaceholder('string')).toBe('text or {{ template }}');
    expect(inputPlaceholder('any')).toBe('JSON value or $binding');
  });
});

describe('validation findings are pinned on steps and fields', () => {
  const errors: ValidationError[] = [
    { stepId: 'branch', field: 'inputs.value', code: 'binding_to_later_step', message: 'binds a later step' },
    { stepId: 'branch', field: 'next.Big', code: 'dangling_outcome', message: 'no step "nowhere"' },
    { stepId: 'set', field: '/inputs/name', code: 'missing_input', message: 'name is required' },
    { stepId: null, field: 'start', code: 'no_start', message: 'no start step' },
  ];

  it('errorsByStep_GroupsByStepAndKeepsDefinitionLevelUnderEmptyKey', () => {
    const m = errorsByStep(errors);
    expect(m.get('branch')).toHaveLength(2);
    expect(m.get('')![0].code).toBe('no_start');
  });

  it('errorsForField_MatchesTheFieldAndBelowInDottedOrPointerForm', () => {
    const m = errorsByStep(errors);
    expect(errorsForField(m.get('branch'), 'inputs.value').map((e) => e.code)).toEqual(['binding_to_later_step']);
    expect(errorsForField(m.get('branch'), 'next').map((e) => e.code)).toEqual(['dangling_outcome']);
    expect(errorsForField(m.get('set'), 'inputs.name')).toHaveLength(1);
    expect(errorsForField(m.get('set'), 'inputs.nam')).toHaveLength(0);
  });
});

describe('dirty tracking and graph/JSON sync in the designer state', () => {
  it('isDirty_IgnoresKeyOrder', () => {
    const d = threeSteps();
    const reordered = JSON.parse(JSON.stringify({ steps: d.steps, id: d.id, start: d.start, title: d.title, input: d.input, variables: d.variables, version: d.version })) as DefinitionDocument;
    expect(isDirty(d, reordered)).toBe(false);
    expect(isDirty(d, { ...d, title: 'Other' })).toBe(true);
    expect(isDirty(null, d)).toBe(true);
  });

  it('aGraphEdit_RewritesTheJsonText_AndMakesTheStateDirty', () => {
    let s = designerReducer(initialState(threeSteps()), { type: 'load', doc: threeSteps(), revision: 3, saved: true });
    expect(hasUnsavedChanges(s)).toBe(false);
    s = designerReducer(s, { type: 'edit', doc: connect(s.doc, 'branch', 'Default', null) });
    expect(JSON.parse(s.jsonText)).toEqual(s.doc);
    expect(hasUnsavedChanges(s)).toBe(true);
    s = designerReducer(s, { type: 'saved', doc: s.doc, revision: 4 });
    expect(hasUnsavedChanges(s)).toBe(false);
    expect(s.revision).toBe(4);
  });

  it('aJsonEdit_UpdatesTheGraph_KeepingTheUsersTextAndDroppingPositionsOfRemovedSteps', () => {
    let s = designerReducer(initialState(threeSteps()), { type: 'load', doc: threeSteps(), revision: 1, saved: true, positions: { set: { x: 1, y: 2 }, end: { x: 3, y: 4 } } });
    const edited = { ...threeSteps(), steps: threeSteps().steps.filter((x) => x.id !== 'end') };
    const text = JSON.stringify(edited);
    s = designerReducer(s, { type: 'editJson', text });
    expect(s.jsonText).toBe(text);
    expect(s.doc.steps.map((x) => x.id)).toEqual(['set', 'branch']);
    expect(Object.keys(s.positions)).toEqual(['set']);
  });

  it('aStoredDraftThatIsNotDefinitionShaped_OpensAsTextWithTheReason_AndFixingItAppliesIt', () => {
    const stored = { ...threeSteps(), steps: [...threeSteps().steps, null] };
    const text = JSON.stringify(stored, null, 2);
    const parsed = parseDefinition(text);
    expect(parsed.ok).toBe(false);
    let s = designerReducer(initialState(threeSteps()), {
      type: 'loadText', text, message: parsed.ok ? '' : parsed.message, fallback: threeSteps(), revision: 7,
    });
    expect(s.jsonText).toBe(text);
    expect(s.jsonError).toBe('steps[3] must be an object.');
    expect(s.doc).toEqual(threeSteps());
    expect(s.revision).toBe(7);
    expect(hasUnsavedChanges(s)).toBe(true);
    s = designerReducer(s, { type: 'editJson', text: JSON.stringify(threeSteps()) });
    expect(s.jsonError).toBeNull();
    expect(s.doc).toEqual(threeSteps());
    expect(hasUnsavedChanges(s)).toBe(true); // the stored draft is still the broken one: the fix is there to save
  });

  it('aJsonSyntaxError_KeepsTheGraphAndCountsAsUnsaved', () => {
    let s = designerReducer(initialState(threeSteps()), { type: 'load', doc: threeSteps(), revision: 1, saved: true });
    s = designerReducer(s, { type: 'editJson', text: '{ "id": ' });
    expect(s.jsonError).not.toBeNull();
    expect(s.doc).toEqual(threeSteps());
    expect(hasUnsavedChanges(s)).toBe(true);
  });
});

describe('publish diff', () => {
  it('diffDefinitions_NamesStepsAddedRemovedAndChanged', () => {
    const before = threeSteps();
    let after = removeStep(before, 'end');
    after = addStep(after, 'Core.End', 'done').doc;
    after = connect(after, 'set', 'Done', 'done');
    const c = diffDefinitions(before, after);
    expect(c.added).toEqual(['done']);
    expect(c.removed).toEqual(['end']);
    expect(c.changed).toEqual(['set', 'branch']);
    expect(diffDefinitions(null, before).added).toHaveLength(3);
  });

  // Session 42: a new workflow's first publish listed "variables" (and "input") among its changes, though the draft
  // declares none: emptyDefinition holds `variables: {}` and `input: []`, and nothing before is not an empty object.
  it('diffDefinitions_FirstPublish_ListsOnlyWhatTheVersionHas_AbsentAndEmptyAreTheSame', () => {
    let draft = addStep(emptyDefinition('fresh', 'Fresh'), 'Core.End', 'end').doc;
    draft = { ...draft, start: 'end' };
    expect(diffDefinitions(null, draft)).toEqual({ added: ['end'], removed: [], changed: [], other: ['title', 'start'] });
    const bare: Partial<DefinitionDocument> = { ...draft };
    delete bare.variables;
    delete bare.input;
    expect(diffDefinitions(draft, bare as DefinitionDocument).other).toEqual([]);
    expect(diffDefinitions(bare as DefinitionDocument, draft).other).toEqual([]);
    // What the version has is still listed.
    expect(diffDefinitions(null, threeSteps()).other).toEqual(['title', 'input', 'variables', 'start']);
  });
});

describe('the step panel keeps its identity across a rename of its step', () => {
  const loaded = () => designerReducer(initialState(threeSteps()), { type: 'load', doc: threeSteps(), revision: 1, saved: true, positions: { set: { x: 1, y: 2 } } });

  it('rename_OfTheSelectedStep_RenamesItEverywhereAndKeepsThePanel', () => {
    let s = designerReducer(loaded(), { type: 'select', id: 'set' });
    const panel = s.panel;
    s = designerReducer(s, { type: 'rename', from: 'set', to: 'setFlag' });
    expect(s.selected).toBe('setFlag');
    expect(s.panel).toBe(panel);
    expect(s.doc.start).toBe('setFlag');
    expect(s.doc.steps.map((x) => x.id)).toEqual(['setFlag', 'branch', 'end']);
    expect(s.positions).toEqual({ setFlag: { x: 1, y: 2 } });
    expect(JSON.parse(s.jsonText).start).toBe('setFlag');
    // The edit the user makes right after the rename lands on the renamed step.
    s = designerReducer(s, { type: 'edit', doc: updateStep(s.doc, 'setFlag', (x) => ({ ...x, title: 'Set the flag' })) });
    expect(s.doc.steps[0]).toMatchObject({ id: 'setFlag', title: 'Set the flag' });
    expect(s.panel).toBe(panel);
  });

  it('rename_ToAnIdInUse_ChangesNothing', () => {
    const s = designerReducer(loaded(), { type: 'select', id: 'set' });
    expect(designerReducer(s, { type: 'rename', from: 'set', to: 'end' })).toBe(s);
  });

  it('select_AnotherStepOrNone_OpensANewPanel_TheSameStepKeepsIt', () => {
    const a = designerReducer(loaded(), { type: 'select', id: 'set' });
    expect(designerReducer(a, { type: 'select', id: 'set' }).panel).toBe(a.panel);
    const b = designerReducer(a, { type: 'select', id: 'branch' });
    expect(b.panel).not.toBe(a.panel);
    expect(designerReducer(b, { type: 'select', id: null }).panel).not.toBe(b.panel);
    const added = addStep(b.doc, 'Core.End');
    expect(designerReducer(b, { type: 'edit', doc: added.doc, select: added.id }).panel).not.toBe(b.panel);
  });
});

describe('syntaxErrorPlace', () => {
  it('reads the line and column a parser names, or counts them from the position it names', () => {
    expect(syntaxErrorPlace('{}', 'Unexpected token in JSON at position 2 (line 4 column 7)')).toEqual({ line: 4, column: 7 });
    expect(syntaxErrorPlace('{\n  "a": 1\n  "b": 2\n}', "Expected ',' or '}' after property value in JSON at position 13")).toEqual({ line: 3, column: 3 });
    expect(syntaxErrorPlace('{', 'JSON Parse error: Expected \'}\'')).toBeNull();
  });
});
