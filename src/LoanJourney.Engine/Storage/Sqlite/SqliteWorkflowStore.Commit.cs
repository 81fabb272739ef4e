using System.Data;
using Dapper;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    private const string UpdateInstanceSql =
        // A cancel requested while the lease was held arrives as the flag only: keep it and make the instance ready.
        "UPDATE instances SET " +
        "status = CASE WHEN cancel_requested = 1 AND @CancelRequested = 0 AND @Status IN ('Waiting', 'Faulted') THEN 'Running' ELSE @Status END, " +
        "ready_at = CASE WHEN cancel_requested = 1 AND @CancelRequested = 0 AND @Status IN ('Waiting', 'Faulted', 'Running') THEN @Now ELSE @ReadyAt END, " +
        "cancel_requested = MAX(cancel_requested, @CancelRequested), outcome = @Outcome, variables_json = @VariablesJson, outputs_json = @OutputsJson, " +
        "history_json = @HistoryJson, current_step = @CurrentStepId, attempt = @Attempt, step_state_json = @StepStateJson, " +
        "pending_stimulus_json = @PendingStimulusJson, version = version + 1, " +
        "lease_owner = CASE WHEN @Release = 1 THEN NULL ELSE lease_owner END, " +
        "lease_expires_at = CASE WHEN @Release = 1 THEN NULL WHEN @LeaseExpiresAt IS NULL THEN lease_expires_at ELSE @LeaseExpiresAt END, " +
        "updated_at = @Now " +
        "WHERE id = @Id AND version = @ExpectedVersion AND (@FenceOwner IS NULL OR (lease_owner = @FenceOwner AND lease_token = @FenceToken)) " +
        "RETURNING version, cancel_requested";

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return WriteAsync(async (c, tx) =>
        {
            var state = commit.State;
            var release = commit.ReleaseLease;
            PendingStimulus? consumed = null;
            var webhookKeys = commit.NewBookmarks.Where(b => b.Kind == BookmarkKind.Webhook).Select(b => b.Key!).ToArray();
            if (commit.ConsumeBufferedWebhooks && webhookKeys.Length > 0)
            {
                var buffered = await c.QueryFirstOrDefaultAsync<(string EventId, string Key, string? Payload)>(
                    "SELECT event_id, key, payload_json FROM webhook_inbox WHERE consumed_at IS NULL AND key IN @webhookKeys ORDER BY received_at, rowid LIMIT 1",
                    new { webhookKeys }, tx);
                if (buffered.EventId is not null)
                {
                    var bookmark = commit.NewBookmarks.First(b => b.Kind == BookmarkKind.Webhook && b.Key == buffered.Key);
                    consumed = new PendingStimulus(BookmarkKind.Webhook, bookmark.Name, buffered.Key, buffered.Payload, buffered.EventId);
                    state = state with { Status = WorkflowStatus.Running, PendingStimulusJson = consumed.ToJson(), ReadyAt = commit.Now };
                    release = false;
                }
            }

            var updated = await c.QueryFirstOrDefaultAsync<(long Version, long CancelRequested)>(UpdateInstanceSql, new
            {
                state.Id,
                Status = state.Status.ToString(),
                state.Outcome,
                state.VariablesJson,
                OutputsJson = _options.PayloadProtector.Protect(state.OutputsJson),
                state.HistoryJson,
                state.CurrentStepId,
                state.Attempt,
                state.StepStateJson,
                PendingStimulusJson = _options.PayloadProtector.ProtectOrNull(state.PendingStimulusJson),
                CancelRequested = state.CancelRequested ? 1 : 0,
                ReadyAt = UnixMs.To(state.ReadyAt),
                Release = release ? 1 : 0,
                LeaseExpiresAt = UnixMs.To(commit.LeaseExpiresAt),
                Now = UnixMs.To(commit.Now),
                commit.ExpectedVersion,
                FenceOwner = commit.Fence?.Owner,
                FenceToken = commit.Fence?.Token,
            }, tx);
            if (updated.Version == 0)
            {
                throw await StaleAsync(c, tx, commit);
            }

            if (consumed is not null)
            {
                await c.ExecuteAsync(
                    "UPDATE webhook_inbox SET consumed_by = @Id, consumed_at = @Now WHERE event_id = @EventId",
                    new { state.Id, Now = UnixMs.To(commit.Now), consumed.EventId }, tx);
            }

            if (commit.DeleteBookmarks)
            {
                await c.ExecuteAsync("DELETE FROM bookmarks WHERE instance_id = @Id", new { state.Id }, tx);
            }

            if (consumed is null && commit.NewBookmarks.Count > 0)
            {
                await InsertBookmarksAsync(c, tx, commit.NewBookmarks);
            }

            var journal = consumed is null
                ? commit.Journal
                : [.. commit.Journal, new JournalRecord(0, state.Id, commit.Now, JournalKinds.WebhookReceived, state.CurrentStepId, state.Attempt,
                    $$"""{"key":{{System.Text.Json.JsonSerializer.Serialize(consumed.Key)}},"eventId":{{System.Text.Json.JsonSerializer.Serialize(consumed.EventId)}},"buffered":true}""")];
            if (journal.Count > 0)
            {
                await InsertJournalAsync(c, tx, journal);
            }

            if (commit.ResolveIncidents is not null)
            {
                await c.ExecuteAsync(
                    "UPDATE incidents SET resolved_at = @Now, resolution = @Resolution WHERE instance_id = @Id AND resolved_at IS NULL",
                    new { state.Id, Now = UnixMs.To(commit.Now), Resolution = commit.ResolveIncidents }, tx);
            }

            if (commit.NewIncident is { } incident)
            {
                await c.ExecuteAsync(
                    "INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, details_json, created_at) " +
                    "VALUES (@Id, @InstanceId, @StepId, @ErrorKind, @Message, @Attempts, @DetailsJson, @CreatedAt)",
                    new { incident.Id, incident.InstanceId, incident.StepId, incident.ErrorKind, incident.Message, incident.Attempts, incident.DetailsJson, CreatedAt = UnixMs.To(incident.CreatedAt) }, tx);
            }

            if (commit.ResolveIntentsOfStep is not null)
            {
                await c.ExecuteAsync("DELETE FROM intents WHERE instance_id = @Id AND step_id = @Step", new { state.Id, Step = commit.ResolveIntentsOfStep }, tx);
            }

            return new CommitResult(updated.Version, consumed, updated.CancelRequested != 0 && !state.CancelRequested);
        }, cancellationToken);
    }

    private static Task<int> InsertBookmarksAsync(IDbConnection c, IDbTransaction tx, IEnumerable<BookmarkRecord> bookmarks) =>
        c.ExecuteAsync(
            "INSERT INTO bookmarks (id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at) " +
            "VALUES (@Id, @InstanceId, @StepId, @Kind, @Name, @Key, @DueAt, @Sensitive, @CreatedAt)",
            bookmarks.Select(b => new
            {
                b.Id,
                b.InstanceId,
                b.StepId,
                Kind = b.Kind.ToString(),
                b.Name,
                b.Key,
                DueAt = UnixMs.To(b.DueAt),
                Sensitive = b.Sensitive ? 1 : 0,
                CreatedAt = UnixMs.To(b.CreatedAt),
            }), tx);

    private static async Task<StaleCommitException> StaleAsync(IDbConnection c, IDbTransaction tx, InstanceCommit commit)
    {
        var current = await c.QueryFirstOrDefaultAsync<(long Version, string? Owner, long Token)>(
            "SELECT version, lease_owner, lease_token FROM instances WHERE id = @Id", new { commit.State.Id }, tx);
        var leaseLost = commit.Fence is { } fence && (current.Owner != fence.Owner || current.Token != fence.Token);
        return new StaleCommitException(leaseLost
            ? $"Instance {commit.State.Id}: the lease (token {commit.Fence!.Token}) was taken over; this runner must stop."
            : $"Instance {commit.State.Id}: expected version {commit.ExpectedVersion} but it is {current.Version}.")
        {
            LeaseLost = leaseLost,
        };
    }
}
