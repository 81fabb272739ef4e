import { fireEvent, render, screen } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from '../src/components/common';
import { RetryButton } from '../src/components/journey/RetryButton';
import { KeptReason } from '../src/components/ReasonField';
import { PublishDialog } from '../src/designer/PublishDialog';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A page with a button before and after the opener, as the Studio's pages have. */
function Page({ busy = false, onClose = () => undefined }: { busy?: boolean; onClose?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button">Before</button>
      <button type="button" onClick={() => setOpen(true)}>Open</button>
      <button type="button">After</button>
      {open && (
        <ConfirmDialog title="Erase?" confirmLabel="Erase now" danger busy={busy} onConfirm={() => undefined}
          onClose={() => { onClose(); setOpen(false); }}>
          <label htmlFor="why">Why</label><textarea id="why" />
        </ConfirmDialog>
      )}
    </>
  );
}

const tab = (shift = false) => fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Tab', shiftKey: shift });

describe('the shared modal dialog', () => {
  it('takes the focus, keeps Tab and Shift+Tab inside, closes on Escape and gives the focus back to its opener', () => {
    render(<Page />);
    const opener = screen.getByRole('button', { name: 'Open' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Erase?' });
    const keep = screen.getByRole('button', { name: 'Keep' });
    const confirm = screen.getByRole('button', { name: 'Erase now' });
    const why = screen.getByLabelText('Why');
    expect(document.activeElement).toBe(keep);

    // Tab on the last control wraps to the first, Shift+Tab on the first to the last.
    confirm.focus();
    tab();
    expect(document.activeElement).toBe(why);
    tab(true);
    expect(document.activeElement).toBe(confirm);

    // A focus lost to the page (a focused button that was disabled) is brought back in by the next Tab.
    screen.getByRole('button', { name: 'After' }).focus();
    tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    document.body.focus();
    tab(true);
    expect(document.activeElement).toBe(confirm);

    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  // A page whose section opens a confirmation; confirming marks it done (the section then disables or drops its opener).
  function ConfirmingPage({ heading, section }: { heading: string; section: (open: () => void, done: boolean) => ReactNode }) {
    const [open, setOpen] = useState(false);
    const [done, setDone] = useState(false);
    return (
      <main>
        <h1>{heading}</h1>
        <section>{section(() => setOpen(true), done)}</section>
        {open && (
          <ConfirmDialog title="Sure?" confirmLabel="Do it" onConfirm={() => { setDone(true); setOpen(false); }} onClose={() => setOpen(false)}>
            <p>Sure?</p>
          </ConfirmDialog>
        )}
      </main>
    );
  }

  const confirmFrom = (opener: HTMLElement) => {
    opener.focus();
    fireEvent.click(opener);
    fireEvent.click(screen.getByRole('button', { name: 'Do it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  };

  it('gives the focus to the nearest enabled control of its opener\'s section when the opener is disabled on closing', () => {
    render(<ConfirmingPage heading="Privacy" section={(open, done) => (
      <>
        <button type="button">Before</button>
        <button type="button" disabled={done} onClick={open}>Erase…</button>
        <button type="button" disabled>Disabled after</button>
        <button type="button">After</button>
      </>
    )} />);
    const opener = screen.getByRole('button', { name: 'Erase…' });
    confirmFrom(opener);
    expect((opener as HTMLButtonElement).disabled).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'After' }));
  });

  it('gives the focus to the page\'s main heading when its opener\'s section has no enabled control left', () => {
    render(<ConfirmingPage heading="Journey J1" section={(open, done) => (
      <>
        {!done && <button type="button" onClick={open}>Cancel journey…</button>}
        <button type="button" disabled>Retry</button>
      </>
    )} />);
    const opener = screen.getByRole('button', { name: 'Cancel journey…' });
    confirmFrom(opener);
    expect(opener.isConnected).toBe(false);
    const heading = screen.getByRole('heading', { level: 1, name: 'Journey J1' });
    expect(document.activeElement).toBe(heading);
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });

  it('is not closed by Escape, the backdrop or Keep while its action is in flight', () => {
    const onClose = vi.fn();
    render(<Page busy onClose={onClose} />);
    fireEvent.click(screen.getByRole('button', { name: 'Open' }));
    const dialog = screen.getByRole('dialog', { name: 'Erase?' });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    fireEvent.keyDown(document.body, { key: 'Escape' });
    fireEvent.mouseDown(dialog.parentElement as HTMLElement);
    fireEvent.click(screen.getByRole('button', { name: 'Keep' }));
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'Erase?' })).toBe(dialog);
    expect(dialog.getAttribute('aria-busy')).toBe('true');
  });

  it('keeps Tab inside the publish dialog too (the same modal)', () => {
    const draft = { id: 'wf', version: 1, title: 'Wf', start: 'end', steps: [{ id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } }] };
    const onClose = vi.fn();
    render(<PublishDialog latest={null} draft={draft} busy={false} onPublish={() => undefined} onClose={onClose} />);
    const dialog = screen.getByRole('dialog');
    expect(document.activeElement).toBe(screen.getByTestId('publish-reason'));
    fireEvent.change(screen.getByTestId('publish-reason'), { target: { value: 'why' } });
    const publish = screen.getByTestId('publish-confirm');
    publish.focus();
    tab();
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(publish);
    fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  // Walk 51: the publish dialog opened on "Keep editing", and an author who started typing the reason closed it with the
  // first space. A dialog that asks for a reason opens on it (typing there commits nothing, and it is the next thing to do).
  it('opens on its reason field when it asks for one: publish, a confirmation with a reason, a retry', () => {
    const draft = { id: 'wf', version: 1, title: 'Wf', start: 'end', steps: [{ id: 'end', activity: 'Core.End', inputs: { outcome: 'Done' } }] };
    const { unmount } = render(<PublishDialog latest={null} draft={draft} busy={false} onPublish={() => undefined} onClose={() => undefined} />);
    expect(document.activeElement).toBe(screen.getByTestId('publish-reason'));
    unmount();

    function WithReason() {
      const [reason, setReason] = useState('');
      return (
        <ConfirmDialog title="Cancel this journey?" confirmLabel="Cancel journey" danger onConfirm={() => undefined} onClose={() => undefined}>
          <p>Compensation runs.</p>
          <KeptReason value={reason} onChange={setReason} testId="cancel-reason" />
        </ConfirmDialog>
      );
    }
    const second = render(<WithReason />);
    expect(document.activeElement).toBe(screen.getByTestId('cancel-reason'));
    second.unmount();

    render(<RetryButton id="j1" stepId="limit" onDone={() => undefined} />);
    fireEvent.click(screen.getByTestId('incident-retry'));
    expect(document.activeElement).toBe(screen.getByTestId('retry-reason'));
  });

  it('opens on the safe choice when it asks for no reason', () => {
    render(
      <ConfirmDialog title="Discard the draft?" confirmLabel="Discard" danger onConfirm={() => undefined} onClose={() => undefined}>
        <p>The draft goes.</p>
      </ConfirmDialog>,
    );
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));
  });
});
