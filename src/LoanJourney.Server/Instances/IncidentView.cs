using System.Text.Json.Nodes;

namespace LoanJourney.Server.Instances;

internal sealed record IncidentView(string StepId, string ErrorKind, string Message, int Attempts, JsonNode? Details, DateTimeOffset CreatedAt);
