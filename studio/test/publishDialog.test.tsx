import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DefinitionDocument } from '../src/api/types';
import { PublishDialog } from '../src/designer/PublishDialog';

const end = (id: string) => ({ id, activity: 'Core.End', inputs: { outcome: 'Done' } });
const v1: DefinitionDocument = { id: 'otp-flow', version: 1, title: 'OTP', start: 'otp', steps: [end('otp')] };
const open = (latest: DefinitionDocument | null, draft: DefinitionDocument) =>
  render(<PublishDialog latest={latest} draft={draft} busy={false} onPublish={() => undefined} onClose={() => undefined} />);

describe('the publish dialog', () => {
  it('a renamed step, seen as one added and one removed, comes with the hint that waiting journeys need a step map', () => {
    open(v1, { ...v1, start: 'verifyOtp', steps: [end('verifyOtp')] });
    expect(screen.getByTestId('publish-summary').textContent).toContain('Steps removed: otp');
    const hint = screen.getByTestId('publish-step-map-hint');
    expect(hint.textContent).toContain('Journeys waiting at otp can move to this version only with a step map');
    expect(hint.textContent).toContain('Move waiting journeys');
    expect(hint.textContent).toContain('docs/migration.md');
  });

  it('without a removed step, or on a first version, there is no step map hint', () => {
    open(v1, { ...v1, steps: [end('otp'), end('other')] });
    expect(screen.queryByTestId('publish-step-map-hint')).toBeNull();
    open(null, v1);
    expect(screen.queryByTestId('publish-step-map-hint')).toBeNull();
  });

  // A publish changes what every new journey runs; the audit trail showed "—" for it. The dialog asks why, and the API
  // requires it (docs/api.md, "Workflow design").
  it('publishes only with a reason, sent trimmed, which the dialog says the audit trail keeps', () => {
    const onPublish = vi.fn();
    render(<PublishDialog latest={v1} draft={{ ...v1, steps: [end('otp'), end('other')] }} busy={false} onPublish={onPublish} onClose={() => undefined} />);
    const confirm = screen.getByTestId('publish-confirm') as HTMLButtonElement;
    const reason = screen.getByTestId('publish-reason');
    expect(screen.getByLabelText(/Reason \(required\)/)).toBe(reason);
    expect(screen.getByText(/kept in the audit trail/)).toBeTruthy();
    expect(confirm.disabled).toBe(true);
    fireEvent.change(reason, { target: { value: '   ' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.change(reason, { target: { value: ' CR-1042: a second end step ' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    expect(onPublish).toHaveBeenCalledWith('CR-1042: a second end step');
  });
});
