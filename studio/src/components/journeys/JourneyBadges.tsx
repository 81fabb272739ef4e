/**
 * The badges a journey's summary earns beside its status, in the journeys list and the dashboard's stuck list alike (session
 * 48: the dashboard said *incident* only, and a journey waiting out a lender's open breaker looked like any waiting one).
 */
export function JourneyBadges({ journey: i }: { journey: { hasIncident: boolean; incidentKind: string | null; awaitsDecision: boolean; deferredOn: string | null } }) {
  return <>
    {i.hasIncident && <IncidentBadge kind={i.incidentKind} awaitsDecision={i.awaitsDecision} />}
    {i.deferredOn && <DeferredBadge api={i.deferredOn} />}
  </>;
}

/** The incident badge: its kind (session 47), and whether it waits for the operator's answer rather than a retry. */
export function IncidentBadge({ kind, awaitsDecision }: { kind: string | null; awaitsDecision: boolean }) {
  const title = awaitsDecision ? 'An open incident that awaits a decision: answer it on the journey (not retried)' : 'Has an open incident';
  return <span className="badge badge-incident" title={title} data-testid="incident-badge" data-kind={kind ?? ''} data-awaits-decision={awaitsDecision}>
    incident{kind ? `: ${kind}` : ''}{awaitsDecision ? ' · awaits decision' : ''}
  </span>;
}

/** A step deferred while a lender API's circuit breaker is open: it runs again when the breaker lets a call through, no attempt spent. */
export function DeferredBadge({ api }: { api: string }) {
  return <span className="badge badge-deferred" data-testid="deferred-badge" data-api={api}
    title={`Waiting out ${api}'s open circuit breaker: the step runs again when it lets a call through (no attempt spent, no incident)`}>
    breaker open: {api}
  </span>;
}

/** The words of a journey's badges for its row's label (screen readers read the row, not the badges). */
export function badgesLabel(i: { hasIncident: boolean; incidentKind: string | null; awaitsDecision: boolean; deferredOn: string | null }): string {
  return (i.hasIncident ? `, has incident${i.incidentKind ? ` ${i.incidentKind}` : ''}${i.awaitsDecision ? ', awaits a decision' : ''}` : '')
    + (i.deferredOn ? `, waiting out ${i.deferredOn}'s open circuit breaker` : '');
}
