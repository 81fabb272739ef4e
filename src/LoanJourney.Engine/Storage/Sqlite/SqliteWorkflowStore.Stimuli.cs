using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private static readonly SqlStatement SelectSignalBookmark = new(
        "SELECT name, step_id FROM bookmarks WHERE instance_id = @instanceId AND kind = 'Signal' AND key = @signalName AND sensitive = 0 LIMIT 1",
        "@instanceId", "@signalName");

    // The waiting journey is looked up first, so the event's one INSERT can record it already consumed when it routes (no
    // second UPDATE, and a routed row never enters the buffered index). A write transaction here is serialized (BEGIN
    // IMMEDIATE), so the bookmark read is current. Tried and measured slower (i17r, docs/PERFORMANCE.md): the lookup as a
    // subquery of the INSERT … RETURNING plus DELETE … RETURNING, two statements fewer but more work in SQLite than the
    // statements they replace.
    private static readonly SqlStatement SelectWebhookBookmark = new(
        "SELECT instance_id, name, step_id FROM bookmarks WHERE kind = 'Webhook' AND key = @key ORDER BY created_at LIMIT 1", "@key");

    private static readonly SqlStatement InsertInboxEvent = new(
        "INSERT INTO webhook_inbox (event_id, key, payload_json, received_at, consumed_by, consumed_at, traceparent) " +
        "VALUES (@eventId, @key, @payloadJson, @at, @consumedBy, @consumedAt, @traceParent) ON CONFLICT (event_id) DO NOTHING",
        "@eventId", "@key", "@payloadJson", "@at", "@consumedBy", "@consumedAt", "@traceParent");

    private static readonly SqlStatement MarkStimulated = new(
        "UPDATE instances SET status = 'Running', pending_stimulus_json = @json, ready_at = @now, version = version + 1, updated_at = @now WHERE id = @instanceId",
        "@instanceId", "@json", "@now");

    private static readonly SqlStatement SelectBookmarks = new(
        "SELECT id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at FROM bookmarks WHERE instance_id = @instanceId ORDER BY rowid",
        "@instanceId");

    /// <summary>The statements a routed webhook runs, in order, between BEGIN and COMMIT; the benchmark runs them raw.</summary>
    internal static IReadOnlyList<SqlStatement> RoutedWebhookStatements => [SelectWebhookBookmark, InsertInboxEvent, DeleteBookmarks, MarkStimulated, InsertJournalEntry];

    /// <inheritdoc />
    public Task<SignalFireResult> FireSignalAsync(string instanceId, string signalName, string? payloadJson, string? by, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) =>
        {
            (string Name, string StepId)? bookmark = null;
            using (var reader = Bind(c, tx, SelectSignalBookmark, instanceId, signalName).ExecuteReader())
            {
                if (reader.Read())
                {
                    bookmark = (reader.GetString(0), reader.GetString(1));
                }
            }

            if (bookmark is not { } found)
            {
                return Task.FromResult(SignalFireResult.NotExpected);
            }

            var stimulus = new PendingStimulus(BookmarkKind.Signal, found.Name, signalName, payloadJson, null);
            Fire(c, tx, instanceId, stimulus, now, JournalKinds.SignalReceived, found.StepId, new JsonObject { ["signal"] = signalName, ["by"] = by }.ToJsonString());
            return Task.FromResult(SignalFireResult.Fired);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<WebhookDeliveryResult> DeliverWebhookAsync(string eventId, string key, string? payloadJson, string? traceParent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Protected here, on the caller's thread, not in the one writer every write waits for: whether the event is routed
        // (then this is not stored) is only known inside the write. Tried and measured (session 31, `ingest` interleaved with
        // main, load 16–20): protecting inside the write, only when buffered, cut ingest to 3,372 / 3,563 webhooks/s against
        // main's 4,249 / 4,622 (ratio to the no-op GET 0.25 / 0.28 vs 0.33 / 0.33). A Data Protection Protect is ~20–30 µs of
        // CPU; a routed webhook or a duplicate pays it here without storing it, off the writer.
        var protectedPayload = _options.PayloadProtector.ProtectOrNull(payloadJson);
        return WriteOpeningItsSavepointAsync((c, tx) => Task.FromResult(DeliverWebhook(c, tx, eventId, key, payloadJson, protectedPayload, traceParent, now)), cancellationToken);
    }

    private WebhookDeliveryResult DeliverWebhook(SqliteConnection c, SqliteTransaction? tx, string eventId, string key, string? payloadJson, string? protectedPayload,
        string? traceParent, DateTimeOffset now)
    {
        (string InstanceId, string Name, string StepId)? bookmark = null;
        using (var reader = Bind(c, tx, SelectWebhookBookmark, key).ExecuteReader())
        {
            if (reader.Read())
            {
                bookmark = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
            }
        }

        var at = UnixMs.To(now);
        if (bookmark is not null)
        {
            // Routed: the INSERT and the journey's three changes below commit or roll back together. Buffered or a duplicate,
            // the INSERT is the write's one change and needs no savepoint of its own in a shared commit.
            OpenSavepoint(c, tx);
        }

        // A routed event's payload goes only into the journey's pending stimulus (protected there): its inbox row keeps the event
        // id, key, times and consumer, for de-duplication and audit. A buffered one waits in the inbox, protected like the
        // instance columns; the commit that consumes it removes it again (Commit.cs). The request's traceparent stays with it
        // (not personal data: ids of spans), for the step that consumes it to link to (Commit.cs, FindBufferedWebhook).
        if (Bind(c, tx, InsertInboxEvent, eventId, key, bookmark is null ? protectedPayload : null, at, bookmark?.InstanceId, bookmark is null ? null : at, traceParent)
                .ExecuteNonQuery() == 0)
        {
            return new WebhookDeliveryResult(WebhookDeliveryStatus.Duplicate, null);
        }

        if (bookmark is not { } found)
        {
            return new WebhookDeliveryResult(WebhookDeliveryStatus.Buffered, null);
        }

        var stimulus = new PendingStimulus(BookmarkKind.Webhook, found.Name, key, payloadJson, eventId, now, traceParent);
        Fire(c, tx, found.InstanceId, stimulus, now, JournalKinds.WebhookReceived, found.StepId,
            new JsonObject { ["key"] = key, ["eventId"] = eventId }.ToJsonString());
        return new WebhookDeliveryResult(WebhookDeliveryStatus.Routed, found.InstanceId);
    }

    // First stimulus wins: every bookmark of the instance goes in the same transaction that records the stimulus.
    private void Fire(SqliteConnection c, SqliteTransaction? tx, string instanceId, PendingStimulus stimulus, DateTimeOffset now, string journalKind, string stepId, string journalData)
    {
        Bind(c, tx, DeleteBookmarks, instanceId).ExecuteNonQuery();
        Bind(c, tx, MarkStimulated, instanceId, _options.PayloadProtector.Protect(stimulus.ToJson()), UnixMs.To(now)).ExecuteNonQuery();
        InsertJournal(c, tx, [new JournalRecord(0, instanceId, now, journalKind, stepId, null, journalData)]);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BookmarkRecord>> GetBookmarksAsync(string instanceId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BookmarkRecord>>(c =>
        {
            var bookmarks = new List<BookmarkRecord>();
            using var reader = Bind(c, null, SelectBookmarks, instanceId).ExecuteReader();
            while (reader.Read())
            {
                bookmarks.Add(new BookmarkRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), Enum.Parse<BookmarkKind>(reader.GetString(3)),
                    reader.GetString(4), reader.GetStringOrNull(5), UnixMs.From(reader.GetInt64OrNull(6)), reader.GetInt64(7) != 0,
                    UnixMs.From(reader.GetInt64(8))));
            }

            return Task.FromResult<IReadOnlyList<BookmarkRecord>>(bookmarks);
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
    public Task SaveIntentAsync(IntentRecord intent, LeaseFence fence, bool unlessCancelRequested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(fence);
        return WriteAsync(async (c, tx) =>
        {
            var saved = await c.ExecuteAsync(
                "INSERT INTO intents (instance_id, key, step_id, data_json, created_at) " +
                "SELECT @InstanceId, @Key, @StepId, @DataJson, @CreatedAt WHERE EXISTS " +
                "(SELECT 1 FROM instances WHERE id = @InstanceId AND lease_owner = @Owner AND lease_token = @Token AND (@Any = 1 OR cancel_requested = 0)) " +
                "ON CONFLICT (instance_id, key) DO UPDATE SET data_json = excluded.data_json, step_id = excluded.step_id",
                new { intent.InstanceId, intent.Key, intent.StepId, intent.DataJson, CreatedAt = UnixMs.To(intent.CreatedAt), fence.Owner, fence.Token, Any = unlessCancelRequested ? 0 : 1 }, tx);
            if (saved == 1)
            {
                return 0;
            }

            var held = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM instances WHERE id = @InstanceId AND lease_owner = @Owner AND lease_token = @Token",
                new { intent.InstanceId, fence.Owner, fence.Token }, tx);
            throw IntentRefused(intent.InstanceId, leaseLost: held == 0);
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

    // Shared with PostgreSQL: why SaveIntentAsync saved nothing.
    internal static StaleCommitException IntentRefused(string instanceId, bool leaseLost) => leaseLost
        ? new StaleCommitException($"Instance {instanceId}: the lease was taken over; the intent was not saved.") { LeaseLost = true }
        : new StaleCommitException($"Instance {instanceId}: a cancel was requested before the call was sent; the intent was not saved and the call is not sent.");

    private static string Serialize(object value) => JsonSerializer.Serialize(value);
}
