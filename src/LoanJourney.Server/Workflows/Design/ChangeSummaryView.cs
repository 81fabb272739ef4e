namespace LoanJourney.Server.Workflows.Design;

/// <summary>
/// Steps added, removed and changed by a change, whether anything else outside the steps changed (title, inputs,
/// variables, start), and whether the designer's layout changed (a move alone changes no step).
/// </summary>
public sealed record ChangeSummaryView(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, bool DefinitionChanged, bool LayoutChanged);
