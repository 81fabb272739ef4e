import type { ActivityDescriptor, DefinitionDocument, DefinitionStep, ValidationError } from '../api/types';

/**
 * The designer's one source of truth is the definition document (the file format). The graph and the JSON text are
 * both views of it: a graph edit produces a new document, which re-renders the JSON; a JSON edit that parses
 * produces a new document, which re-renders the graph. Where a step was placed (dragged, or *Tidy layout*) is part of the
 * document too (`layout`, outside the content hash); the positions drawn are those plus automatic ones for the rest.
 */

export function emptyDefinition(id: string, title: string): DefinitionDocument {
  return { id, version: 1, title, input: [], variables: {}, start: '', steps: [] };
}

/** The JSON text of a document, as the JSON view shows and the server stores it. */
export function toJson(doc: DefinitionDocument): string {
  return JSON.stringify(doc, null, 2);
}

/**
 * `syntax`: the text is not JSON at all. `shape`: it is JSON (`value`), but not a definition the flowchart can draw
 * (`steps` null or not an array, a step without a string id): the server's validator still says what is wrong with it.
 */
export type ParseResult = { ok: true; doc: DefinitionDocument } | { ok: false; kind: 'syntax'; message: string } | { ok: false; kind: 'shape'; message: string; value: unknown };

/** Parses the JSON view's text; anything that is not a definition-shaped object is refused with a reason. */
export function parseDefinition(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, kind: 'syntax', message: e instanceof Error ? e.message : String(e) };
  }
  const shape = shapeProblem(raw);
  if (shape) return { ok: false, kind: 'shape', message: shape, value: raw };
  const o = raw as Record<string, unknown>;
  return { ok: true, doc: { ...(o as unknown as DefinitionDocument), start: typeof o.start === 'string' ? o.start : '' } };
}

/**
 * Where JSON.parse stopped in `text` (1-based), from its message: Chromium's and Node's name the position (newer ones the
 * line and column too), Firefox's the line and column; null when the message names neither (Safari).
 */
export function syntaxErrorPlace(text: string, message: string): { line: number; column: number } | null {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  if (!pos) return null;
  const before = text.slice(0, Number(pos[1])).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** Why parsed JSON is not a definition the designer can draw, or null when it is. */
function shapeProblem(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'The definition must be a JSON object.';
  const o = raw as Record<string, unknown>;
  if (typeof o.id !== 'string') return '"id" must be a string.';
  if (!Array.isArray(o.steps)) return '"steps" must be an array.';
  for (const [i, s] of (o.steps as unknown[]).entries()) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return `steps[${i}] must be an object.`;
    const st = s as Record<string, unknown>;
    if (typeof st.id !== 'string' || typeof st.activity !== 'string') return `steps[${i}] needs string "id" and "activity".`;
    if (st.next !== undefined && (st.next === null || typeof st.next !== 'object' || Array.isArray(st.next))) return `steps[${i}].next must be an object.`;
  }
  return null;
}

/** Outcomes a step can take: the descriptor's, or for `Core.Branch`-like activities the names its input declares. */
export function stepOutcomes(step: DefinitionStep, act: ActivityDescriptor | undefined): string[] {
  if (!act) return Object.keys(step.next ?? {});
  if (act.outcomesFromInput) {
    const declared = step.inputs?.[act.outcomesFromInput];
    const names = Array.isArray(declared)
      ? declared.filter((n): n is string => typeof n === 'string')
      : declared && typeof declared === 'object' ? Object.keys(declared) : [];
    const all = [...names, act.defaultOutcome ?? 'Default'];
    return [...new Set(all)];
  }
  return act.outcomes;
}

/** A step id not used yet, from the activity name (`FinBox.CreateUser` → `createUser`, `createUser2`, …). */
export function newStepId(doc: DefinitionDocument, activity: string): string {
  const base = activity.slice(activity.lastIndexOf('.') + 1);
  const stem = (base.charAt(0).toLowerCase() + base.slice(1)).replace(/[^A-Za-z0-9_]/g, '') || 'step';
  const used = new Set(doc.steps.map((s) => s.id));
  if (!used.has(stem)) return stem;
  for (let i = 2; ; i++) if (!used.has(`${stem}${i}`)) return `${stem}${i}`;
}

export function addStep(doc: DefinitionDocument, activity: string, id = newStepId(doc, activity)): { doc: DefinitionDocument; id: string } {
  const step: DefinitionStep = { id, activity, inputs: {}, next: {} };
  return { doc: { ...doc, start: doc.start || id, steps: [...doc.steps, step] }, id };
}

/**
 * The document with `positions` written into its layout (whole numbers: the file stays readable, and a step moves by
 * whole units anyway), only for steps it has. With `replace` the layout is exactly `positions` (*Tidy layout*);
 * otherwise they are merged over it (a drag). An empty layout is left out of the file.
 */
export function withLayout(doc: DefinitionDocument, positions: Record<string, { x: number; y: number }>, replace = false): DefinitionDocument {
  const ids = new Set(doc.steps.map((s) => s.id));
  const layout: Record<string, { x: number; y: number }> = {};
  for (const [id, p] of Object.entries(replace ? {} : doc.layout ?? {})) if (ids.has(id)) layout[id] = p;
  for (const [id, p] of Object.entries(positions)) {
    if (ids.has(id) && Number.isFinite(p.x) && Number.isFinite(p.y)) layout[id] = { x: Math.round(p.x), y: Math.round(p.y) };
  }
  const { layout: _old, ...rest } = doc;
  return Object.keys(layout).length ? { ...rest, layout } : rest;
}

/**
 * The document with the arrangement the user sees: `moved` (a drag, a step added) plus where every step without a saved
 * position is drawn now. Saving only the moved step would leave the others to ELK on the next opening, which places
 * unsaved steps below the saved ones: the step would be where it was left, its neighbours not.
 */
export function withArrangement(doc: DefinitionDocument, drawn: Record<string, { x: number; y: number }>, moved: Record<string, { x: number; y: number }>): DefinitionDocument {
  const unsaved = Object.fromEntries(Object.entries(drawn).filter(([id]) => !doc.layout?.[id]));
  return withLayout(doc, { ...unsaved, ...moved });
}

/** Removes a step (with its position) and every outcome that led to it; the start moves to the first remaining step. */
export function removeStep(doc: DefinitionDocument, id: string): DefinitionDocument {
  const steps = doc.steps.filter((s) => s.id !== id).map((s) => {
    if (!s.next || !Object.values(s.next).includes(id)) return s;
    return { ...s, next: Object.fromEntries(Object.entries(s.next).filter(([, t]) => t !== id)) };
  });
  const next = { ...doc, steps, start: doc.start === id ? steps[0]?.id ?? '' : doc.start };
  return doc.layout && id in doc.layout ? withLayout(next, {}) : next;
}

/** Wires (or with `target` null, unwires) one outcome of a step. */
export function connect(doc: DefinitionDocument, source: string, outcome: string, target: string | null): DefinitionDocument {
  return updateStep(doc, source, (s) => {
    const next = { ...(s.next ?? {}) };
    if (target) next[outcome] = target;
    else delete next[outcome];
    return { ...s, next };
  });
}

export function updateStep(doc: DefinitionDocument, id: string, change: (s: DefinitionStep) => DefinitionStep): DefinitionDocument {
  return { ...doc, steps: doc.steps.map((s) => (s.id === id ? change(s) : s)) };
}

/**
 * Why `to` cannot be the new id of step `from` (null: it can, or it is the same id). A step id is letters, digits, `_` and
 * `-`: it is written in outcomes, in `$steps.<id>.` bindings and in URLs.
 */
export function stepIdRefusal(doc: DefinitionDocument, from: string, to: string): string | null {
  if (to === from) return null;
  if (!to) return `A step needs an id: '${from}' is kept.`;
  if (!/^[A-Za-z0-9_-]+$/.test(to)) return `'${to}' is not a step id: use letters, digits, _ and - only ('${from}' is kept until then).`;
  if (doc.steps.some((s) => s.id === to)) return `Another step is already called '${to}': '${from}' is kept.`;
  return null;
}

/** Renames a step and every reference to it (outcomes, start, `$steps.<id>.` bindings, its position in the layout). */
export function renameStep(doc: DefinitionDocument, from: string, to: string): DefinitionDocument {
  // The id rules live in stepIdRefusal alone: the panel shows its reason, and a rename it refuses changes nothing here.
  if (to === from || stepIdRefusal(doc, from, to) !== null) return doc;
  const rebind = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(`$steps.${from}.`).join(`$steps.${to}.`);
    if (Array.isArray(v)) return v.map(rebind);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebind(x)]));
    return v;
  };
  const layout = doc.layout && from in doc.layout
    ? Object.fromEntries(Object.entries(doc.layout).map(([id, p]) => [id === from ? to : id, p]))
    : doc.layout;
  return {
    ...doc,
    ...(layout ? { layout } : {}),
    start: doc.start === from ? to : doc.start,
    steps: doc.steps.map((s) => ({
      ...s,
      id: s.id === from ? to : s.id,
      inputs: s.inputs ? (rebind(s.inputs) as Record<string, unknown>) : s.inputs,
      next: s.next ? Object.fromEntries(Object.entries(s.next).map(([o, t]) => [o, t === from ? to : t])) : s.next,
      compensation: s.compensation ? (rebind(s.compensation) as DefinitionStep['compensation']) : s.compensation,
    })),
  };
}

/** An input of one step that reads the output of another: `reference` is the `$steps.<id>.…` expression it holds. */
export interface StepBinding {
  stepId: string;
  /** The input's path inside the step (`panNumber`, `address.city`, `cases[1]`, `compensation.loanId`). */
  field: string;
  reference: string;
}

/**
 * The inputs (and compensation inputs) of the other steps that bind to any of `ids` (`$steps.<id>.…`, alone or inside a
 * template), in document order: what removing those steps would leave pointing at nothing.
 */
export function bindingsTo(doc: DefinitionDocument, ids: readonly string[]): StepBinding[] {
  const removed = new Set(ids);
  if (!removed.size) return [];
  const pattern = new RegExp(`\\$steps\\.(?:${ids.map((id) => id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')})\\.[^\\s}'"]*`, 'g');
  const found: StepBinding[] = [];
  const walk = (stepId: string, field: string, v: unknown) => {
    if (typeof v === 'string') for (const m of v.match(pattern) ?? []) found.push({ stepId, field, reference: m });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(stepId, `${field}[${i}]`, x));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(stepId, field ? `${field}.${k}` : k, x);
  };
  for (const s of doc.steps) {
    if (removed.has(s.id)) continue;
    walk(s.id, '', s.inputs ?? {});
    walk(s.id, 'compensation', s.compensation?.inputs ?? {});
  }
  return found;
}

/** Steps that can run before `stepId` on some path from the start (whose outputs a binding may read). */
export function earlierSteps(doc: DefinitionDocument, stepId: string): string[] {
  const preds = new Map<string, string[]>();
  for (const s of doc.steps) for (const t of Object.values(s.next ?? {})) preds.set(t, [...(preds.get(t) ?? []), s.id]);
  const seen = new Set<string>();
  const stack = [...(preds.get(stepId) ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(preds.get(id) ?? []));
  }
  seen.delete(stepId);
  return doc.steps.map((s) => s.id).filter((id) => seen.has(id));
}

export interface BindingOption {
  value: string;
  label: string;
  type: string;
}

/** Bindings an input of `stepId` can take: start input fields, variables, and earlier steps' outputs. */
export function bindingOptions(doc: DefinitionDocument, stepId: string, activities: Map<string, ActivityDescriptor>): BindingOption[] {
  const out: BindingOption[] = [];
  for (const f of doc.input ?? []) out.push({ value: `$input.${f.name}`, label: `Start input · ${f.name}`, type: (f.type ?? 'any').toLowerCase() });
  for (const v of Object.keys(doc.variables ?? {})) out.push({ value: `$vars.${v}`, label: `Variable · ${v}`, type: 'any' });
  for (const id of earlierSteps(doc, stepId)) {
    const step = doc.steps.find((s) => s.id === id)!;
    for (const o of activities.get(step.activity)?.outputs ?? []) out.push({ value: `$steps.${id}.output.${o.name}`, label: `${id} output · ${o.name}`, type: (o.type ?? 'any').toLowerCase() });
  }
  return out;
}

/**
 * The bindings a step input's box offers, in the order offered: those named like the input first (`$input.mobile` for
 * `mobile`, `$steps.disburse.output.loanAccountNumber` for `loanAccountNumber`, by the last segment, case ignored), then
 * the others as `bindingOptions` lists them. `suggested` is the binding the empty box shows as its placeholder: a named
 * one only. Walk 42 (a journey built from nothing): the placeholder was the first binding of a fitting type, so `mobile`
 * showed `$input.customerId` and every `any` input of the token share did too — grey text that reads as a default, and
 * the wrong one.
 */
export function offeredBindings(inputName: string, fitting: BindingOption[]): { options: BindingOption[]; suggested: BindingOption | undefined } {
  const name = inputName.toLowerCase();
  const named = fitting.filter((o) => (o.value.split('.').pop() ?? '').toLowerCase() === name);
  return { options: [...named, ...fitting.filter((o) => !named.includes(o))], suggested: named[0] };
}

/** Whether a binding of type `source` can feed an input of type `target` (unknown types always can). */
export function typeFits(target: string, source: string): boolean {
  const t = target.toLowerCase();
  const s = source.toLowerCase();
  if (t === 'any' || s === 'any' || t === s) return true;
  if (t === 'number' && s === 'integer') return true;
  if (t === 'string' && s === 'duration') return true;
  return false;
}

/** Validation findings by step (`''` holds those on the definition itself), in the server's order. */
export function errorsByStep(errors: ValidationError[]): Map<string, ValidationError[]> {
  const map = new Map<string, ValidationError[]>();
  for (const e of errors) {
    const key = e.stepId ?? '';
    map.set(key, [...(map.get(key) ?? []), e]);
  }
  return map;
}

/**
 * The findings on one field of a step: the field itself and anything below it (`inputs` holds `inputs.amount`,
 * `next` holds `next.Approved`), matching JSON-pointer (`/inputs/amount`) and bracket forms too.
 */
export function errorsForField(errors: ValidationError[] | undefined, field: string): ValidationError[] {
  const want = normaliseField(field);
  return (errors ?? []).filter((e) => {
    const f = normaliseField(e.field ?? '');
    return f === want || f.startsWith(`${want}.`);
  });
}

export function normaliseField(field: string): string {
  return field.replace(/^\//, '').replace(/\//g, '.').replace(/\[(\w+)\]/g, '.$1').replace(/^steps\.[^.]+\./, '').toLowerCase();
}

export interface DefinitionChange {
  added: string[];
  removed: string[];
  changed: string[];
  other: string[];
}

/**
 * What a publish changes against the latest version: steps added, removed and changed, and other top-level fields. A
 * step's position is not part of the step: a move alone lists no step as changed, only `layout` among the others.
 */
export function diffDefinitions(before: DefinitionDocument | null, after: DefinitionDocument): DefinitionChange {
  const was = new Map((before?.steps ?? []).map((s) => [s.id, s]));
  const now = new Map(after.steps.map((s) => [s.id, s]));
  const added = [...now.keys()].filter((k) => !was.has(k));
  const removed = [...was.keys()].filter((k) => !now.has(k));
  const changed = [...now.keys()].filter((k) => was.has(k) && stableJson(was.get(k)) !== stableJson(now.get(k)));
  const other = (['title', 'input', 'variables', 'start', 'layout'] as const).filter((k) => stableJson(field(before, k)) !== stableJson(field(after, k)));
  return { added, removed, changed, other };
}

/**
 * A top-level field as the diff compares it: an absent `input`, `variables` or `layout` is the same as an empty one (a
 * new draft holds `variables: {}`, and a first publish listed "variables" among its changes though it declares none).
 */
function field(doc: DefinitionDocument | null, k: 'title' | 'input' | 'variables' | 'start' | 'layout'): unknown {
  const value = doc?.[k];
  if (k === 'input') return value ?? [];
  if (k === 'variables' || k === 'layout') return value ?? {};
  return value;
}

/**
 * What changed inside a step kept from one version to another, in the definition's own words: `activity`, `title`,
 * `retry`, `timeout`, `compensation`, and per name `inputs.customerID` (a binding or literal added, removed or changed)
 * and `next.Rejected` (a transition), so a reviewer sees which binding or transition moved, not only that the step did.
 */
export function changedStepFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const fields: string[] = [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => k !== 'id');
  for (const key of keys) {
    const was = before[key];
    const now = after[key];
    if (stableJson(was) === stableJson(now)) continue;
    if ((key === 'inputs' || key === 'next') && isRecord(was ?? {}) && isRecord(now ?? {})) {
      const a = (was ?? {}) as Record<string, unknown>;
      const b = (now ?? {}) as Record<string, unknown>;
      for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (stableJson(a[name]) !== stableJson(b[name])) fields.push(`${key}.${name}`);
      }
    } else {
      fields.push(key);
    }
  }
  return fields;
}

function isRecord(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON with object keys sorted, so that key order never counts as a change. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x)) ?? 'undefined';
}

/** Dirty tracking: the document differs from the last one saved (key order ignored). */
export function isDirty(saved: DefinitionDocument | null, current: DefinitionDocument): boolean {
  return saved === null || stableJson(saved) !== stableJson(current);
}

/** The string a JSON string literal (`"00:05:00"`) is, or null for any other text. */
function jsonString(text: string): string | null {
  if (!text.startsWith('"')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** What an empty step input's box says to type when no binding is suggested: the form of its type. */
export function inputPlaceholder(type: string): string {
  const t = type.toLowerCase();
  if (t === 'string') return 'text or {{ template }}';
  // The form, not a value (a value reads as the default: docs/studio.md, "Start form").
  if (t === 'duration') return 'hh:mm:ss, PT5M or $binding';
  return 'JSON value or $binding';
}

/** The text a step input's box shows for its value (strings as they are, anything else as JSON). */
export function inputText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The value a step input's box means: bindings and text stay strings; for non-string inputs, text that parses as
 * JSON (numbers, booleans, arrays, objects, null) is that JSON value. Empty text removes the input (undefined).
 * A Duration is its text (`00:05:00`, `PT5M`), and a JSON string typed for one is its content: walk 54 typed `"00:05:00"`,
 * as the box's old placeholder "JSON value or $binding" asked, and the quotes were kept, so the server answered "Input
 * 'reviewPollMax' must be Duration, but the literal is String." for a good duration.
 */
export function parseInputText(text: string, type: string): unknown {
  if (text.trim() === '') return undefined;
  if (type.toLowerCase() === 'duration') return jsonString(text.trim()) ?? text;
  if (text.startsWith('$') || text.includes('{{') || type.toLowerCase() === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
