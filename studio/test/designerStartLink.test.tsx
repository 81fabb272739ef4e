import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { DefinitionDocument } from '../src/api/types';
import { DesignerPage } from '../src/designer/DesignerPage';
import { SessionContext } from '../src/lib/roles';

// Monaco and React Flow do not run in jsdom; these tests need neither.
vi.mock('../src/components/JsonEditor', () => ({ JsonEditor: () => null }));
vi.mock('../src/designer/DesignerGraph', () => ({ DesignerGraph: () => null }));

// Walk 42 (a top-up journey built from an empty draft): the designer of a workflow never published offered *Start a
// journey*, which opened "Not found (404) No workflow definition with id … is loaded" and a console error.
const draft: DefinitionDocument = { id: 'topup', version: 1, title: 'Top-up', start: 'end', steps: [{ id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } }] };

beforeEach(() => {
  window.history.replaceState(null, '', '#/definitions/topup/edit');
  vi.spyOn(api, 'listActivities').mockResolvedValue([]);
  vi.spyOn(api, 'getDraft').mockResolvedValue({ id: 'topup', revision: 1, definition: draft, valid: true, errors: [] } as never);
  vi.spyOn(api, 'validate').mockResolvedValue({ valid: true, errors: [] } as never);
});

afterEach(() => vi.restoreAllMocks());

describe("the designer's Start a journey", () => {
  it('is not offered before the first publish, and says when it will be', async () => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    await act(async () => {
      render(<SessionContext.Provider value={{ name: 'dev', role: 'Admin' }}><DesignerPage id="topup" /></SessionContext.Provider>);
    });
    expect((await screen.findByTestId('start-unavailable')).textContent).toBe('Journeys start once a version is published');
    expect(screen.queryByTestId('start-link')).toBeNull();
  });

  it('is offered once a version is published', async () => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: 'topup' }] as never);
    vi.spyOn(api, 'exportDefinition').mockResolvedValue(draft);
    await act(async () => {
      render(<SessionContext.Provider value={{ name: 'dev', role: 'Admin' }}><DesignerPage id="topup" /></SessionContext.Provider>);
    });
    expect((await screen.findByTestId('start-link')).getAttribute('href')).toContain('/definitions/topup/start');
    expect(screen.queryByTestId('start-unavailable')).toBeNull();
  });
});

// Walk 51: after a publish the message said only that new journeys take the new version; the journeys waiting on the old
// one are moved from its definition page, which nothing led to.
describe('a publish', () => {
  const published = (version: number) => ({ ...draft, version });
  const publishV5 = async (role: 'Admin' | 'Designer') => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: 'topup' }] as never);
    vi.spyOn(api, 'exportDefinition').mockImplementation(async (_id, version) => published(version ?? 4));
    vi.spyOn(api, 'publish').mockResolvedValue({ version: 5 } as never);
    await act(async () => {
      render(<SessionContext.Provider value={{ name: 'dev', role }}><DesignerPage id="topup" /></SessionContext.Provider>);
    });
    fireEvent.click(await screen.findByTestId('publish'));
    fireEvent.change(screen.getByTestId('publish-reason'), { target: { value: 'top-up limit' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('publish-confirm'));
    });
    return screen.findByTestId('designer-message');
  };

  it('leads to the journeys waiting on the version before', async () => {
    const message = await publishV5('Admin');
    expect(message.textContent).toContain('Published version 5.');
    const link = screen.getByTestId('designer-move-link');
    expect(link.textContent).toBe('move those waiting on v4');
    expect(link.getAttribute('href')).toBe('#/definitions/topup?version=4');
  });

  it('does not offer the move to a role that cannot move journeys', async () => {
    await publishV5('Designer');
    expect(screen.queryByTestId('designer-move-link')).toBeNull();
  });

  // Walk 54: a Designer (who may not move journeys) was told nothing of the journeys left on the older versions.
  it('tells a role that cannot move journeys how many still run on older versions, and that an Operator moves them', async () => {
    const list = vi.spyOn(api, 'listInstances').mockImplementation(async (f) => ({
      items: [], total: 0, next: null,
      countsByStatus: f.version === 5 ? { Running: 1 } : { Running: 1, Waiting: 3, Faulted: 1, Completed: 9, Cancelled: 2 },
    }) as never);
    const message = await publishV5('Designer');
    expect((await screen.findByTestId('designer-older-left')).textContent)
      .toBe(' 4 journeys still run on older versions and finish there, unless an Operator moves them to v5.');
    expect(message.textContent).toContain('Published version 5.');
    expect(list).toHaveBeenCalledWith(expect.objectContaining({ workflowId: 'topup', version: 5 }));
  });

  it('says nothing of older versions when no journey runs on them, nor to a role that can move them', async () => {
    const list = vi.spyOn(api, 'listInstances').mockResolvedValue({ items: [], total: 0, next: null, countsByStatus: { Completed: 3 } } as never);
    await publishV5('Designer');
    await act(async () => {});
    expect(list).toHaveBeenCalled();
    expect(screen.queryByTestId('designer-older-left')).toBeNull();
  });

  it('leaves the count to the move link for a role that can move journeys', async () => {
    const list = vi.spyOn(api, 'listInstances');
    await publishV5('Admin');
    expect(list).not.toHaveBeenCalled();
    expect(screen.queryByTestId('designer-older-left')).toBeNull();
  });
});
