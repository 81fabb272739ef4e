using Dapper;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task RevokeSessionAsync(string ticketId, DateTimeOffset keepUntil, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(SessionSql.Prune, new { now = UnixMs.To(now) }, tx);
            return await c.ExecuteAsync(SessionSql.Revoke, new { ticketId, keepUntil = UnixMs.To(keepUntil) }, tx);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsSessionRevokedAsync(string ticketId, CancellationToken cancellationToken) =>
        ReadAsync(async c => await c.ExecuteScalarAsync<long>(SessionSql.IsRevoked, new { ticketId }) > 0);
}
