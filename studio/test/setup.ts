import { afterEach } from 'vitest';

// Unmount what a test rendered. Files in the node environment (`// @vitest-environment node`: logic without a DOM)
// render nothing, so they skip loading React Testing Library (and React DOM) altogether.
if (typeof document !== 'undefined') {
  const { cleanup } = await import('@testing-library/react');
  afterEach(() => cleanup());
}
