import { createContext, useContext } from 'react';

/**
 * The server's five roles (docs/server.md, "Roles"): Admin holds every role; Operator, Designer and Auditor each hold
 * Viewer. An Auditor (session 46) reads as a Viewer does and exports the audit trail, and changes nothing. A principal
 * holds a set of them (session 46: an Operator who is also the team's Auditor), and may take what any of them allows.
 */
export type Role = 'Viewer' | 'Operator' | 'Designer' | 'Auditor' | 'Admin';
export const ROLES: readonly Role[] = ['Viewer', 'Operator', 'Designer', 'Auditor', 'Admin'];

/** What the Studio offers that changes or discloses something: each needs one role (the server's policy for that endpoint). */
export type Action =
  | 'start' | 'signal' | 'retry' | 'skip' | 'cancel' | 'bulk' | 'confirmSent' | 'alter' | 'migrate' | 'abandon' | 'erase'
  | 'exportAudit' | 'accessReport'
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
  // GET /api/borrowers/{id}/access-report: a borrower's DPDP access request is answered by the compliance officer (Auditor) or an Admin.
  accessReport: 'Auditor',
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

/**
 * Whether a principal holding <roles> (one role, or the set the server answers as `roles`) may take <action>: any one
 * of them allowing it is enough; no role (unknown) may take none.
 */
export function can(roles: Role | null | readonly Role[], action: Action): boolean {
  const held = roles === null ? [] : typeof roles === 'string' ? [roles] : roles;
  return held.some((r) => satisfies(r, REQUIRED_ROLE[action]));
}

/**
 * The roles the server names for a session: `roles` (every role held, strongest first), or a server before session 46's
 * one `role`. Unknown names are dropped, as the server drops them (they grant nothing).
 */
export function normalizeRoles(roles: readonly (string | null)[] | null | undefined, role?: string | null): Role[] {
  const given = roles && roles.length > 0 ? roles : [role ?? null];
  return ROLES.filter((r) => given.some((g) => normalizeRole(g) === r)).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
}

const ORDER: readonly Role[] = ['Admin', 'Operator', 'Designer', 'Auditor', 'Viewer'];

/** Every role <user> holds: its `roles`, or (a session built before sets, e.g. in a test) its one `role`. */
export function heldRoles(user: SessionUser | null | undefined): Role[] {
  if (!user) return [];
  return user.roles && user.roles.length > 0 ? [...user.roles] : user.role ? [user.role] : [];
}

/** The roles as the Studio names them: "Operator and Auditor", or null for none. */
export function describeRoles(roles: readonly Role[]): string | null {
  if (roles.length === 0) return null;
  if (roles.length === 1) return roles[0];
  return `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}`;
}

/** Who is signed in, as GET /api/session answers it. */
export interface SessionUser {
  name: string;
  /** The strongest role held (the server's `role`). What the principal may do is every role in <roles>. */
  role: Role | null;
  /** Every role held (the server's `roles`, session 46); absent: just <role>. */
  roles?: readonly Role[];
  /** The partner a partner-scoped principal acts for (docs/server.md, "Partner scope"); null: the team's. */
  partner?: string | null;
}

export const SessionContext = createContext<SessionUser | null>(null);

export function useSession(): SessionUser | null {
  return useContext(SessionContext);
}

/** Whether the signed-in principal may take <action>: any role it holds allows it (false outside a session). */
export function useCan(action: Action): boolean {
  return can(heldRoles(useSession()), action);
}
