using System.Text.Json.Nodes;

namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// A step a test-run journey went through, in order. <see cref="Output"/> is what that run of the step completed with, which
/// <c>$steps.&lt;id&gt;.output</c> holds after it (each entry its own when the step ran more than once: <see cref="TestRunStepOutputs"/>),
/// masked as the journey view masks input and variables; null when it has none.
/// </summary>
internal sealed record PathStepView(string StepId, string Activity, string Status, string? Outcome, int Attempt, string? Error, JsonNode? Output);
