namespace LoanJourney.Engine.Storage;

/// <summary>A stored incident.</summary>
public sealed record IncidentRecord(
    string Id,
    string InstanceId,
    string StepId,
    string ErrorKind,
    string Message,
    int Attempts,
    string? DetailsJson,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt,
    string? Resolution);
