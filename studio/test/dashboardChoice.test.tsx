import { render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { WorkflowSummary } from '../src/api/types';
import { DASHBOARD_WORKFLOW_KEY } from '../src/lib/dashboardChoice';
import { DashboardPage } from '../src/pages/Dashboard';
import { funnel } from './fixtures';

// Walk 52 and 53: the dashboard opened on the first workflow by title (Capital Float pay-later) every time its URL named
// none, so an operator of personal loans chose their workflow again on every visit. It now opens on the one last viewed in
// this browser (while still loaded), else the first by title (docs/studio.md, "Walk 53").

const wf = (id: string, title: string): WorkflowSummary => ({ id, title, latestVersion: 1, versions: [1], inputs: [] });
const workflows = [wf('capitalfloat-paylater', 'Capital Float pay-later'), wf('finbox-personal-loan', 'FinBox personal loan')];

function open(query = '') {
  vi.spyOn(api, 'listWorkflows').mockResolvedValue(workflows);
  vi.spyOn(api, 'getFunnel').mockImplementation(async (id: string) => ({ ...funnel, workflowId: id, stuck: [] }));
  vi.spyOn(api, 'getWorkflow').mockRejectedValue(new Error('not needed'));
  window.location.hash = `#/dashboard${query ? `?${query}` : ''}`;
  return render(<DashboardPage query={new URLSearchParams(query)} />);
}

const chosen = () => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('workflowId');

beforeEach(() => window.localStorage.clear());
afterEach(() => {
  vi.restoreAllMocks();
  window.localStorage.clear();
  window.location.hash = '';
});

describe('the workflow the dashboard opens on', () => {
  it('is the one last viewed on the dashboard in this browser', async () => {
    const first = open('workflowId=finbox-personal-loan');
    await waitFor(() => expect(window.localStorage.getItem(DASHBOARD_WORKFLOW_KEY)).toBe('finbox-personal-loan'));
    first.unmount();
    open();
    await waitFor(() => expect(chosen()).toBe('finbox-personal-loan'));
  });

  it('is the first by title on a first visit, and when the one last viewed is no longer loaded', async () => {
    open();
    await waitFor(() => expect(chosen()).toBe('capitalfloat-paylater'));
    window.localStorage.setItem(DASHBOARD_WORKFLOW_KEY, 'retired-workflow');
    window.location.hash = '';
    open();
    await waitFor(() => expect(chosen()).toBe('capitalfloat-paylater'));
  });
});
