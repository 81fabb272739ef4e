namespace LoanJourney.Server.Workflows.Design;

/// <summary>
/// One published version: who published it and when (the store's record of the version), and why (the <c>publish</c>
/// audit entry's reason, masked as the audit trail keeps it; null for a seeded version or one published before reasons).
/// </summary>
public sealed record VersionView(int Version, string ContentHash, string PublishedBy, DateTimeOffset PublishedAt, string? Reason);
