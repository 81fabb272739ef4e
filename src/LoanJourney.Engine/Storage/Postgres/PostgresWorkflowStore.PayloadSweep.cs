using Dapper;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // octet_length reads a TOASTed value's size from its header, substr only its first chunk: the window reads no document.
    private static readonly string PlaintextWindowSql = SqliteWorkflowStore.PlaintextWindowSql("octet_length");
    private static readonly string PlaintextReadSql = SqliteWorkflowStore.PlaintextReadSql("id = ANY(@ids)");

    // One statement for the whole group, compare-and-set per column as on SQLite. The rows are taken FOR UPDATE SKIP LOCKED in id
    // order: a row a step commit (or a redaction) holds right now is left for the sweep's retry, never waited for, and two
    // sweeps (two nodes) never deadlock each other.
    private const string ReplacePlaintextSql =
        "WITH u AS (SELECT * FROM unnest(@ids, @oldInput, @newInput, @oldOutputs, @newOutputs, @oldPending, @newPending) " +
        "AS u(id, old_input, new_input, old_outputs, new_outputs, old_pending, new_pending)), " +
        "locked AS (SELECT i.id FROM instances i WHERE i.id = ANY(@ids) AND i.redacted_at IS NULL ORDER BY i.id FOR UPDATE SKIP LOCKED) " +
        "UPDATE instances i SET " +
        "input_json = CASE WHEN i.input_json = u.old_input THEN u.new_input ELSE i.input_json END, " +
        "outputs_json = CASE WHEN i.outputs_json = u.old_outputs THEN u.new_outputs ELSE i.outputs_json END, " +
        "pending_stimulus_json = CASE WHEN i.pending_stimulus_json = u.old_pending THEN u.new_pending ELSE i.pending_stimulus_json END " +
        "FROM u JOIN locked l ON l.id = u.id " +
        "WHERE i.id = u.id AND (i.input_json = u.old_input OR i.outputs_json = u.old_outputs OR i.pending_stimulus_json = u.old_pending) " +
        "RETURNING i.id";

    /// <inheritdoc />
    public Task<PlaintextPayloadWindow> FindPlaintextPayloadsAsync(string afterId, int limit, CancellationToken cancellationToken) =>
        ReadAsync(async c => SqliteWorkflowStore.ToWindow((await c.QueryAsync<(string, long?, long?, long?)>(Command(
            PlaintextWindowSql, new { after = afterId, limit = (long)limit }, null, cancellationToken))).ToList(), limit), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredPayloads>> ReadPlaintextPayloadsAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StoredPayloads>>(async c => (await c.QueryAsync<(string Id, string? Input, string? Outputs, string? Pending)>(Command(
                PlaintextReadSql, new { ids = instanceIds.ToArray() }, null, cancellationToken)))
            .Select(r => new StoredPayloads(r.Id, r.Input, r.Outputs, r.Pending)).ToList(), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReplacePlaintextPayloadsAsync(IReadOnlyList<PayloadReplacement> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        return await WriteAsync<IReadOnlyList<string>>(async (c, tx) => (await c.QueryAsync<string>(Command(ReplacePlaintextSql, new
        {
            ids = rows.Select(r => r.Read.Id).ToArray(),
            oldInput = rows.Select(r => r.Read.Input).ToArray(),
            newInput = rows.Select(r => r.Protected.Input).ToArray(),
            oldOutputs = rows.Select(r => r.Read.Outputs).ToArray(),
            newOutputs = rows.Select(r => r.Protected.Outputs).ToArray(),
            oldPending = rows.Select(r => r.Read.PendingStimulus).ToArray(),
            newPending = rows.Select(r => r.Protected.PendingStimulus).ToArray(),
        }, tx, cancellationToken))).ToList(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<PayloadSweepMark> GetPayloadSweepMarkAsync(CancellationToken cancellationToken) =>
        ReadAsync(async c => PayloadSweepMark.From(await c.QuerySingleAsync<(long, long?, string?)>(Command(PayloadSweepMark.ReadSql, null, null, cancellationToken))),
            cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkPayloadSweepCompleteAsync(long generation, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) => await c.ExecuteAsync(Command(PayloadSweepMark.MarkSql, PayloadSweepMark.MarkParameters(generation), tx, cancellationToken)) > 0,
            cancellationToken);
}
