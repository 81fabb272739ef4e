import Editor from '@monaco-editor/react';
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
