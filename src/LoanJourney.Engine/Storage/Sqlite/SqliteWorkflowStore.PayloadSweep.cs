using Dapper;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    // Shared with PostgreSQL (the length function differs). A column is plaintext when it is there and lacks the prefix; a
    // redacted row ('{}' by design) is never concerned. substr, not LIKE: LIKE ignores case in SQLite, and PostgreSQL's substr
    // reads only the first bytes of a large (TOASTed) value.

    internal static string PlaintextWindowSql(string length) =>
        "SELECT id, " +
        $"CASE WHEN redacted_at IS NULL AND {Plain("input_json")} THEN {length}(input_json) END, " +
        $"CASE WHEN redacted_at IS NULL AND {Plain("outputs_json")} THEN {length}(outputs_json) END, " +
        $"CASE WHEN redacted_at IS NULL AND {Plain("pending_stimulus_json")} THEN {length}(pending_stimulus_json) END " +
        "FROM instances WHERE id > @after ORDER BY id LIMIT @limit";

    internal static string PlaintextReadSql(string idMatch) =>
        "SELECT id, " +
        $"CASE WHEN {Plain("input_json")} THEN input_json END, " +
        $"CASE WHEN {Plain("outputs_json")} THEN outputs_json END, " +
        $"CASE WHEN {Plain("pending_stimulus_json")} THEN pending_stimulus_json END " +
        $"FROM instances WHERE {idMatch} AND redacted_at IS NULL";

    internal static string Plain(string column) => $"substr({column}, 1, {PayloadProtection.Prefix.Length}) <> '{PayloadProtection.Prefix}'";

    internal static PlaintextPayloadWindow ToWindow(List<(string Id, long? Input, long? Outputs, long? Pending)> rows, int limit) =>
        new(rows.Count, rows.Count < limit ? null : rows[^1].Id,
            rows.Where(r => r.Input is not null || r.Outputs is not null || r.Pending is not null)
                .Select(r => (r.Id, (r.Input ?? 0) + (r.Outputs ?? 0) + (r.Pending ?? 0))).ToList());

    /// <inheritdoc />
    public Task<PlaintextPayloadWindow> FindPlaintextPayloadsAsync(string afterId, int limit, CancellationToken cancellationToken) =>
        // A reader connection: the writer is not held while the window is read.
        ReadAsync(async c => ToWindow((await c.QueryAsync<(string, long?, long?, long?)>(PlaintextWindowSql("length"), new { after = afterId, limit })).ToList(), limit));

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredPayloads>> ReadPlaintextPayloadsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StoredPayloads>>(async c => (await c.QueryAsync<(string Id, string? Input, string? Outputs, string? Pending)>(
                PlaintextReadSql("id IN @ids"), new { ids = instanceIds }))
            .Select(r => new StoredPayloads(r.Id, r.Input, r.Outputs, r.Pending)).ToList());

    // Each column compare-and-set on the value read: a column that changed since (a step commit, a stimulus) is left as it is.
    // The row is named by id and rewritten once, with no indexed column in the SET (no index or trigger is touched).
    internal const string ReplacePlaintextSql =
        "UPDATE instances SET " +
        "input_json = CASE WHEN input_json = @oldInput THEN @newInput ELSE input_json END, " +
        "outputs_json = CASE WHEN outputs_json = @oldOutputs THEN @newOutputs ELSE outputs_json END, " +
        "pending_stimulus_json = CASE WHEN pending_stimulus_json = @oldPending THEN @newPending ELSE pending_stimulus_json END " +
        "WHERE id = @id AND redacted_at IS NULL AND (input_json = @oldInput OR outputs_json = @oldOutputs OR pending_stimulus_json = @oldPending)";

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ReplacePlaintextPayloadsAsync(IReadOnlyList<PayloadReplacement> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        // The values were protected by the caller, before the write reaches the one writer: only the compare-and-set runs there.
        return WriteAsync<IReadOnlyList<string>>(async (c, tx) =>
        {
            // The plaintext cells this frees are zeroed in the pages written (as a redaction does); the writer keeps it on.
            SecureDelete(c, tx);
            var changed = new List<string>(rows.Count);
            foreach (var (read, written) in rows)
            {
                var count = await c.ExecuteAsync(ReplacePlaintextSql, new
                {
                    id = read.Id,
                    oldInput = read.Input, newInput = written.Input,
                    oldOutputs = read.Outputs, newOutputs = written.Outputs,
                    oldPending = read.PendingStimulus, newPending = written.PendingStimulus,
                }, tx);
                if (count > 0)
                {
                    changed.Add(read.Id);
                }
            }

            return changed;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PayloadSweepMark> GetPayloadSweepMarkAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => PayloadSweepMark.From(await c.QuerySingleAsync<(long, long?, string?)>(PayloadSweepMark.ReadSql)));

    /// <inheritdoc />
    public Task<bool> MarkPayloadSweepCompleteAsync(long generation, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(PayloadSweepMark.MarkSql, PayloadSweepMark.MarkParameters(generation), tx) > 0, cancellationToken);
}
