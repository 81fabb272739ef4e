namespace LoanJourney.Server.Auth;

/// <summary>What the <c>lj_session</c> cookie carries (data-protected): who signed in, their role, and when it expires.</summary>
internal sealed record SessionTicket(string Name, string? Role, long ExpiresMs);
