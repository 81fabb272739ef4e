import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { ActivityDescriptor, DefinitionDocument, Draft } from '../src/api/types';
import { DesignerPage } from '../src/designer/DesignerPage';
import { toJson } from '../src/designer/model';

// React Flow needs layout APIs jsdom lacks, and Monaco does not run here: the JSON view is a textarea that reports what
// is typed, as Monaco's onChange does.
vi.mock('../src/designer/DesignerGraph', () => ({
  DesignerGraph: ({ doc }: { doc: DefinitionDocument }) => <div data-testid="graph-stub">{doc.steps.map((s) => <span key={s.id}>{s.id}</span>)}</div>,
}));
vi.mock('../src/components/JsonEditor', () => ({
  JsonEditor: ({ value, onChange }: { value: string; onChange: (text: string) => void }) => (
    <textarea data-testid="json-stub" value={value} onChange={(e) => onChange(e.target.value)} />
  ),
}));

const activities = [
  { type: 'Core.End', category: 'Core', description: '', inputs: [], outputs: [], outcomes: [] },
] as unknown as ActivityDescriptor[];

const draft: DefinitionDocument = { id: 'typed-flow', version: 1, title: 'Typed', start: 'end', steps: [{ id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } }] };
// A line without its comma under the opening brace: the parser stops at the next line's first quote (line 3, column 3).
const broken = toJson(draft).replace('{\n', '{\n  "typed": 1\n');

function arrange() {
  vi.spyOn(api, 'listActivities').mockResolvedValue(activities);
  vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
  vi.spyOn(api, 'getDraft').mockResolvedValue({ id: 'typed-flow', revision: 3, valid: true, errors: [], definition: draft } as unknown as Draft);
  vi.spyOn(api, 'getSample').mockResolvedValue(null);
  vi.spyOn(api, 'history').mockResolvedValue([]);
  vi.spyOn(api, 'validate').mockResolvedValue({ valid: true, errors: [] });
  return vi.spyOn(api, 'saveDraft').mockResolvedValue({ revision: 4, valid: true, errors: [] } as never);
}

async function openAndType(text: string) {
  await act(async () => {
    render(<DesignerPage id="typed-flow" />);
  });
  await screen.findByTestId('designer');
  fireEvent.click(screen.getByTestId('tab-json'));
  fireEvent.change(screen.getByTestId('json-stub'), { target: { value: text } });
  expect(screen.getByTestId('json-error')).toBeTruthy();
}

const jsonText = () => (screen.getByTestId('json-stub') as HTMLTextAreaElement).value;

beforeEach(() => {
  window.history.replaceState(null, '', '#/definitions/typed-flow/edit');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JSON with a syntax error is never replaced behind the author\'s back', () => {
  it('pressing a palette button keeps the typed text: the button is disabled and says why', async () => {
    arrange();
    await openAndType(broken);
    const item = screen.getByTestId('palette-item') as HTMLButtonElement;
    fireEvent.click(item);
    expect(jsonText()).toBe(broken);
    expect(screen.getByTestId('graph-stub').textContent).toBe('end');
    expect(item.disabled).toBe(true);
    expect(item.title).toContain('line 3, column 3');
  });

  it('the Properties tab has nothing to edit, and switching back to the JSON view shows the typed text', async () => {
    arrange();
    await openAndType(broken);
    fireEvent.click(screen.getByTestId('tab-properties'));
    expect(screen.getByTestId('properties-unavailable').textContent).toContain('syntax error at line 3, column 3');
    expect(screen.queryByTestId('workflow-title')).toBeNull();
    fireEvent.click(screen.getByTestId('tab-json'));
    expect(jsonText()).toBe(broken);
  });

  it('Undo drops the typed text and Redo brings it back', async () => {
    arrange();
    await openAndType(broken);
    fireEvent.click(screen.getByTestId('undo'));
    expect(jsonText()).toBe(toJson(draft));
    const redo = screen.getByTestId('redo') as HTMLButtonElement;
    expect(redo.disabled).toBe(false);
    fireEvent.click(redo);
    expect(jsonText()).toBe(broken);
    expect(screen.getByTestId('json-error')).toBeTruthy();
  });

  it('Redo of an earlier undo is not offered while the typed text does not parse (it would replace it)', async () => {
    arrange();
    await act(async () => {
      render(<DesignerPage id="typed-flow" />);
    });
    fireEvent.change(await screen.findByTestId('workflow-title'), { target: { value: 'Renamed' } });
    fireEvent.click(screen.getByTestId('undo'));
    fireEvent.click(screen.getByTestId('tab-json'));
    fireEvent.change(screen.getByTestId('json-stub'), { target: { value: broken } });
    expect((screen.getByTestId('redo') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true, shiftKey: true });
    fireEvent.keyDown(document.body, { key: 'y', ctrlKey: true });
    expect(jsonText()).toBe(broken);
  });

  it('Save draft refuses, naming the line and column, and saves nothing', async () => {
    const saveDraft = arrange();
    await openAndType(broken);
    fireEvent.click(screen.getByTestId('save-draft'));
    const refused = await screen.findByTestId('save-refused');
    expect(refused.textContent).toContain('Not saved: the JSON has a syntax error at line 3, column 3');
    expect(saveDraft).not.toHaveBeenCalled();
    expect(jsonText()).toBe(broken);
    // Fixed, the refusal goes and the fixed text is what is saved.
    fireEvent.change(screen.getByTestId('json-stub'), { target: { value: toJson({ ...draft, title: 'Fixed' }) } });
    expect(screen.queryByTestId('save-refused')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId('save-draft'));
    });
    expect(saveDraft.mock.calls[0][1]).toMatchObject({ title: 'Fixed' });
  });

  it('leaving the page with only a syntax-error edit asks first', async () => {
    arrange();
    await openAndType(broken);
    expect(screen.getByTestId('designer').getAttribute('data-dirty')).toBe('true');
    const leave = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leave);
    expect(leave.defaultPrevented).toBe(true);
  });
});
