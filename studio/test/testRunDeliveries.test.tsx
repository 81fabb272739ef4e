import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import type { TestRunResult, TestRunScenario } from '../src/api/types';
import { TestRunPanel } from '../src/designer/TestRunPanel';

afterEach(() => vi.restoreAllMocks());

const step = (stepId: string, activity: string, outcome: string | null, output: unknown) =>
  ({ stepId, activity, status: 'Completed', outcome, attempt: 1, error: null, output });
const row = (over: Partial<TestRunScenario>) => ({
  scenario: '9999', description: 'happy path', finished: true, status: 'Completed', outcome: 'Approved', path: [], incidents: [],
  lenderCallCount: 0, lenderCalls: [], waitingFor: [], signalsSent: [], webhooksDelivered: [], durationMs: 2100, simulatedDurationMs: 126000,
  error: null, prepared: null, variables: {}, ...over,
}) as unknown as TestRunScenario;

// Session 46: a draft's own webhook and signal waits could not be answered in a test run, and its step outputs were not shown.
describe("a test run's deliveries to the draft's own waits", () => {
  it('sends each typed scenario with what it delivers, and shows the webhook delivered and each step output (masked by the server)', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ customerId: 'C-1' });
    const testRun = vi.spyOn(api, 'testRun').mockResolvedValue({
      workflowId: 'own', revision: 1, timeCompression: 60, timedOut: false, durationMs: 2500, scenarios: [
        row({
          path: [step('lenderWebhook', 'Core.WaitForWebhook', 'Received', { payload: { decision: 'yes', pan: 'XXXXX1234F' } }),
            step('otp', 'Core.WaitForSignal', 'Received', { received: true }), step('approved', 'Core.End', null, null)],
          signalsSent: [{ name: 'otp', stepId: 'otp', source: 'scenario' }], webhooksDelivered: [{ stepId: 'lenderWebhook', status: 'Routed' }],
        }),
        row({ scenario: '9998', outcome: 'TimedOut', path: [step('lenderWebhook', 'Core.WaitForWebhook', 'Timeout', null), step('timedOut', 'Core.End', null, null)] }),
      ],
    } as TestRunResult);
    await act(async () => {
      render(<TestRunPanel workflowId="own" disabledReason={null} />);
    });
    fireEvent.change(screen.getByTestId('test-run-scenarios'), { target: { value: '9999, 9998' } });
    fireEvent.change(screen.getByTestId('test-run-deliver'), {
      target: { value: '{"9999": [{"step": "lenderWebhook", "payload": {"decision": "yes"}}, {"step": "otp", "payload": {"otp": "482913"}}]}' },
    });
    fireEvent.click(screen.getByTestId('test-run-start'));

    const rows = await screen.findAllByTestId('test-run-row');
    expect(testRun.mock.calls[0][1]).toEqual([
      { scenario: '9999', deliver: [{ step: 'lenderWebhook', payload: { decision: 'yes' } }, { step: 'otp', payload: { otp: '482913' } }] },
      '9998',
    ]);
    expect(within(rows[0]).getByTestId('test-run-signals-sent').textContent).toBe('otp (from the scenario), lenderWebhook webhook (Routed)');
    expect(within(rows[0]).getByTestId('test-run-path').textContent).toContain('lenderWebhook (Received)');
    // The row that delivered nothing has no outputs to unfold.
    expect(within(rows[1]).queryByTestId('test-run-outputs-toggle')).toBeNull();

    fireEvent.click(within(rows[0]).getByTestId('test-run-outputs-toggle'));
    const outputs = screen.getByTestId('test-run-outputs');
    expect(outputs.getAttribute('data-scenario')).toBe('9999');
    expect(within(outputs).getAllByTestId('test-run-output').map((o) => o.getAttribute('data-step'))).toEqual(['lenderWebhook', 'otp']);
    expect(outputs.textContent).toContain('$steps.lenderWebhook.output');
    expect(outputs.textContent).toContain('"decision": "yes"');
    expect(outputs.textContent).toContain('"pan": "XXXXX1234F"');
    expect(outputs.textContent).toContain('"received": true');
    // The OTP typed is the caller's own: nothing in the results repeats it.
    expect(screen.getByTestId('test-run-results').textContent).not.toContain('482913');
  });

  // Session 47: a step that ran more than once (a loop) shows each run's own output, numbered, not only its last run's.
  it("shows each run's own output for a step that ran more than once, numbered", async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ customerId: 'C-1' });
    vi.spyOn(api, 'testRun').mockResolvedValue({
      workflowId: 'loop', revision: 1, timeCompression: 60, timedOut: false, durationMs: 900, scenarios: [
        row({
          outcome: 'Looped', path: [step('first', 'Core.SetVariable', 'Done', null), step('check', 'Core.Branch', 'First', { matched: 'First' }),
            step('again', 'Core.SetVariable', 'Done', null), step('check', 'Core.Branch', 'Second', { matched: 'Second' }), step('done', 'Core.End', null, null)],
        }),
      ],
    } as TestRunResult);
    await act(async () => {
      render(<TestRunPanel workflowId="loop" disabledReason={null} />);
    });
    fireEvent.click(screen.getByTestId('test-run-start'));

    fireEvent.click(await screen.findByTestId('test-run-outputs-toggle'));
    const outputs = within(screen.getByTestId('test-run-outputs')).getAllByTestId('test-run-output');
    expect(outputs.map((o) => [o.getAttribute('data-step'), o.getAttribute('data-run'), JSON.parse(o.textContent!).matched])).toEqual([
      ['check', '1', 'First'], ['check', '2', 'Second'],
    ]);
    expect(within(screen.getByTestId('test-run-outputs')).getAllByTestId('test-run-output-run').map((r) => r.textContent)).toEqual([' (run 1 of 2)', ' (run 2 of 2)']);
  });

  it('refuses deliveries that are not an object of lists in place, and shows the server naming a delivery under the box', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ customerId: 'C-1' });
    const testRun = vi.spyOn(api, 'testRun').mockRejectedValue(new ApiError({
      title: 'Invalid request', status: 400, detail: 'One or more fields are invalid.', code: 'invalid_request',
      errors: { 'scenarios[0].deliver[0].step': ["The draft has no step 'lenderHook'; its wait steps are lenderWebhook, otp."] },
    }));
    await act(async () => {
      render(<TestRunPanel workflowId="own" disabledReason={null} />);
    });
    const box = screen.getByTestId('test-run-deliver');
    fireEvent.change(box, { target: { value: '{"9999": {"step": "lenderWebhook"}}' } });
    fireEvent.click(screen.getByTestId('test-run-start'));
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(box.getAttribute('aria-describedby')!)!.textContent).toContain('must be a list');
    expect(testRun).not.toHaveBeenCalled();

    fireEvent.change(box, { target: { value: '{"9999": [{"step": "lenderHook", "payload": {}}]}' } });
    fireEvent.click(screen.getByTestId('test-run-start'));
    await waitFor(() => expect(box.getAttribute('aria-invalid')).toBe('true'));
    expect(testRun.mock.calls[0][1]).toEqual([{ scenario: '9999', deliver: [{ step: 'lenderHook', payload: {} }] }]);
    expect(document.getElementById(box.getAttribute('aria-describedby')!)!.textContent).toContain("no step 'lenderHook'");
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(within(screen.getByTestId('test-run')).queryByTestId('problem')).toBeNull();
  });
});
