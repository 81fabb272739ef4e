namespace LoanJourney.Server.Session;

internal sealed record SessionView(bool SignedIn, DateTimeOffset? ExpiresAt = null);
