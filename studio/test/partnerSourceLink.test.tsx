import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { InstanceList } from '../src/api/types';
import { SessionContext, type SessionUser } from '../src/lib/roles';
import { JourneysPage } from '../src/pages/Journeys';
import { summary } from './fixtures';

const page: InstanceList = {
  items: [summary],
  total: 1,
  countsByStatus: { Running: 0, Waiting: 0, Completed: 0, Faulted: 1, Cancelled: 0 },
  next: null,
};

function open(user: SessionUser, query: string) {
  render(<SessionContext.Provider value={user}><JourneysPage query={new URLSearchParams(query)} /></SessionContext.Provider>);
}

afterEach(() => {
  vi.restoreAllMocks();
  window.location.hash = '';
});

// Session 45's walk: a partner-scoped session opening an old link with the Source filter "Our own" (`hasPartner=false`)
// got the server's 400 (it lists its own partner's journeys whatever it asks); the filter it cannot use is dropped quietly.
describe('an old link with hasPartner=false', () => {
  const listSpy = () => vi.spyOn(api, 'listInstances').mockResolvedValue(page);
  let list: ReturnType<typeof listSpy>;
  beforeEach(() => {
    vi.spyOn(api, 'listWorkflows').mockResolvedValue([]);
    list = listSpy();
  });

  it('lists a partner-scoped session its journeys, without the filter and without a problem', async () => {
    open({ name: 'acme-ops', role: 'Operator', partner: 'acme' }, 'hasPartner=false&hasIncident=true');
    await screen.findAllByTestId('instance-row');
    expect(list).toHaveBeenCalledTimes(1);
    expect(list.mock.calls[0][0]).toEqual({ hasIncident: true });
    expect(screen.queryByTestId('problem')).toBeNull();
  });

  it("keeps the filter for the team's own session", async () => {
    open({ name: 'ops', role: 'Operator', partner: null }, 'hasPartner=false&hasIncident=true');
    await screen.findAllByTestId('instance-row');
    expect(list.mock.calls[0][0]).toEqual({ hasPartner: false, hasIncident: true });
    expect((screen.getByTestId('filter-source') as HTMLSelectElement).value).toBe('own');
  });
});
