using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows;

internal sealed record StepDefinitionView(
    string Id, string Activity, string Title, JsonObject Inputs, IReadOnlyDictionary<string, string> Next, IReadOnlyList<string> Outcomes,
    RetryView? Retry, long? TimeoutMs, CompensationView? Compensation);
