import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import { SessionContext } from '../src/lib/roles';
import { DefinitionsPage } from '../src/pages/Definitions';
import { personalLoan } from './fixtures';

vi.mock('../src/components/Flowchart', async (orig) => {
  const real = await orig<typeof import('../src/components/Flowchart')>();
  return { ...real, Flowchart: () => <div data-testid="flowchart" /> };
});

afterEach(() => vi.restoreAllMocks());

// Session 46's designer walk: "FinBox OTP" typed as a new workflow's id was refused by the browser with its own
// "Please match the requested format." and nothing said which format; the box also took ids the server refuses
// ("-x", 101 characters), which then came back as a 400 after the click.
describe('a new workflow\'s id', () => {
  it('says the rule beside the box and in its title, and the box refuses what the server refuses', async () => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: personalLoan.id, title: personalLoan.title, latestVersion: 1, versions: [1], inputs: [] }]);
    vi.spyOn(api, 'getWorkflow').mockResolvedValue({ ...personalLoan, version: 1 });
    vi.spyOn(api, 'listVersions').mockResolvedValue([]);
    render(<SessionContext.Provider value={{ name: 'ana', role: 'Designer' }}><DefinitionsPage id={personalLoan.id} query={new URLSearchParams()} /></SessionContext.Provider>);
    fireEvent.click(await screen.findByTestId('new-workflow'));
    const box = screen.getByTestId('new-workflow-id') as HTMLInputElement;
    const rule = screen.getByTestId('new-workflow-id-rule');
    expect(rule.textContent).toContain('starting with a letter or digit; no spaces');
    expect(box.getAttribute('aria-describedby')).toBe(rule.id);
    expect(box.title).toBe(rule.textContent);

    const valid = (text: string) => {
      fireEvent.change(box, { target: { value: text } });
      return box.checkValidity();
    };
    expect(valid('FinBox OTP')).toBe(false);
    expect(valid('-finbox')).toBe(false);
    expect(valid('finbox-otp_bre.v2')).toBe(true);
    expect(box.maxLength).toBe(100);
  });
});

// Session 46's designer walk: Escape did nothing in the inline new-workflow form; Cancel closed it and left the focus
// on the page's body.
describe('the new-workflow form', () => {
  const open = async () => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([{ id: personalLoan.id, title: personalLoan.title, latestVersion: 1, versions: [1], inputs: [] }]);
    vi.spyOn(api, 'getWorkflow').mockResolvedValue({ ...personalLoan, version: 1 });
    vi.spyOn(api, 'listVersions').mockResolvedValue([]);
    render(<SessionContext.Provider value={{ name: 'ana', role: 'Designer' }}><DefinitionsPage id={personalLoan.id} query={new URLSearchParams()} /></SessionContext.Provider>);
    fireEvent.click(await screen.findByTestId('new-workflow'));
    return screen.getByTestId('new-workflow-id');
  };

  it('closes on Escape and gives the focus back to New workflow', async () => {
    const box = await open();
    fireEvent.change(box, { target: { value: 'finbox' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByTestId('new-workflow-form')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('new-workflow'));
    // Opened again, it starts empty.
    fireEvent.click(screen.getByTestId('new-workflow'));
    expect((screen.getByTestId('new-workflow-id') as HTMLInputElement).value).toBe('');
  });

  it('gives the focus back to New workflow after Cancel too', async () => {
    await open();
    fireEvent.click(screen.getByTestId('new-workflow-cancel'));
    expect(screen.queryByTestId('new-workflow-form')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('new-workflow'));
  });
});
