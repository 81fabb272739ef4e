import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from '../src/api/client';
import type { DefinitionDocument } from '../src/api/types';
import { DesignerPage } from '../src/designer/DesignerPage';
import { draftConflictHeadline } from '../src/designer/draftConflict';
import { formatTime } from '../src/lib/format';

// Monaco and React Flow do not run in jsdom: the save needs neither the JSON view nor the drawn flowchart.
vi.mock('../src/components/JsonEditor', () => ({ JsonEditor: () => null }));
vi.mock('../src/designer/DesignerGraph', () => ({ DesignerGraph: () => null }));

const doc: DefinitionDocument = { id: 'conflict-wf', version: 1, title: 'Conflict', start: 'end', steps: [{ id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } }] };
const stale = (extra: Record<string, string>) => new ApiError({ title: 'Conflict', status: 409, code: 'stale_revision', detail: 'The draft is at revision 5, not 4.', ...extra });

describe('a draft conflict', () => {
  it('names who changed the draft, how and when, as the server answers them', () => {
    const at = '2026-12-06T08:10:00.000+00:00';
    expect(draftConflictHeadline(stale({ savedBy: 'ada-admin', savedAt: at, change: 'save' }).problem))
      .toBe(`ada-admin saved this draft at ${formatTime(at)}, after you opened it.`);
    expect(draftConflictHeadline(stale({ savedBy: 'ada-admin', savedAt: at, change: 'publish' }).problem))
      .toBe(`ada-admin published this draft at ${formatTime(at)}, after you opened it.`);
    expect(draftConflictHeadline(stale({}).problem)).toBe('Someone saved this draft, after you opened it.');
  });

  describe('in the designer', () => {
    beforeEach(() => {
      window.history.replaceState(null, '', '#/definitions/conflict-wf/edit');
      vi.spyOn(api, 'listActivities').mockResolvedValue([]);
      vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
      vi.spyOn(api, 'validate').mockResolvedValue({ valid: true, errors: [] });
      vi.spyOn(api, 'getDraft').mockResolvedValue({ id: 'conflict-wf', revision: 4, contentHash: 'h', savedBy: 'dana-designer', savedAt: '2026-12-06T08:00:00.000+00:00', valid: true, errors: [], definition: doc });
    });
    afterEach(() => vi.restoreAllMocks());

    it('shows the saver of the newer draft when a save is refused', async () => {
      const at = '2026-12-06T08:10:00.000+00:00';
      vi.spyOn(api, 'saveDraft').mockRejectedValue(stale({ savedBy: 'ada-admin', savedAt: at, change: 'save' }));
      await act(async () => {
        render(<DesignerPage id="conflict-wf" />);
      });
      await screen.findByTestId('designer');
      fireEvent.click(await screen.findByTestId('tidy-layout'));
      const save = await screen.findByTestId('save-draft');
      await vi.waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
      await act(async () => {
        fireEvent.click(save);
      });
      expect((await screen.findByTestId('save-conflict-who')).textContent).toBe(`ada-admin saved this draft at ${formatTime(at)}, after you opened it.`);
    });

    // Walk 51: Save draft is disabled while it saves and once the draft is saved, so the focus fell to the page.
    it('takes the focus to the saved message, the button it was on being disabled', async () => {
      vi.spyOn(api, 'saveDraft').mockResolvedValue({ revision: 5, valid: true, errors: [] });
      await act(async () => {
        render(<DesignerPage id="conflict-wf" />);
      });
      fireEvent.click(await screen.findByTestId('tidy-layout'));
      const save = await screen.findByTestId('save-draft') as HTMLButtonElement;
      await vi.waitFor(() => expect(save.disabled).toBe(false));
      save.focus();
      await act(async () => {
        fireEvent.click(save);
      });
      const message = await screen.findByTestId('designer-message');
      expect(message.textContent).toBe('Saved as revision 5.');
      await vi.waitFor(() => expect(document.activeElement).toBe(message));
      expect(save.disabled).toBe(true);
    });
  });
});
