namespace LoanJourney.Server.Workflows;

internal sealed record WorkflowListView(IReadOnlyList<WorkflowSummaryView> Items, IReadOnlyList<DefinitionErrorView> LoadErrors);
