import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { TestRunLenderCall, TestRunResult, TestRunScenario } from '../src/api/types';
import { TestRunPanel } from '../src/designer/TestRunPanel';

const call = (seq: number, over: Partial<TestRunLenderCall>): TestRunLenderCall => ({
  stepId: 'limit', lender: 'CapitalFloat', operation: 'CapitalFloat.GetAvailableLimit', method: 'POST', httpStatus: 200, lenderCode: '1', attempt: 1,
  seq, at: '2026-12-06T08:16:37.055+00:00', path: '/sandbox/paylater/profile_available_limit', latencyMs: 171.5, error: null,
  request: { app_id: 'CFAPP-DEMO-3C8AFC309999' }, response: { status: 1 }, ...over,
});

// What the server answers: the journal's own data, masked when each call was recorded (the mobile as XXXXXX9999).
const calls = [
  call(3, {}),
  call(7, { stepId: 'block', operation: 'CapitalFloat.BlockAmount', path: '/sandbox/paylater/block', lenderCode: '1', latencyMs: 40,
    request: { app_id: 'CFAPP-DEMO-3C8AFC309999', mobile: 'XXXXXX9999', amount: 1200 }, response: { status: 1, order_id: 'LJ-1' } }),
  call(12, { stepId: 'tranche', operation: 'CapitalFloat.CreateTranche', path: '/sandbox/paylater/tranche', httpStatus: 422, lenderCode: '-3', latencyMs: 12.5,
    request: { order_id: 'LJ-1' }, response: { status: -3, message: 'Amount above limit' } }),
];
const scenario = {
  scenario: '9999', description: 'happy path', finished: true, status: 'Completed', outcome: 'Disbursed', path: [], incidents: [],
  lenderCallCount: calls.length, lenderCalls: calls, waitingFor: [], signalsSent: [], durationMs: 1500, simulatedDurationMs: 90000,
  error: null, prepared: null, variables: {},
} as unknown as TestRunScenario;

afterEach(() => vi.restoreAllMocks());

describe("a test run's lender calls", () => {
  it('are listed under their scenario in order, each with step, operation, method and path, status, code, duration and the masked bodies', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ app_id: 'CFAPP-DEMO-1234' });
    vi.spyOn(api, 'testRun').mockResolvedValue({ workflowId: 'pl', revision: 1, timeCompression: 60, timedOut: false, durationMs: 1600, scenarios: [scenario] } as TestRunResult);
    await act(async () => {
      render(<TestRunPanel workflowId="pl" disabledReason={null} />);
    });
    fireEvent.click(screen.getByTestId('test-run-start'));
    const toggle = await screen.findByTestId('test-run-calls-toggle');
    expect(toggle.textContent).toBe('3 calls');
    expect(screen.queryByTestId('test-run-calls')).toBeNull();
    fireEvent.click(toggle);

    const list = screen.getByTestId('test-run-calls');
    expect(list.getAttribute('data-scenario')).toBe('9999');
    const items = within(list).getAllByTestId('lender-call');
    expect(items.map((i) => i.getAttribute('data-seq'))).toEqual(['3', '7', '12']);
    const third = items[2];
    expect(third.textContent).toContain('tranche');
    expect(third.textContent).toContain('CapitalFloat.CreateTranche');
    expect(third.textContent).toContain('POST /sandbox/paylater/tranche');
    expect(within(third).getByTestId('http-status').textContent).toBe('422');
    expect(third.textContent).toContain('-3');
    expect(third.textContent).toContain('13 ms');
    // The bodies as the server sent them (masked), under the journal's own labels.
    const second = items[1];
    expect(within(second).getByText('Request (masked)')).toBeTruthy();
    expect(second.textContent).toContain('"mobile": "XXXXXX9999"');
    expect(within(second).getByText('Response (masked)')).toBeTruthy();

    fireEvent.click(toggle);
    expect(screen.queryByTestId('test-run-calls')).toBeNull();
  });
});

// Walk 42 (a top-up journey whose OTP wait no signal answered): every row read "… acceptOffer → otp → shareRejected →
// rejected", Completed, Rejected — nothing said that the OTP step had timed out. The path names each step's outcome.
describe("a test run's path", () => {
  it('names the outcome each step went on by, and not the last step\'s (the outcome column has it)', async () => {
    const step = (stepId: string, outcome: string | null) => ({ stepId, activity: 'X', status: 'Completed', outcome, attempt: 1, error: null });
    const timedOut = { ...scenario, outcome: 'Rejected', lenderCalls: [], lenderCallCount: 0,
      path: [step('acceptOffer', 'Done'), step('otp', 'Timeout'), step('shareRejected', 'Shared'), step('rejected', 'Rejected')] } as unknown as TestRunScenario;
    vi.spyOn(api, 'getSample').mockResolvedValue({ customerId: 'C-1' });
    vi.spyOn(api, 'testRun').mockResolvedValue({ workflowId: 'topup', revision: 1, timeCompression: 60, timedOut: false, durationMs: 1600, scenarios: [timedOut] } as TestRunResult);
    await act(async () => {
      render(<TestRunPanel workflowId="topup" disabledReason={null} />);
    });
    fireEvent.click(screen.getByTestId('test-run-start'));
    const path = await screen.findByTestId('test-run-path');
    expect(path.textContent).toBe('acceptOffer (Done) → otp (Timeout) → shareRejected (Shared) → rejected');
    expect(within(path).getAllByTestId('test-run-path-outcome').map((e) => e.textContent)).toEqual([' (Done)', ' (Timeout)', ' (Shared)']);
  });

  // Session 44's walk: a signal payload the waiting step refused was shown in the Incidents column, though the journey had
  // no incident (the run had not sent it and left the journey to wait).
  it("shows what the run itself could not do under its row, labelled, and keeps the Incidents column for the journey's incidents", async () => {
    const refused = { ...scenario, scenario: '0000', status: 'Waiting', outcome: null, finished: false, lenderCalls: [], lenderCallCount: 0,
      waitingFor: [{ kind: 'signal', name: 'delivery', stepId: 'delivery' }],
      error: "Step 'delivery' refused the 'delivery' signal (deliveryRef: must match DLV-[0-9]{6}); the same answer is not sent again, so the journey was left to wait." } as unknown as TestRunScenario;
    const faulted = { ...scenario, scenario: '0007', status: 'Faulted', outcome: null, lenderCalls: [], lenderCallCount: 0,
      incidents: [{ stepId: 'kyc', errorKind: 'LenderError', message: 'CKYC_FAILED', attempts: 1 }] } as unknown as TestRunScenario;
    vi.spyOn(api, 'getSample').mockResolvedValue({ app_id: 'CFAPP-DEMO-1234' });
    vi.spyOn(api, 'testRun').mockResolvedValue({ workflowId: 'pl', revision: 1, timeCompression: 60, timedOut: false, durationMs: 1600, scenarios: [refused, faulted] } as TestRunResult);
    await act(async () => {
      render(<TestRunPanel workflowId="pl" disabledReason={null} />);
    });
    fireEvent.click(screen.getByTestId('test-run-start'));
    const rows = await screen.findAllByTestId('test-run-row');
    const row = (id: string) => rows.find((r) => r.getAttribute('data-scenario') === id)!;
    expect(within(row('0000')).getByTestId('test-run-incidents').textContent).toBe('—');
    expect(within(row('0007')).getByTestId('test-run-incidents').textContent).toBe('kyc: CKYC_FAILED');
    const notes = screen.getAllByTestId('test-run-note');
    expect(notes.map((n) => n.getAttribute('data-scenario'))).toEqual(['0000']);
    expect(notes[0].textContent).toMatch(/^Test run Step 'delivery' refused the 'delivery' signal/);
    // The note is the row right under its scenario's.
    expect(row('0000').nextElementSibling?.contains(notes[0])).toBe(true);
  });
});

// Session 46's designer walk: a new journey's `bre` had no next step for Rejected (its `next` left out by mistake). The BRE
// rejection scenario's row read "… → updateDetails → bre", Completed, outcome "—": nothing said that bre went on by
// Rejected and that nothing came after it.
describe('a test run that completed without an outcome', () => {
  it('names the last step\'s outcome and says it has no next step', async () => {
    const step = (stepId: string, outcome: string | null) => ({ stepId, activity: 'X', status: 'Completed', outcome, attempt: 1, error: null });
    const ended = { ...scenario, scenario: '0000', outcome: null, lenderCalls: [], lenderCallCount: 0,
      path: [step('createUser', 'Done'), step('otp', 'Received'), step('bre', 'Rejected')] } as unknown as TestRunScenario;
    vi.spyOn(api, 'getSample').mockResolvedValue({ customerId: 'C-1' });
    vi.spyOn(api, 'testRun').mockResolvedValue({ workflowId: 'otp-bre', revision: 1, timeCompression: 60, timedOut: false, durationMs: 1600, scenarios: [ended] } as TestRunResult);
    await act(async () => {
      render(<TestRunPanel workflowId="otp-bre" disabledReason={null} />);
    });
    fireEvent.click(screen.getByTestId('test-run-start'));
    const path = await screen.findByTestId('test-run-path');
    expect(path.textContent).toBe('createUser (Done) → otp (Received) → bre (Rejected)');
    expect(screen.getByTestId('test-run-no-next').textContent).toBe("none: bre's Rejected has no next step");
  });
});
