import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { MigrationBatch } from '../src/api/types';
import { MoveJourneys } from '../src/components/definitions/MoveJourneys';
import { personalLoan } from './fixtures';

const v1 = { ...personalLoan, version: 1 };
const item = (migrated: boolean) => ({
  instanceId: 'I-1', workflowId: v1.id, fromVersion: 1, toVersion: 2, status: 'Waiting' as const, stepId: 'awaitKyc', targetStepId: 'awaitKyc',
  canMigrate: true, migrated, code: null, reason: null,
});
const batch = (dryRun: boolean): MigrationBatch => ({ batchId: 'B-1', dryRun, matched: 1, cap: 1000, canMigrate: 1, migrated: dryRun ? 0 : 1, items: [item(!dryRun)] });

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('the move wizard', () => {
  it('counts one journey in the singular: the dry run, the button and what moved', async () => {
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    vi.spyOn(api, 'migrate').mockImplementation(async (body) => batch(body.dryRun));
    vi.stubGlobal('EventSource', class { addEventListener() {} close() {} });
    render(<MoveJourneys def={v1} />);

    fireEvent.click(screen.getByTestId('move-journeys'));
    // Dry run is enabled once the target version is loaded and shown. Clicked as soon as getWorkflow had been called,
    // it was still disabled whenever React had not yet rendered the answer (a loaded machine, or
    // STUDIO_TEST_SLOW_SCHEDULER): the click did nothing and no summary came.
    const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
    await waitFor(() => expect(dryRun.disabled).toBe(false));
    expect(api.getWorkflow).toHaveBeenCalledWith(v1.id, 2);
    fireEvent.click(dryRun);
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('1 of 1 journey can move to v2.'));
    expect(screen.getByTestId('move-apply').textContent).toBe('Move 1 journey');

    fireEvent.change(screen.getByTestId('move-reason'), { target: { value: 'new KYC step' } });
    fireEvent.click(screen.getByTestId('move-apply'));
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('1 journey moved to v2; 0 stayed.'));
  });

  it('shows what the target version changes, read only when opened: the steps and the files\' line diff', async () => {
    const v2 = {
      ...personalLoan, version: 2,
      steps: personalLoan.steps.map((st, i) => (i === 0 ? { ...st, title: 'Create the FinBox user (v2)' } : st)),
    };
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(v2);
    const exported = vi.spyOn(api, 'exportDefinition').mockImplementation(async (_id, version) => (version === 1 ? v1 : v2) as never);
    render(<MoveJourneys def={v1} />);
    fireEvent.click(screen.getByTestId('move-journeys'));
    await waitFor(() => expect(api.getWorkflow).toHaveBeenCalledWith(v1.id, 2));

    const changes = screen.getByTestId('version-changes') as HTMLDetailsElement;
    expect(changes.querySelector('summary')?.textContent).toBe('What changed from v1 to v2');
    expect(exported).not.toHaveBeenCalled();
    changes.open = true;
    fireEvent(changes, new Event('toggle'));

    await waitFor(() => expect(screen.getByTestId('version-changes-summary').textContent).toContain(`Steps changed: ${personalLoan.steps[0].id}`));
    expect(exported).toHaveBeenCalledWith(v1.id, 1);
    expect(exported).toHaveBeenCalledWith(v1.id, 2);
    const removed = Array.from(changes.querySelectorAll('td[data-kind="del"] del')).map((d) => d.textContent?.trim());
    const added = Array.from(changes.querySelectorAll('td[data-kind="ins"] ins')).map((d) => d.textContent?.trim());
    expect(removed).toContain('"version": 1,');
    expect(added).toContain('"title": "Create the FinBox user (v2)",');
  });
});
