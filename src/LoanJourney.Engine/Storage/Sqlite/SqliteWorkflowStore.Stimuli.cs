using System.Data;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<SignalFireResult> FireSignalAsync(string instanceId, string signalName, string? payloadJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var bookmark = await c.QueryFirstOrDefaultAsync<(string Name, string StepId)>(
                "SELECT name, step_id FROM bookmarks WHERE instance_id = @instanceId AND kind = 'Signal' AND key = @signalName AND sensitive = 0 LIMIT 1",
                new { instanceId, signalName }, tx);
            if (bookmark.Name is null)
            {
                return SignalFireResult.NotExpected;
            }

            var stimulus = new PendingStimulus(BookmarkKind.Signal, bookmark.Name, signalName, payloadJson, null);
            await FireAsync(c, tx, instanceId, stimulus, now, JournalKinds.SignalReceived, bookmark.StepId,
                new JsonObject { ["signal"] = signalName }.ToJsonString());
            return SignalFireResult.Fired;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<WebhookDeliveryResult> DeliverWebhookAsync(string eventId, string key, string? payloadJson, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var inserted = await c.ExecuteAsync(
                "INSERT INTO webhook_inbox (event_id, key, payload_json, received_at) VALUES (@eventId, @key, @payloadJson, @at) ON CONFLICT (event_id) DO NOTHING",
                new { eventId, key, payloadJson, at = UnixMs.To(now) }, tx);
            if (inserted == 0)
            {
                return new WebhookDeliveryResult(WebhookDeliveryStatus.Duplicate, null);
            }

            var bookmark = await c.QueryFirstOrDefaultAsync<(string InstanceId, string Name, string StepId)>(
                "SELECT instance_id, name, step_id FROM bookmarks WHERE kind = 'Webhook' AND key = @key ORDER BY created_at LIMIT 1", new { key }, tx);
            if (bookmark.InstanceId is null)
            {
                return new WebhookDeliveryResult(WebhookDeliveryStatus.Buffered, null);
            }

            var stimulus = new PendingStimulus(BookmarkKind.Webhook, bookmark.Name, key, payloadJson, eventId);
            await FireAsync(c, tx, bookmark.InstanceId, stimulus, now, JournalKinds.WebhookReceived, bookmark.StepId,
                new JsonObject { ["key"] = key, ["eventId"] = eventId }.ToJsonString());
            await c.ExecuteAsync(
                "UPDATE webhook_inbox SET consumed_by = @InstanceId, consumed_at = @at WHERE event_id = @eventId",
                new { bookmark.InstanceId, at = UnixMs.To(now), eventId }, tx);
            return new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, bookmark.InstanceId);
        }, cancellationToken);

    // First stimulus wins: every bookmark of the instance goes in the same transaction that records the stimulus.
    private async Task FireAsync(IDbConnection c, IDbTransaction tx, string instanceId, PendingStimulus stimulus, DateTimeOffset now, string journalKind, string stepId, string journalData)
    {
        await c.ExecuteAsync("DELETE FROM bookmarks WHERE instance_id = @instanceId", new { instanceId }, tx);
        await c.ExecuteAsync(
            "UPDATE instances SET status = 'Running', pending_stimulus_json = @json, ready_at = @now, version = version + 1, updated_at = @now WHERE id = @instanceId",
            new { instanceId, json = _options.PayloadProtector.Protect(stimulus.ToJson()), now = UnixMs.To(now) }, tx);
        await InsertJournalAsync(c, tx, [new JournalRecord(0, instanceId, now, journalKind, stepId, null, journalData)]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BookmarkRecord>>(async c =>
        {
            var rows = await c.QueryAsync<(string Id, string InstanceId, string StepId, string Kind, string Name, string? Key, long? DueAt, long Sensitive, long CreatedAt)>(
                "SELECT id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at FROM bookmarks WHERE instance_id = @instanceId ORDER BY rowid",
                new { instanceId });
            return rows.Select(r => new BookmarkRecord(r.Id, r.InstanceId, r.StepId, Enum.Parse<BookmarkKind>(r.Kind), r.Name, r.Key,
                UnixMs.From(r.DueAt), r.Sensitive != 0, UnixMs.From(r.CreatedAt))).ToList();
        });

    /// <inheritdoc />
    public Task<IncidentRecord?> GetOpenIncidentAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var r = await c.QueryFirstOrDefaultAsync<(string Id, string InstanceId, string StepId, string ErrorKind, string Message, long Attempts, string? DetailsJson, long CreatedAt)>(
                "SELECT id, instance_id, step_id, error_kind, message, attempts, details_json, created_at FROM incidents " +
                "WHERE instance_id = @instanceId AND resolved_at IS NULL ORDER BY created_at DESC LIMIT 1", new { instanceId });
            return r.Id is null ? null : new IncidentRecord(r.Id, r.InstanceId, r.StepId, r.ErrorKind, r.Message, (int)r.Attempts, r.DetailsJson, UnixMs.From(r.CreatedAt), null, null);
        });

    /// <inheritdoc />
    public Task<PagedResult<JournalRecord>> ReadJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            var total = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM journal WHERE instance_id = @instanceId", new { instanceId });
            var rows = await c.QueryAsync<(long Seq, string InstanceId, long At, string Kind, string? StepId, long? Attempt, string? DataJson)>(
                "SELECT seq, instance_id, at, kind, step_id, attempt, data_json FROM journal WHERE instance_id = @instanceId ORDER BY seq LIMIT @take OFFSET @skip",
                new { instanceId, take = Math.Clamp(take, 1, 1000), skip = Math.Max(0, skip) });
            return new PagedResult<JournalRecord>(
                rows.Select(r => new JournalRecord(r.Seq, r.InstanceId, UnixMs.From(r.At), r.Kind, r.StepId, (int?)r.Attempt, r.DataJson)).ToList(), total);
        });

    /// <inheritdoc />
    public Task SaveIntentAsync(IntentRecord intent, LeaseFence fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync(async (c, tx) =>
        {
            var saved = await c.ExecuteAsync(
                "INSERT INTO intents (instance_id, key, step_id, data_json, created_at) " +
                "SELECT @InstanceId, @Key, @StepId, @DataJson, @CreatedAt WHERE EXISTS " +
                "(SELECT 1 FROM instances WHERE id = @InstanceId AND lease_owner = @Owner AND lease_token = @Token) " +
                "ON CONFLICT (instance_id, key) DO UPDATE SET data_json = excluded.data_json, step_id = excluded.step_id",
                new { intent.InstanceId, intent.Key, intent.StepId, intent.DataJson, CreatedAt = UnixMs.To(intent.CreatedAt), fence.Owner, fence.Token }, tx);
            return saved == 1
                ? 0
                : throw new StaleCommitException($"Instance {intent.InstanceId}: the lease was taken over; the intent was not saved.") { LeaseLost = true };
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<IntentRecord>> GetOpenIntentsAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<IntentRecord>>(async c =>
        {
            var rows = await c.QueryAsync<(string InstanceId, string Key, string StepId, string DataJson, long CreatedAt)>(
                "SELECT instance_id, key, step_id, data_json, created_at FROM intents WHERE instance_id = @instanceId", new { instanceId });
            return rows.Select(r => new IntentRecord(r.InstanceId, r.Key, r.StepId, r.DataJson, UnixMs.From(r.CreatedAt))).ToList();
        });

    private static string Serialize(object value) => JsonSerializer.Serialize(value);
}
