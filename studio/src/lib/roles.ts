import { createContext, useContext } from 'react';

/**
 * The server's five roles (docs/server.md, "Roles"): Admin holds every role; Operator, Designer and Auditor each hold
 * Viewer. An Auditor (session 46) reads as a Viewer does and exports the audit trail, and changes nothing.
 */
export type Role = 'Viewer' | 'Operator' | 'Designer' | 'Auditor' | 'Admin';
export const ROLES: readonly Role[] = ['Viewer', 'Operator', 'Designer', 'Auditor', 'Admin'];

/** What the Studio offers that changes or discloses something: each needs one role (the server's policy for that endpoint). */
export type Action =
  | 'start' | 'signal' | 'retry' | 'skip' | 'cancel' | 'bulk' | 'confirmSent' | 'alter' | 'migrate' | 'abandon' | 'erase'
  | 'exportAudit'
  | 'newWorkflow' | 'editDraft' | 'saveDraft' | 'publish' | 'discardDraft' | 'testRun';

/** The role each action needs — the same as the server's role matrix, so what is shown is what would be allowed. */
export const REQUIRED_ROLE: Readonly<Record<Action, Role>> = {
  start: 'Operator',
  signal: 'Operator',
  retry: 'Operator',
  skip: 'Operator',
  cancel: 'Operator',
  bulk: 'Operator',
  confirmSent: 'Operator',
  alter: 'Operator',
  migrate: 'Operator',
  abandon: 'Admin',
  erase: 'Admin',
  // GET /api/audit/export: a file of everyone's actions leaves the Studio's access control (docs/api.md, "Audit export"):
  // the Auditor's (Admin holds it), not every Viewer's.
  exportAudit: 'Auditor',
  newWorkflow: 'Designer',
  editDraft: 'Designer',
  saveDraft: 'Designer',
  publish: 'Designer',
  discardDraft: 'Designer',
  testRun: 'Designer',
};

/** The canonical spelling of a role as the server sends it (case-insensitive), or null when it names none of the five. */
export function normalizeRole(role: string | null | undefined): Role | null {
  const r = role?.trim().toLowerCase();
  return ROLES.find((x) => x.toLowerCase() === r) ?? null;
}

/** Whether <held> may do what needs <needed> (mirrors Auth/Roles.cs Satisfies). */
export function satisfies(held: Role | null, needed: Role): boolean {
  if (held === null) return false;
  return held === needed || held === 'Admin' || (needed === 'Viewer' && (held === 'Operator' || held === 'Designer' || held === 'Auditor'));
}

/** Whether a principal holding <role> may take <action>; no role (unknown) may take none. */
export function can(role: Role | null, action: Action): boolean {
  return satisfies(role, REQUIRED_ROLE[action]);
}

/** Who is signed in, as GET /api/session answers it. */
export interface SessionUser {
  name: string;
  role: Role | null;
  /** The partner a partner-scoped principal acts for (docs/server.md, "Partner scope"); null: the team's. */
  partner?: string | null;
}

export const SessionContext = createContext<SessionUser | null>(null);

export function useSession(): SessionUser | null {
  return useContext(SessionContext);
}

/** Whether the signed-in principal may take <action> (false outside a session). */
export function useCan(action: Action): boolean {
  return can(useSession()?.role ?? null, action);
}
