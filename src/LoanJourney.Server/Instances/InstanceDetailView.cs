using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;

namespace LoanJourney.Server.Instances;

internal sealed record InstanceDetailView(
    string Id, string WorkflowId, int Version, WorkflowStatus Status, string? Outcome, string? CorrelationId, string? CurrentStep,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? WaitingSince, bool HasIncident,
    bool CancelRequested,
    IReadOnlyList<WaitingForView> WaitingFor,
    IReadOnlyList<StepView> Steps,
    IncidentView? Incident,
    JsonNode? Variables,
    JsonObject Partner,
    JsonNode? Input,
    CancelRefusalView? CancelRefusal,
    string? PartnerName,
    string? IncidentKind,
    bool AwaitsDecision,
    string? DeferredOn,
    DeferralView? Deferral);

/// <summary>
/// Why a waiting journey's step is deferred and until when (docs/engine.md, "Deferral"): what it waits out (<c>waitingOn</c>, a
/// lender API's open circuit breaker), the step's error kind, when it runs again; no attempt is spent meanwhile.
/// </summary>
internal sealed record DeferralView(string StepId, string WaitingOn, string? ErrorKind, DateTimeOffset? DueAt, int Attempt);

/// <summary>
/// Why a cancel of the journey would be refused now (docs/engine.md "Point of no return"), so the Studio can say so before
/// the operator asks; null when a cancel would apply (or the journey has ended or is being cancelled). The cancel still checks
/// in its own transaction.
/// </summary>
internal sealed record CancelRefusalView(string StepId, string Activity, string? Outcome, bool MoneyCallOut, bool AwaitsDecision, string? TakenAnswer, string Message);
