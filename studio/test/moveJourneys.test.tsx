import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { MigrationBatch } from '../src/api/types';
import { defaultMove, MoveJourneys } from '../src/components/definitions/MoveJourneys';
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
  // Walk 51: the button that opens it is replaced by it, and Close by the button: the focus fell to the page both ways.
  it('takes the focus to its heading when opened, and back to the button when closed', async () => {
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    render(<MoveJourneys def={v1} />);
    const opener = screen.getByTestId('move-journeys');
    opener.focus();
    fireEvent.click(opener);
    const heading = screen.getByRole('heading', { name: 'Move waiting journeys from v1 to v2' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await waitFor(() => expect(api.getWorkflow).toHaveBeenCalledWith(v1.id, 2));
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('move-journeys')));
  });


  // Walk 52: what a move does to the step a journey waits at was said only in the dry run's per-journey note, and only
  // when the target gave that step other inputs; an author reading the wizard found it nowhere before the dry run.
  it('says before any dry run that the step a journey waits at is not run again, with the versions chosen', async () => {
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    render(<MoveJourneys def={v1} />);
    fireEvent.click(screen.getByTestId('move-journeys'));
    await waitFor(() => expect(api.getWorkflow).toHaveBeenCalledWith(v1.id, 2));
    const help = screen.getByTestId('move-help').textContent;
    expect(help).toContain('no step it completed runs again, and neither does the step it waits at.');
    expect(help).toContain('That step keeps the wait v1 started (the same webhook keys and timers; what it sent is not sent again), even where v2 gives it other inputs; to start it over with v2\'s inputs, use Go to step… on the journey after the move (it runs again).');
    expect(screen.queryByTestId('move-summary')).toBeNull();
  });

  it('says a dry run that matched no journey has nothing to move, without an empty table or a move button', async () => {
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    vi.spyOn(api, 'migrate').mockResolvedValue({ batchId: 'B-0', dryRun: true, matched: 0, cap: 1000, canMigrate: 0, migrated: 0, items: [] });
    render(<MoveJourneys def={v1} />);
    fireEvent.click(screen.getByTestId('move-journeys'));
    const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
    await waitFor(() => expect(dryRun.disabled).toBe(false));
    fireEvent.click(dryRun);
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('No journey is waiting or faulted on v1: nothing to move.'));
    expect(screen.queryByTestId('move-table')).toBeNull();
    expect(screen.queryByTestId('move-apply')).toBeNull();
  });

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

  // capitalfloat-paylater at v4, its picker on the latest: the wizard opened "from v4" to v3, a downgrade.
  it('with the latest version shown, moves the journeys of the version before it to the latest', async () => {
    const latest = { ...personalLoan, version: 4, versions: [1, 2, 3, 4] };
    const read = vi.spyOn(api, 'getWorkflow').mockImplementation(async (_id, version) => ({ ...latest, version: version ?? 4 }));
    const migrate = vi.spyOn(api, 'migrate').mockImplementation(async (body) => batch(body.dryRun));
    render(<MoveJourneys def={latest} />);
    fireEvent.click(screen.getByTestId('move-journeys'));

    const from = screen.getByRole<HTMLSelectElement>('combobox', { name: 'From version' });
    const to = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Target version' });
    expect([from.value, to.value]).toEqual(['3', '4']);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Move waiting journeys from v3 to v4');
    const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
    await waitFor(() => expect(dryRun.disabled).toBe(false));
    expect(read).toHaveBeenCalledWith(latest.id, 3);
    fireEvent.click(dryRun);
    await waitFor(() => expect(migrate).toHaveBeenCalledWith(expect.objectContaining({ fromVersion: 3, toVersion: 4, dryRun: true })));

    // Both stay the user's to change; the source is never offered as its own target.
    fireEvent.change(from, { target: { value: '1' } });
    expect(screen.queryByTestId('move-summary')).toBeNull();
    await waitFor(() => expect(read).toHaveBeenCalledWith(latest.id, 1));
    fireEvent.change(from, { target: { value: '4' } });
    expect([from.value, to.value]).toEqual(['4', '3']);
    expect(Array.from(to.options).map((o) => o.value)).toEqual(['1', '2', '3']);
    fireEvent.change(to, { target: { value: '2' } });
    expect(to.value).toBe('2');
  });

  it('with an older version shown, moves its journeys to the latest', () => {
    vi.spyOn(api, 'getWorkflow').mockImplementation(async (_id, version) => ({ ...personalLoan, version: version ?? 4, versions: [1, 2, 3, 4] }));
    render(<MoveJourneys def={{ ...personalLoan, version: 2, versions: [1, 2, 3, 4] }} />);
    fireEvent.click(screen.getByTestId('move-journeys'));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'From version' }).value).toBe('2');
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Target version' }).value).toBe('4');
  });

  // Session 40: the server moves the journeys of a version this build cannot compile, but its definition answers 409
  // version_unloadable. The wizard read it for the step map, showed the 409 and kept Dry run disabled for good.
  it('moves the journeys of a source version that does not load: shows why, maps the steps the dry run names', async () => {
    vi.spyOn(api, 'getWorkflow').mockImplementation(async (_id, version) => {
      if (version === 1) {
        throw new ApiError({ type: 'about:blank', title: 'Version does not load', status: 409, code: 'version_unloadable', detail: "step 'verify': Activity type 'Gone.Kyc' is not registered." });
      }
      return personalLoan;
    });
    const migrate = vi.spyOn(api, 'migrate').mockImplementation(async (body) => ({
      ...batch(true), canMigrate: body.stepMap.verify ? 1 : 0,
      items: [{ ...item(false), stepId: 'verify', targetStepId: body.stepMap.verify ?? null, canMigrate: !!body.stepMap.verify, code: body.stepMap.verify ? null : 'step_missing', reason: body.stepMap.verify ? null : "Step 'verify' is not in version 2." }],
    }));
    render(<MoveJourneys def={personalLoan} />);
    fireEvent.click(screen.getByTestId('move-journeys'));

    await waitFor(() => expect(screen.getByTestId('move-source-unloadable').textContent).toContain("Activity type 'Gone.Kyc' is not registered."));
    expect(screen.getByTestId('move-source-unloadable').textContent).toContain('version_unloadable');
    const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
    expect(dryRun.disabled).toBe(false);
    fireEvent.click(dryRun);
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('0 of 1 journey can move to v2.'));
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ fromVersion: 1, toVersion: 2, dryRun: true, stepMap: {} }));

    // The step its journey stands at, from the dry run; its activity is not known here, so every step of v2 is offered.
    const map = screen.getByTestId('map-verify') as HTMLSelectElement;
    expect(Array.from(map.options).map((o) => o.value)).toEqual(['', ...personalLoan.steps.map((st) => st.id)]);
    fireEvent.change(map, { target: { value: 'awaitKyc' } });
    // A step no journey stands at (a once-only step they completed) is named by hand.
    fireEvent.change(screen.getByTestId('move-map-step-id'), { target: { value: ' sanction ' } });
    fireEvent.click(screen.getByTestId('move-map-add'));
    fireEvent.change(screen.getByTestId('map-sanction'), { target: { value: 'triggerDisbursal' } });
    fireEvent.click(dryRun);
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('1 of 1 journey can move to v2.'));
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ fromVersion: 1, stepMap: { verify: 'awaitKyc', sanction: 'triggerDisbursal' } }));
    expect(screen.getByTestId('move-apply').textContent).toBe('Move 1 journey');
    expect(screen.queryByRole('button', { name: 'Dismiss error' })).toBeNull();
  });

  // Walk 49: a step map changed after the dry run kept that dry run's table and its Move button, which then moved the
  // journeys with a map no dry run had shown (here to the rejection's share instead of the approval's).
  it('offers the move only for the step map its dry run was made with; a changed map asks for the dry run again', async () => {
    const source = { ...personalLoan, version: 1, steps: personalLoan.steps.map((st) => (st.id === 'shareApproved' ? { ...st, id: 'tellPartner' } : st)) };
    vi.spyOn(api, 'getWorkflow').mockImplementation(async (_id, version) => (version === 1 ? source : personalLoan));
    const migrate = vi.spyOn(api, 'migrate').mockImplementation(async (body) => ({
      ...batch(body.dryRun),
      items: [{ ...item(!body.dryRun), stepId: 'tellPartner', targetStepId: body.stepMap.tellPartner ?? null }],
    }));
    vi.stubGlobal('EventSource', class { addEventListener() {} close() {} });
    render(<MoveJourneys def={source} />);
    fireEvent.click(screen.getByTestId('move-journeys'));

    const map = await screen.findByTestId('map-tellPartner') as HTMLSelectElement;
    expect(Array.from(map.options).map((o) => o.value)).toEqual(['', 'shareApproved', 'shareRejected']);
    fireEvent.change(map, { target: { value: 'shareApproved' } });
    const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
    await waitFor(() => expect(dryRun.disabled).toBe(false));
    fireEvent.click(dryRun);
    await waitFor(() => expect(screen.getByTestId('move-apply')).toBeTruthy());
    expect(screen.queryByTestId('move-stale')).toBeNull();
    fireEvent.change(screen.getByTestId('move-reason'), { target: { value: 'PL-150 partner step renamed' } });

    // The map changes: the table stays to read, but nothing moves until a dry run shows this map.
    fireEvent.change(map, { target: { value: 'shareRejected' } });
    expect(screen.queryByTestId('move-apply')).toBeNull();
    expect(screen.getByTestId('move-stale').textContent).toContain('run the dry run again');
    fireEvent.change(map, { target: { value: 'shareApproved' } });
    expect(screen.getByTestId('move-apply')).toBeTruthy();
    fireEvent.change(map, { target: { value: 'shareRejected' } });

    fireEvent.click(dryRun);
    await waitFor(() => expect(screen.queryByTestId('move-stale')).toBeNull());
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ dryRun: true, stepMap: { tellPartner: 'shareRejected' } }));
    expect((screen.getByTestId('move-reason') as HTMLTextAreaElement).value).toBe('PL-150 partner step renamed');
    fireEvent.click(screen.getByTestId('move-apply'));
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('1 journey moved to v2; 0 stayed.'));
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ dryRun: false, stepMap: { tellPartner: 'shareRejected' }, reason: 'PL-150 partner step renamed' }));
  });

  // Session 54: a canary. After the dry run every movable journey is chosen; the operator chooses some (by their boxes, or
  // the first N), the move sends their ids, and the result says which moved and which were not chosen and stay.
  it('moves only the journeys chosen after the dry run (the first N, or by their boxes) by their ids, and says the rest stay', async () => {
    const row = (n: number, canMigrate = true) => ({ ...item(false), instanceId: `I-0000000${n}`, canMigrate, code: canMigrate ? null : 'not_waiting', reason: canMigrate ? null : 'It is Running.' });
    const dryItems = [row(1), row(2), row(3), row(4, false), row(5)];
    const migrate = vi.spyOn(api, 'migrate').mockImplementation(async (body) => body.dryRun
      ? { batchId: 'B-1', dryRun: true, matched: 5, cap: 1000, canMigrate: 4, migrated: 0, items: dryItems }
      : { batchId: 'B-2', dryRun: false, matched: body.ids!.length, cap: 500, canMigrate: body.ids!.length, migrated: body.ids!.length,
        items: body.ids!.map((id) => ({ ...row(Number(id.slice(-1))), migrated: true })) });
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    vi.stubGlobal('EventSource', class { addEventListener() {} close() {} });
    render(<MoveJourneys def={v1} />);
    fireEvent.click(screen.getByTestId('move-journeys'));
    const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
    await waitFor(() => expect(dryRun.disabled).toBe(false));
    fireEvent.click(dryRun);

    await waitFor(() => expect(screen.getByTestId('move-chosen').textContent).toBe('4 of 4 chosen'));
    expect(screen.getAllByTestId('move-pick')).toHaveLength(4); // none for the journey that cannot move
    expect(screen.getByTestId('move-apply').textContent).toBe('Move 4 journeys');
    fireEvent.change(screen.getByTestId('move-first-n'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('move-choose-first'));
    expect(screen.getByTestId('move-chosen').textContent).toBe('2 of 4 chosen');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Move 00000002' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Move 00000005' }));
    expect(screen.getByTestId('move-apply').textContent).toBe('Move 2 journeys');
    fireEvent.click(screen.getByTestId('move-choose-none'));
    expect((screen.getByTestId('move-apply') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('move-choose-all'));
    expect(screen.getByTestId('move-chosen').textContent).toBe('4 of 4 chosen');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Move 00000003' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Move 00000002' }));

    fireEvent.change(screen.getByTestId('move-reason'), { target: { value: 'canary' } });
    fireEvent.click(screen.getByTestId('move-apply'));
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('2 journeys moved to v2; 0 stayed. 2 journeys not chosen stay on v1.'));
    expect(migrate).toHaveBeenLastCalledWith(expect.objectContaining({ dryRun: false, ids: ['I-00000001', 'I-00000005'], reason: 'canary' }));
    const results = screen.getAllByTestId('move-row').map((r) => [r.querySelector('td')!.textContent, r.querySelectorAll('td')[4].textContent]);
    expect(results).toEqual([['00000001', 'movedkept the wait at step awaitKyc'], ['00000005', 'movedkept the wait at step awaitKyc'], ['00000002', 'not chosen: stays on v1'], ['00000003', 'not chosen: stays on v1']]);
  });

  it('sends every movable journey by filter, without ids, when all are chosen', async () => {
    const migrate = vi.spyOn(api, 'migrate').mockImplementation(async (body) => ({ ...batch(body.dryRun), matched: 2, canMigrate: 2, migrated: body.dryRun ? 0 : 2,
      items: [item(!body.dryRun), { ...item(!body.dryRun), instanceId: 'I-2' }] }));
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(personalLoan);
    vi.stubGlobal('EventSource', class { addEventListener() {} close() {} });
    render(<MoveJourneys def={v1} />);
    fireEvent.click(screen.getByTestId('move-journeys'));
    const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
    await waitFor(() => expect(dryRun.disabled).toBe(false));
    fireEvent.click(dryRun);
    await waitFor(() => expect(screen.getByTestId('move-chosen').textContent).toBe('2 of 2 chosen'));
    fireEvent.change(screen.getByTestId('move-reason'), { target: { value: 'all' } });
    fireEvent.click(screen.getByTestId('move-apply'));
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('2 journeys moved to v2; 0 stayed.'));
    expect(migrate.mock.lastCall![0]).not.toHaveProperty('ids');
  });

  it.each([
    [[1, 2, 3, 4], 4, { from: 3, to: 4 }],
    [[1, 2, 3, 4], 2, { from: 2, to: 4 }],
    [[1, 2], 1, { from: 1, to: 2 }],
    [[3, 1, 2], 3, { from: 2, to: 3 }],
    [[1], 1, null],
  ])('defaultMove(%j, shown v%i) is %j', (versions, shown, expected) => {
    expect(defaultMove(versions, shown)).toEqual(expected);
  });
});
