using Dapper;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public Task RevokeSessionAsync(string ticketId, DateTimeOffset keepUntil, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(Command(SessionSql.Prune, new { now = UnixMs.To(now) }, tx, cancellationToken));
            return await c.ExecuteAsync(Command(SessionSql.Revoke, new { ticketId, keepUntil = UnixMs.To(keepUntil) }, tx, cancellationToken));
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> IsSessionRevokedAsync(string ticketId, CancellationToken cancellationToken) =>
        ReadAsync(async c => await c.ExecuteScalarAsync<long>(Command(SessionSql.IsRevoked, new { ticketId }, null, cancellationToken)) > 0, cancellationToken);
}
