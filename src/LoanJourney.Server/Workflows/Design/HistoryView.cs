namespace LoanJourney.Server.Workflows.Design;

/// <summary>A workflow's definition history, oldest first.</summary>
public sealed record HistoryView(string Id, IReadOnlyList<HistoryEntryView> Items);
