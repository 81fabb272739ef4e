using System.Data;
using System.Text.Json.Nodes;
using Dapper;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

// Lock order everywhere: webhook key (advisory), then the instance row, then its bookmarks. Every change of an instance's
// bookmarks holds the instance row lock, so a bookmark read after taking that lock is current: first stimulus wins.
public sealed partial class PostgresWorkflowStore
{
    private const string LockInstanceSql = "SELECT 1 FROM instances WHERE id = @instanceId FOR UPDATE;";

    /// <inheritdoc />
    public Task<SignalFireResult> FireSignalAsync(string instanceId, string signalName, string? payloadJson, string? by, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            using var results = await c.QueryMultipleAsync(Command(
                LockInstanceSql +
                "SELECT name, step_id FROM bookmarks WHERE instance_id = @instanceId AND kind = 'Signal' AND key = @signalName AND sensitive = 0 ORDER BY seq LIMIT 1",
                new { instanceId, signalName }, tx, cancellationToken));
            await results.ReadAsync<int>();
            var bookmark = await results.ReadFirstOrDefaultAsync<(string Name, string StepId)>();
            if (bookmark.Name is null)
            {
                return SignalFireResult.NotExpected;
            }

            var stimulus = new PendingStimulus(BookmarkKind.Signal, bookmark.Name, signalName, payloadJson, null);
            await FireAsync(c, tx, instanceId, stimulus, now, JournalKinds.SignalReceived, bookmark.StepId,
                new JsonObject { ["signal"] = signalName, ["by"] = by }.ToJsonString(), "", null, cancellationToken);
            return SignalFireResult.Fired;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<WebhookDeliveryResult> DeliverWebhookAsync(string eventId, string key, string? payloadJson, string? traceParent, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            // The key lock orders this delivery against a commit creating a wait on the same key (see CommitAsync); the
            // primary key makes a concurrent duplicate on another node wait and then insert nothing. The payload is stored
            // protected: whether the event is routed is only known after the insert (the bookmark may go before the instance
            // lock), and a second round trip to add it for a buffered event would cost more than protecting it. A routed
            // event's payload is removed again by the statement that marks it consumed (it lives, protected, in the journey's
            // pending stimulus), so its row ends with none; the old row version holds ciphertext until vacuum. The request's
            // traceparent is kept with the event (ids of spans, nothing of the body) for the step that consumes it to link to.
            var at = UnixMs.To(now);
            (string? InstanceId, string Name, string StepId) candidate;
            using (var results = await c.QueryMultipleAsync(Command(
                "SELECT pg_advisory_xact_lock(@Space, hashtext(@key)); " +
                "INSERT INTO webhook_inbox (event_id, key, payload_json, received_at, traceparent) VALUES (@eventId, @key, @payloadJson, @at, @traceParent) " +
                "ON CONFLICT (event_id) DO NOTHING RETURNING 1; " +
                "SELECT instance_id, name, step_id FROM bookmarks WHERE kind = 'Webhook' AND key = @key ORDER BY created_at, seq LIMIT 1",
                new { Space = WebhookKeyLockSpace, eventId, key, payloadJson = _options.PayloadProtector.ProtectOrNull(payloadJson), at, traceParent }, tx, cancellationToken)))
            {
                await results.ReadAsync();
                if (!(await results.ReadAsync<int>()).Any())
                {
                    return new WebhookDeliveryResult(WebhookDeliveryStatus.Duplicate, null);
                }

                candidate = await results.ReadFirstOrDefaultAsync<(string? InstanceId, string Name, string StepId)>();
            }

            for (var attempt = 0; candidate.InstanceId is { } instanceId; attempt++)
            {
                // Lock the instance, then read its bookmark again: a signal or a runner may have removed it meanwhile.
                using (var results = await c.QueryMultipleAsync(Command(
                    LockInstanceSql +
                    "SELECT instance_id, name, step_id FROM bookmarks WHERE instance_id = @instanceId AND kind = 'Webhook' AND key = @key ORDER BY created_at, seq LIMIT 1",
                    new { instanceId, key }, tx, cancellationToken)))
                {
                    await results.ReadAsync<int>();
                    var current = await results.ReadFirstOrDefaultAsync<(string? InstanceId, string Name, string StepId)>();
                    if (current.InstanceId is not null)
                    {
                        var stimulus = new PendingStimulus(BookmarkKind.Webhook, current.Name, key, payloadJson, eventId, now, traceParent);
                        await FireAsync(c, tx, instanceId, stimulus, now, JournalKinds.WebhookReceived, current.StepId,
                            new JsonObject { ["key"] = key, ["eventId"] = eventId }.ToJsonString(),
                            "UPDATE webhook_inbox SET consumed_by = @instanceId, consumed_at = @now, payload_json = NULL WHERE event_id = @eventId;", eventId, cancellationToken);
                        return new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, instanceId);
                    }
                }

                candidate = attempt < 3
                    ? await c.QueryFirstOrDefaultAsync<(string? InstanceId, string Name, string StepId)>(Command(
                        "SELECT instance_id, name, step_id FROM bookmarks WHERE kind = 'Webhook' AND key = @key ORDER BY created_at, seq LIMIT 1",
                        new { key }, tx, cancellationToken))
                    : default;
            }

            return new WebhookDeliveryResult(WebhookDeliveryStatus.Buffered, null);
        }, cancellationToken);

    // First stimulus wins: every bookmark of the instance goes in the same transaction that records the stimulus. One batch.
    private async Task FireAsync(
        NpgsqlConnection c, IDbTransaction tx, string instanceId, PendingStimulus stimulus, DateTimeOffset now, string journalKind, string stepId,
        string journalData, string extraSql, string? eventId, CancellationToken cancellationToken)
    {
        var parameters = JournalParameters([new JournalRecord(0, instanceId, now, journalKind, stepId, null, journalData)]);
        parameters.AddDynamicParams(new { instanceId, json = _options.PayloadProtector.Protect(stimulus.ToJson()), now = UnixMs.To(now), eventId });
        await c.ExecuteAsync(Command(
            "DELETE FROM bookmarks WHERE instance_id = @instanceId;" +
            "UPDATE instances SET status = 'Running', pending_stimulus_json = @json, ready_at = @now, version = version + 1, updated_at = @now WHERE id = @instanceId;" +
            JournalInsertSql + extraSql + _notifySql,
            parameters, tx, cancellationToken));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BookmarkRecord>>(async c =>
        {
            var rows = await c.QueryAsync<(string Id, string InstanceId, string StepId, string Kind, string Name, string? Key, long? DueAt, long Sensitive, long CreatedAt)>(Command(
                "SELECT id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at FROM bookmarks WHERE instance_id = @instanceId ORDER BY seq",
                new { instanceId }, null, cancellationToken));
            return rows.Select(r => new BookmarkRecord(r.Id, r.InstanceId, r.StepId, Enum.Parse<BookmarkKind>(r.Kind), r.Name, r.Key,
                UnixMs.From(r.DueAt), r.Sensitive != 0, UnixMs.From(r.CreatedAt))).ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IncidentRecord?> GetOpenIncidentAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var r = await c.QueryFirstOrDefaultAsync<(string Id, string InstanceId, string StepId, string ErrorKind, string Message, long Attempts, string? DetailsJson, long CreatedAt)>(Command(
                "SELECT id, instance_id, step_id, error_kind, message, attempts, details_json, created_at FROM incidents " +
                "WHERE instance_id = @instanceId AND resolved_at IS NULL ORDER BY created_at DESC LIMIT 1", new { instanceId }, null, cancellationToken));
            return r.Id is null ? null : new IncidentRecord(r.Id, r.InstanceId, r.StepId, r.ErrorKind, r.Message, (int)r.Attempts, r.DetailsJson, UnixMs.From(r.CreatedAt), null, null);
        }, cancellationToken);

    /// <inheritdoc />
    public Task SaveIntentAsync(IntentRecord intent, LeaseFence fence, bool unlessCancelRequested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(fence);
        return ReadAsync(async c =>
        {
            // FOR SHARE waits for a takeover or a cancel in flight and then sees its new token or its cancel_requested.
            var saved = await c.ExecuteAsync(Command(
                "INSERT INTO intents (instance_id, key, step_id, data_json, created_at) " +
                "SELECT @InstanceId, @Key, @StepId, @DataJson, @CreatedAt WHERE EXISTS " +
                "(SELECT 1 FROM instances WHERE id = @InstanceId AND lease_owner = @Owner AND lease_token = @Token AND (@Any OR cancel_requested = 0) FOR SHARE) " +
                "ON CONFLICT (instance_id, key) DO UPDATE SET data_json = excluded.data_json, step_id = excluded.step_id",
                new { intent.InstanceId, intent.Key, intent.StepId, intent.DataJson, CreatedAt = UnixMs.To(intent.CreatedAt), fence.Owner, fence.Token, Any = !unlessCancelRequested },
                null, cancellationToken));
            if (saved == 1)
            {
                return 0;
            }

            var held = await c.ExecuteScalarAsync<long>(Command(
                "SELECT COUNT(*) FROM instances WHERE id = @InstanceId AND lease_owner = @Owner AND lease_token = @Token",
                new { intent.InstanceId, fence.Owner, fence.Token }, null, cancellationToken));
            throw SqliteWorkflowStore.IntentRefused(intent.InstanceId, leaseLost: held == 0);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IntentRecord>> GetOpenIntentsAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<IntentRecord>>(async c =>
        {
            var rows = await c.QueryAsync<(string InstanceId, string Key, string StepId, string DataJson, long CreatedAt)>(Command(
                "SELECT instance_id, key, step_id, data_json, created_at FROM intents WHERE instance_id = @instanceId", new { instanceId }, null, cancellationToken));
            return rows.Select(r => new IntentRecord(r.InstanceId, r.Key, r.StepId, r.DataJson, UnixMs.From(r.CreatedAt))).ToList();
        }, cancellationToken);
}
