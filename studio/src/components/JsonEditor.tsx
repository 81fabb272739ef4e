import { useEffect, useState } from 'react';
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
export function JsonEditor({ value, onChange, ariaLabel, height = 420, testId = 'json-editor', markers }: Props) {
  const [mounted, setMounted] = useState<Mounted | null>(null);

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

  useEffect(() => {
    if (!mounted) return;
    return () => {
      const model = mounted.editor.getModel();
      if (model && !model.isDisposed()) mounted.monaco.editor.setModelMarkers(model, VALIDATION_MARKER_OWNER, []);
    };
  }, [mounted]);

  return (
    <div className="json-editor" data-testid={testId} style={{ height }}>
      <Editor
        language="json"
        value={value}
        onChange={(v) => onChange(v ?? '')}
        onMount={(editor, monaco) => setMounted({ editor, monaco })}
        options={{ ...OPTIONS, ariaLabel }}
        loading={<span className="muted">Loading the editor…</span>}
      />
    </div>
  );
}
