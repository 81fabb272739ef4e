import type { AuditAction, AuditFilters, WorkflowSummary } from '../../api/types';
import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_NAMES, AUDIT_ACTIONS, isAuditAction } from '../../lib/auditSummary';
import { isoToLocalInput, localInputToIso } from '../../lib/filters';
import { useState, type FormEvent } from 'react';
import { FilterActions } from '../FilterActions';
import { TimeRange } from '../TimeRange';
import { WorkflowOptions } from '../WorkflowOptions';

/** The audit list's filters, as the journeys list's (FiltersForm): typed fields apply with the button, selects at once. */
export function AuditFiltersForm({ filters, workflows, onApply, onReset, collapsed }: {
  filters: AuditFilters; workflows: WorkflowSummary[]; onApply: (c: Partial<AuditFilters>) => void; onReset: () => void; collapsed: boolean;
}) {
  const [d, setD] = useState({
    from: isoToLocalInput(filters.from), to: isoToLocalInput(filters.to),
    principal: filters.principal ?? '', instanceId: filters.instanceId ?? '',
  });
  const set = (k: keyof typeof d) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  // A select applies at once and takes the typed fields along, so an edited but unapplied field is never lost.
  const typed = (): Partial<AuditFilters> => ({
    from: localInputToIso(d.from), to: localInputToIso(d.to),
    principal: d.principal.trim() || undefined, instanceId: d.instanceId.trim() || undefined,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(typed());
  };
  const active = Object.keys(filters).some((k) => k !== 'skip' && k !== 'take');
  // The actions as one value: a group's, one action's, or another combination a link carried (shown as it is).
  const selected = filters.action?.join(',') ?? '';
  const other = (filters.action?.length ?? 0) > 1 && !AUDIT_ACTION_GROUPS.some((g) => g.actions.join(',') === selected);
  return (
    <form id="audit-filters" className={`filters audit-filters${collapsed ? ' filters-collapsed' : ''}`} onSubmit={submit} aria-label="Audit filters" data-testid="audit-filters">
      <TimeRange legend="Time" from={d.from} to={d.to} onFrom={set('from')} onTo={set('to')} />
      <label>Principal
        <input name="principal" type="search" value={d.principal} onChange={set('principal')} placeholder="ops-priya" />
      </label>
      <label>Action
        <select name="action" value={selected}
          onChange={(e) => onApply({ ...typed(), action: actionsOf(e.target.value) })}>
          <option value="">All actions</option>
          <optgroup label="Several actions">
            {AUDIT_ACTION_GROUPS.map((g) => <option key={g.label} value={g.actions.join(',')}>{g.label}</option>)}
            {other && <option value={selected}>{selected.replaceAll(',', ', ')}</option>}
          </optgroup>
          <optgroup label="One action">
            {AUDIT_ACTION_NAMES.map((a) => <option key={a} value={a}>{a} — {AUDIT_ACTIONS[a]}</option>)}
          </optgroup>
        </select>
      </label>
      <label>Workflow
        <select name="workflowId" value={filters.workflowId ?? ''} onChange={(e) => onApply({ ...typed(), workflowId: e.target.value || undefined })}>
          <WorkflowOptions workflows={workflows} selected={filters.workflowId} />
        </select>
      </label>
      <label>Journey id
        <input name="instanceId" type="search" value={d.instanceId} onChange={set('instanceId')} placeholder="01J…" />
      </label>
      <FilterActions active={active} onReset={onReset} />
    </form>
  );
}

function actionsOf(value: string): AuditAction[] | undefined {
  const actions = value.split(',').filter(isAuditAction);
  return actions.length ? actions : undefined;
}
