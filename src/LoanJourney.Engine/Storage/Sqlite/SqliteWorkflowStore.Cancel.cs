using Dapper;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<CancelRequestResult> RequestCancelAsync(string instanceId, string? reason, string? by, DateTimeOffset now, CancelGuard? guard, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var at = UnixMs.To(now);
            if (guard is not null)
            {
                // The write transaction holds the database: a SaveIntentAsync is wholly before this read or after the cancel.
                var version = await c.QueryFirstOrDefaultAsync<long?>(GuardSql, new { instanceId }, tx);
                var refused = version is null ? CancelRequestResult.Finished
                    : guard.Refusal(version.Value,
                        () => c.Query<(string InstanceId, string Key, string StepId, string DataJson, long CreatedAt)>(GuardIntentsSql,
                            new { instanceId, steps = guard.PointOfNoReturnSteps }, tx).Select(r => new IntentRecord(r.InstanceId, r.Key, r.StepId, r.DataJson, UnixMs.From(r.CreatedAt))));
                if (refused is not null)
                {
                    return refused;
                }
            }

            var leased = await c.QueryFirstOrDefaultAsync<long?>(
                "UPDATE instances SET cancel_requested = 1, " +
                "status = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN status ELSE 'Running' END, " +
                "ready_at = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN ready_at ELSE @at END, " +
                "pending_stimulus_json = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN pending_stimulus_json ELSE NULL END, " +
                "version = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN version ELSE version + 1 END, updated_at = @at " +
                "WHERE id = @instanceId AND status NOT IN ('Completed', 'Cancelled') " +
                "RETURNING CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN 1 ELSE 0 END",
                new { instanceId, at }, tx);
            if (leased is null)
            {
                return CancelRequestResult.Finished;
            }

            if (leased == 0)
            {
                Bind(c, tx, DeleteBookmarks, instanceId).ExecuteNonQuery();
                Bind(c, tx, ResolveIncidents, instanceId, at, "cancelled").ExecuteNonQuery();
            }

            InsertJournal(c, tx, [JournalEntries.CancelRequested(instanceId, now, reason, by, whileRunning: leased == 1)]);
            return CancelRequestResult.Requested;
        }, cancellationToken);

    // Shared with PostgreSQL (which appends FOR UPDATE): the guarded cancel's row.
    internal const string GuardSql = "SELECT version FROM instances WHERE id = @instanceId AND status NOT IN ('Completed', 'Cancelled')";

    internal const string GuardIntentsSql =
        "SELECT instance_id, key, step_id, data_json, created_at FROM intents WHERE instance_id = @instanceId AND step_id IN @steps ORDER BY created_at";

    /// <inheritdoc />
    public Task<bool> AbandonAsync(string instanceId, JournalRecord entry, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var at = UnixMs.To(now);
            if (await c.ExecuteAsync(AbandonSql, new { instanceId, at }, tx) == 0)
            {
                return false;
            }

            Bind(c, tx, DeleteBookmarks, instanceId).ExecuteNonQuery();
            Bind(c, tx, ResolveIncidents, instanceId, at, "abandoned").ExecuteNonQuery();
            InsertJournal(c, tx, [entry]);
            return true;
        }, cancellationToken);

    // Shared with PostgreSQL. As a cancel ends (WorkflowRunner.CompensateAsync): no current step, no step state, no pending
    // stimulus; cancel_requested too, so a node that read the row before (a lease still held) sees it cancelled.
    internal const string AbandonSql =
        "UPDATE instances SET status = 'Cancelled', cancel_requested = 1, current_step = NULL, step_state_json = NULL, ready_at = NULL, pending_stimulus_json = NULL, " +
        "lease_owner = NULL, lease_expires_at = NULL, version = version + 1, updated_at = @at " +
        "WHERE id = @instanceId AND status IN ('Running', 'Waiting', 'Faulted')";
}
