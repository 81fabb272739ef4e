namespace LoanJourney.Server.Audit;

internal sealed record AuditPageView(IReadOnlyList<AuditEntryView> Items, long Total);
