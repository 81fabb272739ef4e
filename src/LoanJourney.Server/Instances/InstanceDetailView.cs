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
    JsonNode? Input);
