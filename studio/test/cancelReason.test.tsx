import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import { CancelButton } from '../src/components/journey/CancelButton';
import { summary, waitingDetail } from './fixtures';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the cancel dialog of one journey', () => {
  it('requires a reason (blank counts as none) and sends it trimmed', async () => {
    const cancel = vi.spyOn(api, 'cancel').mockResolvedValue({ ...summary, status: 'Cancelled' });
    const onDone = vi.fn();
    render(<CancelButton id={waitingDetail.id} onDone={onDone} />);
    fireEvent.click(screen.getByTestId('cancel-journey'));
    const dialog = screen.getByRole('dialog', { name: 'Cancel this journey?' });
    const confirm = within(dialog).getByTestId('confirm-button') as HTMLButtonElement;
    const reason = within(dialog).getByLabelText(/Reason \(required\)/) as HTMLTextAreaElement;
    expect(reason.required).toBe(true);
    expect(confirm.disabled).toBe(true);
    fireEvent.change(reason, { target: { value: '   ' } });
    fireEvent.click(confirm);
    expect(confirm.disabled).toBe(true);
    expect(cancel).not.toHaveBeenCalled();

    fireEvent.change(reason, { target: { value: ' borrower withdrew by phone ' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(cancel).toHaveBeenCalledWith(waitingDetail.id, 'borrower withdrew by phone'));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
  });
});
