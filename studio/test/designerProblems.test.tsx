import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { ActivityDescriptor, DefinitionDocument, Draft, ValidationError } from '../src/api/types';
import { DesignerPage } from '../src/designer/DesignerPage';

// React Flow needs layout APIs jsdom lacks, and Monaco does not run here: both are stubs that show what they were given.
vi.mock('../src/designer/DesignerGraph', () => ({
  DesignerGraph: ({ doc, selected, reveal }: { doc: DefinitionDocument; selected: string | null; reveal?: { id: string } | null }) => (
    <div data-testid="graph-stub" data-selected={selected ?? ''} data-reveal={reveal?.id ?? ''}>
      {doc.steps.map((s) => <span key={s.id} data-testid="graph-step">{s.id}</span>)}
    </div>
  ),
}));
vi.mock('../src/components/JsonEditor', () => ({
  JsonEditor: ({ value, reveal }: { value: string; reveal?: { error: ValidationError } | null }) => (
    <pre data-testid="json-stub" data-reveal={reveal ? `${reveal.error.stepId ?? ''}|${reveal.error.field ?? ''}` : ''}>{value}</pre>
  ),
}));

const activities: ActivityDescriptor[] = [
  { type: 'Core.End', category: 'Core', description: '', inputs: [{ name: 'outcome', type: 'string', required: true }], outputs: [], outcomes: [] },
  { type: 'Core.Wait', category: 'Core', description: '', inputs: [], outputs: [], outcomes: ['Received'] },
] as unknown as ActivityDescriptor[];

const published: DefinitionDocument = {
  id: 'review-flow', version: 1, title: 'Review', start: 'review',
  steps: [{ id: 'review', activity: 'Core.Wait', next: { Received: 'end' } }, { id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } }, { id: 'published-only', activity: 'Core.End', inputs: { outcome: 'Old' } }],
};

function draftOf(definition: unknown, errors: ValidationError[]): Draft {
  return { id: 'review-flow', revision: 3, contentHash: 'h', savedBy: 'ana', savedAt: '2026-01-01T00:00:00Z', valid: errors.length === 0, errors, definition } as unknown as Draft;
}

function arrange(definition: unknown, errors: ValidationError[]) {
  vi.spyOn(api, 'listActivities').mockResolvedValue(activities);
  vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: 'review-flow' }] as never);
  vi.spyOn(api, 'exportDefinition').mockResolvedValue(published);
  vi.spyOn(api, 'getDraft').mockResolvedValue(draftOf(definition, errors));
  vi.spyOn(api, 'getSample').mockResolvedValue(null);
  vi.spyOn(api, 'history').mockResolvedValue([]);
  return vi.spyOn(api, 'validate').mockResolvedValue({ valid: errors.length === 0, errors });
}

async function open() {
  await act(async () => {
    render(<DesignerPage id="review-flow" />);
  });
  await screen.findByTestId('designer');
}

beforeEach(() => {
  window.history.replaceState(null, '', '#/definitions/review-flow/edit');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the problems list', () => {
  const draft: DefinitionDocument = {
    id: 'review-flow', version: 1, title: 'Review', start: 'nowhere',
    steps: [{ id: 'review', activity: 'Core.Wait', next: { Received: 'end' } }, { id: 'end', activity: 'Core.End', inputs: {} }],
  };
  const errors: ValidationError[] = [
    { stepId: 'end', field: 'inputs.outcome', code: 'MissingRequiredInput', message: "Input 'outcome' is required." },
    { stepId: null, field: 'start', code: 'UnknownStep', message: "Start step 'nowhere' does not exist." },
  ];

  it('opens from the count, lists each server problem with its step and field, and a click selects the step and brings it into view', async () => {
    arrange(draft, errors);
    await open();
    const toggle = await screen.findByTestId('problems-toggle');
    expect(toggle.textContent).toBe('2 problems');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');

    const items = within(screen.getByTestId('problems-list')).getAllByTestId('problem');
    expect(items.map((i) => [i.getAttribute('data-step-id'), i.getAttribute('data-field')])).toEqual([['end', 'inputs.outcome'], ['', 'start']]);
    expect(items[0].textContent).toContain("Input 'outcome' is required.");
    expect(items[0].textContent).toContain('Step end');
    expect(items[1].textContent).toContain('The definition');

    fireEvent.click(items[0]);
    expect(screen.getByTestId('graph-stub').getAttribute('data-selected')).toBe('end');
    expect(screen.getByTestId('graph-stub').getAttribute('data-reveal')).toBe('end');
    expect(screen.getByTestId('step-editor').getAttribute('data-step-id')).toBe('end');

    // A problem of the definition itself: no step selected, the workflow's own panel.
    fireEvent.click(items[1]);
    expect(screen.getByTestId('graph-stub').getAttribute('data-selected')).toBe('');
    expect(screen.queryByTestId('step-editor')).toBeNull();
  });

  it('in the JSON view, a problem shows its place in the text (and still selects the step)', async () => {
    arrange(draft, errors);
    await open();
    fireEvent.click(screen.getByTestId('tab-json'));
    fireEvent.click(await screen.findByTestId('problems-toggle'));
    fireEvent.click(within(screen.getByTestId('problems-list')).getAllByTestId('problem')[0]);
    expect(screen.getByTestId('json-stub').getAttribute('data-reveal')).toBe('end|inputs.outcome');
    expect(screen.getByTestId('graph-stub').getAttribute('data-selected')).toBe('end');
  });
});

describe('a draft that is JSON but not definition-shaped', () => {
  const base = { id: 'review-flow', version: 1, title: 'Review', start: 'review' };
  const cases: [string, unknown, ValidationError][] = [
    ['steps null', { ...base, steps: null }, { stepId: null, field: 'steps', code: 'InvalidDefinition', message: "'steps' is required: it must be an array of steps." }],
    ['steps an object', { ...base, steps: { review: { activity: 'Core.End' } } }, { stepId: null, field: 'steps', code: 'InvalidDefinition', message: "'steps' must be an array." }],
    ['a step without an id', { ...base, steps: [{ activity: 'Core.End', inputs: { outcome: 'Done' } }] }, { stepId: null, field: 'steps[0].id', code: 'InvalidDefinition', message: "'id' is required." }],
  ];

  it.each(cases)('%s: shows the server\'s problem, not "syntax error", and no flowchart of another version', async (_, definition, problem) => {
    const validate = arrange(definition, [problem]);
    await open();

    expect(screen.getByTestId('save-state').textContent).not.toContain('syntax error');
    expect(screen.getByTestId('save-state').textContent).toContain('not a definition the flowchart can draw');
    expect(screen.getByTestId('flowchart-unavailable')).toBeTruthy();
    // Neither the published version's steps nor any flowchart at all.
    expect(screen.queryByTestId('graph-stub')).toBeNull();
    expect(screen.queryByText('published-only')).toBeNull();
    // Nothing to edit but the JSON: a step added or a panel edit would replace the text with an empty definition.
    expect(screen.getAllByTestId('palette-item').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    fireEvent.click(screen.getByTestId('tab-properties'));
    expect(screen.getByTestId('properties-unavailable')).toBeTruthy();
    expect(screen.queryByTestId('workflow-panel')).toBeNull();
    fireEvent.click(screen.getByTestId('tab-json'));

    fireEvent.click(await screen.findByTestId('problems-toggle'));
    const item = within(screen.getByTestId('problems-list')).getByTestId('problem');
    expect(item.textContent).toContain(problem.message);
    expect(item.getAttribute('data-field')).toBe(problem.field);

    // The text as typed goes to the server's validator, not a stale document.
    await vi.waitFor(() => expect(validate).toHaveBeenCalled());
    expect(validate.mock.calls.at(-1)?.[1]).toEqual(definition);
  });
});

// Walk-through (session 39): a saved draft with problems offered Publish…, asked for a reason, and only then said the server
// refused it (422). The count in the header already knows: Publish… waits for the problems to be fixed and says so.
describe('publish and the problems', () => {
  const invalid: DefinitionDocument = {
    id: 'review-flow', version: 1, title: 'Review', start: 'review',
    steps: [{ id: 'review', activity: 'Core.Wait', next: { Received: 'end' } }, { id: 'end', activity: 'Core.End', inputs: { outcome: '$steps.nope.output.x' } }],
  };
  const problems: ValidationError[] = [
    { stepId: 'end', field: 'inputs.outcome', code: 'BadBinding', message: '$steps.nope names a step that does not exist.' },
    { stepId: 'review', field: 'inputs.x', code: 'BadBinding', message: "'$input.' is not a valid reference (segments must be letters, digits, '_' or '-')." },
  ];

  it('is not offered for a saved draft with problems, and the button says why', async () => {
    arrange(invalid, problems);
    await open();
    const publish = screen.getByTestId('publish') as HTMLButtonElement;
    expect(screen.getByTestId('save-state').textContent).toBe('Saved · revision 3');
    expect(publish.disabled).toBe(true);
    expect(publish.title).toBe('Fix the 2 problems first: a draft with problems cannot be published');
  });

  it('is offered for a saved draft without problems', async () => {
    arrange({ ...invalid, steps: [invalid.steps[0], { id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } }] }, []);
    await open();
    const publish = screen.getByTestId('publish') as HTMLButtonElement;
    expect(publish.disabled).toBe(false);
    expect(publish.title).toBe('');
  });
});
