import type { DefinitionDocument } from '../api/types';
import { savedPositions } from '../lib/graph';
import { isDirty, parseDefinition, renameStep, stableJson, toJson } from './model';

export interface Position {
  x: number;
  y: number;
}

export interface DesignerState {
  doc: DefinitionDocument;
  /** What the JSON view shows: the user's own text while they type in it, else the document serialised. */
  jsonText: string;
  /** Why the JSON view's text is not applied to the graph (a syntax error, or JSON that is not definition-shaped), or null. */
  jsonError: string | null;
  /**
   * The JSON view's text parsed, when it is JSON but not a definition the flowchart can draw (`steps` null, a step without
   * an id): what the server's validator is asked about then. Undefined when the text is a definition or not JSON at all.
   */
  jsonValue?: unknown;
  /** The document as last saved to (or loaded from) the server; null when the server has no draft yet. */
  saved: DefinitionDocument | null;
  revision: number | null;
  /**
   * Where each step is drawn: the document's `layout` where it has an entry, automatic positions for the rest, and the
   * live position of a step being dragged (written into the document only when the drag ends: one edit per move).
   */
  positions: Record<string, Position>;
  selected: string | null;
  /**
   * Which step panel is open: a new number when another step is selected, the same across a rename of the selected step.
   * The panel is keyed by it; keyed by the step id, a rename remounted the panel under the user's hands: the field they
   * had tabbed or clicked into was gone (focus fell to the page, what they typed next was lost).
   */
  panel: number;
  /** Undo history: the documents before each edit, oldest first (at most {@link HISTORY_LIMIT}). */
  past: HistoryEntry[];
  /** Redo history: the documents undone, the next one to redo last. Any new edit empties it. */
  future: HistoryEntry[];
  /** The field being typed in and when its last keystroke was, while its keystrokes still join the last undo entry. */
  typing: { key: string; at: number } | null;
  /** Where the steps being dragged were before the drag (the drag's undo entry needs them; `move` redraws over them). */
  dragFrom: Record<string, Position>;
  /** The JSON view holds text the user typed that does not parse (undo first puts the document's text back). */
  jsonTyped: boolean;
}

/** One step back (or forward) in the history: the document, where its steps were drawn and which step was selected. */
export interface HistoryEntry {
  doc: DefinitionDocument;
  positions: Record<string, Position>;
  selected: string | null;
  /** What the edit away from this document did ("remove step review"): the Undo/Redo buttons' tooltips name it. */
  label: string;
  /** JSON text typed over this document that did not parse, dropped by an undo: redo puts it back in the JSON view. */
  text?: string;
}

/** How many edits can be undone: the oldest is dropped beyond it, so the history does not grow without bound. */
export const HISTORY_LIMIT = 100;
/** Keystrokes in one field join one undo entry while each comes within this many ms of the previous one (and no blur). */
export const COALESCE_MS = 1000;

/** What an undoable edit says about itself: its label, and the field whose keystrokes it may join (with the time). */
export interface EditInfo {
  label?: string;
  /** The field typed in (`step:review:title`): consecutive edits with the same key within {@link COALESCE_MS} are one undo entry. */
  coalesce?: string;
  /** When the edit was made (ms; the reducer stays pure: the caller reads the clock). */
  at?: number;
}

export type DesignerAction =
  | { type: 'load'; doc: DefinitionDocument; revision: number | null; saved: boolean; positions?: Record<string, Position> }
  | { type: 'loadText'; text: string; message: string; value?: unknown; fallback: DefinitionDocument; revision: number | null; positions?: Record<string, Position> }
  | ({ type: 'edit'; doc: DefinitionDocument; select?: string | null; positions?: Record<string, Position> } & EditInfo)
  | { type: 'rename'; from: string; to: string }
  | { type: 'editJson'; text: string; at?: number }
  | { type: 'undo' }
  | { type: 'redo' }
  /** The field typed in lost focus: the next keystroke starts a new undo entry. */
  | { type: 'endTyping' }
  | { type: 'saved'; doc: DefinitionDocument; revision: number }
  | { type: 'select'; id: string | null }
  | { type: 'move'; id: string; position: Position };

export function initialState(doc: DefinitionDocument): DesignerState {
  return { doc, jsonText: toJson(doc), jsonError: null, saved: null, revision: null, positions: {}, selected: null, panel: 0, ...NO_HISTORY };
}

const NO_HISTORY = { past: [], future: [], typing: null, dragFrom: {}, jsonTyped: false, jsonValue: undefined } satisfies Pick<DesignerState, 'past' | 'future' | 'typing' | 'dragFrom' | 'jsonTyped' | 'jsonValue'>;

/**
 * The history after an edit from `state.doc` to `next`: the document before it pushed (oldest dropped past the limit),
 * the redo history emptied — unless the edit changes nothing (no entry), or it is the next keystroke in the field typed
 * in last (same key, within COALESCE_MS of the previous keystroke: it joins that entry).
 */
function recorded(state: DesignerState, next: DefinitionDocument, info: EditInfo): Pick<DesignerState, 'past' | 'future' | 'typing' | 'dragFrom'> {
  if (stableJson(next) === stableJson(state.doc)) return { past: state.past, future: state.future, typing: state.typing, dragFrom: {} };
  const typing = info.coalesce !== undefined && info.at !== undefined ? { key: info.coalesce, at: info.at } : null;
  const joins = typing !== null && state.typing !== null && state.typing.key === typing.key && typing.at - state.typing.at <= COALESCE_MS
    && state.past.length > 0 && state.future.length === 0;
  if (joins) return { past: state.past, future: [], typing, dragFrom: {} };
  const entry: HistoryEntry = { doc: state.doc, positions: { ...state.positions, ...state.dragFrom }, selected: state.selected, label: info.label ?? 'edit' };
  return { past: [...state.past, entry].slice(-HISTORY_LIMIT), future: [], typing, dragFrom: {} };
}

/** The state showing a history entry's document: its positions (its own layout first), a selection that exists in it. */
function restored(state: DesignerState, entry: HistoryEntry): DesignerState {
  const ids = entry.doc.steps.map((s) => s.id);
  const has = new Set(ids);
  const positions = { ...Object.fromEntries(Object.entries(entry.positions).filter(([k]) => has.has(k))), ...savedPositions(entry.doc.layout, ids) };
  // The selection stays where it still exists; else the one of that moment (undoing a rename selects the old id again,
  // undoing a removal the step removed); never a step the document does not have.
  const selected = state.selected !== null && has.has(state.selected) ? state.selected : entry.selected !== null && has.has(entry.selected) ? entry.selected : null;
  return {
    ...state, doc: entry.doc, jsonText: toJson(entry.doc), jsonError: null, jsonTyped: false, jsonValue: undefined, positions, selected,
    panel: selected === state.selected ? state.panel : state.panel + 1, typing: null, dragFrom: {},
  };
}

/** The current state as a history entry (for the other stack), labelled with the edit that led to (or from) it. */
function current(state: DesignerState, label: string): HistoryEntry {
  return { doc: state.doc, positions: { ...state.positions, ...state.dragFrom }, selected: state.selected, label };
}

export const canUndo = (s: DesignerState): boolean => s.past.length > 0 || (s.jsonTyped && s.jsonError !== null);
/** The JSON view holds text that is not applied to the document: any other change of the document would replace it. */
export const jsonHeld = (s: DesignerState): boolean => s.jsonError !== null;
export const canRedo = (s: DesignerState): boolean => s.future.length > 0 && !jsonHeld(s);
/** What Undo would undo ("remove step review"), or null. */
export const undoLabel = (s: DesignerState): string | null => (s.jsonTyped && s.jsonError !== null ? 'the JSON text that does not parse' : s.past.at(-1)?.label ?? null);
/** What Redo would redo, or null. */
export const redoLabel = (s: DesignerState): string | null => s.future.at(-1)?.label ?? null;

export function designerReducer(state: DesignerState, action: DesignerAction): DesignerState {
  switch (action.type) {
    case 'load':
      return {
        doc: action.doc, jsonText: toJson(action.doc), jsonError: null, saved: action.saved ? action.doc : null, revision: action.revision,
        positions: action.positions ?? {}, selected: null, panel: state.panel + 1, ...NO_HISTORY,
      };
    case 'loadText':
      // A stored draft that is not definition-shaped: its text in the JSON view with the reason, the flowchart on the fallback.
      // Nothing shown is what is saved (saved: null), so the fixed document can be saved over it.
      return {
        doc: action.fallback, jsonText: action.text, jsonError: action.message, saved: null, revision: action.revision,
        positions: action.positions ?? {}, selected: null, panel: state.panel + 1, ...NO_HISTORY, jsonValue: action.value,
      };
    case 'edit': {
      // The typed text is what the user is editing; an edit from the canvas, palette or panel would put the document's
      // text over it (the page offers none then: this is the last line of defence).
      if (jsonHeld(state)) return state;
      const ids = new Set(action.doc.steps.map((s) => s.id));
      const positions = { ...state.positions, ...(action.positions ?? {}), ...savedPositions(action.doc.layout, [...ids]) };
      for (const k of Object.keys(positions)) if (!ids.has(k)) delete positions[k];
      const selected = action.select !== undefined ? action.select : state.selected && ids.has(state.selected) ? state.selected : null;
      return {
        ...state, ...recorded(state, action.doc, action), doc: action.doc, jsonText: toJson(action.doc), jsonError: null, jsonTyped: false, jsonValue: undefined,
        positions, selected, panel: selected === state.selected ? state.panel : state.panel + 1,
      };
    }
    case 'rename': {
      if (jsonHeld(state)) return state;
      const doc = renameStep(state.doc, action.from, action.to);
      if (doc === state.doc) return state;
      const positions = { ...state.positions };
      if (positions[action.from]) positions[action.to] = positions[action.from];
      delete positions[action.from];
      return {
        ...state, ...recorded(state, doc, { label: `rename step ${action.from} to ${action.to}` }), doc, jsonText: toJson(doc), jsonError: null, jsonTyped: false, jsonValue: undefined,
        positions, selected: state.selected === action.from ? action.to : state.selected,
      };
    }
    case 'editJson': {
      const parsed = parseDefinition(action.text);
      if (!parsed.ok) return { ...state, jsonText: action.text, jsonError: parsed.message, jsonTyped: true, jsonValue: parsed.kind === 'shape' ? parsed.value : undefined };
      const ids = new Set(parsed.doc.steps.map((s) => s.id));
      // A layout typed in the JSON moves the steps it names.
      const positions = { ...Object.fromEntries(Object.entries(state.positions).filter(([k]) => ids.has(k))), ...savedPositions(parsed.doc.layout, [...ids]) };
      const selected = state.selected && ids.has(state.selected) ? state.selected : null;
      return {
        ...state, ...recorded(state, parsed.doc, { label: 'JSON edit', coalesce: 'json', at: action.at }), doc: parsed.doc, jsonText: action.text,
        jsonError: null, jsonTyped: false, jsonValue: undefined, positions, selected, panel: selected === state.selected ? state.panel : state.panel + 1,
      };
    }
    case 'saved':
      // The history is kept across a save (undo can go back past it: the draft is then unsaved again); typing after
      // it starts a new entry, so the saved document is always one undo step of its own.
      return { ...state, saved: action.doc, revision: action.revision, typing: null };
    case 'select':
      return { ...state, selected: action.id, panel: action.id === state.selected ? state.panel : state.panel + 1 };
    case 'move': {
      const from = state.positions[action.id];
      const dragFrom = from && !(action.id in state.dragFrom) ? { ...state.dragFrom, [action.id]: from } : state.dragFrom;
      return { ...state, positions: { ...state.positions, [action.id]: action.position }, dragFrom };
    }
    case 'undo': {
      // Text typed in the JSON view that does not parse was never applied: undo drops it first (the document's text back),
      // and redo brings it back.
      if (state.jsonTyped && state.jsonError !== null) {
        const typed: HistoryEntry = { ...current(state, 'the JSON text that does not parse'), text: state.jsonText };
        return { ...state, jsonText: toJson(state.doc), jsonError: null, jsonTyped: false, jsonValue: undefined, typing: null, future: [...state.future, typed] };
      }
      const entry = state.past.at(-1);
      if (!entry) return state;
      return { ...restored(state, entry), past: state.past.slice(0, -1), future: [...state.future, current(state, entry.label)] };
    }
    case 'redo': {
      const entry = state.future.at(-1);
      if (!entry || jsonHeld(state)) return state;
      if (entry.text !== undefined) return designerReducer({ ...state, future: state.future.slice(0, -1), typing: null }, { type: 'editJson', text: entry.text });
      return { ...restored(state, entry), future: state.future.slice(0, -1), past: [...state.past, current(state, entry.label)].slice(-HISTORY_LIMIT) };
    }
    case 'endTyping':
      return state.typing === null ? state : { ...state, typing: null };
  }
}

/** Unsaved work: the document differs from the saved one, or the JSON view holds text that does not parse. */
export function hasUnsavedChanges(state: DesignerState): boolean {
  return state.jsonError !== null || isDirty(state.saved, state.doc);
}
