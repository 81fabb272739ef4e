namespace LoanJourney.Server.Workflows.Design;

/// <summary>Steps added, removed and changed by a change, and whether anything outside the steps changed (title, inputs, variables, start).</summary>
public sealed record ChangeSummaryView(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, bool DefinitionChanged);
