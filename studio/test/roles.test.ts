// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { can, describeRoles, heldRoles, normalizeRole, normalizeRoles, REQUIRED_ROLE, ROLES, satisfies, type Action, type Role } from '../src/lib/roles';

const operatorActions: Action[] = ['start', 'signal', 'retry', 'skip', 'cancel', 'bulk', 'confirmSent', 'alter', 'migrate'];
const designerActions: Action[] = ['newWorkflow', 'editDraft', 'saveDraft', 'publish', 'discardDraft', 'testRun'];
const adminActions: Action[] = ['abandon', 'erase'];
const auditorActions: Action[] = ['exportAudit', 'accessReport'];

describe('roles', () => {
  it('covers every action with the Operator, the Designer, the Auditor (the audit export) or the Admin role', () => {
    expect(Object.keys(REQUIRED_ROLE).sort()).toEqual([...operatorActions, ...designerActions, ...auditorActions, ...adminActions].sort());
  });

  it("keeps abandoning a journey (no compensation runs) and erasing a borrower's data to an Admin", () => {
    for (const action of adminActions) {
      for (const role of ['Viewer', 'Operator', 'Designer', 'Auditor'] as const) expect(can(role, action)).toBe(false);
      expect(can('Admin', action)).toBe(true);
    }
  });

  // Session 46: a compliance officer filing the trail with an inspector needed Admin (erasure, abandon) to export it.
  it('lets an Auditor (and an Admin) export the audit trail, and take no other action', () => {
    expect(normalizeRole('auditor')).toBe('Auditor');
    for (const role of ['Viewer', 'Operator', 'Designer'] as const) expect(can(role, 'exportAudit')).toBe(false);
    // A borrower's DPDP access report (session 47): the compliance officer answers it without holding erasure.
    for (const role of ['Viewer', 'Operator', 'Designer'] as const) expect(can(role, 'accessReport')).toBe(false);
    expect(can('Auditor', 'accessReport')).toBe(true);
    expect(can('Admin', 'accessReport')).toBe(true);
    expect(can('Auditor', 'exportAudit')).toBe(true);
    expect(can('Admin', 'exportAudit')).toBe(true);
    for (const a of [...operatorActions, ...designerActions, ...adminActions]) expect(can('Auditor', a)).toBe(false);
  });

  it('lets a Viewer take no action', () => {
    for (const a of [...operatorActions, ...designerActions]) expect(can('Viewer', a)).toBe(false);
  });

  it('lets an Operator act on journeys but not author workflows', () => {
    for (const a of operatorActions) expect(can('Operator', a)).toBe(true);
    for (const a of designerActions) expect(can('Operator', a)).toBe(false);
  });

  it('lets a Designer author workflows but not act on journeys (not even start one)', () => {
    for (const a of designerActions) expect(can('Designer', a)).toBe(true);
    for (const a of operatorActions) expect(can('Designer', a)).toBe(false);
  });

  it('lets an Admin take every action', () => {
    for (const a of [...operatorActions, ...designerActions, ...auditorActions, ...adminActions]) expect(can('Admin', a)).toBe(true);
  });

  it('lets no one without a known role take any action', () => {
    for (const a of [...operatorActions, ...designerActions, ...auditorActions, ...adminActions]) expect(can(null, a)).toBe(false);
  });

  it('mirrors the server hierarchy: everyone holds Viewer, Admin holds all, Operator, Designer and Auditor are siblings', () => {
    const table: Array<[Role, Role, boolean]> = [
      ['Viewer', 'Viewer', true], ['Viewer', 'Operator', false], ['Viewer', 'Designer', false], ['Viewer', 'Auditor', false], ['Viewer', 'Admin', false],
      ['Operator', 'Viewer', true], ['Operator', 'Operator', true], ['Operator', 'Designer', false], ['Operator', 'Auditor', false], ['Operator', 'Admin', false],
      ['Designer', 'Viewer', true], ['Designer', 'Operator', false], ['Designer', 'Designer', true], ['Designer', 'Auditor', false], ['Designer', 'Admin', false],
      ['Auditor', 'Viewer', true], ['Auditor', 'Operator', false], ['Auditor', 'Designer', false], ['Auditor', 'Auditor', true], ['Auditor', 'Admin', false],
      ['Admin', 'Viewer', true], ['Admin', 'Operator', true], ['Admin', 'Designer', true], ['Admin', 'Auditor', true], ['Admin', 'Admin', true],
    ];
    for (const [held, needed, ok] of table) expect(satisfies(held, needed), `${held} → ${needed}`).toBe(ok);
  });

  it('reads the role case-insensitively and rejects unknown ones', () => {
    expect(normalizeRole('operator')).toBe('Operator');
    expect(normalizeRole(' ADMIN ')).toBe('Admin');
    expect(normalizeRole('Root')).toBeNull();
    expect(normalizeRole(null)).toBeNull();
    expect(normalizeRole(undefined)).toBeNull();
    expect(ROLES).toHaveLength(5);
  });

  // Session 46: a principal holds a set; any role in it allowing an action is enough, and siblings add up.
  it('lets a set of roles take what any of them allows', () => {
    for (const a of [...operatorActions, ...auditorActions]) expect(can(['Operator', 'Auditor'], a)).toBe(true);
    for (const a of [...designerActions, ...adminActions]) expect(can(['Operator', 'Auditor'], a)).toBe(false);
    for (const a of [...operatorActions, ...designerActions]) expect(can(['Operator', 'Designer'], a)).toBe(true);
    expect(can(['Operator', 'Designer'], 'exportAudit')).toBe(false);
    expect(can([], 'retry')).toBe(false);
  });

  it("reads the server's roles (or an older server's one role), dropping unknown names, strongest first", () => {
    expect(normalizeRoles(['auditor', 'OPERATOR'], 'Operator')).toEqual(['Operator', 'Auditor']);
    expect(normalizeRoles(['Viewer', 'Supervisor'], 'Viewer')).toEqual(['Viewer']);
    expect(normalizeRoles(undefined, 'designer')).toEqual(['Designer']);
    expect(normalizeRoles(null, null)).toEqual([]);
    expect(heldRoles({ name: 'x', role: 'Operator' })).toEqual(['Operator']);
    expect(heldRoles({ name: 'x', role: 'Operator', roles: ['Operator', 'Designer'] })).toEqual(['Operator', 'Designer']);
    expect(describeRoles(['Operator', 'Designer', 'Auditor'])).toBe('Operator, Designer and Auditor');
    expect(describeRoles([])).toBeNull();
  });
});
