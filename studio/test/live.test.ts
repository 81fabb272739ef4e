import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDebouncer, LiveConnection } from '../src/lib/live';
import { summary } from './fixtures';

describe('live-update debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('collapses a burst into one refetch 250 ms after the last event', () => {
    const fn = vi.fn();
    const d = createDebouncer(fn, 250, 750);
    d.trigger();
    vi.advanceTimersByTime(100);
    d.trigger();
    vi.advanceTimersByTime(100);
    d.trigger();
    vi.advanceTimersByTime(249);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('still refreshes within 750 ms under a steady stream of events', () => {
    const fn = vi.fn();
    const d = createDebouncer(fn, 250, 750);
    for (let t = 0; t < 1000; t += 100) {
      d.trigger();
      vi.advanceTimersByTime(100);
    }
    // Events at 0..900 ms: the ceiling fires at 750 ms, then a new window starts at 800 ms.
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(250);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('cancel drops a pending refetch', () => {
    const fn = vi.fn();
    const d = createDebouncer(fn);
    d.trigger();
    expect(d.pending()).toBe(true);
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });
});

class FakeEventSource {
  static all: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  listeners = new Map<string, (ev: MessageEvent) => void>();
  closed = false;
  constructor(public url: string) { FakeEventSource.all.push(this); }
  addEventListener(type: string, l: (ev: MessageEvent) => void) { this.listeners.set(type, l); }
  close() { this.closed = true; this.readyState = 2; }
  open() { this.readyState = 1; this.onopen?.(new Event('open')); }
  send(type: string, data: string) { this.listeners.get(type)?.(new MessageEvent(type, { data })); }
  fail(closed: boolean) { this.readyState = closed ? 2 : 0; this.onerror?.(new Event('error')); }
}

describe('LiveConnection', () => {
  beforeEach(() => { vi.useFakeTimers(); FakeEventSource.all = []; });
  afterEach(() => vi.useRealTimers());

  it('delivers instance events, reports state and resyncs after the browser gives up and we reconnect', () => {
    const live = new LiveConnection('/api/events', (url) => new FakeEventSource(url));
    const states: string[] = [];
    const got: unknown[] = [];
    live.onState((s) => states.push(s));
    live.subscribe((i) => got.push(i ? i.id : null));
    live.start();
    const first = FakeEventSource.all[0];
    first.open();
    first.send('instance', JSON.stringify(summary));
    first.send('instance', 'not json');
    expect(got).toEqual([summary.id]);

    first.fail(true);
    expect(first.closed).toBe(true);
    expect(live.state).toBe('reconnecting');
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.all).toHaveLength(2);
    FakeEventSource.all[1].open();
    expect(got).toEqual([summary.id, null]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);

    live.stop();
    expect(FakeEventSource.all[1].closed).toBe(true);
    expect(live.state).toBe('closed');
  });

  it('stops and reports a sign-out when the server ends the stream with signed-out, instead of retrying into 401s', () => {
    const signedOut = vi.fn();
    const live = new LiveConnection('/api/events', (url) => new FakeEventSource(url), signedOut);
    live.start();
    const es = FakeEventSource.all[0];
    es.open();
    es.send('signed-out', JSON.stringify({ detail: 'The session was signed out: sign in again.' }));
    expect(signedOut).toHaveBeenCalledOnce();
    expect(es.closed).toBe(true);
    expect(live.state).toBe('closed');
    es.fail(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.all).toHaveLength(1);
  });

  it('lets the browser retry a transient error itself', () => {
    const live = new LiveConnection('/api/events', (url) => new FakeEventSource(url));
    live.start();
    FakeEventSource.all[0].open();
    FakeEventSource.all[0].fail(false);
    expect(live.state).toBe('reconnecting');
    vi.advanceTimersByTime(5000);
    expect(FakeEventSource.all).toHaveLength(1);
    live.stop();
  });
});
