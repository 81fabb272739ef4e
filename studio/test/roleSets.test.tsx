import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/App';
import { api } from '../src/api/client';
import { QuietEventSource } from './fixtures';
import type { AuditPage as AuditPageData } from '../src/api/types';

// Session 46: a principal holds a set of roles (docs/server.md, "Roles"; docs/studio.md, "Roles: what each one sees").
// GET /api/session answers `roles` (every role held) beside `role` (the strongest). The Studio used to read `role` alone,
// so an Operator who is also the team's Auditor saw no *Export…* on the audit page, though the server lets them export.

const page: AuditPageData = {
  items: [{ seq: 1, at: '2026-12-07T06:00:00.000Z', principal: 'omar', action: 'retry', workflowId: 'finbox-personal-loan',
    instanceId: '01JDETAIL0000000000000001', reason: null, data: null, clientAddress: null, authMethod: null, authId: null, userAgent: null }],
  total: 1,
  next: null,
};

function signedInAs(roles: string[]) {
  vi.stubGlobal('EventSource', QuietEventSource);
  vi.spyOn(api, 'getSession').mockResolvedValue({ signedIn: true, expiresAt: null, name: 'omar', role: roles[0] ?? null, roles, partner: null });
  vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
  vi.spyOn(api, 'listAudit').mockResolvedValue(page);
  window.location.hash = '#/audit';
  return render(<App />);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  window.location.hash = '';
});

describe('a principal holding several roles', () => {
  it('is offered what any of its roles allows: an Operator and Auditor exports the audit trail, and the header names both', async () => {
    signedInAs(['Operator', 'Auditor']);
    await screen.findAllByTestId('audit-row');
    expect(screen.getByRole('button', { name: 'Export…' })).toBeTruthy();
    const whoami = screen.getByTestId('whoami');
    expect(within(whoami).getByTestId('whoami-role').textContent).toBe('Operator and Auditor');
    expect(whoami.getAttribute('data-role')).toBe('Operator Auditor');
  });

  it('is offered nothing an unknown role would grant: a Viewer beside an unknown role sees no export', async () => {
    signedInAs(['Viewer', 'Supervisor']);
    await screen.findAllByTestId('audit-row');
    expect(screen.queryByRole('button', { name: 'Export…' })).toBeNull();
    expect(screen.getByTestId('whoami-role').textContent).toBe('Viewer');
  });
});
