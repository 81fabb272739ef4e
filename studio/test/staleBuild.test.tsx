import { act, render, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lazyPage, StaleBuildMessage } from '../src/components/StaleBuild';
import {
  BuildFileLoadError,
  chooseRecovery,
  holdUnsavedWork,
  installStaleBuildRecovery,
  isChunkLoadError,
  recoverFromStaleBuild,
  RELOAD_GUARD_MS,
  RELOAD_KEY,
  resetStaleBuildForTests,
  watchWorkerLoad,
  type RecoveryEnvironment,
} from '../src/lib/staleBuild';

const chromium = new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:5000/studio/assets/DesignerPage-Old1.js');

/** A tab: its sessionStorage (kept across reloads), a clock, and how many times it reloaded. */
function tab(start = 1_000_000) {
  const stored = new Map<string, string>();
  const env = {
    clock: start,
    reloads: 0,
    now: () => env.clock,
    storage: { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) },
    reload: () => {
      env.reloads++;
    },
  };
  return { env: env as RecoveryEnvironment & typeof env, stored };
}

/** What the browser does on a reload: a new page (the module's state anew), the same sessionStorage. */
function newPage() {
  resetStaleBuildForTests();
}

beforeEach(() => resetStaleBuildForTests());
afterEach(() => resetStaleBuildForTests());

describe('isChunkLoadError', () => {
  it.each([
    'Failed to fetch dynamically imported module: http://x/studio/assets/a-1.js',
    'error loading dynamically imported module: http://x/studio/assets/a-1.js',
    'Importing a module script failed.',
    'Unable to preload CSS for /studio/assets/monaco-1.css',
    "Failed to load module script: Expected a JavaScript-or-Wasm module script but the server responded with a MIME type of 'text/html'.",
  ])('knowsTheBrowsersAndVitesMessages: %s', (message) => {
    expect(isChunkLoadError(new TypeError(message))).toBe(true);
  });

  it('isNotAnyOtherError', () => {
    expect(isChunkLoadError(new TypeError("Cannot read properties of undefined (reading 'steps')"))).toBe(false);
    expect(isChunkLoadError(new Error('Failed to fetch'))).toBe(false);
    expect(isChunkLoadError(null)).toBe(false);
  });
});

describe('chooseRecovery', () => {
  it('reloadsWhenNothingIsUnsaved_AndNoRecoveryReloadWasJustNow', () => {
    expect(chooseRecovery({ now: 10, lastReloadAt: null, unsavedWork: false })).toEqual({ action: 'reload' });
    expect(chooseRecovery({ now: RELOAD_GUARD_MS + 10, lastReloadAt: 10, unsavedWork: false })).toEqual({ action: 'reload' });
  });

  it('showsTheMessageWhenReloadingWouldLoseUnsavedWork_OrJustDidNotHelp', () => {
    expect(chooseRecovery({ now: 10, lastReloadAt: null, unsavedWork: true })).toEqual({ action: 'message', reason: 'unsaved' });
    expect(chooseRecovery({ now: RELOAD_GUARD_MS + 9, lastReloadAt: 10, unsavedWork: false })).toEqual({ action: 'message', reason: 'reloaded' });
  });
});

describe('recoverFromStaleBuild', () => {
  it('reloadsOnce_ThenOnTheReloadedPageShowsTheMessageInsteadOfLooping_AndReloadsAgainForALaterDeploy', () => {
    const { env, stored } = tab();

    expect(recoverFromStaleBuild(chromium, env)).toBe('reload');
    expect(recoverFromStaleBuild(new TypeError('Unable to preload CSS for /studio/assets/x-1.css'), env)).toBe('reload');
    expect(env.reloads).toBe(1);
    expect(stored.get(RELOAD_KEY)).toBe(String(env.clock));

    newPage();
    env.clock += 5_000;
    const { container } = render(<StaleBuildMessage />);
    expect(container.textContent).toBe('');
    act(() => void expect(recoverFromStaleBuild(chromium, env)).toBe('message'));
    expect(env.reloads).toBe(1);
    expect(screen.getByTestId('stale-build').dataset.reason).toBe('reloaded');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();

    newPage();
    env.clock += RELOAD_GUARD_MS;
    expect(recoverFromStaleBuild(chromium, env)).toBe('reload');
    expect(env.reloads).toBe(2);
  });

  it('neverReloadsOverUnsavedWork_UntilItIsReleased', () => {
    const { env, stored } = tab();
    render(<StaleBuildMessage />);
    const release = holdUnsavedWork();

    act(() => void expect(recoverFromStaleBuild(chromium, env)).toBe('message'));
    expect(env.reloads).toBe(0);
    expect(stored.has(RELOAD_KEY)).toBe(false);
    expect(screen.getByTestId('stale-build').dataset.reason).toBe('unsaved');
    expect(screen.getByTestId('stale-build').textContent).toContain('save them first');

    release();
    release();
    expect(recoverFromStaleBuild(chromium, env)).toBe('reload');
    expect(env.reloads).toBe(1);
  });

  it('leavesOtherErrorsAlone', () => {
    const { env } = tab();
    expect(recoverFromStaleBuild(new TypeError('x is not a function'), env)).toBe('ignored');
    expect(env.reloads).toBe(0);
  });

  it('withoutSessionStorage_ShowsTheMessage_ItCouldNotTellAReloadFromALoop', () => {
    const env: RecoveryEnvironment = { now: () => 1, storage: null, reload: vi.fn() };
    render(<StaleBuildMessage />);
    act(() => void expect(recoverFromStaleBuild(chromium, env)).toBe('message'));
    expect(env.reload).not.toHaveBeenCalled();
    expect(screen.getByTestId('stale-build').dataset.reason).toBe('reloaded');
  });

  it('handlesVitesPreloadErrorEvent_AndLetsTheErrorGoOnToTheImporter', () => {
    const { env } = tab();
    const uninstall = installStaleBuildRecovery(window, env);
    const event = Object.assign(new Event('vite:preloadError', { cancelable: true }), { payload: chromium });
    window.dispatchEvent(event);
    uninstall();
    window.dispatchEvent(event);

    expect(env.reloads).toBe(1);
    expect(event.defaultPrevented).toBe(false);
  });
});

describe('lazyPage', () => {
  it('aPageWhoseChunkIsGone_ReloadsAndKeepsShowingItsLoadingState', async () => {
    const { env } = tab();
    const Page = lazyPage<object>(() => Promise.reject(chromium), env);
    render(<Suspense fallback={<p>Loading…</p>}><Page /></Suspense>);

    await vi.waitFor(() => expect(env.reloads).toBe(1));
    expect(screen.getByText('Loading…')).toBeTruthy();
  });

  it('withUnsavedWork_SaysThePageCouldNotBeLoaded_BesideTheMessage_AndReloadsNothing', async () => {
    const { env } = tab();
    const release = holdUnsavedWork();
    const Page = lazyPage<object>(() => Promise.reject(chromium), env);
    render(<><StaleBuildMessage /><Suspense fallback={<p>Loading…</p>}><Page /></Suspense></>);

    expect(await screen.findByTestId('page-not-loaded')).toBeTruthy();
    expect(screen.getByTestId('stale-build').dataset.reason).toBe('unsaved');
    expect(env.reloads).toBe(0);
    release();
  });

  it('anotherErrorGoesOnToTheErrorBoundary', async () => {
    const { env } = tab();
    const Page = lazyPage<object>(() => Promise.reject(new TypeError('boom')), env);
    const Boundary = (await import('../src/components/common')).ErrorBoundary;
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(<Boundary resetKey="a"><Suspense fallback={<p>Loading…</p>}><Page /></Suspense></Boundary>);

    expect(await screen.findByText('This page failed to render.')).toBeTruthy();
    expect(env.reloads).toBe(0);
    vi.restoreAllMocks();
  });
});

describe('watchWorkerLoad', () => {
  it('aWorkerWhoseScriptIsGone_ReloadsTheTabOnce', () => {
    const { env } = tab();
    const worker = watchWorkerLoad(new EventTarget(), "Monaco's JSON", env);
    const monacosOwn = vi.fn();
    worker.addEventListener('error', monacosOwn);
    const gone = new Event('error', { cancelable: true });
    worker.dispatchEvent(gone);
    worker.dispatchEvent(new Event('error', { cancelable: true }));
    expect(env.reloads).toBe(1);
    // Handled: the browser does not report it again as an uncaught error of the page, and Monaco's listener (added after
    // ours) does not throw it on as an unexpected error.
    expect(gone.defaultPrevented).toBe(true);
    expect(monacosOwn).not.toHaveBeenCalled();
  });

  it('aWorkerWhoseScriptIsGone_WithUnsavedWork_ShowsTheMessageInstead', () => {
    const { env } = tab();
    const release = holdUnsavedWork();
    const { container } = render(<StaleBuildMessage />);
    act(() => {
      watchWorkerLoad(new EventTarget(), "Monaco's editor", env).dispatchEvent(new Event('error'));
    });
    expect(env.reloads).toBe(0);
    expect(container.querySelector("[data-testid='stale-build']")?.getAttribute('data-reason')).toBe('unsaved');
    release();
  });

  it('anErrorThrownInsideARunningWorker_IsNotAStaleBuild', () => {
    const { env } = tab();
    const worker = watchWorkerLoad(new EventTarget(), "Monaco's JSON", env);
    const monacosOwn = vi.fn();
    worker.addEventListener('error', monacosOwn);
    worker.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught TypeError: x is not a function' }));
    expect(env.reloads).toBe(0);
    expect(monacosOwn).toHaveBeenCalledOnce();
    expect(isChunkLoadError(new BuildFileLoadError('The script of the JSON worker could not be loaded.'))).toBe(true);
  });
});
