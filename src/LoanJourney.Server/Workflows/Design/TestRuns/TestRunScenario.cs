namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>A sandbox scenario a test run can pick: the last four digits and what the sandbox does with them.</summary>
internal sealed record TestRunScenario(string Key, string Description, IReadOnlyList<string> ActivityPrefixes);
