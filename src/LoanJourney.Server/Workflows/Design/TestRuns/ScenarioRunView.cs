namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>
/// One scenario of a test run: <see cref="Finished"/> is false when the journey was still running at the time limit
/// (<see cref="Status"/> <c>Running</c>) or waits for something a test run cannot send (<c>Waiting</c>, see <see cref="WaitingFor"/>).
/// </summary>
internal sealed record ScenarioRunView(
    string Scenario,
    string Description,
    bool Finished,
    string Status,
    string? Outcome,
    IReadOnlyList<PathStepView> Path,
    IReadOnlyList<TestRunIncidentView> Incidents,
    int LenderCallCount,
    IReadOnlyList<LenderCallView> LenderCalls,
    IReadOnlyList<WaitView> WaitingFor,
    double DurationMs,
    double SimulatedDurationMs,
    string? Error);
