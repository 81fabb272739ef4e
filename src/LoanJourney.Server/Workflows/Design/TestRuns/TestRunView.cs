namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>The answer of <c>POST /api/workflows/{id}/draft/test-runs</c> (docs/api.md, "Test-run a draft").</summary>
internal sealed record TestRunView(
    string WorkflowId,
    long Revision,
    int TimeCompression,
    bool TimedOut,
    double DurationMs,
    IReadOnlyList<ScenarioRunView> Scenarios);
