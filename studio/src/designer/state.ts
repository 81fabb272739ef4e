import type { DefinitionDocument } from '../api/types';
import { savedPositions } from '../lib/graph';
import { isDirty, parseDefinition, renameStep, toJson } from './model';

export interface Position {
  x: number;
  y: number;
}

export interface DesignerState {
  doc: DefinitionDocument;
  /** What the JSON view shows: the user's own text while they type in it, else the document serialised. */
  jsonText: string;
  /** Why the JSON view's text is not applied to the graph (a syntax error), or null. */
  jsonError: string | null;
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
}

export type DesignerAction =
  | { type: 'load'; doc: DefinitionDocument; revision: number | null; saved: boolean; positions?: Record<string, Position> }
  | { type: 'loadText'; text: string; message: string; fallback: DefinitionDocument; revision: number | null; positions?: Record<string, Position> }
  | { type: 'edit'; doc: DefinitionDocument; select?: string | null; positions?: Record<string, Position> }
  | { type: 'rename'; from: string; to: string }
  | { type: 'editJson'; text: string }
  | { type: 'saved'; doc: DefinitionDocument; revision: number }
  | { type: 'select'; id: string | null }
  | { type: 'move'; id: string; position: Position };

export function initialState(doc: DefinitionDocument): DesignerState {
  return { doc, jsonText: toJson(doc), jsonError: null, saved: null, revision: null, positions: {}, selected: null, panel: 0 };
}

export function designerReducer(state: DesignerState, action: DesignerAction): DesignerState {
  switch (action.type) {
    case 'load':
      return {
        doc: action.doc, jsonText: toJson(action.doc), jsonError: null, saved: action.saved ? action.doc : null, revision: action.revision,
        positions: action.positions ?? {}, selected: null, panel: state.panel + 1,
      };
    case 'loadText':
      // A stored draft that is not definition-shaped: its text in the JSON view with the reason, the flowchart on the fallback.
      // Nothing shown is what is saved (saved: null), so the fixed document can be saved over it.
      return {
        doc: action.fallback, jsonText: action.text, jsonError: action.message, saved: null, revision: action.revision,
        positions: action.positions ?? {}, selected: null, panel: state.panel + 1,
      };
    case 'edit': {
      const ids = new Set(action.doc.steps.map((s) => s.id));
      const positions = { ...state.positions, ...(action.positions ?? {}), ...savedPositions(action.doc.layout, [...ids]) };
      for (const k of Object.keys(positions)) if (!ids.has(k)) delete positions[k];
      const selected = action.select !== undefined ? action.select : state.selected && ids.has(state.selected) ? state.selected : null;
      return { ...state, doc: action.doc, jsonText: toJson(action.doc), jsonError: null, positions, selected, panel: selected === state.selected ? state.panel : state.panel + 1 };
    }
    case 'rename': {
      const doc = renameStep(state.doc, action.from, action.to);
      if (doc === state.doc) return state;
      const positions = { ...state.positions };
      if (positions[action.from]) positions[action.to] = positions[action.from];
      delete positions[action.from];
      return { ...state, doc, jsonText: toJson(doc), jsonError: null, positions, selected: state.selected === action.from ? action.to : state.selected };
    }
    case 'editJson': {
      const parsed = parseDefinition(action.text);
      if (!parsed.ok) return { ...state, jsonText: action.text, jsonError: parsed.message };
      const ids = new Set(parsed.doc.steps.map((s) => s.id));
      // A layout typed in the JSON moves the steps it names.
      const positions = { ...Object.fromEntries(Object.entries(state.positions).filter(([k]) => ids.has(k))), ...savedPositions(parsed.doc.layout, [...ids]) };
      const selected = state.selected && ids.has(state.selected) ? state.selected : null;
      return { ...state, doc: parsed.doc, jsonText: action.text, jsonError: null, positions, selected, panel: selected === state.selected ? state.panel : state.panel + 1 };
    }
    case 'saved':
      return { ...state, saved: action.doc, revision: action.revision };
    case 'select':
      return { ...state, selected: action.id, panel: action.id === state.selected ? state.panel : state.panel + 1 };
    case 'move':
      return { ...state, positions: { ...state.positions, [action.id]: action.position } };
  }
}

/** Unsaved work: the document differs from the saved one, or the JSON view holds text that does not parse. */
export function hasUnsavedChanges(state: DesignerState): boolean {
  return state.jsonError !== null || isDirty(state.saved, state.doc);
}
