namespace LoanJourney.Server.Instances;

internal sealed record JournalPageView(IReadOnlyList<JournalEntryView> Items, long Total);
