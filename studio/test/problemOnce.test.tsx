import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api/client';
import { ProblemAlert } from '../src/components/common';
import { detailRepeatsErrors } from '../src/lib/fieldProblems';

// The server's 400s as walk 54 received them (docs/studio.md, "Walk 54"): a detail made of the field errors.
const undeclared = "'finbox-personal-loan' v5 declares no variable 'nope'; declared: bankingError, kycAction, offer.";
const variables = new ApiError({ title: 'Invalid request', status: 400, code: 'validation', detail: `set.nope: ${undeclared}`, errors: { 'set.nope': [undeclared] } });
const files = "'files' is required. The statements again: [{ fileName, contentBase64 }].";
const signal = new ApiError({
  title: 'Invalid request', status: 400, code: 'validation',
  detail: `Signal 'reupload-statement' to instance '01a2' was not accepted: files: ${files}`, errors: { files: [files] },
});

const times = (text: string) => document.body.textContent!.split(text).length - 1;

describe('a problem with field errors', () => {
  it('says each message once: a detail made of the field errors is not shown above their list', () => {
    const { unmount } = render(<ProblemAlert error={variables} />);
    expect(screen.getByTestId('problem').textContent).toContain('Invalid request (400)');
    expect(times(undeclared)).toBe(1);
    expect(screen.getByRole('listitem').textContent).toContain(`set.nope: ${undeclared}`);
    unmount();
    render(<ProblemAlert error={signal} />);
    expect(times(files)).toBe(1);
    expect(screen.getByTestId('problem').textContent).not.toContain('was not accepted');
  });

  it('shows a detail that says more than the list, and a detail without field errors', () => {
    const more = new ApiError({ title: 'Invalid request', status: 400, detail: 'The draft changed since you opened it.', errors: { stepId: ['Unknown step.'] } });
    const { unmount } = render(<ProblemAlert error={more} />);
    expect(screen.getByTestId('problem').textContent).toContain('The draft changed since you opened it.');
    expect(screen.getByTestId('problem').textContent).toContain('stepId: Unknown step.');
    unmount();
    render(<ProblemAlert error={new ApiError({ title: 'Conflict', status: 409, detail: 'The journey is not waiting.' })} />);
    expect(screen.getByTestId('problem').textContent).toContain('The journey is not waiting.');
  });

  it('counts a detail as a repeat only when every message of every field is in it', () => {
    expect(detailRepeatsErrors('One or more fields are invalid: a: x; b: y', { a: ['x'], b: ['y'] })).toBe(true);
    expect(detailRepeatsErrors('One or more fields are invalid: a: x', { a: ['x'], b: ['y'] })).toBe(false);
    expect(detailRepeatsErrors('Something', {})).toBe(false);
    expect(detailRepeatsErrors(undefined, { a: ['x'] })).toBe(false);
  });
});
