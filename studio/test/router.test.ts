import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { adoptPathRoute, hashForPath, setLeaveGuard, useRoute } from '../src/lib/router';

afterEach(() => {
  setLeaveGuard(null);
});

function go(hash: string) {
  act(() => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

describe('leave guard (unsaved changes are never lost silently)', () => {
  it('aRefusedNavigation_KeepsTheRouteAndTheAddress', () => {
    go('#/definitions/demo/edit');
    const { result } = renderHook(() => useRoute());
    expect(result.current.path).toBe('/definitions/demo/edit');
    let asked = 0;
    setLeaveGuard(() => {
      asked++;
      return false;
    });
    go('#/journeys');
    expect(asked).toBe(1);
    expect(result.current.path).toBe('/definitions/demo/edit');
    expect(window.location.hash).toBe('#/definitions/demo/edit');
  });

  it('anAcceptedNavigation_OrAQueryChangeOnTheSameRoute_GoesThrough', () => {
    go('#/definitions/demo/edit');
    const { result } = renderHook(() => useRoute());
    let asked = 0;
    setLeaveGuard(() => {
      asked++;
      return true;
    });
    go('#/definitions/demo/edit?x=1');
    expect(asked).toBe(0);
    go('#/journeys');
    expect(asked).toBe(1);
    expect(result.current.path).toBe('/journeys');
  });
});

// Walk 49: the server answers index.html for /studio/journeys/<id>, and the Studio, which routes after the #, showed the list.
describe('a path below /studio/ opens the route it names', () => {
  it('hashForPath_NamesTheRouteOfAPath_AndNoneForTheBaseIndexOrAnAddressWithARoute', () => {
    expect(hashForPath('/studio/', '/studio/journeys/01a2', '?x=1', '')).toBe('#/journeys/01a2?x=1');
    expect(hashForPath('/studio/', '/studio/definitions/finbox-personal-loan/edit/', '', '#')).toBe('#/definitions/finbox-personal-loan/edit');
    expect(hashForPath('/studio/', '/studio/', '', '')).toBeNull();
    expect(hashForPath('/studio/', '/studio/index.html', '', '')).toBeNull();
    expect(hashForPath('/studio/', '/studio/journeys', '', '#/audit')).toBeNull();
    expect(hashForPath('/studio/', '/elsewhere/journeys', '', '')).toBeNull();
  });

  it('adoptPathRoute_MovesThePathAfterTheHash_AndTheFirstRouteReadIsThatJourney', () => {
    window.history.replaceState(null, '', '/studio/journeys/01a2%20b?status=Faulted');
    adoptPathRoute('/studio/');
    expect(window.location.pathname).toBe('/studio/');
    expect(window.location.hash).toBe('#/journeys/01a2%20b?status=Faulted');
    const seen: string[] = [];
    const { result } = renderHook(() => {
      const route = useRoute();
      seen.push(route.path);
      return route;
    });
    expect(seen[0]).toBe('/journeys/01a2%20b');
    expect(result.current.segments).toEqual(['journeys', '01a2 b']);
    expect(result.current.query.get('status')).toBe('Faulted');
  });
});
