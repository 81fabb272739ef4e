import { afterEach } from 'vitest';

// STUDIO_TEST_SLOW_SCHEDULER=<ms> (off unless set): a loaded machine's order of events, on demand. React's scheduler
// runs its work (a render, the effects after a commit) from setImmediate in Node; this makes every setImmediate wait
// that long, so timers set after it fire first, as they can when the machine is busy. React Testing Library's findBy*
// and waitFor give control back through a setTimeout(0): a test that acts as soon as they return, before React has
// run the effects of what it found, fails under this every time instead of once in a loaded CI run (docs/studio.md,
// "The Studio's tests under load"). Installed before React is imported (below), so its scheduler takes the slow one.
const slowScheduler = Number(process.env.STUDIO_TEST_SLOW_SCHEDULER ?? 0);
if (slowScheduler > 0 && !('slowScheduler' in globalThis.setImmediate)) {
  const late = (callback: (...args: unknown[]) => void, ...args: unknown[]) => setTimeout(callback, slowScheduler, ...args);
  globalThis.setImmediate = Object.assign(late, { slowScheduler }) as unknown as typeof setImmediate;
}

// Unmount what a test rendered. Files in the node environment (`// @vitest-environment node`: logic without a DOM)
// render nothing, so they skip loading React Testing Library (and React DOM) altogether.
if (typeof document !== 'undefined') {
  const { cleanup, configure } = await import('@testing-library/react');
  afterEach(() => cleanup());
  // waitFor and findBy* give up after 15 s instead of 1 s: under load a page's render of mocked answers took more than
  // 1 s (docs/studio.md, "The Studio's tests under load"). Below the 60 s test limit (vite.config.ts), so a wait that
  // fails still reports what it waited for and the DOM.
  configure({ asyncUtilTimeout: 15_000 });
}
