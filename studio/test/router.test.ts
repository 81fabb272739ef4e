import { act, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLeaveGuard, useRoute } from '../src/lib/router';

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
