import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`/studio/#/journeys?status=Faulted`): deep links work whatever the server's
 * fallback rules are, and the query after the route is the shareable filter state.
 */
export interface Route {
  path: string;
  segments: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const qi = raw.indexOf('?');
  const pathPart = qi >= 0 ? raw.slice(0, qi) : raw;
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  const segments = path.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { path, segments, query: new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : '') };
}

export function href(path: string, query?: URLSearchParams | Record<string, string>): string {
  const q = query instanceof URLSearchParams ? query.toString() : query ? new URLSearchParams(query).toString() : '';
  return `#${path}${q ? `?${q}` : ''}`;
}

export function navigate(path: string, query?: URLSearchParams | Record<string, string>, opts: { replace?: boolean } = {}): void {
  const target = href(path, query);
  if (window.location.hash === target) return;
  if (opts.replace) {
    window.history.replaceState(window.history.state, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}

/**
 * Asked before an in-app navigation leaves the current route; false keeps the user where they are (the designer's
 * unsaved-changes guard). One at a time: the page that owns unsaved work sets it and clears it on unmount.
 */
export type LeaveGuard = () => boolean;
let leaveGuard: LeaveGuard | null = null;
let currentHash = typeof window === 'undefined' ? '' : window.location.hash;
const listeners = new Set<() => void>();
let listening = false;

export function setLeaveGuard(guard: LeaveGuard | null): void {
  leaveGuard = guard;
}

function onHashChange() {
  const next = window.location.hash;
  if (next === currentHash) return;
  if (leaveGuard && parseHash(next).path !== parseHash(currentHash).path && !leaveGuard()) {
    // Put the address back without a new history entry; subscribers never see the refused route.
    window.history.replaceState(window.history.state, '', currentHash || '#/');
    return;
  }
  currentHash = next;
  for (const l of [...listeners]) l();
}

const subscribe = (cb: () => void) => {
  if (!listening) {
    window.addEventListener('hashchange', onHashChange);
    listening = true;
  }
  currentHash = window.location.hash;
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
};
const snapshot = () => currentHash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, snapshot, () => '');
  return parseHash(hash);
}
