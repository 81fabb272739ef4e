// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { InstanceFilters } from '../src/api/types';
import { filtersFromSearchParams, filtersToSearchParams, isoToLocalInput, localInputToIso, secondsToAmount, toBulkFilter, withFilterChange } from '../src/lib/filters';
import { href, parseHash } from '../src/lib/router';

describe('list filters ↔ URL', () => {
  const full: InstanceFilters = {
    workflowId: 'finbox-personal-loan', status: ['Waiting', 'Faulted'], outcome: 'Rejected', correlationId: 'CUST-1', partner: 'acme',
    createdFrom: '2026-11-01T00:00:00.000Z', createdTo: '2026-11-02T00:00:00.000Z',
    updatedFrom: '2026-11-03T00:00:00.000Z', updatedTo: '2026-11-04T00:00:00.000Z',
    hasIncident: true, incidentKind: 'LenderUnavailable', waitingLongerThan: 7200, sort: 'updatedAt', order: 'asc', after: 'Y3wxNzY0MDAwMDAwMDAwfDAxSg', take: 100,
  };

  it('round-trips every filter through the hash route', () => {
    const link = href('/journeys', filtersToSearchParams(full, { omitDefaults: true }));
    const route = parseHash(link);
    expect(route.path).toBe('/journeys');
    expect(filtersFromSearchParams(route.query)).toEqual(full);
  });

  it('round-trips hasIncident=false and an empty filter', () => {
    expect(filtersFromSearchParams(filtersToSearchParams({ hasIncident: false }))).toEqual({ hasIncident: false });
    expect(filtersFromSearchParams(filtersToSearchParams({}))).toEqual({});
  });

  // Session 45: the team's own journeys (the API's hasPartner=false) had no Studio control.
  it('round-trips hasPartner both ways, and drops hasPartner=false beside a named partner (no journey is both)', () => {
    expect(filtersToSearchParams({ hasPartner: false }).toString()).toBe('hasPartner=false');
    expect(filtersFromSearchParams(filtersToSearchParams({ hasPartner: false }))).toEqual({ hasPartner: false });
    expect(filtersFromSearchParams(filtersToSearchParams({ hasPartner: true, partner: 'acme' }))).toEqual({ hasPartner: true, partner: 'acme' });
    expect(filtersFromSearchParams(new URLSearchParams('hasPartner=false&partner=acme'))).toEqual({ partner: 'acme' });
    expect(filtersFromSearchParams(new URLSearchParams('hasPartner=maybe'))).toEqual({});
  });

  it('carries incidentKind to the URL, back, and into a bulk filter (session 45: the incidents of an outage together)', () => {
    const f: InstanceFilters = { status: ['Faulted'], incidentKind: 'LenderUnavailable' };
    expect(filtersToSearchParams(f).get('incidentKind')).toBe('LenderUnavailable');
    expect(filtersFromSearchParams(filtersToSearchParams(f))).toEqual(f);
    expect(toBulkFilter({ ...f, after: 'Y3wxfGE', take: 25 })).toEqual({ status: ['Faulted'], incidentKind: 'LenderUnavailable' });
    expect(filtersFromSearchParams(new URLSearchParams('incidentKind=%20%20'))).toEqual({});
  });

  it('leaves defaults out of the shareable URL', () => {
    const p = filtersToSearchParams({ sort: 'createdAt', order: 'desc', skip: 0, take: 50 }, { omitDefaults: true });
    expect(p.toString()).toBe('');
  });

  it('drops unknown statuses, malformed numbers and cursors, and caps take at 500', () => {
    const f = filtersFromSearchParams(new URLSearchParams('status=Waiting&status=Bogus&status=Faulted,Running&take=9999&waitingLongerThan=abc&sort=name&order=up&hasIncident=maybe&after=not%20a%20cursor'));
    expect(f).toEqual({ status: ['Waiting', 'Faulted', 'Running'], take: 500 });
  });

  it('never reads an offset from the URL: the Studio pages with the cursor only', () => {
    expect(filtersFromSearchParams(new URLSearchParams('skip=50&workflowId=a'))).toEqual({ workflowId: 'a' });
  });

  it('resets paging when any filter, the sort, the order or the page size changes', () => {
    const f: InstanceFilters = { workflowId: 'a', after: 'Y3wxfGE', skip: 100 };
    expect(withFilterChange(f, { outcome: 'Disbursed' })).toEqual({ workflowId: 'a', outcome: 'Disbursed' });
    expect(withFilterChange(f, { sort: 'updatedAt', order: 'desc' })).toEqual({ workflowId: 'a', sort: 'updatedAt', order: 'desc' });
    expect(withFilterChange(f, { order: 'asc' })).toEqual({ workflowId: 'a', order: 'asc' });
    expect(withFilterChange(f, { take: 100 })).toEqual({ workflowId: 'a', take: 100 });
    expect(withFilterChange(f, { workflowId: '' })).toEqual({});
    expect(withFilterChange({ status: ['Waiting'] }, { status: [] })).toEqual({});
  });

  it('converts datetime-local values to UTC ISO and back', () => {
    const iso = localInputToIso('2026-11-21T13:05');
    expect(iso).toMatch(/Z$/);
    expect(isoToLocalInput(iso)).toBe('2026-11-21T13:05');
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('garbage')).toBeUndefined();
  });

  it('shows a threshold in its largest exact unit', () => {
    expect(secondsToAmount(7200)).toEqual({ amount: '2', unit: 'hours' });
    expect(secondsToAmount(172800)).toEqual({ amount: '2', unit: 'days' });
    expect(secondsToAmount(300)).toEqual({ amount: '5', unit: 'minutes' });
    expect(secondsToAmount(undefined)).toEqual({ amount: '', unit: 'hours' });
  });
});
