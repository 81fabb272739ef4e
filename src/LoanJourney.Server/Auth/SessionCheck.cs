using System.Diagnostics.CodeAnalysis;

namespace LoanJourney.Server.Auth;

/// <summary>
/// Whether a session cookie still stands for its principal (docs/server.md, "Sessions"): the ticket is ours and unexpired,
/// its principal is configured now (with the roles it holds now), and it was not signed out. The one check behind every
/// cookie request (<see cref="ApiKeyAuthenticationHandler"/>) and behind a live-update stream's re-checks while it stays
/// open (<see cref="Events.EventsApi"/>).
/// </summary>
internal sealed class SessionCheck(SessionTickets sessions, SessionRevocations revocations)
{
    /// <summary>The principal a cookie stands for now (name and roles); <see cref="Failure"/> says why not when it does not.</summary>
    public readonly record struct Result(string Name, IReadOnlyList<string> Roles, string? Failure, string? SessionId = null)
    {
        [MemberNotNullWhen(false, nameof(Failure))]
        public bool Passed => Failure is null;
    }

    // Cheapest first: the store is asked only about a ticket that would otherwise pass.
    public async Task<Result> CheckAsync(string cookie, CancellationToken cancellationToken)
    {
        if (sessions.Read(cookie) is not { } ticket)
        {
            return new Result("", [], "The session cookie is invalid or expired: sign in again.");
        }

        if (!sessions.Current(ticket, out var roles))
        {
            return new Result("", [], "The session's principal is no longer configured, or its key changed: sign in again.");
        }

        if (await revocations.IsRevokedAsync(ticket, cancellationToken))
        {
            return new Result("", [], "The session was signed out: sign in again.");
        }

        return new Result(ticket.Name, roles, null, ticket.Id);
    }
}
