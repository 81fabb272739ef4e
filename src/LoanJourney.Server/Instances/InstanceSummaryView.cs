using System.Text.Json.Serialization;
using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances;

internal sealed record InstanceSummaryView(
    string Id, string WorkflowId, int Version, WorkflowStatus Status, string? Outcome, string? CorrelationId, string? CurrentStep,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? WaitingSince, bool HasIncident, string? PartnerName,
    string? IncidentKind, bool AwaitsDecision, string? DeferredOn, DateTimeOffset? FaultedAt,
    // Only on a signal's answer (POST .../signals/{name}); left out everywhere else, so other answers are as before.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SignalAnswerView? Signal = null);
