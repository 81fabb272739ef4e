namespace LoanJourney.Server.Workflows;

internal sealed record ActivityView(
    string Type, string Category, string Title, string Description, IReadOnlyList<InputFieldView> Inputs, IReadOnlyList<ActivityOutputView> Outputs,
    IReadOnlyList<string> Outcomes, bool IsWait, bool IsOnceOnly, bool IsTerminal, string? OutcomesFromInput = null,
    string? DefaultOutcome = null, IReadOnlyList<SignalFieldView>? SignalFields = null,
    IReadOnlyList<string>? PointOfNoReturn = null);
