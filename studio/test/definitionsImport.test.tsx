import { fireEvent, render as rtlRender, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from '../src/api/client';
import { SessionContext, type Role } from '../src/lib/roles';
import { DefinitionsPage } from '../src/pages/Definitions';
import { personalLoan } from './fixtures';

vi.mock('../src/components/Flowchart', async (orig) => {
  const real = await orig<typeof import('../src/components/Flowchart')>();
  return { ...real, Flowchart: () => <div data-testid="flowchart" /> };
});

function render(ui: ReactElement, role: Role) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SessionContext.Provider value={{ name: `test-${role}`, role }}>{children}</SessionContext.Provider>
  );
  return rtlRender(ui, { wrapper });
}

afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

const page = () => <DefinitionsPage id={personalLoan.id} query={new URLSearchParams('version=1')} />;

async function chooseFile(text: string, name = 'upload.json') {
  fireEvent.click(await screen.findByTestId('import-definition'));
  fireEvent.change(screen.getByLabelText('Definition file (.json)'), { target: { files: [new File([text], name, { type: 'application/json' })] } });
  fireEvent.click(screen.getByTestId('import-submit'));
}

describe('definitions: export and import', () => {
  beforeEach(() => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: personalLoan.id, title: personalLoan.title, latestVersion: 2, versions: [1, 2], inputs: [] }]);
    vi.spyOn(api, 'getWorkflow').mockResolvedValue({ ...personalLoan, version: 1 });
  });

  it('offers a Viewer the export of the version shown but no import', async () => {
    render(page(), 'Viewer');
    const link = await screen.findByTestId('export-definition');
    expect(link.getAttribute('href')).toBe('/api/workflows/finbox-personal-loan/export?version=1');
    expect(link.getAttribute('download')).toBe('finbox-personal-loan.v1.json');
    expect(screen.queryByTestId('import-definition')).toBeNull();
  });

  it('names the file field when the file is not JSON, and sends nothing', async () => {
    const imported = vi.spyOn(api, 'importDefinition');
    render(page(), 'Designer');
    await chooseFile('{ "id": "x", ', 'broken.json');
    const problem = await screen.findByTestId('problem');
    expect(problem.textContent).toContain('broken.json is not JSON');
    expect(problem.textContent).toContain('file');
    expect(imported).not.toHaveBeenCalled();
  });

  it('asks before replacing a draft someone saved, naming who, and imports only once confirmed', async () => {
    vi.spyOn(api, 'getDraft').mockResolvedValue({ id: 'finbox-personal-loan', revision: 7, contentHash: 'h', savedBy: 'ana', savedAt: '2026-12-06T08:10:00.000Z', valid: true, errors: [], definition: { id: 'finbox-personal-loan', steps: [] } as never });
    const imported = vi.spyOn(api, 'importDefinition').mockResolvedValue({ id: 'finbox-personal-loan', revision: 8, valid: true, errors: [] });
    render(page(), 'Designer');
    await chooseFile(JSON.stringify({ id: 'finbox-personal-loan', version: 1, steps: [] }));
    const dialog = await screen.findByRole('dialog', { name: 'Replace the draft of finbox-personal-loan?' });
    expect(within(dialog).getByTestId('import-replaces').textContent).toContain('revision 7) saved by ana');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(imported).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('import-submit'));
    fireEvent.click(within(await screen.findByRole('dialog')).getByTestId('confirm-button'));
    await waitFor(() => expect(imported).toHaveBeenCalledWith({ id: 'finbox-personal-loan', version: 1, steps: [] }));
    expect((await screen.findByTestId('import-result')).textContent).toContain('Imported as the draft of finbox-personal-loan (revision 8): no validation problems.');
  });

  it('lists the validation problems of an imported file, each naming its step and field', async () => {
    vi.spyOn(api, 'getDraft').mockRejectedValue(new ApiError({ title: 'Not Found', status: 404, code: 'workflow_not_found' } as never));
    vi.spyOn(api, 'importDefinition').mockResolvedValue({ id: 'new-flow', revision: 1, valid: false, errors: [
      { stepId: 'done', field: 'inputs.outcome', code: 'MissingRequiredInput', message: "Input 'outcome' is required." },
    ] });
    render(page(), 'Designer');
    await chooseFile(JSON.stringify({ id: 'new-flow', steps: [{ id: 'done', activity: 'Core.End' }] }));
    expect((await screen.findByTestId('import-result')).textContent).toContain('with 1 validation problem to fix');
    const problem = within(screen.getByTestId('problems-list')).getByTestId('problem');
    expect(problem.dataset.stepId).toBe('done');
    expect(problem.dataset.field).toBe('inputs.outcome');
    expect(screen.getByTestId('import-open-designer').getAttribute('href')).toBe('#/definitions/new-flow/edit');
  });

  it('shows the server\'s problem naming the field when it refuses the file', async () => {
    vi.spyOn(api, 'importDefinition').mockRejectedValue(new ApiError({ title: 'Bad Request', status: 400, errors: { id: ['The definition needs an id.'] } } as never));
    render(page(), 'Designer');
    await chooseFile(JSON.stringify({ steps: [] }));
    const problem = await screen.findByTestId('problem');
    expect(problem.textContent).toContain('The definition needs an id.');
  });
});
