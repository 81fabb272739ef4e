import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeptReason, ReasonField } from '../src/components/ReasonField';

describe('the reason box', () => {
  // One markup for every form (session 50): the alter form's reason wrote its own so that its label could wrap it.
  it('sits inside its label, which names it by for as well, and the text typed stays out of its name', () => {
    render(<><p id="why">Where it goes.</p><KeptReason hint="why" value="borrower withdrew" onChange={() => {}} testId="r" /></>);
    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Reason (required) (kept in the journal and the audit trail)' });
    expect(box).toBe(screen.getByTestId('r'));
    const label = box.closest('label')!;
    expect(label).not.toBeNull();
    expect(label.htmlFor).toBe(box.id);
    expect(box.labels).toHaveLength(1);
    expect([box.required, box.maxLength, box.rows]).toEqual([true, 500, 2]);
    expect(box.getAttribute('aria-describedby')).toBe('why');
  });

  it('is found by its label text, optional or required', () => {
    render(<><ReasonField value="" onChange={() => {}} testId="a" /><ReasonField value="" onChange={() => {}} required testId="b" /></>);
    expect(screen.getByLabelText('Reason')).toBe(screen.getByTestId('a'));
    expect(screen.getByLabelText('Reason (required)')).toBe(screen.getByTestId('b'));
    expect(screen.getByTestId('a').hasAttribute('aria-describedby')).toBe(false);
  });
});
