using System.Text.Json.Nodes;

namespace LoanJourney.Engine.Model;

/// <summary>An open (or resolved) incident: a step that exhausted its retries.</summary>
public sealed record IncidentInfo(
    string Id,
    string StepId,
    string ErrorKind,
    string Message,
    int Attempts,
    JsonNode? Details,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt,
    string? Resolution);
