import type { ReactNode } from 'react';

/**
 * A table wider than a narrow window scrolls sideways in a box of its own rather than widening the page (walk 49, 390 px).
 * The box is a named region and a tab stop, so a keyboard user can reach it and scroll it with the arrow keys (WCAG 2.1.1).
 */
export function TableScroll({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return <div className="table-scroll" tabIndex={0} role="region" aria-label={label} data-testid={testId}>{children}</div>;
}
