import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from '../src/api/client';
import { DesignerPage } from '../src/designer/DesignerPage';
import { navigate, useRoute } from '../src/lib/router';

// Monaco does not run in jsdom; these tests never open the JSON view.
vi.mock('../src/components/JsonEditor', () => ({ JsonEditor: () => null }));

function Harness() {
  const route = useRoute();
  return route.path === '/journeys' ? <p data-testid="journeys-page">Journeys</p> : <DesignerPage id="nope-wf" />;
}

/** True when the page asks before the tab is closed or reloaded (a listener cancels `beforeunload`). */
function asksBeforeUnload(): boolean {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
}

beforeEach(() => {
  window.history.replaceState(null, '', '#/definitions/nope-wf/edit');
  vi.spyOn(api, 'listActivities').mockResolvedValue([]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a designer link whose draft did not load', () => {
  const failures: [string, () => void][] = [
    ['a workflow that does not exist (404)', () => {
      vi.spyOn(api, 'getDraft').mockResolvedValue(null);
      vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    }],
    ['a draft the role may not read (403)', () => {
      vi.spyOn(api, 'getDraft').mockRejectedValue(new ApiError({ title: 'Forbidden', status: 403, detail: 'Designer role required.' }));
      vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    }],
    ['a server error (500)', () => {
      vi.spyOn(api, 'getDraft').mockRejectedValue(new ApiError({ title: 'Internal Server Error', status: 500 }));
      vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    }],
  ];

  it.each(failures)('%s: shows the problem and leaves without asking', async (_, arrange) => {
    arrange();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await act(async () => {
      render(<Harness />);
    });
    expect(await screen.findByRole('link', { name: 'Back to definitions' })).toBeTruthy();

    expect(asksBeforeUnload()).toBe(false);
    await act(async () => navigate('/journeys'));
    expect(await screen.findByTestId('journeys-page')).toBeTruthy();
    expect(confirm).not.toHaveBeenCalled();
  });
});
