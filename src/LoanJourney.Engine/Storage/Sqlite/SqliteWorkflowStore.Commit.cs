using Dapper;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // SQLite rewrites every index on a column an UPDATE names, whether its value changed or not (measured: naming an indexed
    // column as "a = a" cost +58 % CPU and +74 % WAL bytes per update, docs/PERFORMANCE.md round 5). A step commit names
    // only the indexed columns whose value it changes against the state the writer read (InstanceCommit.Previous): the
    // workflow version (only a migration changes it), the lease owner (only to give the lease back), the status, ready_at,
    // the current step and the outcome (together in eight of the table's indexes). Each column it leaves out is asserted in
    // the WHERE to hold the new value already, so the row written is the one naming it would write, and a row that moved
    // under a writer that does not bump the version (a cancel while leased, a deferral) fails the lean statement instead:
    // the commit then runs the full one (UpdateColumns.Full), which names them all as before. The full statement carries
    // the cancel-while-leased rule; a lean one asserts that the rule does not apply to the row. The AFTER UPDATE OF
    // triggers still run whenever a column they read changes: a column that is not named has not changed.
    [Flags]
    private enum UpdateColumns
    {
        None = 0,
        WorkflowVersion = 1,
        LeaseOwner = 2,
        Status = 4,
        ReadyAt = 8,
        CurrentStep = 16,
        Outcome = 32,

        // Status and ready_at through the cancel-while-leased rule, every column of the four named.
        CancelRule = 64,
        Full = Status | ReadyAt | CurrentStep | Outcome | CancelRule,
    }

    private static string UpdateInstanceSql(UpdateColumns columns)
    {
        var full = columns.HasFlag(UpdateColumns.CancelRule);
        var set = new List<string> { "version = version + 1" };
        var assert = new List<string>();
        void Column(UpdateColumns column, string name, string assignment, string unchanged)
        {
            if (full || columns.HasFlag(column))
            {
                set.Add($"{name} = {assignment}");
            }
            else
            {
                assert.Add(unchanged);
            }
        }

        // A cancel requested while the lease was held arrives as the flag only: keep it and make the instance ready.
        Column(UpdateColumns.Status, "status",
            full ? "CASE WHEN cancel_requested = 1 AND @CancelRequested = 0 AND @Status IN ('Waiting', 'Faulted') THEN 'Running' ELSE @Status END" : "@Status",
            "status = @Status");
        Column(UpdateColumns.ReadyAt, "ready_at",
            full ? "CASE WHEN cancel_requested = 1 AND @CancelRequested = 0 AND @Status IN ('Waiting', 'Faulted', 'Running') THEN @Now ELSE @ReadyAt END" : "@ReadyAt",
            "ready_at IS @ReadyAt");
        Column(UpdateColumns.CurrentStep, "current_step", "@CurrentStepId", "current_step IS @CurrentStepId");
        Column(UpdateColumns.Outcome, "outcome", "@Outcome", "outcome IS @Outcome");
        if (!full)
        {
            // The rule would change status or ready_at: leave this row to the full statement.
            assert.Add("NOT (cancel_requested = 1 AND @CancelRequested = 0 AND @Status IN ('Waiting', 'Faulted', 'Running'))");
        }

        set.Add("cancel_requested = MAX(cancel_requested, @CancelRequested), variables_json = @VariablesJson, outputs_json = COALESCE(@OutputsJson, outputs_json), " +
            "history_json = @HistoryJson, attempt = @Attempt, step_state_json = @StepStateJson, pending_stimulus_json = @PendingStimulusJson, " +
            "funnel_version = funnel_version + @FunnelApplied");
        if (columns.HasFlag(UpdateColumns.WorkflowVersion))
        {
            set.Add("workflow_version = @WorkflowVersion");
        }
        else
        {
            // True for the version-checked row: the state the writer read has this version.
            assert.Add("workflow_version = @WorkflowVersion");
        }

        if (columns.HasFlag(UpdateColumns.LeaseOwner))
        {
            set.Add("lease_owner = CASE WHEN @Release = 1 THEN NULL ELSE lease_owner END");
        }

        set.Add("lease_expires_at = CASE WHEN @Release = 1 THEN NULL WHEN @LeaseExpiresAt IS NULL THEN lease_expires_at ELSE @LeaseExpiresAt END");
        set.Add("runner_failures = 0, updated_at = @Now");
        return "UPDATE instances SET " + string.Join(", ", set) + " " +
            "WHERE id = @Id AND version = @ExpectedVersion AND (@FenceOwner IS NULL OR (lease_owner = @FenceOwner AND lease_token = @FenceToken)) " +
            "AND (@RequireNoLease = 0 OR lease_owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at <= @Now) " +
            string.Concat(assert.Select(a => $"AND {a} ")) +
            "RETURNING version, cancel_requested";
    }

    // One statement per combination of named columns, made on first use (a few of the 128 occur), the same instance ever
    // after: it is the key under which each connection keeps its prepared statement. Every variant binds the same
    // parameters in the same order.
    private static readonly SqlStatement?[] UpdateInstanceVariants = new SqlStatement?[(int)UpdateColumns.CancelRule * 2];

    private static SqlStatement UpdateInstance(UpdateColumns columns)
    {
        var index = (int)(columns.HasFlag(UpdateColumns.CancelRule) ? columns | UpdateColumns.Full : columns);
        return Volatile.Read(ref UpdateInstanceVariants[index]) ?? Interlocked.CompareExchange(ref UpdateInstanceVariants[index], UpdateInstanceStatement((UpdateColumns)index), null)
            ?? UpdateInstanceVariants[index]!;
    }

    private static SqlStatement UpdateInstanceStatement(UpdateColumns columns) => new(UpdateInstanceSql(columns),
        "@Id", "@Status", "@Outcome", "@VariablesJson", "@OutputsJson", "@HistoryJson", "@CurrentStepId", "@Attempt", "@StepStateJson",
        "@PendingStimulusJson", "@CancelRequested", "@ReadyAt", "@Release", "@LeaseExpiresAt", "@Now", "@ExpectedVersion", "@FenceOwner", "@FenceToken",
        "@WorkflowVersion", "@RequireNoLease", "@FunnelApplied");

    // The columns a commit names: those whose value differs from the state the writer read at the expected version, or all
    // (through the full statement) without that state.
    private static UpdateColumns ColumnsToName(InstanceCommit commit, InstanceRecord state, bool release)
    {
        var columns = release ? UpdateColumns.LeaseOwner : UpdateColumns.None;
        if (commit.Previous is not { } previous || previous.WorkflowVersion != state.WorkflowVersion)
        {
            columns |= UpdateColumns.WorkflowVersion;
        }

        if (commit.Previous is not { } read || read.Id != state.Id || read.Version != commit.ExpectedVersion)
        {
            return columns | UpdateColumns.Full;
        }

        if (read.Status != state.Status)
        {
            columns |= UpdateColumns.Status;
        }

        if (UnixMs.To(read.ReadyAt) != UnixMs.To(state.ReadyAt))
        {
            columns |= UpdateColumns.ReadyAt;
        }

        if (read.CurrentStepId != state.CurrentStepId)
        {
            columns |= UpdateColumns.CurrentStep;
        }

        if (read.Outcome != state.Outcome)
        {
            columns |= UpdateColumns.Outcome;
        }

        return columns;
    }

    // Dapper expands "IN @webhookKeys"; a step waits on one webhook, rarely a few, so each count up to four has its own statement.
    private const string BufferedWebhookSql =
        "SELECT event_id, key, payload_json, received_at, traceparent FROM webhook_inbox WHERE consumed_at IS NULL AND key IN @webhookKeys ORDER BY received_at, rowid LIMIT 1";

    private static readonly SqlStatement[] SelectBufferedWebhook = [.. Enumerable.Range(1, 4).Select(count =>
    {
        var keys = Enumerable.Range(0, count).Select(i => $"@key{i}").ToArray();
        return new SqlStatement(BufferedWebhookSql.Replace("@webhookKeys", $"({string.Join(", ", keys)})", StringComparison.Ordinal), keys);
    })];

    private static readonly SqlStatement ConsumeInboxEvent = new(
        "UPDATE webhook_inbox SET consumed_by = @InstanceId, consumed_at = @At, payload_json = NULL WHERE event_id = @EventId", "@InstanceId", "@At", "@EventId");

    private static readonly SqlStatement DeleteBookmarks = new("DELETE FROM bookmarks WHERE instance_id = @InstanceId", "@InstanceId");

    private static readonly SqlStatement InsertBookmark = new(
        "INSERT INTO bookmarks (id, instance_id, step_id, kind, name, key, due_at, sensitive, created_at) " +
        "VALUES (@Id, @InstanceId, @StepId, @Kind, @Name, @Key, @DueAt, @Sensitive, @CreatedAt)",
        "@Id", "@InstanceId", "@StepId", "@Kind", "@Name", "@Key", "@DueAt", "@Sensitive", "@CreatedAt");

    private static readonly SqlStatement ResolveIncidents = new(
        "UPDATE incidents SET resolved_at = @Now, resolution = @Resolution WHERE instance_id = @InstanceId AND resolved_at IS NULL",
        "@InstanceId", "@Now", "@Resolution");

    private static readonly SqlStatement InsertIncident = new(
        "INSERT INTO incidents (id, instance_id, step_id, error_kind, message, attempts, details_json, created_at) " +
        "VALUES (@Id, @InstanceId, @StepId, @ErrorKind, @Message, @Attempts, @DetailsJson, @CreatedAt)",
        "@Id", "@InstanceId", "@StepId", "@ErrorKind", "@Message", "@Attempts", "@DetailsJson", "@CreatedAt");

    private static readonly SqlStatement DeleteStepIntents = new(
        "DELETE FROM intents WHERE instance_id = @InstanceId AND step_id = @Step", "@InstanceId", "@Step");

    private static readonly SqlStatement MoveIntentsStep = new(
        "UPDATE intents SET step_id = @To WHERE instance_id = @InstanceId AND step_id = @From", "@InstanceId", "@From", "@To");

    private static readonly SqlStatement MoveIncidentStep = new(
        "UPDATE incidents SET step_id = @To WHERE instance_id = @InstanceId AND step_id = @From AND resolved_at IS NULL", "@InstanceId", "@From", "@To");

    /// <inheritdoc />
    public Task<CommitResult> CommitAsync(InstanceCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return WriteAsync((c, tx) => Task.FromResult(Commit(c, tx, commit)), cancellationToken);
    }

    private CommitResult Commit(SqliteConnection c, SqliteTransaction? tx, InstanceCommit commit)
    {
        var state = commit.State;
        var funnel = commit.FunnelChange();
        var release = commit.ReleaseLease;
        PendingStimulus? consumed = null;
        var webhookKeys = commit.NewBookmarks.Where(b => b.Kind == BookmarkKind.Webhook).Select(b => b.Key!).ToArray();
        if (commit.ConsumeBufferedWebhooks && webhookKeys.Length > 0 && FindBufferedWebhook(c, tx, webhookKeys) is { } buffered)
        {
            var bookmark = commit.NewBookmarks.First(b => b.Kind == BookmarkKind.Webhook && b.Key == buffered.Key);
            // Stored protected (a row from before 0028 may be plaintext, which reads as it is); from here on it lives, protected, in the
            // instance only: the same commit removes it from the inbox (ConsumeInboxEvent).
            consumed = new PendingStimulus(BookmarkKind.Webhook, bookmark.Name, buffered.Key, _options.PayloadProtector.UnprotectOrNull(buffered.Payload), buffered.EventId,
                UnixMs.From(buffered.ReceivedAt), buffered.TraceParent);
            state = state with { Status = WorkflowStatus.Running, PendingStimulusJson = consumed.ToJson(), ReadyAt = commit.Now };
            release = false;
        }

        var now = UnixMs.To(commit.Now);
        var columns = ColumnsToName(commit, state, release);
        var updated = UpdateInstanceRow(c, tx, UpdateInstance(columns), commit, state, release, now, funnel is not null);
        if (updated.Version == 0 && !columns.HasFlag(UpdateColumns.CancelRule))
        {
            // The row is not what the writer read in a column the lean statement left out (or the version moved on).
            updated = UpdateInstanceRow(c, tx, UpdateInstance(columns | UpdateColumns.Full), commit, state, release, now, funnel is not null);
        }

        if (updated.Version == 0)
        {
            throw Stale(c, tx, commit);
        }

        if (funnel is not null)
        {
            ApplyFunnel(c, tx, state.WorkflowId, funnel);
        }

        if (consumed is not null)
        {
            Bind(c, tx, ConsumeInboxEvent, state.Id, now, consumed.EventId).ExecuteNonQuery();
        }

        if (commit.DeleteBookmarks)
        {
            Bind(c, tx, DeleteBookmarks, state.Id).ExecuteNonQuery();
        }

        if (consumed is null && commit.NewBookmarks.Count > 0)
        {
            InsertBookmarks(c, tx, commit.NewBookmarks);
        }

        var journal = consumed is null
            ? commit.Journal
            : JournalEntries.WithBufferedWebhook(commit.Journal, state, consumed, commit.Now);
        InsertJournal(c, tx, journal);

        if (commit.ResolveIncidents is not null)
        {
            Bind(c, tx, ResolveIncidents, state.Id, now, commit.ResolveIncidents).ExecuteNonQuery();
        }

        if (commit.NewIncident is { } incident)
        {
            Bind(c, tx, InsertIncident, incident.Id, incident.InstanceId, incident.StepId, incident.ErrorKind, incident.Message, incident.Attempts,
                incident.DetailsJson, UnixMs.To(incident.CreatedAt)).ExecuteNonQuery();
        }

        if (commit.ResolveIntentsOfHeldStep is not null)
        {
            Bind(c, tx, DeleteStepIntents, state.Id, commit.ResolveIntentsOfHeldStep).ExecuteNonQuery();
        }

        if (commit.ResolveIntentsOfStep is not null)
        {
            Bind(c, tx, DeleteStepIntents, state.Id, commit.ResolveIntentsOfStep).ExecuteNonQuery();
        }

        if (commit.MoveStep is { } move)
        {
            Bind(c, tx, MoveIntentsStep, state.Id, move.From, move.To).ExecuteNonQuery();
            Bind(c, tx, MoveIncidentStep, state.Id, move.From, move.To).ExecuteNonQuery();
        }

        return new CommitResult(updated.Version, consumed, updated.CancelRequested != 0 && !state.CancelRequested);
    }

    private (long Version, long CancelRequested) UpdateInstanceRow(SqliteConnection c, SqliteTransaction? tx, SqlStatement statement, InstanceCommit commit,
        InstanceRecord state, bool release, long now, bool funnelApplied)
    {
        using var reader = Bind(c, tx, statement,
            state.Id,
            state.Status.ToString(),
            state.Outcome,
            state.VariablesJson,
            commit.OutputsUnchanged ? null : _options.PayloadProtector.Protect(state.OutputsJson),
            state.HistoryJson,
            state.CurrentStepId,
            state.Attempt,
            state.StepStateJson,
            _options.PayloadProtector.ProtectOrNull(state.PendingStimulusJson),
            state.CancelRequested ? 1 : 0,
            UnixMs.To(state.ReadyAt),
            release ? 1 : 0,
            UnixMs.To(commit.LeaseExpiresAt),
            now,
            commit.ExpectedVersion,
            commit.Fence?.Owner,
            commit.Fence?.Token,
            state.WorkflowVersion,
            commit.RequireNoLease ? 1 : 0,
            funnelApplied ? 1 : 0).ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    // The oldest unconsumed inbox event for any of the keys, or null.
    private (string EventId, string Key, string? Payload, long ReceivedAt, string? TraceParent)? FindBufferedWebhook(SqliteConnection c, SqliteTransaction? tx, string[] webhookKeys)
    {
        if (webhookKeys.Length > SelectBufferedWebhook.Length)
        {
            var row = c.QueryFirstOrDefault<(string EventId, string Key, string? Payload, long ReceivedAt, string? TraceParent)>(BufferedWebhookSql, new { webhookKeys }, tx);
            return row.EventId is null ? null : row;
        }

        object?[] keys = webhookKeys;
        using var reader = Bind(c, tx, SelectBufferedWebhook[webhookKeys.Length - 1], keys).ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1), reader.GetStringOrNull(2), reader.GetInt64(3), reader.GetStringOrNull(4)) : null;
    }

    private void InsertBookmarks(SqliteConnection c, SqliteTransaction? tx, IEnumerable<BookmarkRecord> bookmarks)
    {
        foreach (var b in bookmarks)
        {
            Bind(c, tx, InsertBookmark, b.Id, b.InstanceId, b.StepId, b.Kind.ToString(), b.Name, b.Key, UnixMs.To(b.DueAt), b.Sensitive ? 1 : 0,
                UnixMs.To(b.CreatedAt)).ExecuteNonQuery();
        }
    }

    private StaleCommitException Stale(SqliteConnection c, SqliteTransaction? tx, InstanceCommit commit)
    {
        // A row that is gone reads as version 0 with no lease.
        var current = ReadInstanceMark(c, tx, commit.State.Id) ?? new InstanceMark(0, false, null, 0);
        var leaseLost = commit.Fence is { } fence && (current.LeaseOwner != fence.Owner || current.LeaseToken != fence.Token);
        return new StaleCommitException(leaseLost
            ? $"Instance {commit.State.Id}: the lease (token {commit.Fence!.Token}) was taken over; this runner must stop."
            : $"Instance {commit.State.Id}: expected version {commit.ExpectedVersion} but it is {current.Version}.")
        {
            LeaseLost = leaseLost,
        };
    }
}
