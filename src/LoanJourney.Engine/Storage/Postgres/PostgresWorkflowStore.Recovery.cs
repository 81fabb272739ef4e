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

    /// <inheritdoc />
    public Task<int?> CountRunnerFailureAsync(string instanceId, LeaseFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return ReadAsync(c => c.QuerySingleOrDefaultAsync<int?>(Command(SqliteWorkflowStore.CountRunnerFailureSql,
            new { instanceId, fence.Owner, fence.Token }, null, cancellationToken)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> FaultUnreadableAsync(string instanceId, string owner, string incidentId, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        FaultForOperatorAsync(instanceId, owner, incidentId, Errors.InstanceUnreadableException.IncidentKind, message, now, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FaultForOperatorAsync(string instanceId, string owner, string incidentId, string errorKind, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var at = UnixMs.To(now);
            var faulted = (await c.QueryAsync<string?>(Command(
                "UPDATE instances SET status = 'Faulted', ready_at = NULL, lease_owner = NULL, lease_expires_at = NULL, runner_failures = 0, version = version + 1, updated_at = @at " +
                "WHERE id = @instanceId AND lease_owner = @owner RETURNING current_step",
                new { instanceId, owner, at }, tx, cancellationToken))).ToList();
            if (faulted.Count == 0)
            {
                return false;
            }

            await c.ExecuteAsync(Command(SqliteWorkflowStore.UnreadableIncidentSql,
                new { incidentId, instanceId, step = faulted[0] ?? "", kind = errorKind, message, at }, tx, cancellationToken));
            await c.ExecuteAsync(Command("DELETE FROM bookmarks WHERE instance_id = @instanceId", new { instanceId }, tx, cancellationToken));
            return true;
        }, cancellationToken);
}
