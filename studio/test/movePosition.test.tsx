import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { InstanceDetail, MigrationBatch, MigrationResult } from '../src/api/types';
import { MoveJourneys } from '../src/components/definitions/MoveJourneys';
import { AlterMenu } from '../src/components/journey/AlterMenu';
import { movePosition } from '../src/lib/movePosition';
import { personalLoan, waitingDetail } from './fixtures';

// Session 53: the server's answer says what a move does to the step a journey is at (`stepChange`, session 52), but the
// move dialogs showed only `review on v1 → review on v3` and the server's note; `stepChange` was read on the journal and
// audit entries alone, after the fact. The dialogs now say, per journey, where the move leaves it and what its wait keeps.
const result = (over: Partial<MigrationResult> = {}): MigrationResult => ({
  instanceId: 'I-1', workflowId: personalLoan.id, fromVersion: 3, toVersion: 4, status: 'Waiting', stepId: 'kyc', targetStepId: 'kyc',
  canMigrate: true, migrated: false, code: null, reason: null, stepChange: null, ...over,
});
const kept = { stepId: 'kyc', inputsChanged: true, activityChanged: false, keptInputsOf: 3 };
const KEEPS = 'keeps the wait v3 started at kyc, though v4 gives the step other inputs (a go-to-step back starts it again with them)';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('what a move does to a journey’s position, in words', () => {
  it('says it of a dry run ahead and of a move made after, with the server’s stepChange', () => {
    expect(movePosition(result())).toBe('keeps the wait at step kyc');
    expect(movePosition(result({ migrated: true }))).toBe('kept the wait at step kyc');
    expect(movePosition(result({ stepId: 'review', targetStepId: 'approval' }))).toBe('moves from step review to step approval, keeping its wait');
    expect(movePosition(result({ stepId: 'review', targetStepId: 'approval', migrated: true }))).toBe('moved from step review to step approval, keeping its wait');
    expect(movePosition(result({ stepChange: kept }))).toBe(KEEPS);
    expect(movePosition(result({ stepChange: kept, migrated: true }))).toBe(KEEPS.replace('keeps', 'kept'));
    expect(movePosition(result({ stepId: 'verify', stepChange: kept }))).toBe(`moves from step verify to step kyc; ${KEEPS}`);
  });

  it('says of a Faulted journey where it stays and what a retry runs', () => {
    const faulted = result({ status: 'Faulted' });
    expect(movePosition(faulted)).toBe('stays at step kyc: a retry runs it on v4');
    expect(movePosition({ ...faulted, migrated: true })).toBe('stayed at step kyc: a retry runs it on v4');
    expect(movePosition({ ...faulted, stepChange: { ...kept, keptInputsOf: null } })).toBe('stays at step kyc; v4 gives kyc other inputs: a retry runs it with them');
    expect(movePosition({ ...faulted, migrated: true, stepChange: { ...kept, keptInputsOf: null } })).toBe('stayed at step kyc; v4 changed the inputs of kyc: a retry runs it with them');
    expect(movePosition({ ...faulted, stepChange: { ...kept, activityChanged: true, keptInputsOf: null } })).toBe('stays at step kyc; v4 runs another activity at kyc: a retry runs it from its start');
  });

  it('says nothing of a journey that cannot move, or was refused when applied', () => {
    expect(movePosition(result({ canMigrate: false, targetStepId: null, code: 'step_missing' }))).toBeUndefined();
    expect(movePosition(result({ canMigrate: false, code: 'changed_meanwhile' }))).toBeUndefined();
  });
});

/** The wizard from v3 to v4, its dry run made: the server answers `batch` (asked with dryRun). */
async function dryRunFrom3To4(batch: (dryRun: boolean) => MigrationBatch) {
  vi.spyOn(api, 'getWorkflow').mockResolvedValue({ ...personalLoan, version: 4, versions: [3, 4] });
  vi.spyOn(api, 'migrate').mockImplementation(async (body) => batch(body.dryRun));
  vi.stubGlobal('EventSource', class { addEventListener() {} close() {} });
  render(<MoveJourneys def={{ ...personalLoan, version: 3, versions: [3, 4] }} />);
  fireEvent.click(screen.getByTestId('move-journeys'));
  const dryRun = screen.getByTestId('move-dry-run') as HTMLButtonElement;
  await waitFor(() => expect(dryRun.disabled).toBe(false));
  fireEvent.click(dryRun);
  await screen.findByTestId('move-summary');
}

describe('the move wizard’s table', () => {
  it('says per journey what the dry run would do to its position, and what the move did', async () => {
    const items = (applied: boolean): MigrationResult[] => [
      result({ instanceId: 'I-WAIT-0001', stepChange: kept, migrated: applied, reason: "Step 'kyc' has other inputs in version 4; it keeps waiting as it was asked on version 3." }),
      result({ instanceId: 'I-RENM-0002', stepId: 'agreement', targetStepId: 'signAgreement', migrated: applied }),
      result({ instanceId: 'I-FALT-0003', status: 'Faulted', migrated: applied }),
      result({ instanceId: 'I-GONE-0004', canMigrate: false, targetStepId: null, code: 'step_missing', reason: "Version 4 has no step 'bre'.", stepId: 'bre' }),
    ];
    const batch = (dryRun: boolean): MigrationBatch => ({ batchId: 'B-1', dryRun, matched: 4, cap: 1000, canMigrate: 3, migrated: dryRun ? 0 : 3, items: items(!dryRun) });
    await dryRunFrom3To4(batch);
    expect(screen.getByTestId('move-summary').textContent).toBe('3 of 4 journeys can move to v4.');
    const positions = () => screen.getAllByTestId('move-row').map((row) => within(row).queryByTestId('move-position')?.textContent ?? null);
    expect(positions()).toEqual([KEEPS, 'moves from step agreement to step signAgreement, keeping its wait', 'stays at step kyc: a retry runs it on v4', null]);

    fireEvent.change(screen.getByTestId('move-reason'), { target: { value: 'v4 reworks KYC' } });
    fireEvent.click(screen.getByTestId('move-apply'));
    await waitFor(() => expect(screen.getByTestId('move-summary').textContent).toBe('3 journeys moved to v4; 1 stayed.'));
    expect(positions()).toEqual([KEEPS.replace('keeps', 'kept'), 'moved from step agreement to step signAgreement, keeping its wait', 'stayed at step kyc: a retry runs it on v4', null]);
  });
});

// Walk 52: the server's note repeated on every row of a step (four identical paragraphs for four journeys at kyc).
describe('the move wizard’s notes', () => {
  it('says each of the server’s notes once, with how many journeys it is about, and not on the rows', async () => {
    const waiting = "Step 'kyc' has other inputs in version 4; it keeps waiting as it was asked on version 3.";
    const faulted = "Step 'kyc' has other inputs in version 4; its retry runs it with them.";
    const items = [1, 2, 3].map((n) => result({ instanceId: `I-WAIT-000${n}`, stepChange: kept, reason: waiting }))
      .concat(result({ instanceId: 'I-FALT-0004', status: 'Faulted', stepChange: { ...kept, keptInputsOf: null }, reason: faulted }));
    await dryRunFrom3To4(() => ({ batchId: 'B-2', dryRun: true, matched: 4, cap: 1000, canMigrate: 4, migrated: 0, items }));
    expect(screen.getByTestId('move-summary').textContent).toBe('4 of 4 journeys can move to v4.');
    expect(screen.getAllByTestId('move-note').map((n) => n.textContent)).toEqual([`${waiting} (3 journeys)`, `${faulted} (1 journey)`]);
    expect(within(screen.getByTestId('move-table')).queryByTestId('move-note')).toBeNull();
    expect(screen.getAllByTestId('move-position').map((p) => p.textContent)).toEqual([KEEPS, KEEPS, KEEPS, 'stays at step kyc; v4 gives kyc other inputs: a retry runs it with them']);
  });
});

describe('the journey’s Move to version', () => {
  const onV3: InstanceDetail = { ...waitingDetail, version: 3, currentStep: 'kyc' };
  it('says what the move does to the journey’s step where the operator decides, in the confirmation, and in what it answers', async () => {
    vi.spyOn(api, 'migrateOne').mockImplementation(async (_id, body) => result({ instanceId: onV3.id, stepChange: kept, migrated: !body.dryRun }));
    render(<AlterMenu detail={onV3} def={{ ...personalLoan, version: 3, versions: [3, 4] }} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Move to version…' }));
    await waitFor(() => expect(screen.getByTestId('alter-move-position').textContent).toBe(`K${KEEPS.slice(1)}.`));

    fireEvent.click(screen.getByRole('button', { name: 'Move…' }));
    const dialog = screen.getByRole('dialog', { name: 'Move this journey to v4?' });
    expect(within(dialog).getByTestId('alter-move-confirm-position').textContent).toBe(`This journey ${KEEPS}.`);
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), { target: { value: 'v4 reworks KYC' } });
    fireEvent.click(within(dialog).getByTestId('confirm-button'));
    expect((await screen.findByTestId('alter-message')).textContent).toBe(`Moved to v4 at kyc: ${KEEPS.replace('keeps', 'kept')}.`);
  });
});
