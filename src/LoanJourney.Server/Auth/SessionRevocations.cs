using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Server.Auth;

/// <summary>
/// Signed-out session tickets, kept in the journey store (table <c>revoked_sessions</c>) so that a sign-out holds on every
/// node and across restarts. Each request a session cookie authenticates asks the store once (a primary-key probe):
/// a sign-out applies on every node at once, with no cache to go stale between them.
/// </summary>
internal sealed class SessionRevocations(IWorkflowStore store, EngineInitializer initializer, TimeProvider time)
{
    // Nodes' clocks differ a little: a revoked ticket's row outlives the ticket by this much, so that a node whose clock
    // is behind the pruning node's still finds it while it takes the ticket for unexpired.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public async Task RevokeAsync(SessionTicket ticket, CancellationToken cancellationToken)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        await store.RevokeSessionAsync(ticket.Id, DateTimeOffset.FromUnixTimeMilliseconds(ticket.ExpiresMs) + ClockSkew, time.GetUtcNow(), cancellationToken);
    }

    public async Task<bool> IsRevokedAsync(SessionTicket ticket, CancellationToken cancellationToken)
    {
        await initializer.EnsureInitializedAsync(cancellationToken);
        return await store.IsSessionRevokedAsync(ticket.Id, cancellationToken);
    }
}
