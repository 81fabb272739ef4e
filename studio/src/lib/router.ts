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

/**
 * The hash route a path below the Studio's base names (`/studio/journeys/123?x=1` → `#/journeys/123?x=1`), or null when
 * it names none: the base itself, `index.html`, a path outside the base, or an address that already has a route after `#`.
 * The server answers `index.html` for every such path (docs/studio.md, "How the server sends the Studio"), so a typed or shared
 * path opened the Studio on the journeys list whatever it named (walk 49: `/studio/journeys/<id>` showed the list).
 */
export function hashForPath(base: string, pathname: string, search: string, hash: string): string | null {
  if (hash.replace(/^#/, '') !== '' || !pathname.startsWith(base)) return null;
  const rest = pathname.slice(base.length).replace(/\/+$/, '');
  if (rest === '' || rest === 'index.html') return null;
  return `#/${rest}${search}`;
}

/** Moves a path route into the hash (one history entry, replaced) before the Studio first reads its route. */
export function adoptPathRoute(base: string): void {
  const target = hashForPath(base, window.location.pathname, window.location.search, window.location.hash);
  if (target === null) return;
  window.history.replaceState(window.history.state, '', base + target);
  currentHash = window.location.hash;
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
