import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
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

  it('opens on the placeholder again after a step was chosen and the form closed', () => {
    render(<AlterMenu detail={waitingDetail} def={personalLoan} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Go to step…' }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Go to step' }), { target: { value: 'createUser' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Go to step…' }));
    expect(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Go to step' }).value).toBe('');
  });
});
