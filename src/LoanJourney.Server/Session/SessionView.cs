namespace LoanJourney.Server.Session;

/// <summary>
/// Whether the caller is signed in and, when so, as whom: name and roles (the Studio shows them and hides what none of them
/// can do), and the partner a partner-scoped principal acts for (docs/server.md, "Partner scope"; null: the team's).
/// <c>roles</c> is every role held (session 46), strongest first; <c>role</c> the strongest of them, kept for clients that
/// read one (it is not all the principal may do).
/// </summary>
internal sealed record SessionView(bool SignedIn, DateTimeOffset? ExpiresAt = null, string? Name = null, string? Role = null, string? Partner = null, IReadOnlyList<string>? Roles = null);
