import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '../src/api/client';
import { TestRunPanel } from '../src/designer/TestRunPanel';

afterEach(() => vi.restoreAllMocks());

// Walk 44: the server's 400 naming a field of the test-run form went to the problem box, away from the field.
describe("the test run's refusal naming a field", () => {
  it('shows under Signals to send, with the focus there and no problem box', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ app_id: 'CFAPP-DEMO-1234' });
    vi.spyOn(api, 'testRun').mockRejectedValue(new ApiError({
      title: 'Invalid request', status: 400, detail: 'One or more fields are invalid.', code: 'invalid_request',
      errors: { 'signals.delivery': ['Must be a JSON object (the payload sent each time a journey waits for this signal) or null (never send it).'] },
    }));
    await act(async () => {
      render(<TestRunPanel workflowId="pl" disabledReason={null} />);
    });
    // Passes the Studio's own check (an object per signal is checked by the server here: the 400 is played).
    fireEvent.change(screen.getByTestId('test-run-signals'), { target: { value: '{"delivery": {"deliveryRef": "x"}}' } });
    fireEvent.click(screen.getByTestId('test-run-start'));
    const signals = screen.getByTestId('test-run-signals');
    await waitFor(() => expect(signals.getAttribute('aria-invalid')).toBe('true'));
    const under = document.getElementById(signals.getAttribute('aria-describedby')!)!;
    expect(under.textContent).toBe('delivery: Must be a JSON object (the payload sent each time a journey waits for this signal) or null (never send it).');
    // The focus moves in an effect after the commit that marked the field: waited for, as a user would see it.
    await waitFor(() => expect(document.activeElement).toBe(signals));
    expect(within(screen.getByTestId('test-run')).queryByTestId('problem')).toBeNull();
  });

  it('keeps a problem naming no field of the form in the box', async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ app_id: 'CFAPP-DEMO-1234' });
    vi.spyOn(api, 'testRun').mockRejectedValue(new ApiError({ title: 'Invalid request', status: 400, detail: 'Bad body.', errors: { body: ['Malformed JSON.'] } }));
    await act(async () => {
      render(<TestRunPanel workflowId="pl" disabledReason={null} />);
    });
    fireEvent.click(screen.getByTestId('test-run-start'));
    const box = await screen.findByTestId('problem');
    expect(box.textContent).toContain('Malformed JSON.');
    expect(screen.queryByTestId('test-run-field-error')).toBeNull();
  });

  // Session 45's walk: a field's message stayed after the field was edited, until the next run (the journey page's send
  // form was fixed the same way).
  it("drops a field's message once that field is edited, and keeps the other fields' until the next run", async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ app_id: 'CFAPP-DEMO-1234' });
    vi.spyOn(api, 'testRun').mockRejectedValue(new ApiError({
      title: 'Invalid request', status: 400, detail: 'One or more fields are invalid.', code: 'invalid_request',
      errors: { 'signals.delivery': ['Must be a JSON object or null.'], input: ['amount: Required.'] },
    }));
    await act(async () => {
      render(<TestRunPanel workflowId="pl" disabledReason={null} />);
    });
    fireEvent.change(screen.getByTestId('test-run-signals'), { target: { value: '{"delivery": {"ref": 1}}' } });
    fireEvent.click(screen.getByTestId('test-run-start'));
    const signals = screen.getByTestId('test-run-signals');
    const input = screen.getByTestId('test-run-input');
    await waitFor(() => expect(screen.getAllByTestId('test-run-field-error')).toHaveLength(2));
    expect(input.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(signals, { target: { value: '{"delivery": {"deliveryRef": "x"}}' } });
    expect(signals.getAttribute('aria-invalid')).toBe('false');
    expect(signals.getAttribute('aria-describedby')).toBeNull();
    const left = screen.getAllByTestId('test-run-field-error');
    expect(left.map((e) => e.textContent)).toEqual(['amount: Required.']);
    expect(input.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(input, { target: { value: '{"amount": 5000}' } });
    expect(screen.queryByTestId('test-run-field-error')).toBeNull();
  });

  it("drops the form's own message about the start input once the input is edited", async () => {
    vi.spyOn(api, 'getSample').mockResolvedValue({ app_id: 'CFAPP-DEMO-1234' });
    const testRun = vi.spyOn(api, 'testRun');
    await act(async () => {
      render(<TestRunPanel workflowId="pl" disabledReason={null} />);
    });
    const input = screen.getByTestId('test-run-input');
    fireEvent.change(input, { target: { value: '[1]' } });
    fireEvent.click(screen.getByTestId('test-run-start'));
    expect(screen.getByTestId('test-run-field-error').textContent).toContain('must be a JSON object');
    fireEvent.change(input, { target: { value: '{"amount": 5' } });
    expect(screen.queryByTestId('test-run-field-error')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
    expect(testRun).not.toHaveBeenCalled();
  });
});
