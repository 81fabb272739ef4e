import { useSyncExternalStore } from 'react';

/**
 * A tab opened before the server was redeployed runs the old build, whose lazily loaded parts (the designer, the start
 * form, ELK) have hashed names the new build no longer has: the server answers 404 for them (docs/studio.md, "After a
 * deploy"). Such a failed load reloads the tab once, onto the new build, on the same route (hash routing: the address
 * keeps it). It does not reload when that would lose unsaved work (the designer's unsaved edits), nor a second time
 * within {@link RELOAD_GUARD_MS} (a part missing from the new build too would reload forever); then a message with a
 * Reload button says what happened, instead of a broken page.
 */

/** sessionStorage key (this tab only, kept across its reloads): when the last recovery reload happened, in epoch ms. */
export const RELOAD_KEY = 'loanjourney.studio.staleBuildReloadAt';

/** A recovery reload less than this long ago means the reload did not help: show the message instead of reloading again. */
export const RELOAD_GUARD_MS = 60_000;

/**
 * A file of the build that could not be loaded, for a loader that reports no error of its own: a web worker whose
 * script is gone fires a bare `error` event, without a message (see {@link watchWorkerLoad}).
 */
export class BuildFileLoadError extends Error {
  override name = 'BuildFileLoadError';
}

/**
 * Whether an error is a script or style sheet of the build that could not be loaded: the browsers' messages for a
 * failed dynamic import (Chromium, Firefox, Safari), and Vite's for a style sheet it preloads.
 */
export function isChunkLoadError(error: unknown): boolean {
  if (error instanceof BuildFileLoadError) return true;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS|Expected a JavaScript(-or-Wasm)? module script/i.test(message);
}

export type StaleBuildReason = 'unsaved' | 'reloaded';
export type Recovery = { action: 'reload' } | { action: 'message'; reason: StaleBuildReason };

/** What to do about a failed load: reload, unless there is unsaved work or this tab reloaded for the same reason just now. */
export function chooseRecovery(input: { now: number; lastReloadAt: number | null; unsavedWork: boolean }): Recovery {
  if (input.unsavedWork) return { action: 'message', reason: 'unsaved' };
  if (input.lastReloadAt !== null && input.now - input.lastReloadAt >= 0 && input.now - input.lastReloadAt < RELOAD_GUARD_MS) {
    return { action: 'message', reason: 'reloaded' };
  }
  return { action: 'reload' };
}

/** What the recovery reads and does; the browser's by default, a test's own in vitest. */
export interface RecoveryEnvironment {
  now(): number;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  reload(): void;
}

export const browserEnvironment: RecoveryEnvironment = {
  now: () => Date.now(),
  get storage() {
    try {
      return window.sessionStorage;
    } catch {
      return null;
    }
  },
  reload: () => window.location.reload(),
};

let unsavedHolders = 0;
let state: 'idle' | 'reloading' = 'idle';
let message: StaleBuildReason | null = null;
const listeners = new Set<() => void>();

/**
 * Marks that the page holds work a reload would lose (the designer while it has unsaved changes); the returned function
 * releases it. While any is held, a failed load shows the message instead of reloading.
 */
export function holdUnsavedWork(): () => void {
  unsavedHolders++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    unsavedHolders--;
  };
}

function lastReloadAt(storage: RecoveryEnvironment['storage']): number | null {
  try {
    const raw = storage?.getItem(RELOAD_KEY);
    const at = raw ? Number(raw) : NaN;
    return Number.isFinite(at) ? at : null;
  } catch {
    return null;
  }
}

function show(reason: StaleBuildReason) {
  if (message === reason) return;
  message = reason;
  for (const l of [...listeners]) l();
}

/**
 * Called with the error of a failed load of a part of the build. Returns what it did: 'reload' (the page is going away:
 * keep showing what is there), 'message' (the message is shown), or 'ignored' (not a failed load of the build).
 * Several failures of one deploy (a chunk and its style sheet) reload once.
 */
export function recoverFromStaleBuild(error: unknown, env: RecoveryEnvironment = browserEnvironment): 'reload' | 'message' | 'ignored' {
  if (!isChunkLoadError(error)) return 'ignored';
  if (state === 'reloading') return 'reload';
  const storage = env.storage;
  const now = env.now();
  const recovery = chooseRecovery({ now, lastReloadAt: lastReloadAt(storage), unsavedWork: unsavedHolders > 0 });
  if (recovery.action === 'message') {
    show(recovery.reason);
    return 'message';
  }
  try {
    if (!storage) throw new Error('no sessionStorage');
    storage.setItem(RELOAD_KEY, String(now));
  } catch {
    // Without a record of this reload the next page could not tell it already reloaded: no automatic reload then.
    show('reloaded');
    return 'message';
  }
  state = 'reloading';
  env.reload();
  return 'reload';
}

/**
 * Watches a web worker of the build (Monaco's editor and JSON workers) for its script failing to load: in an old tab
 * after a deploy the worker's hashed file is gone (404) and the browser fires a bare `error` event at the worker, which
 * recovers as a failed chunk does. Add it before anyone else listens (Monaco adds its listener once `getWorker` returned):
 * the event it handles goes to no other listener. An error thrown inside a running worker is an `ErrorEvent` with a
 * message: not a stale build, left alone (Monaco gets it). Returns the worker.
 */
export function watchWorkerLoad<T extends Pick<Worker, 'addEventListener'>>(worker: T, name: string, env: RecoveryEnvironment = browserEnvironment): T {
  worker.addEventListener('error', (event: Event) => {
    if (typeof ErrorEvent !== 'undefined' && event instanceof ErrorEvent && event.message) return;
    // Handled here: not reported again as an uncaught error of the page, and not handed on to the listeners added after
    // this one (Monaco's own, which throws the event on as an unexpected error: "Uncaught Event" in the console).
    event.preventDefault();
    event.stopImmediatePropagation();
    recoverFromStaleBuild(new BuildFileLoadError(`The script of the ${name} worker could not be loaded.`), env);
  });
  return worker;
}

/** Listens for Vite's `vite:preloadError` (a dynamic import or a style sheet it preloads failed); the error still reaches the importer. */
export function installStaleBuildRecovery(target: Window = window, env: RecoveryEnvironment = browserEnvironment): () => void {
  const onPreloadError = (event: VitePreloadErrorEvent) => {
    recoverFromStaleBuild(event.payload, env);
  };
  target.addEventListener('vite:preloadError', onPreloadError);
  return () => target.removeEventListener('vite:preloadError', onPreloadError);
}

/** The message to show, if any (null while none). */
export function useStaleBuildMessage(): StaleBuildReason | null {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => message,
    () => null,
  );
}

/** Forget every state (vitest only). */
export function resetStaleBuildForTests(): void {
  unsavedHolders = 0;
  state = 'idle';
  message = null;
  for (const l of [...listeners]) l();
}
