import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../src/api/client';
import { useAsync } from '../src/lib/hooks';
import { loadJournal } from '../src/pages/Journey';

/** A load the test answers when it chooses, with the signal it was given. */
function deferredLoads() {
  const loads: { signal: AbortSignal; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const load = vi.fn((signal: AbortSignal) => new Promise<string>((resolve, reject) => loads.push({ signal, resolve, reject })));
  return { loads, load };
}

describe('useAsync: one load at a time', () => {
  it('aborts a load superseded by new deps, and shows only the newest', async () => {
    const { loads, load } = deferredLoads();
    const { result, rerender } = renderHook(({ pages }) => useAsync((signal) => load(signal), [pages]), { initialProps: { pages: 10 } });
    expect(loads).toHaveLength(1);

    rerender({ pages: 20 });
    expect(loads).toHaveLength(2);
    expect(loads[0].signal.aborted).toBe(true);
    expect(loads[1].signal.aborted).toBe(false);

    await act(async () => loads[0].resolve('superseded'));
    expect(result.current.data).toBeUndefined();
    await act(async () => loads[1].resolve('newest'));
    expect(result.current).toMatchObject({ data: 'newest', loading: false, error: null });
  });

  it('aborts the load under way when the page goes away', () => {
    const { loads, load } = deferredLoads();
    const { unmount } = renderHook(() => useAsync((signal) => load(signal), []));
    unmount();
    expect(loads[0].signal.aborted).toBe(true);
  });

  it('starts no second load beside one in flight: reloads meanwhile become one more load once it ends', async () => {
    const { loads, load } = deferredLoads();
    const { result } = renderHook(() => useAsync((signal) => load(signal), []));
    expect(load).toHaveBeenCalledTimes(1);

    // Three live updates while the first load reads its pages.
    act(() => {
      result.current.reload();
      result.current.reload();
      result.current.reload();
    });
    expect(load).toHaveBeenCalledTimes(1);
    expect(loads[0].signal.aborted).toBe(false);

    // It ends: what it read is shown, still loading, and one more load (not three) reads what changed since it began.
    await act(async () => loads[0].resolve('first'));
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    expect(result.current).toMatchObject({ data: 'first', loading: true });

    await act(async () => loads[1].resolve('second'));
    expect(result.current).toMatchObject({ data: 'second', loading: false });
    expect(load).toHaveBeenCalledTimes(2);

    // Idle: a reload starts a load at once.
    act(() => result.current.reload());
    expect(load).toHaveBeenCalledTimes(3);
    await act(async () => loads[2].reject(new Error('offline')));
    expect(result.current).toMatchObject({ data: 'second', loading: false });
    expect(result.current.error?.message).toContain('offline');
  });
});

describe('the journey page\'s journal load, aborted', () => {
  it('asks for no further page once aborted, and ends the request under way', async () => {
    const controller = new AbortController();
    const signals: (AbortSignal | undefined)[] = [];
    const getJournal = vi.spyOn(api, 'getJournal').mockImplementation(async (_id: string, skip = 0, take = 200, signal?: AbortSignal) => {
      signals.push(signal);
      if (skip === 400) controller.abort();
      return {
        items: Array.from({ length: take }, (_, i) => ({ seq: skip + i + 1, at: '2026-11-21T07:00:00.000Z', kind: 'LenderCall', stepId: 's', attempt: 1, data: {} })),
        total: 20_000,
      };
    });

    await expect(loadJournal('j1', 20, controller.signal)).rejects.toThrow();
    // Pages at skip 0, 200 and 400 (aborted while the last was answered): not the 17 others.
    expect(getJournal).toHaveBeenCalledTimes(3);
    expect(signals.every((s) => s === controller.signal)).toBe(true);
    getJournal.mockRestore();
  });
});
