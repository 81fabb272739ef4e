import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/App';
import { api } from '../src/api/client';
import { QuietEventSource } from './fixtures';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  window.location.hash = '';
});

// Walk 51: after signing in the focus stayed on the page's body (the form that had it was gone), so the next Tab started
// from the top and a screen reader said nothing of the page that had opened.
describe('signing in', () => {
  it('takes the focus to the page\'s heading once the page shows it', async () => {
    vi.stubGlobal('EventSource', QuietEventSource);
    vi.spyOn(api, 'getSession').mockResolvedValue({ signedIn: false, expiresAt: null, name: null, role: null, roles: [], partner: null });
    vi.spyOn(api, 'signIn').mockResolvedValue({ signedIn: true, expiresAt: null, name: 'omar', role: 'Operator', roles: ['Operator'], partner: null });
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    vi.spyOn(api, 'listAudit').mockResolvedValue({ items: [], total: 0, next: null });
    window.location.hash = '#/audit';
    render(<App />);
    const key = await screen.findByLabelText('API key');
    key.focus();
    fireEvent.change(key, { target: { value: 'op-key' } });
    fireEvent.submit(screen.getByTestId('signin-form'));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Audit trail' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.getAttribute('tabindex')).toBe('-1');
  });

  it('leaves the focus alone when a session was already open (nothing had it)', async () => {
    vi.stubGlobal('EventSource', QuietEventSource);
    vi.spyOn(api, 'getSession').mockResolvedValue({ signedIn: true, expiresAt: null, name: 'omar', role: 'Operator', roles: ['Operator'], partner: null });
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    vi.spyOn(api, 'listAudit').mockResolvedValue({ items: [], total: 0, next: null });
    window.location.hash = '#/audit';
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Audit trail' });
    expect(document.activeElement).toBe(document.body);
  });
});

// Walk 53: a partner-scoped key (docs/server.md, "Partner scope") may not hold a Studio session; the form showed only the
// server's "needs the Viewer role unscoped", which does not say that the key is meant for the API.
describe('signing in with a partner\'s key', () => {
  it('says the key is the partner\'s, for the API, and that the Studio is the team\'s', async () => {
    vi.stubGlobal('EventSource', QuietEventSource);
    vi.spyOn(api, 'getSession').mockResolvedValue({ signedIn: false, expiresAt: null, name: null, role: null, roles: [], partner: null });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({
      type: 'urn:loanjourney:problem:role_required', title: 'Role required', status: 403, code: 'role_required',
      detail: "This needs the Viewer role unscoped; 'acme-ops' is Operator scoped to partner 'acme', which starts, lists, reads, signals and cancels its own journeys only.",
      requiredRole: 'Viewer', role: 'Operator', roles: ['Operator'], partner: 'acme',
    }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } })));
    render(<App />);
    const key = await screen.findByLabelText('API key');
    fireEvent.change(key, { target: { value: 'acme-key' } });
    fireEvent.submit(screen.getByTestId('signin-form'));
    const note = await screen.findByTestId('signin-partner-note');
    expect(note.textContent).toContain("This key is partner acme's: it works with the API");
    expect(note.textContent).toContain('not in the Studio');
    expect(screen.getByText(/needs the Viewer role unscoped/)).toBeTruthy();
  });
});
