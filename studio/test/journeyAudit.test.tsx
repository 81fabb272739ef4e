import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import type { AuditEntry } from '../src/api/types';
import { JourneyAudit } from '../src/components/journey/JourneyAudit';

afterEach(() => {
  vi.restoreAllMocks();
});

const JOURNEY = '01JDETAIL0000000000000001';

const entries: AuditEntry[] = [
  { seq: 42, at: '2026-11-21T07:33:21.123Z', principal: 'ops-priya', action: 'skip', workflowId: 'finbox-personal-loan', instanceId: JOURNEY,
    reason: 'borrower on XXXXXX3210 verified by phone', data: { outcome: 'Done' }, clientAddress: null, authMethod: null, authId: null, userAgent: null },
  { seq: 41, at: '2026-11-21T07:30:00.000Z', principal: 'ops-priya', action: 'migrate', workflowId: 'finbox-personal-loan', instanceId: JOURNEY,
    reason: null, data: { fromVersion: 1, toVersion: 2, toStep: 'otp' }, clientAddress: null, authMethod: null, authId: null, userAgent: null },
];

describe("a journey's operator actions", () => {
  it("lists the journey's latest entries and links to the Audit page filtered on it", async () => {
    const list = vi.spyOn(api, 'listAudit').mockResolvedValue({ items: entries, total: 14, next: null });
    render(<JourneyAudit id={JOURNEY} changedAt="2026-11-21T07:30:00.000Z" />);
    const items = await screen.findAllByTestId('audit-item');
    expect(list).toHaveBeenCalledWith({ instanceId: JOURNEY, take: 10 });
    expect(items.map((i) => i.dataset.action)).toEqual(['skip', 'migrate']);
    expect(within(items[0]).getByTestId('audit-reason').textContent).toBe('“borrower on XXXXXX3210 verified by phone”');
    const link = screen.getByTestId('journey-audit-link');
    expect(link.textContent).toBe('All 14 in the audit trail');
    expect(link.getAttribute('href')).toBe(`#/audit?instanceId=${JOURNEY}`);
  });

  it('asks again when the journey changes, and says when there is nothing yet', async () => {
    const list = vi.spyOn(api, 'listAudit').mockResolvedValue({ items: [], total: 0, next: null });
    const { rerender } = render(<JourneyAudit id={JOURNEY} changedAt="a" />);
    expect((await screen.findByTestId('journey-audit-empty')).textContent).toContain('No operator action');
    expect(screen.queryByTestId('journey-audit-link')).toBeNull();
    rerender(<JourneyAudit id={JOURNEY} changedAt="b" />);
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2));
  });
});
