import type { InstanceFilters, WorkflowSummary } from '../../api/types';
import { isoToLocalInput, localInputToIso, secondsToAmount, UNIT_SECONDS, type DurationUnit } from '../../lib/filters';
import { useState, type FormEvent } from 'react';
import { FilterActions } from '../FilterActions';
import { TimeRange } from '../TimeRange';
import { WorkflowOptions } from '../WorkflowOptions';
import { useSession } from '../../lib/roles';

/** The *Source* select's value for a list's `hasPartner` (docs/studio.md, "Journeys": the team's own journeys). */
const SOURCE_OF = (hasPartner: boolean | undefined) => hasPartner === undefined ? '' : hasPartner ? 'partners' : 'own';

export function FiltersForm({ filters, workflows, onApply, onReset, collapsed }: {
  filters: InstanceFilters; workflows: WorkflowSummary[]; onApply: (c: Partial<InstanceFilters>) => void; onReset: () => void; collapsed: boolean;
}) {
  // A partner-scoped principal lists its own partner's journeys whatever it asks (docs/api.md): no source to choose.
  const scopedPartner = useSession()?.partner ?? null;
  const wait = secondsToAmount(filters.waitingLongerThan);
  const [d, setD] = useState({
    correlationId: filters.correlationId ?? '', outcome: filters.outcome ?? '', partner: filters.partner ?? '', incidentKind: filters.incidentKind ?? '',
    deferredOn: filters.deferredOn ?? '',
    createdFrom: isoToLocalInput(filters.createdFrom), createdTo: isoToLocalInput(filters.createdTo),
    updatedFrom: isoToLocalInput(filters.updatedFrom), updatedTo: isoToLocalInput(filters.updatedTo),
    waitAmount: wait.amount, waitUnit: wait.unit as DurationUnit,
  });
  const set = (k: keyof typeof d) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  // The selects apply at once; they take the typed fields along, so an edited but unapplied field is never lost
  // (or silently kept at its old value) when the form re-renders from the URL.
  const typed = (): Partial<InstanceFilters> => {
    const amount = Number(d.waitAmount);
    const partner = d.partner.trim() || undefined;
    return {
      correlationId: d.correlationId.trim() || undefined, outcome: d.outcome.trim() || undefined, partner,
      // A partner typed in while *Source* says "Our own" asks for that partner's journeys: no journey is both (the server's 400).
      ...(partner && filters.hasPartner === false ? { hasPartner: undefined } : {}),
      incidentKind: d.incidentKind.trim() || undefined,
      deferredOn: d.deferredOn.trim() || undefined,
      createdFrom: localInputToIso(d.createdFrom), createdTo: localInputToIso(d.createdTo),
      updatedFrom: localInputToIso(d.updatedFrom), updatedTo: localInputToIso(d.updatedTo),
      waitingLongerThan: d.waitAmount && amount > 0 ? Math.round(amount * UNIT_SECONDS[d.waitUnit]) : undefined,
    };
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(typed());
  };
  const active = Object.keys(filters).some((k) => !['sort', 'order', 'after', 'skip', 'take'].includes(k));
  return (
    <form id="journey-filters" className={`filters${collapsed ? ' filters-collapsed' : ''}`} onSubmit={submit} aria-label="Journey filters" data-testid="filters">
      <label>Workflow
        <select name="workflowId" value={filters.workflowId ?? ''} onChange={(e) => onApply({ ...typed(), workflowId: e.target.value || undefined })}>
          <WorkflowOptions workflows={workflows} selected={filters.workflowId} />
        </select>
      </label>
      <label>Correlation / customer id
        <input name="correlationId" type="search" value={d.correlationId} onChange={set('correlationId')} placeholder="CUST-1" />
      </label>
      {!scopedPartner && (
        <label>Source
          <select name="hasPartner" value={SOURCE_OF(filters.hasPartner)} data-testid="filter-source"
            onChange={(e) => {
              const v = e.target.value;
              if (v === 'own') setD({ ...d, partner: '' });
              // "Our own" leaves out any partner named (no journey is both); "Partners" keeps one named (a narrower ask).
              onApply({ ...typed(), ...(v === 'own' ? { partner: undefined } : {}), hasPartner: v === '' ? undefined : v === 'partners' });
            }}>
            <option value="">All journeys</option>
            <option value="own">Our own (no partner)</option>
            <option value="partners">From partners</option>
          </select>
        </label>
      )}
      <label>Partner
        <input name="partner" type="search" value={d.partner} onChange={set('partner')} placeholder="acme" />
      </label>
      <label>Outcome
        <input name="outcome" type="search" value={d.outcome} onChange={set('outcome')} list="outcome-suggestions" placeholder="Disbursed" />
        <datalist id="outcome-suggestions"><option value="Disbursed" /><option value="Rejected" /><option value="Approved" /></datalist>
      </label>
      <label>Incident
        <select name="hasIncident" value={filters.hasIncident === undefined ? '' : String(filters.hasIncident)}
          onChange={(e) => onApply({ ...typed(), hasIncident: e.target.value === '' ? undefined : e.target.value === 'true' })}>
          <option value="">Any</option>
          <option value="true">Has incident</option>
          <option value="false">No incident</option>
        </select>
      </label>
      {/* The incidents of one kind together (session 45): a lender outage's LenderUnavailable, apart from the money questions. */}
      <label>Incident kind
        <input name="incidentKind" type="search" value={d.incidentKind} onChange={set('incidentKind')} list="incident-kind-suggestions" placeholder="LenderUnavailable" />
        <datalist id="incident-kind-suggestions">
          <option value="LenderUnavailable" /><option value="LenderError" /><option value="LenderOutcomeUnknown" />
          <option value="OutcomeUnknown" /><option value="TakenElsewhere" />
          {/* Our key or base URL refused (session 48): fix the setting, then retry them all. */}
          <option value="LenderApiMisconfigured" /><option value="PartnerApiMisconfigured" />
        </datalist>
      </label>
      {/* The journeys waiting out a lender's open circuit breaker (session 48): no incident, no attempt spent, so during an
          outage they looked like any waiting journey. `any` for every API; `Partners:acme` for one partner's API. */}
      <label>Breaker open on
        <input name="deferredOn" type="search" value={d.deferredOn} onChange={set('deferredOn')} list="deferred-on-suggestions" placeholder="any, FinBoxPrism"
          data-testid="filter-deferred-on" title="Journeys whose step waits out this lender API's open circuit breaker; 'any' for every such journey" />
        <datalist id="deferred-on-suggestions">
          <option value="any" /><option value="FinBoxPrism" /><option value="FinBoxSourcing" /><option value="CapitalFloat" /><option value="Partner" />
        </datalist>
      </label>
      <TimeRange legend="Created" label="Created" from={d.createdFrom} to={d.createdTo} onFrom={set('createdFrom')} onTo={set('createdTo')} />
      <TimeRange legend="Updated" label="Updated" from={d.updatedFrom} to={d.updatedTo} onFrom={set('updatedFrom')} onTo={set('updatedTo')} />
      <fieldset className="range">
        <legend>Waiting longer than</legend>
        <input type="number" min={0} step="any" aria-label="Waiting longer than" value={d.waitAmount} onChange={set('waitAmount')} className="num" />
        <select aria-label="Unit" value={d.waitUnit} onChange={set('waitUnit')}>
          <option value="minutes">minutes</option><option value="hours">hours</option><option value="days">days</option>
        </select>
      </fieldset>
      <FilterActions active={active} onReset={onReset} />
    </form>
  );
}
