namespace LoanJourney.Engine.Storage;

/// <summary>The signed-out session tickets (migration 0027), the same SQL on both stores.</summary>
internal static class SessionSql
{
    public const string Revoke = "INSERT INTO revoked_sessions (ticket_id, keep_until) VALUES (@ticketId, @keepUntil) ON CONFLICT (ticket_id) DO NOTHING";

    public const string Prune = "DELETE FROM revoked_sessions WHERE keep_until < @now";

    public const string IsRevoked = "SELECT COUNT(*) FROM revoked_sessions WHERE ticket_id = @ticketId";
}
