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

/**
 * Loads data and keeps showing the previous data while a reload is in flight (no flicker on live refreshes).
 *
 * One load at a time: a load superseded by new `deps` (another journey, more journal pages) or by unmounting is aborted
 * through the `AbortSignal` it is given (its requests end, a loop of pages stops); a `reload()` while a load is in flight
 * starts no second one beside it, but one more once it ends (what changed since it began is read then), however many
 * reloads came meanwhile. The journey page of a 20,000-entry journal reloads 20 pages on each live update: every update
 * during a load used to start another load of all of them, and the superseded ones went on to their last page.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // Whether a load is in flight, and whether a reload was asked for meanwhile.
  const run = useRef({ busy: false, again: false });
  useEffect(() => {
    const controller = new AbortController();
    const current = run.current;
    current.busy = true;
    current.again = false;
    setState((s) => ({ ...s, loading: true }));
    const settle = (next: (s: { data: T | undefined; error: ApiError | null; loading: boolean }) => { data: T | undefined; error: ApiError | null; loading: boolean }) => {
      if (controller.signal.aborted) return;
      current.busy = false;
      if (current.again) {
        // Show what this load read, still loading, and read once more.
        setState((s) => ({ ...next(s), loading: true }));
        setTick((t) => t + 1);
      } else {
        setState(next);
      }
    };
    let started: Promise<T>;
    try {
      started = loadRef.current(controller.signal);
    } catch (e: unknown) {
      started = Promise.reject(e);
    }
    started.then(
      (data) => settle(() => ({ data, error: null, loading: false })),
      (e: unknown) => settle((s) => ({ data: s.data, error: toApiError(e), loading: false })),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => {
    if (run.current.busy) run.current.again = true;
    else setTick((t) => t + 1);
  }, []);
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
