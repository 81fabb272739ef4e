import Editor, { DiffEditor } from '@monaco-editor/react';
import '../designer/monaco';

interface Props {
  value: string;
  onChange: (text: string) => void;
  ariaLabel: string;
  height?: number | string;
  testId?: string;
}

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
export function JsonEditor({ value, onChange, ariaLabel, height = 420, testId = 'json-editor' }: Props) {
  return (
    <div className="json-editor" data-testid={testId} style={{ height }}>
      <Editor
        language="json"
        value={value}
        onChange={(v) => onChange(v ?? '')}
        options={{ ...OPTIONS, ariaLabel }}
        loading={<span className="muted">Loading the editor…</span>}
      />
    </div>
  );
}

/** Side-by-side JSON diff (read-only), e.g. the latest version against the draft before a publish. */
export function JsonDiff({ original, modified, height = 360 }: { original: string; modified: string; height?: number }) {
  return (
    <div className="json-editor" data-testid="json-diff" style={{ height }}>
      <DiffEditor
        language="json"
        original={original}
        modified={modified}
        // Unmounting would dispose the models before the diff widget lets go of them ("TextModel got disposed before
        // DiffEditorWidget model got reset", a page error): keep them; the editor's disposal frees them.
        keepCurrentOriginalModel
        keepCurrentModifiedModel
        options={{ ...OPTIONS, readOnly: true, originalEditable: false, renderSideBySide: true, ariaLabel: 'Changes against the latest version' }}
        loading={<span className="muted">Loading the diff…</span>}
      />
    </div>
  );
}
