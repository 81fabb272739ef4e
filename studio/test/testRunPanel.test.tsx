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
