import type { InstanceSummary } from '../api/types';

export interface Debouncer {
  trigger(): void;
  cancel(): void;
  pending(): boolean;
}

/**
 * Trailing-edge debounce with a ceiling: a burst of events causes one call `waitMs` after the last
 * event, but never later than `maxWaitMs` after the first, so a steady stream still refreshes the page.
 */
export function createDebouncer(fn: () => void, waitMs = 250, maxWaitMs = 750): Debouncer {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstAt: number | null = null;
  const fire = () => {
    timer = null;
    firstAt = null;
    fn();
  };
  return {
    trigger() {
      const now = Date.now();
      if (firstAt === null) firstAt = now;
      if (timer !== null) clearTimeout(timer);
      const delay = Math.max(0, Math.min(waitMs, firstAt + maxWaitMs - now));
      timer = setTimeout(fire, delay);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      firstAt = null;
    },
    pending: () => timer !== null,
  };
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** `null` means "you may have missed events" (after a reconnect): refetch everything shown. */
export type LiveListener = (instance: InstanceSummary | null) => void;

interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;

/** One shared `EventSource` on /api/events, reconnecting with back-off when the browser gives up on it. */
export class LiveConnection {
  private es: EventSourceLike | null = null;
  private listeners = new Set<LiveListener>();
  private stateListeners = new Set<(s: ConnectionState) => void>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private everOpened = false;
  private stopped = true;
  state: ConnectionState = 'closed';

  /**
   * `onSignedOut` is called when the server ends the stream because the session no longer stands (signed out elsewhere,
   * or its principal removed): the connection stops instead of retrying into 401s, and the app shows its sign-in form.
   */
  constructor(
    private readonly url: string,
    private readonly factory: EventSourceFactory = defaultFactory,
    private readonly onSignedOut?: () => void,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.es?.close();
    this.es = null;
    this.everOpened = false;
    this.failures = 0;
    this.setState('closed');
  }

  subscribe(l: LiveListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  onState(l: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  private setState(s: ConnectionState) {
    if (this.state === s) return;
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private emit(i: InstanceSummary | null) {
    for (const l of [...this.listeners]) l(i);
  }

  private connect() {
    this.setState(this.everOpened ? 'reconnecting' : 'connecting');
    let es: EventSourceLike;
    try {
      es = this.factory(this.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.es = es;
    es.onopen = () => {
      const resync = this.everOpened;
      this.everOpened = true;
      this.failures = 0;
      this.setState('open');
      if (resync) this.emit(null);
    };
    es.onerror = () => {
      if (this.stopped || this.es !== es) return;
      if (es.readyState === CLOSED) {
        // The browser will not retry (e.g. a 401 or a non-stream answer): we do.
        es.close();
        this.es = null;
        this.scheduleRetry();
      } else {
        this.setState('reconnecting');
      }
    };
    es.addEventListener('signed-out', () => {
      if (this.es !== es) return;
      this.stop();
      this.onSignedOut?.();
    });
    es.addEventListener('instance', (ev: MessageEvent) => {
      try {
        const data = JSON.parse(String(ev.data)) as InstanceSummary;
        if (data && typeof data.id === 'string') this.emit(data);
      } catch {
        // A malformed event is dropped; the next one or a resync brings the page up to date.
      }
    });
  }

  private scheduleRetry() {
    this.setState('reconnecting');
    this.failures++;
    const delay = Math.min(10_000, 1000 * 2 ** Math.min(this.failures - 1, 4));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}

const defaultFactory: EventSourceFactory = (url) => new EventSource(url, { withCredentials: true });
