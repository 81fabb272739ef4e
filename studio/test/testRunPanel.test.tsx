import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api } from '../src/api/client';
import { TestRunPanel } from '../src/designer/TestRunPanel';

afterEach(() => {
  vi.restoreAllMocks();
});

// Session 38's walk, two nodes without the embedded sandbox: Run answered 409 sandbox_disabled in a dismissible alert and
// stayed enabled, so the designer could retry into the same refusal, with nothing saying where test runs work.
describe('a test run on a server without the embedded sandbox', () => {
  it('says so with the server\'s words and keeps Run disabled', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ appId: 'CFAPP-DEMO-1234', amount: 5000 });
    const detail = 'A test run calls the embedded lender sandbox only … Test-run the draft on a single server that has it (Development: dotnet run).';
    const testRun = vi.spyOn(api, 'testRun').mockRejectedValue(new ApiError({ title: 'Sandbox not enabled', status: 409, code: 'sandbox_disabled', detail }));
    await act(async () => {
      render(<TestRunPanel workflowId="capitalfloat-paylater" disabledReason={null} />);
    });

    const run = screen.getByTestId('test-run-start') as HTMLButtonElement;
    await act(async () => fireEvent.click(run));

    const why = await screen.findByTestId('test-run-unavailable');
    expect(why.textContent).toContain('Test-run the draft on a single server that has it');
    expect(run.disabled).toBe(true);
    expect(run.getAttribute('aria-describedby')).toBe(why.id);
    await act(async () => fireEvent.click(run));
    expect(testRun).toHaveBeenCalledTimes(1);
  });

  it('shows any other refusal as the problem, with Run still offered', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue(null);
    vi.spyOn(api, 'testRun').mockRejectedValue(new ApiError({ title: 'Invalid definition', status: 422, code: 'definition_invalid', detail: 'The draft has 1 error(s).' }));
    await act(async () => {
      render(<TestRunPanel workflowId="size-branch" disabledReason={null} />);
    });
    fireEvent.change(screen.getByTestId('test-run-input'), { target: { value: '{"kind": "Big"}' } });
    await act(async () => fireEvent.click(screen.getByTestId('test-run-start')));

    expect(await screen.findByText(/The draft has 1 error/)).toBeTruthy();
    expect(screen.queryByTestId('test-run-unavailable')).toBeNull();
    expect((screen.getByTestId('test-run-start') as HTMLButtonElement).disabled).toBe(false);
  });
});

// Walk 51: Run was disabled while the scenarios ran, so the keyboard's focus fell to the page for those seconds.
describe('a test run under way', () => {
  it('keeps the focus on Run, which says it is running and starts nothing more until the answer', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue(null);
    let answer!: (v: Awaited<ReturnType<typeof api.testRun>>) => void;
    const testRun = vi.spyOn(api, 'testRun').mockReturnValue(new Promise((resolve) => { answer = resolve; }));
    await act(async () => {
      render(<TestRunPanel workflowId="wf" disabledReason={null} />);
    });
    const run = screen.getByTestId('test-run-start') as HTMLButtonElement;
    run.focus();
    await act(async () => fireEvent.click(run));
    expect(run.textContent).toBe('Running…');
    expect(run.disabled).toBe(false);
    expect(run.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(run);
    await act(async () => fireEvent.click(run));
    expect(testRun).toHaveBeenCalledTimes(1);
    await act(async () => answer({ workflowId: 'wf', revision: 1, timeCompression: 60, timedOut: false, durationMs: 10, scenarios: [] }));
    expect(run.textContent).toBe('Run');
    expect(run.getAttribute('aria-disabled')).toBeNull();
    expect(document.activeElement).toBe(run);
  });
});

// Walk 51: "abc, 12" in Scenarios was sent, and the server's refusal named its first entry by place: "[0]: Must be a list of …".
describe('scenarios that are not scenarios', () => {
  it('are named under the box, with the focus there, and nothing is run', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue(null);
    const testRun = vi.spyOn(api, 'testRun');
    await act(async () => {
      render(<TestRunPanel workflowId="wf" disabledReason={null} />);
    });
    const box = screen.getByTestId('test-run-scenarios');
    fireEvent.change(box, { target: { value: 'abc, 0007, 12' } });
    await act(async () => fireEvent.click(screen.getByTestId('test-run-start')));
    expect(testRun).not.toHaveBeenCalled();
    const error = screen.getByTestId('test-run-field-error');
    expect(error.textContent).toBe('Not scenarios: "abc", "12". A scenario is the last four digits of the borrower\'s mobile or app id, e.g. 0000, 0007.');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(box.getAttribute('aria-describedby')).toBe(error.id);
    expect(document.activeElement).toBe(box);
    // Typing again answers it.
    fireEvent.change(box, { target: { value: '0007' } });
    expect(screen.queryByTestId('test-run-field-error')).toBeNull();
  });
});

// Session 43: a start input typed for a test run can be kept as the workflow's sample, and the sample brought back to edit it.
describe('the test run\'s sample input', () => {
  it('saves the typed start input as the sample, and names the field the server refused', async () => {
    const getSample = vi.spyOn(api, 'getSample').mockResolvedValue(null);
    const saveSample = vi.spyOn(api, 'saveSample')
      .mockRejectedValueOnce(new ApiError({ title: 'Invalid request', status: 400, detail: 'x', errors: { amount: ["'amount' is required."] } }))
      .mockResolvedValueOnce({ workflowId: 'wf', savedBy: 'dana', savedAt: '2026-12-06T10:00:00Z', checkedAgainst: 'the draft' });
    await act(async () => {
      render(<TestRunPanel workflowId="wf" disabledReason={null} />);
    });
    expect(getSample).toHaveBeenCalledWith('wf', true);
    expect(screen.getByTestId('test-run-input-hint').textContent).toContain('required: this workflow has no sample');
    expect((screen.getByTestId('use-sample') as HTMLButtonElement).disabled).toBe(true);

    await act(async () => fireEvent.click(screen.getByTestId('save-sample')));
    expect(screen.getByTestId('sample-error').textContent).toContain('Type the sample first');
    expect(saveSample).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId('test-run-input'), { target: { value: '{"customerId": "C-1"}' } });
    await act(async () => fireEvent.click(screen.getByTestId('save-sample')));
    expect(screen.getByTestId('sample-error').textContent).toBe("Not saved: amount: 'amount' is required.");
    expect(screen.getByTestId('test-run-input').getAttribute('aria-describedby')).toBe('testrun-sample-error');

    getSample.mockResolvedValue({ customerId: 'C-1', amount: 5000 });
    fireEvent.change(screen.getByTestId('test-run-input'), { target: { value: '{"customerId": "C-1", "amount": 5000}' } });
    await act(async () => fireEvent.click(screen.getByTestId('save-sample')));
    expect(saveSample).toHaveBeenLastCalledWith('wf', { customerId: 'C-1', amount: 5000 });
    expect((await screen.findByTestId('sample-status')).textContent).toContain('checked against the draft');
    expect(screen.queryByTestId('sample-error')).toBeNull();
    await screen.findByText("(JSON object; empty = the workflow's sample)");

    fireEvent.change(screen.getByTestId('test-run-input'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('use-sample'));
    expect((screen.getByTestId('test-run-input') as HTMLTextAreaElement).value).toBe('{\n  "customerId": "C-1",\n  "amount": 5000\n}');
  });

  it('keeps Save as sample disabled with the reason while the draft has unsaved changes', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ customerId: 'C-1' });
    await act(async () => {
      render(<TestRunPanel workflowId="wf" disabledReason="Save your changes first." sampleBlocked="Save your changes first: a sample is checked against the saved draft's inputs." />);
    });
    const save = screen.getByTestId('save-sample') as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(save.title).toContain('checked against the saved draft');
    expect((screen.getByTestId('use-sample') as HTMLButtonElement).disabled).toBe(false);
  });
});
