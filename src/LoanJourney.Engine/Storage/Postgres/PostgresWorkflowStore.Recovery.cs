using Dapper;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public Task DeferAsync(string instanceId, LeaseFence fence, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return ReadAsync(c => c.ExecuteAsync(Command(
            "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL, " +
            "ready_at = CASE WHEN ready_at IS NULL THEN NULL ELSE GREATEST(ready_at, @retryAt) END " +
            "WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token;" + _notifySql,
            new { instanceId, fence.Owner, fence.Token, retryAt = UnixMs.To(retryAt) }, null, cancellationToken)), cancellationToken);
    }
}
