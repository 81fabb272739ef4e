import { describe, expect, it } from 'vitest';
import { firstPage, listPageFromSearchParams, listPageToSearchParams, nextPage, pageNumber, previousPage, type ListPage } from '../src/lib/paging';
import { href, parseHash } from '../src/lib/router';

const c = (n: number) => `Y3wxNzY0MDAwMDAwMDAwfDAx${n}`;
const fromLink = (page: ListPage) => listPageFromSearchParams(parseHash(href('/journeys', listPageToSearchParams(page))).query);

describe('keyset paging of the journeys list', () => {
  it('pageNumber_FirstPage_IsOneWithoutCursorOrTrail', () => {
    const first = listPageFromSearchParams(new URLSearchParams('status=Waiting'));
    expect(first).toEqual({ filters: { status: ['Waiting'] }, trail: [] });
    expect(pageNumber(first)).toBe(1);
    expect(listPageToSearchParams(first).toString()).toBe('status=Waiting');
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
    const q = listPageToSearchParams(p4);
    // The API's name for the cursor; the trail is the Studio's own.
    expect(q.get('after')).toBe(c(3));
    expect(q.get('trail')).toBe(`${c(1)},${c(2)}`);
  });

  it('aTrailWithoutCursorOrWithAnythingElse_IsDroppedWhole', () => {
    expect(listPageFromSearchParams(new URLSearchParams(`trail=${c(1)}`))).toEqual({ filters: {}, trail: [] });
    const bad = listPageFromSearchParams(new URLSearchParams(`after=${c(3)}&trail=${c(1)},not%20one`));
    expect(bad).toEqual({ filters: { after: c(3) }, trail: [] });
    expect(pageNumber(bad)).toBe(2);
  });
});
