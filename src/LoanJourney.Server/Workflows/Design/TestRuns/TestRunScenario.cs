namespace LoanJourney.Server.Workflows.Design.TestRuns;

/// <summary>A sandbox scenario a test run can pick: the last four digits, what the sandbox does with them, and the <see cref="ActivityGroups"/> it affects.</summary>
internal sealed record TestRunScenario(string Key, string Description, IReadOnlyList<string> ActivityGroups);
