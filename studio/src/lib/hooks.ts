import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, toApiError } from '../api/client';
import type { InstanceSummary } from '../api/types';
import { createDebouncer, type ConnectionState, type LiveConnection } from './live';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads data and keeps showing the previous data while a reload is in flight (no flicker on live refreshes). */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => alive && setState({ data, error: null, loading: false }),
      (e: unknown) => alive && setState((s) => ({ data: s.data, error: toApiError(e), loading: false })),
    );
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export const LiveContext = createContext<LiveConnection | null>(null);

export function useConnectionState(): ConnectionState {
  const live = useContext(LiveContext);
  return useSyncExternalStore(
    (cb) => (live ? live.onState(cb) : () => undefined),
    () => live?.state ?? 'closed',
  );
}

/**
 * Refetches (debounced ~250 ms) when a pushed instance change matches, and after a reconnect
 * (when events may have been missed).
 */
export function useLiveRefetch(matches: (i: InstanceSummary) => boolean, refetch: () => void): void {
  const live = useContext(LiveContext);
  const matchRef = useRef(matches);
  matchRef.current = matches;
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  useEffect(() => {
    if (!live) return undefined;
    const debouncer = createDebouncer(() => refetchRef.current(), 250, 750);
    const off = live.subscribe((i) => {
      if (i === null || matchRef.current(i)) debouncer.trigger();
    });
    return () => {
      off();
      debouncer.cancel();
    };
  }, [live]);
}

/** Re-renders every `ms` so "waiting for 5 min" style durations keep counting. */
export function useNow(ms = 15000, renewOn?: unknown): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Renewed at once when renewOn changes (a list that arrived between two ticks), not up to `ms` later: walk 45 saw
    // "0 ms" in the journeys list's Waiting column for journeys waiting ~7 s, timed from a `now` taken before they waited.
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms, renewOn]);
  return now;
}
