using Dapper;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public Task<CancelRequestResult> RequestCancelAsync(string instanceId, string? reason, string? by, DateTimeOffset now, CancelGuard? guard, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var at = UnixMs.To(now);
            if (guard is not null)
            {
                // FOR UPDATE waits for a SaveIntentAsync in flight (FOR SHARE on this row); the intents are then read by a
                // statement of their own, whose snapshot (read committed) is taken after that wait and so sees its intent.
                var version = await c.QueryFirstOrDefaultAsync<long?>(Command(
                    SqliteWorkflowStore.GuardSql + " FOR UPDATE", new { instanceId }, tx, cancellationToken));
                var intents = version is not { } read || !guard.DecidesByIntents(read) ? [] : (await c.QueryAsync<(string InstanceId, string Key, string StepId, string DataJson, long CreatedAt)>(Command(
                    "SELECT instance_id, key, step_id, data_json, created_at FROM intents WHERE instance_id = @instanceId AND step_id = ANY(@steps) ORDER BY created_at",
                    new { instanceId, steps = guard.PointOfNoReturnSteps.ToArray() }, tx, cancellationToken)))
                    .Select(r => new IntentRecord(r.InstanceId, r.Key, r.StepId, r.DataJson, UnixMs.From(r.CreatedAt))).ToList();
                var refused = version is null ? CancelRequestResult.Finished : guard.Refusal(version.Value, () => intents);
                if (refused is not null)
                {
                    return refused;
                }
            }

            var leased = await c.QueryFirstOrDefaultAsync<long?>(Command(
                "UPDATE instances SET cancel_requested = 1, " +
                "status = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN status ELSE 'Running' END, " +
                "ready_at = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN ready_at ELSE @at END, " +
                "pending_stimulus_json = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN pending_stimulus_json ELSE NULL END, " +
                "version = CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN version ELSE version + 1 END, updated_at = @at " +
                "WHERE id = @instanceId AND status NOT IN ('Completed', 'Cancelled') " +
                "RETURNING CASE WHEN lease_owner IS NOT NULL AND lease_expires_at > @at THEN 1::bigint ELSE 0::bigint END",
                new { instanceId, at }, tx, cancellationToken));
            if (leased is null)
            {
                return CancelRequestResult.Finished;
            }

            var parameters = JournalParameters([JournalEntries.CancelRequested(instanceId, now, reason, by, whileRunning: leased == 1)]);
            parameters.AddDynamicParams(new { instanceId, at, resolution = "cancelled" });
            await c.ExecuteAsync(Command((leased == 0 ? ClearWaitsSql + _notifySql : "") + JournalInsertSql, parameters, tx, cancellationToken));
            return CancelRequestResult.Requested;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> AbandonAsync(string instanceId, JournalRecord entry, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var at = UnixMs.To(now);
            if (await c.ExecuteAsync(Command(SqliteWorkflowStore.AbandonSql, new { instanceId, at }, tx, cancellationToken)) == 0)
            {
                return false;
            }

            var parameters = JournalParameters([entry]);
            parameters.AddDynamicParams(new { instanceId, at, resolution = "abandoned" });
            await c.ExecuteAsync(Command(ClearWaitsSql + JournalInsertSql, parameters, tx, cancellationToken));
            return true;
        }, cancellationToken);

    // A journey that waits for nothing any more (cancelled outside a run, or abandoned): its bookmarks removed, its open
    // incidents resolved with @resolution — the SQLite store's DeleteBookmarks and ResolveIncidents statements.
    private const string ClearWaitsSql =
        "DELETE FROM bookmarks WHERE instance_id = @instanceId;" +
        "UPDATE incidents SET resolved_at = @at, resolution = @resolution WHERE instance_id = @instanceId AND resolved_at IS NULL;";
}
