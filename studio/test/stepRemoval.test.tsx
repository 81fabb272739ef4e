import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { ActivityDescriptor, DefinitionDocument, Draft } from '../src/api/types';
import { DesignerPage } from '../src/designer/DesignerPage';
import { bindingsTo } from '../src/designer/model';

interface StubProps {
  doc: DefinitionDocument;
  positions: Record<string, { x: number; y: number }>;
  onSelect: (id: string | null) => void;
  onDelete: (steps: string[], wires: { source: string; outcome: string; target: string }[]) => void;
}

// React Flow needs layout APIs jsdom lacks: the stub draws each step with its position and wires, and its Delete button
// is the canvas's Delete key on that step (React Flow's onDelete: the step and the wires into and out of it).
vi.mock('../src/designer/DesignerGraph', () => ({
  DesignerGraph: ({ doc, positions, onSelect, onDelete }: StubProps) => (
    <div data-testid="graph-stub">
      {doc.steps.map((s) => (
        <span key={s.id} data-testid="graph-step" data-step-id={s.id} data-at={positions[s.id] ? `${positions[s.id].x},${positions[s.id].y}` : ''}
          data-next={JSON.stringify(s.next ?? {})}>
          <button type="button" onClick={() => onSelect(s.id)}>select {s.id}</button>
          <button type="button" data-testid="canvas-delete" onClick={() => onDelete([s.id], [])}>delete {s.id}</button>
        </span>
      ))}
    </div>
  ),
}));
vi.mock('../src/components/JsonEditor', () => ({ JsonEditor: ({ value }: { value: string }) => <pre data-testid="json-stub">{value}</pre> }));

const activities = [
  { type: 'FinBox.CreateUser', category: 'FinBox', description: '', inputs: [], outputs: [{ name: 'pan', type: 'string' }], outcomes: ['Done'] },
  { type: 'FinBox.RunKyc', category: 'FinBox', description: '', inputs: [{ name: 'panNumber', type: 'string' }], outputs: [], outcomes: ['Done'] },
  { type: 'Core.End', category: 'Core', description: '', inputs: [{ name: 'outcome', type: 'string' }], outputs: [], outcomes: [] },
] as unknown as ActivityDescriptor[];

const draft: DefinitionDocument = {
  id: 'kyc-flow', version: 1, title: 'KYC', start: 'createUser',
  steps: [
    { id: 'createUser', activity: 'FinBox.CreateUser', inputs: {}, next: { Done: 'kyc' } },
    { id: 'kyc', activity: 'FinBox.RunKyc', inputs: { panNumber: '$steps.createUser.output.pan' }, next: { Done: 'end' },
      compensation: { activity: 'FinBox.Release', inputs: { note: 'PAN {{$steps.createUser.output.pan}} released' } } },
    { id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } },
  ],
  layout: { createUser: { x: 10, y: 20 }, kyc: { x: 10, y: 160 }, end: { x: 10, y: 300 } },
};

async function open() {
  vi.spyOn(api, 'listActivities').mockResolvedValue(activities);
  vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: 'kyc-flow' }] as never);
  vi.spyOn(api, 'exportDefinition').mockResolvedValue(draft);
  vi.spyOn(api, 'getDraft').mockResolvedValue({ id: 'kyc-flow', revision: 2, valid: true, errors: [], definition: draft } as unknown as Draft);
  vi.spyOn(api, 'getSample').mockResolvedValue(null);
  vi.spyOn(api, 'history').mockResolvedValue([]);
  vi.spyOn(api, 'validate').mockResolvedValue({ valid: true, errors: [] });
  await act(async () => {
    render(<DesignerPage id="kyc-flow" />);
  });
  await screen.findByTestId('designer');
}

const steps = () => screen.getAllByTestId('graph-step').map((s) => s.getAttribute('data-step-id'));
const step = (id: string) => screen.getAllByTestId('graph-step').find((s) => s.getAttribute('data-step-id') === id)!;
const deleteOnCanvas = (id: string) => fireEvent.click(within(step(id)).getByTestId('canvas-delete'));

beforeEach(() => {
  window.history.replaceState(null, '', '#/definitions/kyc-flow/edit');
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('removing a step that other steps bind to', () => {
  it('asks first, naming each input that binds to it; Keep changes nothing', async () => {
    await open();
    deleteOnCanvas('createUser');
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Remove step createUser?');
    expect(within(dialog).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'kyc.panNumber binds to $steps.createUser.output.pan',
      'kyc.compensation.note binds to $steps.createUser.output.pan',
    ]);
    fireEvent.click(within(dialog).getByText('Keep'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(steps()).toEqual(['createUser', 'kyc', 'end']);
    expect(screen.getByTestId('designer').getAttribute('data-dirty')).toBe('false');
  });

  it('removes it once confirmed, and Undo brings back the step, its wires and where it stood', async () => {
    await open();
    deleteOnCanvas('createUser');
    fireEvent.click(within(screen.getByRole('dialog')).getByTestId('confirm-button'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(steps()).toEqual(['kyc', 'end']);
    expect(screen.getByTestId('designer').getAttribute('data-dirty')).toBe('true');
    expect(screen.getByTestId('undo').getAttribute('title')).toContain('Undo remove step createUser');

    fireEvent.click(screen.getByTestId('undo'));
    expect(steps()).toEqual(['createUser', 'kyc', 'end']);
    expect(step('createUser').getAttribute('data-at')).toBe('10,20');
    expect(step('createUser').getAttribute('data-next')).toBe('{"Done":"kyc"}');
    expect(screen.getByTestId('designer').getAttribute('data-dirty')).toBe('false');
  });

  it("asks the same from the panel's Remove step", async () => {
    await open();
    fireEvent.click(within(step('createUser')).getByText('select createUser'));
    fireEvent.click(screen.getByTestId('remove-step'));
    expect(within(screen.getByRole('dialog')).getByTestId('removal-bindings').textContent).toContain('kyc.panNumber binds to $steps.createUser.output.pan');
    expect(steps()).toEqual(['createUser', 'kyc', 'end']);
  });

  it('removes a step nothing binds to at once, undoably, without asking', async () => {
    await open();
    deleteOnCanvas('kyc');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(steps()).toEqual(['createUser', 'end']);
    fireEvent.click(screen.getByTestId('undo'));
    expect(steps()).toEqual(['createUser', 'kyc', 'end']);
    expect(step('kyc').getAttribute('data-at')).toBe('10,160');
  });
});

describe('bindingsTo', () => {
  it('finds bindings in inputs, nested values, templates and compensation, never in the removed steps themselves', () => {
    const doc: DefinitionDocument = {
      id: 'f', start: 'a', steps: [
        { id: 'a', activity: 'X', inputs: { self: '$steps.a.output.x' } },
        { id: 'a2', activity: 'X', inputs: { other: '$steps.a2.output.x' } },
        { id: 'b', activity: 'X', inputs: { list: ['$input.x', '$steps.a.output.y'], obj: { deep: 'Hi {{$steps.a.output.name}}!' } }, compensation: { activity: 'Y', inputs: { id: '$steps.a.output.id' } } },
        { id: 'c', activity: 'X', inputs: { gone: '$steps.c.output.z' } },
      ],
    };
    expect(bindingsTo(doc, ['a', 'c'])).toEqual([
      { stepId: 'b', field: 'list[1]', reference: '$steps.a.output.y' },
      { stepId: 'b', field: 'obj.deep', reference: '$steps.a.output.name' },
      { stepId: 'b', field: 'compensation.id', reference: '$steps.a.output.id' },
    ]);
    expect(bindingsTo(doc, [])).toEqual([]);
  });
});
