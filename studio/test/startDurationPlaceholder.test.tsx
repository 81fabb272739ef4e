import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { WorkflowDefinitionView } from '../src/api/types';
import { StartPage } from '../src/start/StartPage';

// Monaco does not run in jsdom; this test needs none.
vi.mock('../src/components/JsonEditor', () => ({ JsonEditor: () => null }));

// Walk 47 (a newcomer's pay-later start form): the otpTimeout box showed the placeholder 00:05:00 under the description
// "How long the borrower has to enter the OTP (default 10 minutes)." — a placeholder that looks like a value reads as the
// default. A Duration box shows its format instead.
const payLater = {
  id: 'capitalfloat-paylater', version: 4, title: 'Capital Float pay-later disbursal', start: 'limit', steps: [],
  inputs: [
    { name: 'appId', type: 'String', required: true },
    { name: 'otpTimeout', type: 'Duration', required: false, description: 'How long the borrower has to enter the OTP (default 10 minutes).' },
  ],
} as unknown as WorkflowDefinitionView;

afterEach(() => vi.restoreAllMocks());

describe("the start form's Duration field", () => {
  it('shows the format as its placeholder, never a value that reads as the default', async () => {
    vi.spyOn(api, 'getWorkflow').mockResolvedValue(payLater);
    vi.spyOn(api, 'getSample').mockResolvedValue(null);
    await act(async () => {
      render(<StartPage id="capitalfloat-paylater" query={new URLSearchParams()} />);
    });
    const boxes = await screen.findAllByTestId('start-input');
    const duration = boxes.find((b) => b.getAttribute('data-field') === 'otpTimeout')!;
    expect(duration.getAttribute('placeholder')).toBe('hh:mm:ss');
    expect(duration.getAttribute('placeholder')).not.toMatch(/[0-9]/);
    expect(boxes.find((b) => b.getAttribute('data-field') === 'appId')!.getAttribute('placeholder')).toBeNull();
  });
});
