using Dapper;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task DeferAsync(string instanceId, LeaseFence fence, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync((c, tx) => c.ExecuteAsync(
            "UPDATE instances SET lease_owner = NULL, lease_expires_at = NULL, " +
            "ready_at = CASE WHEN ready_at IS NULL THEN NULL ELSE MAX(ready_at, @retryAt) END " +
            "WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token",
            new { instanceId, fence.Owner, fence.Token, retryAt = UnixMs.To(retryAt) }, tx), cancellationToken);
    }
}
