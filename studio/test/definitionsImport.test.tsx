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
    vi.spyOn(api, 'listVersions').mockResolvedValue([]);
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
    await waitFor(() => expect(imported).toHaveBeenCalledWith({ id: 'finbox-personal-loan', version: 1, steps: [] }, 7));
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

  it('imports on the revision it asked about, and says who saved the draft when the server refuses a draft saved since', async () => {
    vi.spyOn(api, 'getDraft').mockResolvedValue(null);
    const imported = vi.spyOn(api, 'importDefinition').mockRejectedValue(new ApiError({
      title: 'Conflict', status: 409, code: 'stale_revision', detail: "The draft of 'finbox-personal-loan' is at revision 3, not 0: ana saved it at 2026-12-06 08:10:00 UTC.",
      errors: { expectedRevision: ['The draft is at revision 3.'] }, currentRevision: 3, savedBy: 'ana', savedAt: '2026-12-06T08:10:00.000Z', change: 'save',
    } as never));
    render(page(), 'Designer');
    await chooseFile(JSON.stringify({ id: 'finbox-personal-loan', steps: [] }));
    const conflict = await screen.findByTestId('import-conflict');
    expect(imported).toHaveBeenCalledWith({ id: 'finbox-personal-loan', steps: [] }, 0);
    expect(conflict.getAttribute('role')).toBe('alert');
    expect(conflict.textContent).toMatch(/^ana saved the draft of finbox-personal-loan at .+, after the import checked it\./);
    expect(conflict.textContent).toContain('Nothing was imported and that draft is kept (revision 3)');
    expect(screen.queryByTestId('import-result')).toBeNull();
  });

  it('lists the published versions newest first with who published each, when and why', async () => {
    vi.spyOn(api, 'listVersions').mockResolvedValue([
      { version: 1, contentHash: 'a', publishedBy: 'workflows/', publishedAt: '2026-12-01T08:00:00.000Z', reason: null },
      { version: 2, contentHash: 'b', publishedBy: 'ana', publishedAt: '2026-12-06T08:10:00.000Z', reason: 'CR-7: asked by the borrower on XXXXXX3210' },
    ]);
    vi.spyOn(api, 'getWorkflow').mockResolvedValue({ ...personalLoan, version: 2, versions: [1, 2] });
    render(<DefinitionsPage id={personalLoan.id} query={new URLSearchParams('version=2')} />, 'Viewer');
    const list = await screen.findByTestId('version-list');
    await waitFor(() => expect(within(list).getAllByTestId('version-row')).toHaveLength(2));
    const [newest, first] = within(list).getAllByTestId('version-row');
    expect(newest.dataset.version).toBe('2');
    expect(within(newest).getByTestId('version-by').textContent).toBe('ana');
    expect(within(newest).getByTestId('version-reason').textContent).toBe('CR-7: asked by the borrower on XXXXXX3210');
    expect(within(newest).getByTestId('version-compare').getAttribute('href')).toBe('#/definitions/finbox-personal-loan/compare?from=1&to=2');
    expect(within(first).getByTestId('version-reason').textContent).toBe('no reason recorded');
    expect(within(first).queryByTestId('version-compare')).toBeNull();
    expect(screen.getByTestId('compare-versions').getAttribute('href')).toBe('#/definitions/finbox-personal-loan/compare?from=1&to=2');
  });
});
