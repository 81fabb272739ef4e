using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances;

internal sealed record InstanceSummaryView(
    string Id, string WorkflowId, int Version, WorkflowStatus Status, string? Outcome, string? CorrelationId, string? CurrentStep,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? WaitingSince, bool HasIncident, string? PartnerName,
    string? IncidentKind, bool AwaitsDecision, string? DeferredOn);
