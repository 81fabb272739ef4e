import { useEffect, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import '../designer/monaco';
import type { ValidationError } from '../api/types';
import { markersFor } from '../designer/jsonMarkers';

interface Props {
  value: string;
  onChange: (text: string) => void;
  ariaLabel: string;
  height?: number | string;
  testId?: string;
  /** Validation errors to show as markers (squiggle, hover message, overview ruler) where they are in the text. */
  markers?: readonly ValidationError[];
  /** A validation error to go to (the problems list): its place is selected and scrolled to the middle; a new object each time. */
  reveal?: { error: ValidationError } | null;
}

/** The owner of our markers on the model: Monaco's own JSON syntax markers (owner `json`) are left alone. */
export const VALIDATION_MARKER_OWNER = 'loanjourney-validation';

type Mounted = { editor: Parameters<OnMount>[0]; monaco: Parameters<OnMount>[1] };

const OPTIONS = {
  minimap: { enabled: false },
  fontSize: 13,
  tabSize: 2,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  wordWrap: 'on' as const,
  // Tab moves focus out of the editor by default, so a keyboard user is never trapped in it (Ctrl+M toggles).
  tabFocusMode: true,
};

/** Monaco (bundled, no CDN: see designer/monaco.ts) as a JSON editor. */
export function JsonEditor({ value, onChange, ariaLabel, height = 420, testId = 'json-editor', markers, reveal }: Props) {
  const [mounted, setMounted] = useState<Mounted | null>(null);
  // The editor owns its text; `value` is pushed into it only when it did not come from it. Handed to Monaco as a
  // controlled `value`, each keystroke's text came back a render later, and a render older than the keys typed since
  // (a slow page, a busy machine) replaced the editor's text with it: keys lost, the cursor at the end, the rest typed
  // there. `sent`: the texts typed here that have not come back as `value` yet, oldest first.
  const sent = useRef<string[]>([]);
  const pushing = useRef(false);
  const synced = useRef(false);

  useEffect(() => {
    if (!mounted) return;
    const first = !synced.current;
    synced.current = true;
    const echo = sent.current.indexOf(value);
    if (echo >= 0) {
      // Its own text coming back (perhaps after newer keys): the editor already holds it or something newer.
      sent.current = sent.current.slice(echo + 1);
      return;
    }
    const { editor } = mounted;
    const model = editor.getModel();
    if (!model || value === model.getValue()) return;
    // A change from elsewhere (loaded, undone, edited in the Properties panel): it replaces the text.
    sent.current = [];
    pushing.current = true;
    try {
      // The text it was created with may be older than `value` (Monaco loads after the first render): no undo entry.
      if (first) {
        editor.setValue(value);
      } else {
        editor.pushUndoStop();
        editor.executeEdits('', [{ range: model.getFullModelRange(), text: value, forceMoveMarkers: true }]);
        editor.pushUndoStop();
      }
    } finally {
      pushing.current = false;
    }
  }, [mounted, value]);

  // The errors are placed in the text the editor holds now (as typed), again whenever that text or the errors change.
  useEffect(() => {
    if (!mounted) return;
    const model = mounted.editor.getModel();
    if (!model) return;
    const text = model.getValue();
    const placed = markersFor(text, markers ?? []).map((m) => {
      const start = model.getPositionAt(m.offset);
      const end = model.getPositionAt(m.offset + m.length);
      return {
        severity: mounted.monaco.MarkerSeverity.Error,
        message: m.message,
        code: m.error.code,
        source: 'validation',
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      };
    });
    mounted.monaco.editor.setModelMarkers(model, VALIDATION_MARKER_OWNER, placed);
  }, [mounted, value, markers]);

  // The same placing as the markers', so the problems list goes exactly where the squiggle is.
  useEffect(() => {
    if (!mounted || !reveal) return;
    const model = mounted.editor.getModel();
    const place = model ? markersFor(model.getValue(), [reveal.error])[0] : undefined;
    if (!model || !place) return;
    const start = model.getPositionAt(place.offset);
    const end = model.getPositionAt(place.offset + place.length);
    const range = { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
    mounted.editor.setSelection(range);
    mounted.editor.revealRangeInCenter(range);
  }, [mounted, reveal]);

  useEffect(() => {
    if (!mounted) return;
    return () => {
      const model = mounted.editor.getModel();
      if (model && !model.isDisposed()) mounted.monaco.editor.setModelMarkers(model, VALIDATION_MARKER_OWNER, []);
    };
  }, [mounted]);

  return (
    // `nokey`: React Flow ignores keys typed here. Monaco types through an EditContext on a div, not a textarea, so React
    // Flow took Space for its pan key (and cancelled it: no space was typed), and Backspace is one of its delete keys.
    <div className="json-editor nokey" data-testid={testId} style={{ height }}>
      <Editor
        language="json"
        defaultValue={value}
        onChange={(v) => {
          if (pushing.current) return;
          const text = v ?? '';
          sent.current.push(text);
          onChange(text);
        }}
        onMount={(editor, monaco) => setMounted({ editor, monaco })}
        options={{ ...OPTIONS, ariaLabel }}
        loading={<span className="muted">Loading the editor…</span>}
      />
    </div>
  );
}
