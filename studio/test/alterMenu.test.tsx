import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { InstanceDetail, MigrationResult, WorkflowDefinitionView } from '../src/api/types';
import { AlterMenu } from '../src/components/journey/AlterMenu';
import { personalLoan, summary, waitingDetail } from './fixtures';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the Alter menu’s Go to step', () => {
  it('starts on a placeholder with Apply disabled until a step is chosen, then sends the chosen step', async () => {
    const gotoStep = vi.spyOn(api, 'gotoStep').mockResolvedValue({ ...summary, status: 'Waiting' });
    render(<AlterMenu detail={waitingDetail} def={personalLoan} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Go to step…' }));

    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Go to step' });
    expect(select.value).toBe('');
    expect(select.selectedOptions[0].textContent).toBe('Choose a step…');
    fireEvent.change(screen.getByTestId('alter-reason'), { target: { value: 'borrower asked' } });
    const apply = screen.getByRole('button', { name: 'Apply' });
    expect(apply).toHaveProperty('disabled', true);

    fireEvent.change(select, { target: { value: 'triggerDisbursal' } });
    expect(apply).toHaveProperty('disabled', false);
    fireEvent.click(apply);
    await waitFor(() => expect(gotoStep).toHaveBeenCalledWith(waitingDetail.id, 'triggerDisbursal', 'borrower asked'));
    expect(gotoStep).toHaveBeenCalledTimes(1);
  });

  // Walk 49: "Variables set" stayed under the Go to step form opened next, as if it were that form's answer; the reason
  // was a one-line field, the only reason of the Studio without its box of two lines and its "kept in" hint.
  it('opens without the last alteration\'s answer, and asks the reason as every other action does', async () => {
    const setVariables = vi.spyOn(api, 'setVariables').mockResolvedValue({ ...summary, status: 'Waiting' });
    render(<AlterMenu detail={waitingDetail} def={personalLoan} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit variables…' }));
    const json = screen.getByTestId('alter-variables-json') as HTMLTextAreaElement;
    fireEvent.change(json, { target: { value: JSON.stringify({ ...JSON.parse(json.value), kycAction: 'manual-review' }) } });
    const reason = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Reason (required) (kept in the journal and the audit trail)' });
    expect([reason.tagName, reason.maxLength]).toEqual(['TEXTAREA', 500]);
    fireEvent.change(reason, { target: { value: 'compliance asked for a manual review' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect((await screen.findByTestId('alter-message')).textContent).toBe('Variables set');
    expect(setVariables).toHaveBeenCalledWith(waitingDetail.id, { kycAction: 'manual-review' }, 'compliance asked for a manual review');

    fireEvent.click(screen.getByRole('button', { name: 'Go to step…' }));
    expect(screen.getByRole('combobox', { name: 'Go to step' })).toBeTruthy();
    expect(screen.queryByTestId('alter-message')).toBeNull();
  });

  // Walk 51 (an Operator): the focus stayed on the button that opened the form.
  it('takes the focus to the opened form\'s first field: the step, or the variables', () => {
    render(<AlterMenu detail={waitingDetail} def={personalLoan} onDone={() => {}} />);
    const goto = screen.getByRole('button', { name: 'Go to step…' });
    goto.focus();
    fireEvent.click(goto);
    expect(document.activeElement).toBe(screen.getByRole('combobox', { name: 'Go to step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Edit variables…' }));
    expect(document.activeElement).toBe(screen.getByTestId('alter-variables-json'));
  });

  it('opens on the placeholder again after a step was chosen and the form closed', () => {
    render(<AlterMenu detail={waitingDetail} def={personalLoan} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Go to step…' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Go to step' }), { target: { value: 'createUser' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Go to step…' }));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Go to step' }).value).toBe('');
  });
});

describe('the Alter menu of a journey whose version does not load', () => {
  // Its own definition answers 409 version_unloadable, so there is no def; the journey page passes the latest's versions.
  it('still offers Move to version…, to the versions that load', async () => {
    const migrateOne = vi.spyOn(api, 'migrateOne').mockResolvedValue({
      instanceId: waitingDetail.id, workflowId: waitingDetail.workflowId, fromVersion: 1, toVersion: 2, status: 'Faulted', stepId: 'awaitKyc',
      targetStepId: 'awaitKyc', canMigrate: true, migrated: false, code: null, reason: null,
    });
    render(<AlterMenu detail={{ ...waitingDetail, version: 1 }} def={null} versions={[1, 2]} onDone={() => {}} />);
    const move = screen.getByRole('button', { name: 'Move to version…' });
    expect(move).toHaveProperty('disabled', false);
    fireEvent.click(move);
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Target version' }).value).toBe('2');
    await waitFor(() => expect(migrateOne).toHaveBeenCalledWith(waitingDetail.id, { toVersion: 2, dryRun: true }));
  });

  it('says so when there is no other version', () => {
    render(<AlterMenu detail={{ ...waitingDetail, version: 1 }} def={null} versions={[1]} onDone={() => {}} />);
    expect(screen.getByRole('button', { name: 'Move to version…' })).toHaveProperty('disabled', true);
    expect(screen.getByTestId('alter-move-none').textContent).toBe(`v1 is the only version of ${waitingDetail.workflowId}: there is no other to move to.`);
  });
});

describe('the Alter menu’s Move to version', () => {
  // A journey waiting at awaitKyc of v1 of a workflow with three versions.
  const onV1: InstanceDetail = { ...waitingDetail, version: 1 };
  const threeVersions: WorkflowDefinitionView = { ...personalLoan, version: 1, versions: [2, 1, 3] };
  const check = (over: Partial<MigrationResult> = {}): MigrationResult => ({
    instanceId: onV1.id, workflowId: onV1.workflowId, fromVersion: 1, toVersion: 3, status: 'Waiting', stepId: 'awaitKyc',
    targetStepId: 'awaitKyc', canMigrate: true, migrated: false, code: null, reason: null, ...over,
  });

  it('targets the latest version, checks it with a dry run, asks for a reason, moves the journey and refreshes it', async () => {
    const migrateOne = vi.spyOn(api, 'migrateOne').mockImplementation(async (_id, body) =>
      body.dryRun ? check({ toVersion: body.toVersion }) : check({ toVersion: body.toVersion, migrated: true }));
    const onDone = vi.fn();
    render(<AlterMenu detail={onV1} def={threeVersions} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: 'Move to version…' }));

    const select = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Target version' });
    expect(select.value).toBe('3');
    expect([...select.options].map((o) => o.textContent)).toEqual(['v3 (latest)', 'v2']);
    await waitFor(() => expect(screen.getByTestId('alter-move-check').getAttribute('data-can-migrate')).toBe('true'));
    expect(migrateOne).toHaveBeenCalledWith(onV1.id, { toVersion: 3, dryRun: true });
    expect(screen.getByTestId('alter-move-check').textContent).toBe('Can move: awaitKyc on v1 → awaitKyc on v3.');

    fireEvent.click(screen.getByRole('button', { name: 'Move…' }));
    const dialog = screen.getByRole('dialog', { name: 'Move this journey to v3?' });
    // Walk 52: the waiting step is not run again by a move, which the confirmation did not say ("runs that version's
    // steps from there on" read as if awaitKyc started over on v3).
    expect(dialog.textContent).toContain('runs that version\'s steps after it. The step it waits at is not run again: it keeps the wait v1 started, even where v3 gives the step other inputs (Go to step… after the move runs it again with them).');
    const confirm = within(dialog).getByTestId('confirm-button') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), { target: { value: '   ' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), { target: { value: ' v3 fixes the KYC poll ' } });
    fireEvent.click(confirm);

    await waitFor(() => expect(migrateOne).toHaveBeenCalledWith(onV1.id, { toVersion: 3, dryRun: false, reason: 'v3 fixes the KYC poll' }));
    expect((await screen.findByTestId('alter-message')).textContent).toBe('Moved to v3 at awaitKyc: kept the wait at step awaitKyc.');
    expect(onDone).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByTestId('alter-move-form')).toBeNull();
  });

  it('keeps Move… disabled with the server’s reason when the dry run says the journey cannot move, and checks again for another version', async () => {
    const migrateOne = vi.spyOn(api, 'migrateOne').mockImplementation(async (_id, body) => body.toVersion === 3
      ? check({ canMigrate: false, targetStepId: null, code: 'step_missing', reason: "Version 3 has no step 'awaitKyc' (FinBox.AwaitKyc)." })
      : check({ toVersion: 2 }));
    render(<AlterMenu detail={onV1} def={threeVersions} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Move to version…' }));

    await waitFor(() => expect(screen.getByTestId('alter-move-check').getAttribute('data-code')).toBe('step_missing'));
    expect(screen.getByTestId('alter-move-check').textContent).toBe("Cannot move to v3: Version 3 has no step 'awaitKyc' (FinBox.AwaitKyc).");
    const move = screen.getByRole<HTMLButtonElement>('button', { name: 'Move…' });
    expect(move.disabled).toBe(true);
    expect(move.getAttribute('aria-describedby')).toBe(screen.getByTestId('alter-move-check').id);

    fireEvent.change(screen.getByRole('combobox', { name: 'Target version' }), { target: { value: '2' } });
    await waitFor(() => expect(migrateOne).toHaveBeenCalledWith(onV1.id, { toVersion: 2, dryRun: true }));
    await waitFor(() => expect(move.disabled).toBe(false));
  });

  it('shows a move the server refuses when applied, and a problem it answers, and refreshes the journey', async () => {
    const migrateOne = vi.spyOn(api, 'migrateOne').mockResolvedValueOnce(check())
      .mockResolvedValueOnce(check({ canMigrate: false, code: 'changed_meanwhile', reason: 'It changed each of the 3 times it was checked.' }));
    const onDone = vi.fn();
    render(<AlterMenu detail={onV1} def={threeVersions} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: 'Move to version…' }));
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move…' }).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Move…' }));
    fireEvent.change(within(screen.getByRole('dialog')).getByLabelText('Reason (required)'), { target: { value: 'try' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByTestId('confirm-button'));
    await waitFor(() => expect(screen.getByTestId('alter-move-check').getAttribute('data-code')).toBe('changed_meanwhile'));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move…' }).disabled).toBe(true);
    expect(screen.queryByTestId('alter-message')).toBeNull();
    expect(onDone).toHaveBeenCalledTimes(1);

    migrateOne.mockRejectedValueOnce(new ApiError({ title: 'Not found', status: 404, detail: "Workflow definition 'finbox-personal-loan' has no version 2.",
      code: 'workflow_not_found', errors: { toVersion: ["Workflow 'finbox-personal-loan' has no version 2."] } }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Target version' }), { target: { value: '2' } });
    const problem = await screen.findByTestId('problem');
    expect(problem.textContent).toContain('has no version 2');
    expect(problem.textContent).toContain('toVersion');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move…' }).disabled).toBe(true);
  });

  it('is disabled with why on a workflow with one version, and waits for the definition', () => {
    const { rerender } = render(<AlterMenu detail={onV1} def={null} onDone={() => {}} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Move to version…' }).disabled).toBe(true);
    rerender(<AlterMenu detail={onV1} def={{ ...personalLoan, version: 1, versions: [1] }} onDone={() => {}} />);
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Move to version…' });
    expect(button.disabled).toBe(true);
    expect(screen.getByTestId('alter-move-none').textContent).toBe('v1 is the only version of finbox-personal-loan: there is no other to move to.');
    expect(button.getAttribute('aria-describedby')).toBe(screen.getByTestId('alter-move-none').id);
  });
});
