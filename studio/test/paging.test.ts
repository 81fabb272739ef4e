// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { auditPaging, type AuditListPage } from '../src/lib/auditFilters';
import { journeysPaging, type ListPage } from '../src/lib/paging';
import { href, parseHash } from '../src/lib/router';

const c = (n: number) => `Y3wxNzY0MDAwMDAwMDAwfDAx${n}`;
const fromLink = (page: ListPage) => journeysPaging.fromSearchParams(parseHash(href('/journeys', journeysPaging.toSearchParams(page))).query);
const fromAuditLink = (page: AuditListPage) => auditPaging.fromSearchParams(parseHash(href('/audit', auditPaging.toSearchParams(page))).query);

describe('keyset paging of the journeys list', () => {
  const { first: firstPage, next: nextPage, pageNumber, previous: previousPage } = journeysPaging;

  it('pageNumber_FirstPage_IsOneWithoutCursorOrTrail', () => {
    const first = journeysPaging.fromSearchParams(new URLSearchParams('status=Waiting'));
    expect(first).toEqual({ filters: { status: ['Waiting'] }, trail: [] });
    expect(pageNumber(first)).toBe(1);
    expect(journeysPaging.toSearchParams(first).toString()).toBe('status=Waiting');
  });

  it('nextPage_FollowsNextAndPushesThisPagesCursor', () => {
    const p1: ListPage = { filters: { workflowId: 'w' }, trail: [] };
    const p2 = nextPage(p1, c(1));
    const p3 = nextPage(p2, c(2));
    const p4 = nextPage(p3, c(3));
    expect(p2).toEqual({ filters: { workflowId: 'w', after: c(1) }, trail: [] });
    expect(p4).toEqual({ filters: { workflowId: 'w', after: c(3) }, trail: [c(1), c(2)] });
    expect([p1, p2, p3, p4].map(pageNumber)).toEqual([1, 2, 3, 4]);
  });

  it('previousPage_WalksTheTrailBackToTheFirstPage', () => {
    const p4: ListPage = { filters: { sort: 'updatedAt', after: c(3) }, trail: [c(1), c(2)] };
    const p3 = previousPage(p4);
    const p2 = previousPage(p3);
    const p1 = previousPage(p2);
    expect(p3).toEqual({ filters: { sort: 'updatedAt', after: c(2) }, trail: [c(1)] });
    expect(p2).toEqual({ filters: { sort: 'updatedAt', after: c(1) }, trail: [] });
    expect(p1).toEqual({ filters: { sort: 'updatedAt' }, trail: [] });
    expect(previousPage(p1)).toEqual(p1);
    expect(firstPage(p4)).toEqual(p1);
  });

  it('aPageRoundTripsThroughTheUrl_SoReloadBackAndForwardKeepIt', () => {
    const p4: ListPage = { filters: { status: ['Faulted'], order: 'asc', take: 25, after: c(3) }, trail: [c(1), c(2)] };
    expect(fromLink(p4)).toEqual(p4);
    expect(pageNumber(fromLink(p4))).toBe(4);
    const q = journeysPaging.toSearchParams(p4);
    // The API's name for the cursor; the trail is the Studio's own.
    expect(q.get('after')).toBe(c(3));
    expect(q.get('trail')).toBe(`${c(1)},${c(2)}`);
  });

  it('aTrailWithoutCursorOrWithAnythingElse_IsDroppedWhole', () => {
    expect(journeysPaging.fromSearchParams(new URLSearchParams(`trail=${c(1)}`))).toEqual({ filters: {}, trail: [] });
    const bad = journeysPaging.fromSearchParams(new URLSearchParams(`after=${c(3)}&trail=${c(1)},not%20one`));
    expect(bad).toEqual({ filters: { after: c(3) }, trail: [] });
    expect(pageNumber(bad)).toBe(2);
  });
});

// The same implementation with the audit list's cursor: `before`, an entry's seq (an integer), in the URL as digits.
describe('keyset paging of the audit list', () => {
  it('followsNextAndWalksBack_WithIntegerCursorsUnderBefore', () => {
    const p1: AuditListPage = { filters: { action: ['cancel'], take: 25 }, trail: [] };
    const p3 = auditPaging.next(auditPaging.next(p1, 230), 205);
    expect(p3).toEqual({ filters: { action: ['cancel'], take: 25, before: 205 }, trail: [230] });
    expect(auditPaging.pageNumber(p3)).toBe(3);
    expect(auditPaging.previous(p3)).toEqual({ filters: { action: ['cancel'], take: 25, before: 230 }, trail: [] });
    expect(auditPaging.previous(auditPaging.previous(p3))).toEqual(p1);
    expect(auditPaging.first(p3)).toEqual(p1);
  });

  it('roundTripsThroughTheUrl_AsNumbers', () => {
    const p4: AuditListPage = { filters: { principal: 'ops-priya', before: 120 }, trail: [180, 150] };
    expect(auditPaging.toSearchParams(p4).toString()).toBe('principal=ops-priya&before=120&trail=180%2C150');
    expect(fromAuditLink(p4)).toEqual(p4);
    expect(auditPaging.pageNumber(fromAuditLink(p4))).toBe(4);
  });

  it('dropsATrailWithoutBeforeOrWithAnythingButPositiveIntegers_Whole', () => {
    expect(auditPaging.fromSearchParams(new URLSearchParams('trail=180,150'))).toEqual({ filters: {}, trail: [] });
    for (const bad of ['180,1.5', '180,abc', '180,-3', '180,0', '180,1e3', '180,0x10']) {
      expect(auditPaging.fromSearchParams(new URLSearchParams(`before=120&trail=${bad}`))).toEqual({ filters: { before: 120 }, trail: [] });
    }
    const noCursor = auditPaging.fromSearchParams(new URLSearchParams('before=1.5&trail=180'));
    expect(noCursor).toEqual({ filters: {}, trail: [] });
    expect(auditPaging.pageNumber(noCursor)).toBe(1);
  });
});
