using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// A step a test-run journey went through, in order. <see cref="Output"/> is what <c>$steps.&lt;id&gt;.output</c> holds after it (the step's
/// last run: only its last entry in the path carries it), masked as the journey view masks input and variables; null when it has none.
/// </summary>
internal sealed record PathStepView(string StepId, string Activity, string Status, string? Outcome, int Attempt, string? Error, JsonNode? Output);
