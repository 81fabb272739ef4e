using System.Data;
using System.Text;
using System.Text.Json;
using Dapper;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    private const string UpdateInstanceSql =
        // A cancel requested while the lease was held arrives as the flag only: keep it and make the instance ready.
        "UPDATE instances SET " +
        "status = CASE WHEN cancel_requested = 1 AND @CancelRequested = 0 AND @Status IN ('Waiting', 'Faulted') THEN 'Running' ELSE @Status END, " +
        "ready_at = CASE WHEN cancel_requested = 1 AND @CancelRequested = 0 AND @Status IN ('Waiting', 'Faulted', 'Running') THEN @Now ELSE @ReadyAt END, " +
        "cancel_requested = GREATEST(cancel_requested, @CancelRequested), outcome = @Outcome, variables_json = @VariablesJson, outputs_json = COALESCE(@OutputsJson, outputs_json), " +
        "history_json = @HistoryJson, current_step = @CurrentStepId, attempt = @Attempt, step_state_json = @StepStateJson, " +
        "pending_stimulus_json = @PendingStimulusJson, workflow_version = @WorkflowVersion, version = version + 1, funnel_version = funnel_version + @FunnelApplied, " +
        "lease_owner = CASE WHEN @Release = 1 THEN NULL ELSE lease_owner END, " +
        "lease_expires_at = CASE WHEN @Release = 1 THEN NULL WHEN @LeaseExpiresAt::bigint IS NULL THEN lease_expires_at ELSE @LeaseExpiresAt END, " +
        "runner_failures = 0, updated_at = @Now " +
        "WHERE id = @Id AND version = @ExpectedVersion AND (@FenceOwner::text IS NULL OR (lease_owner = @FenceOwner AND lease_token = @FenceToken)) " +
        "AND (@RequireNoLease = 0 OR lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at <= @Now) " +
        "RETURNING version, cancel_requested;";

    private const string InsertBookmarksSql =
        "INSERT INTO bookmarks (id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at) " +
        "SELECT * FROM unnest(@BId::text[], @BInstance::text[], @BStep::text[], @BKind::text[], @BName::text[], @BKey::text[], " +
        "@BDue::bigint[], @BSensitive::bigint[], @BCreated::bigint[]);";

    /// <inheritdoc />
    /// <remarks>
    /// Round trips: the instance update and every other change of the step (inbox, bookmarks, journal, incidents, intents,
    /// NOTIFY) go as one batch, then COMMIT. A suspension on a webhook first locks its keys and looks for a buffered event
    /// (one more round trip), so a delivery on another node either sees the new bookmark or is seen by this lookup.
    /// </remarks>
    public Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return WriteAsync(async (c, tx) =>
        {
            var state = commit.State;
            var release = commit.ReleaseLease;
            PendingStimulus? consumed = null;
            var webhookKeys = commit.NewBookmarks.Where(b => b.Kind == BookmarkKind.Webhook).Select(b => b.Key!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (commit.ConsumeBufferedWebhooks && webhookKeys.Length > 0)
            {
                using var lookup = await c.QueryMultipleAsync(Command(
                    "SELECT pg_advisory_xact_lock(@Space, hashtext(k)) FROM unnest(@webhookKeys::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n; " +
                    "SELECT event_id, key, payload_json, received_at, traceparent FROM webhook_inbox WHERE consumed_at IS NULL AND key = ANY(@webhookKeys) " +
                    "ORDER BY received_at, seq LIMIT 1 FOR UPDATE",
                    new { Space = WebhookKeyLockSpace, webhookKeys }, tx, cancellationToken));
                await lookup.ReadAsync();
                var buffered = await lookup.ReadFirstOrDefaultAsync<(string EventId, string Key, string? Payload, long ReceivedAt, string? TraceParent)>();
                if (buffered.EventId is not null)
                {
                    var bookmark = commit.NewBookmarks.First(b => b.Kind == BookmarkKind.Webhook && b.Key == buffered.Key);
                    // As on SQLite: read protected (or plaintext from before 0028), removed from the inbox by this commit.
                    consumed = new PendingStimulus(BookmarkKind.Webhook, bookmark.Name, buffered.Key, _options.PayloadProtector.UnprotectOrNull(buffered.Payload),
                        buffered.EventId, UnixMs.From(buffered.ReceivedAt), buffered.TraceParent);
                    state = state with { Status = WorkflowStatus.Running, PendingStimulusJson = consumed.ToJson(), ReadyAt = commit.Now };
                    release = false;
                }
            }

            var funnel = commit.FunnelChange();
            var sql = new StringBuilder(UpdateInstanceSql);
            var parameters = new DynamicParameters(new
            {
                state.Id,
                Status = state.Status.ToString(),
                state.Outcome,
                state.VariablesJson,
                OutputsJson = commit.OutputsUnchanged ? null : _options.PayloadProtector.Protect(state.OutputsJson),
                state.HistoryJson,
                state.CurrentStepId,
                Attempt = (long)state.Attempt,
                state.StepStateJson,
                PendingStimulusJson = _options.PayloadProtector.ProtectOrNull(state.PendingStimulusJson),
                CancelRequested = state.CancelRequested ? 1L : 0L,
                ReadyAt = UnixMs.To(state.ReadyAt),
                Release = release ? 1 : 0,
                LeaseExpiresAt = UnixMs.To(commit.LeaseExpiresAt),
                Now = UnixMs.To(commit.Now),
                commit.ExpectedVersion,
                FenceOwner = commit.Fence?.Owner,
                FenceToken = commit.Fence?.Token,
                WorkflowVersion = (long)state.WorkflowVersion,
                RequireNoLease = commit.RequireNoLease ? 1 : 0,
                FunnelApplied = funnel is null ? 0L : 1L,
            });

            // Everything below runs in the same batch even when the update matched no row; the transaction is then rolled back.
            if (funnel is not null)
            {
                AppendFunnel(sql, parameters, state.WorkflowId, funnel);
            }

            if (consumed is not null)
            {
                sql.Append("UPDATE webhook_inbox SET consumed_by = @Id, consumed_at = @Now, payload_json = NULL WHERE event_id = @EventId;");
                parameters.Add("EventId", consumed.EventId);
            }

            if (commit.DeleteBookmarks)
            {
                sql.Append("DELETE FROM bookmarks WHERE instance_id = @Id;");
            }

            if (consumed is null && commit.NewBookmarks.Count > 0)
            {
                sql.Append(InsertBookmarksSql);
                BookmarkParameters(commit.NewBookmarks, parameters);
            }

            var journal = consumed is null
                ? commit.Journal
                : JournalEntries.WithBufferedWebhook(commit.Journal, state, consumed, commit.Now);
            if (journal.Count > 0)
            {
                sql.Append(JournalInsertSql);
                JournalParameters(journal, parameters);
            }

            if (commit.ResolveIncidents is not null)
            {
                sql.Append("UPDATE incidents SET resolved_at = @Now, resolution = @Resolution WHERE instance_id = @Id AND resolved_at IS NULL;");
                parameters.Add("Resolution", commit.ResolveIncidents);
            }

            if (commit.NewIncident is { } incident)
            {
                sql.Append("INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, details_json, created_at) " +
                    "VALUES (@IncidentId, @IncidentInstance, @IncidentStep, @ErrorKind, @Message, @Attempts, @DetailsJson, @IncidentAt);");
                parameters.AddDynamicParams(new
                {
                    IncidentId = incident.Id,
                    IncidentInstance = incident.InstanceId,
                    IncidentStep = incident.StepId,
                    incident.ErrorKind,
                    incident.Message,
                    Attempts = (long)incident.Attempts,
                    incident.DetailsJson,
                    IncidentAt = UnixMs.To(incident.CreatedAt),
                });
            }

            if (commit.ResolveIntentsOfHeldStep is not null)
            {
                sql.Append("DELETE FROM intents WHERE instance_id = @Id AND step_id = @IntentHeldStep;");
                parameters.Add("IntentHeldStep", commit.ResolveIntentsOfHeldStep);
            }

            if (commit.ResolveIntentsOfStep is not null)
            {
                sql.Append("DELETE FROM intents WHERE instance_id = @Id AND step_id = @IntentStep;");
                parameters.Add("IntentStep", commit.ResolveIntentsOfStep);
            }

            if (commit.MoveStep is { } move)
            {
                sql.Append("UPDATE intents SET step_id = @MoveTo WHERE instance_id = @Id AND step_id = @MoveFrom;");
                sql.Append("UPDATE incidents SET step_id = @MoveTo WHERE instance_id = @Id AND step_id = @MoveFrom AND resolved_at IS NULL;");
                parameters.Add("MoveFrom", move.From);
                parameters.Add("MoveTo", move.To);
            }

            // Another node may run it: a lease given back with work (now or at a timer) is news to idle nodes.
            if (release && state.ReadyAt is not null)
            {
                sql.Append(_notifySql);
            }

            (long Version, long CancelRequested) updated;
            using (var results = await c.QueryMultipleAsync(Command(sql.ToString(), parameters, tx, cancellationToken)))
            {
                updated = await results.ReadFirstOrDefaultAsync<(long Version, long CancelRequested)>();
                while (!results.IsConsumed)
                {
                    await results.ReadAsync();
                }
            }

            if (updated.Version == 0)
            {
                throw await StaleAsync(c, tx, commit, cancellationToken);
            }

            return new CommitResult(updated.Version, consumed, updated.CancelRequested != 0 && !state.CancelRequested);
        }, cancellationToken);
    }

    private static DynamicParameters BookmarkParameters(IReadOnlyList<BookmarkRecord> bookmarks, DynamicParameters parameters)
    {
        parameters.Add("BId", bookmarks.Select(b => b.Id).ToArray());
        parameters.Add("BInstance", bookmarks.Select(b => b.InstanceId).ToArray());
        parameters.Add("BStep", bookmarks.Select(b => b.StepId).ToArray());
        parameters.Add("BKind", bookmarks.Select(b => b.Kind.ToString()).ToArray());
        parameters.Add("BName", bookmarks.Select(b => b.Name).ToArray());
        parameters.Add("BKey", bookmarks.Select(b => b.Key).ToArray());
        parameters.Add("BDue", bookmarks.Select(b => UnixMs.To(b.DueAt)).ToArray());
        parameters.Add("BSensitive", bookmarks.Select(b => b.Sensitive ? 1L : 0L).ToArray());
        parameters.Add("BCreated", bookmarks.Select(b => UnixMs.To(b.CreatedAt)).ToArray());
        return parameters;
    }

    private static async Task<StaleCommitException> StaleAsync(NpgsqlConnection c, IDbTransaction tx, InstanceCommit commit, CancellationToken cancellationToken)
    {
        var current = await c.QueryFirstOrDefaultAsync<(long Version, string? Owner, long Token)>(Command(
            "SELECT version, lease_owner, lease_token FROM instances WHERE id = @Id", new { commit.State.Id }, tx, cancellationToken));
        var leaseLost = commit.Fence is { } fence && (current.Owner != fence.Owner || current.Token != fence.Token);
        return new StaleCommitException(leaseLost
            ? $"Instance {commit.State.Id}: the lease (token {commit.Fence!.Token}) was taken over; this runner must stop."
            : $"Instance {commit.State.Id}: expected version {commit.ExpectedVersion} but it is {current.Version}.")
        {
            LeaseLost = leaseLost,
        };
    }
}
