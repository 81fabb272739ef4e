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

    /// <inheritdoc />
    public Task<int?> CountRunnerFailureAsync(string instanceId, LeaseFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<int?>(CountRunnerFailureSql, new { instanceId, fence.Owner, fence.Token }, tx), cancellationToken);
    }

    // Shared with PostgreSQL.
    internal const string CountRunnerFailureSql =
        "UPDATE instances SET runner_failures = runner_failures + 1 WHERE id = @instanceId AND lease_owner = @Owner AND lease_token = @Token " +
        "RETURNING runner_failures";

    /// <inheritdoc />
    public Task<bool> FaultUnreadableAsync(string instanceId, string owner, string incidentId, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        FaultForOperatorAsync(instanceId, owner, incidentId, Errors.InstanceUnreadableException.IncidentKind, message, now, cancellationToken);

    /// <inheritdoc />
    public Task<bool> FaultForOperatorAsync(string instanceId, string owner, string incidentId, string errorKind, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var at = UnixMs.To(now);
            var faulted = (await c.QueryAsync<string?>(
                "UPDATE instances SET status = 'Faulted', ready_at = NULL, lease_owner = NULL, lease_expires_at = NULL, runner_failures = 0, version = version + 1, updated_at = @at " +
                "WHERE id = @instanceId AND lease_owner = @owner RETURNING current_step",
                new { instanceId, owner, at }, tx)).ToList();
            if (faulted.Count == 0)
            {
                return false;
            }

            await c.ExecuteAsync(UnreadableIncidentSql, new { incidentId, instanceId, step = faulted[0] ?? "", kind = errorKind, message, at }, tx);
            await c.ExecuteAsync("DELETE FROM bookmarks WHERE instance_id = @instanceId", new { instanceId }, tx);
            return true;
        }, cancellationToken);

    // Shared with PostgreSQL: the incident of a journey faulted because it cannot be decrypted, unless one is open already.
    internal const string UnreadableIncidentSql =
        "INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, details_json, created_at) " +
        "SELECT @incidentId, @instanceId, @step, @kind, @message, 1, NULL, @at " +
        "WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE instance_id = @instanceId AND resolved_at IS NULL)";
}
