namespace LoanJourney.Server.Audit;

/// <summary>A page of the audit trail; <see cref="Next"/> is the <c>before</c> of the page after it (null on the last page).</summary>
internal sealed record AuditPageView(IReadOnlyList<AuditEntryView> Items, long Total, long? Next);
