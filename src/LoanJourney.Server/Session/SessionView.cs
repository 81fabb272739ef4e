namespace LoanJourney.Server.Session;

/// <summary>
/// Whether the caller is signed in and, when so, as whom: name and role (the Studio shows both and hides what the role
/// cannot do), and the partner a partner-scoped principal acts for (docs/server.md, "Partner scope"; null: the team's).
/// </summary>
internal sealed record SessionView(bool SignedIn, DateTimeOffset? ExpiresAt = null, string? Name = null, string? Role = null, string? Partner = null);
