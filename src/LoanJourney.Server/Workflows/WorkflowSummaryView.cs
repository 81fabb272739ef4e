namespace LoanJourney.Server.Workflows;

internal sealed record WorkflowSummaryView(string Id, string? Title, int LatestVersion, IReadOnlyList<int> Versions, IReadOnlyList<InputFieldView> Inputs);
