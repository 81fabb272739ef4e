import { screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import { DefinitionsPage } from '../src/pages/Definitions';
import { renderAs } from './renderAs';

const render = (ui: ReactElement) => renderAs('Viewer', ui, 'test-viewer');

afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

describe('definitions page: files of workflows/ that did not load', () => {
  it('lists each file with its workflow, step and field', async () => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    vi.spyOn(api, 'workflowLoadErrors').mockResolvedValue([
      { file: 'unknown-activity.json', workflowId: 'unknown-activity', stepId: 'wait', field: 'activity', code: 'UnknownActivity', message: "Activity type 'Core.WaitForSignl' is not registered." },
      { file: 'bad-json.json', workflowId: null, stepId: null, field: null, code: 'CorruptFile', message: 'Not a valid definition: end of data.' },
    ]);
    render(<DefinitionsPage query={new URLSearchParams()} />);
    const items = await screen.findAllByTestId('definition-load-error');
    expect(items.map((i) => i.textContent)).toEqual([
      "unknown-activity.json · workflow unknown-activity · step wait · field activity: Activity type 'Core.WaitForSignl' is not registered.",
      'bad-json.json: Not a valid definition: end of data.',
    ]);
    expect(screen.getByTestId('definition-load-errors').textContent).toContain('2 problems in workflow files');
  });

  it('shows nothing when every file loaded', async () => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    const errors = vi.spyOn(api, 'workflowLoadErrors').mockResolvedValue([]);
    render(<DefinitionsPage query={new URLSearchParams()} />);
    await vi.waitFor(() => expect(errors).toHaveBeenCalled());
    expect(screen.queryByTestId('definition-load-errors')).toBeNull();
  });
});
