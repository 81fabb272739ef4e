import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { SessionContext, type Role } from '../src/lib/roles';

/** Renders `ui` signed in with `role` (as `test-<role>` unless named): the page as that role sees it. */
export function renderAs(role: Role, ui: ReactElement, name = `test-${role}`): RenderResult {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SessionContext.Provider value={{ name, role }}>{children}</SessionContext.Provider>
  );
  return render(ui, { wrapper });
}
