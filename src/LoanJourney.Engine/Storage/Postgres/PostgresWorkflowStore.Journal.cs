using System.Data;
using Dapper;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Storage.Sqlite;
using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public Task<PagedResult<JournalRecord>> ReadJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            // One snapshot for the archive and the rows, so a compaction in between can neither hide entries nor show them twice.
            await using var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var archive = await c.QueryFirstOrDefaultAsync<(long Entries, byte[] EntriesZ, byte[]? DataZ)>(Command(
                "SELECT entries, entries_z, data_z FROM journal_archive WHERE instance_id = @instanceId", new { instanceId }, tx, cancellationToken));
            var rowCount = await c.ExecuteScalarAsync<long>(Command("SELECT COUNT(*) FROM journal WHERE instance_id = @instanceId", new { instanceId }, tx, cancellationToken));
            var page = await JournalArchive.PageAsync(archive.EntriesZ is null ? 0 : archive.Entries, () => JournalArchive.Decode(instanceId, archive.EntriesZ!, archive.DataZ),
                rowCount, skip, take, async (offset, limit) => (await c.QueryAsync<(long Seq, string InstanceId, long At, string Kind, string? StepId, long? Attempt, string? DataJson)>(Command(
                    $"SELECT {JournalRow.Columns} FROM journal WHERE instance_id = @instanceId ORDER BY seq LIMIT @limit OFFSET @offset",
                    new { instanceId, limit = (long)limit, offset }, tx, cancellationToken))).Select(r => r.ToRecord()));
            await tx.CommitAsync(cancellationToken);
            return page;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> CompactJournalsAsync(DateTimeOffset finishedBefore, int limit, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            // Several nodes: each takes queued journeys no other node holds. The instance rows are locked first, as redaction
            // locks them before it touches the journal, so a redaction waits for the packing or the packing sees it done.
            var ids = (await c.QueryAsync<string>(Command(
                "DELETE FROM journal_compaction_queue WHERE instance_id IN " +
                "(SELECT q.instance_id FROM journal_compaction_queue q JOIN instances i ON i.id = q.instance_id WHERE i.updated_at < @before " +
                "LIMIT @limit FOR UPDATE OF q SKIP LOCKED) RETURNING instance_id",
                new { before = UnixMs.To(finishedBefore), limit = (long)limit }, tx, cancellationToken))).Order(StringComparer.Ordinal).ToArray();
            if (ids.Length == 0)
            {
                return 0;
            }

            await c.ExecuteAsync(Command("SELECT id FROM instances WHERE id = ANY(@ids) ORDER BY id FOR UPDATE", new { ids }, tx, cancellationToken));
            await PackPayloadsAsync(c, tx, ids, cancellationToken);
            var rows = (await c.QueryAsync<(long Seq, string InstanceId, long At, string Kind, string? StepId, long? Attempt, string? DataJson)>(Command(
                $"SELECT {JournalRow.Columns} FROM journal WHERE instance_id = ANY(@ids) ORDER BY instance_id, seq", new { ids }, tx, cancellationToken)))
                .Select(r => r.ToRecord()).GroupBy(r => r.InstanceId).ToList();
            if (rows.Count == 0)
            {
                return ids.Length;
            }

            var archives = (await c.QueryAsync<(string InstanceId, byte[] EntriesZ, byte[]? DataZ)>(Command(
                "SELECT instance_id, entries_z, data_z FROM journal_archive WHERE instance_id = ANY(@ids)", new { ids }, tx, cancellationToken)))
                .ToDictionary(a => a.InstanceId);
            foreach (var journal in rows)
            {
                var instanceId = journal.Key;
                List<JournalRecord> entries = archives.TryGetValue(instanceId, out var archive)
                    ? [.. JournalArchive.Decode(instanceId, archive.EntriesZ, archive.DataZ), .. journal]
                    : [.. journal];
                var (entriesZ, dataZ) = JournalArchive.Encode(entries);
                var lastSeq = entries[^1].Sequence;
                await c.ExecuteAsync(Command(
                    "INSERT INTO journal_archive (instance_id, entries, last_seq, entries_z, data_z) VALUES (@instanceId, @count, @lastSeq, @entriesZ, @dataZ) " +
                    "ON CONFLICT (instance_id) DO UPDATE SET entries = excluded.entries, last_seq = excluded.last_seq, entries_z = excluded.entries_z, data_z = excluded.data_z;" +
                    "DELETE FROM journal WHERE instance_id = @instanceId AND seq <= @lastSeq",
                    new { instanceId, count = (long)entries.Count, lastSeq, entriesZ, dataZ }, tx, cancellationToken));
            }

            return ids.Length;
        }, cancellationToken);

    // A finished journey's input and outputs compressed before they are protected (PackedPayload); the rows are locked by
    // the caller. No indexed column and no trigger's column is written; version and updated_at stay. Redacted rows stay.
    private async Task PackPayloadsAsync(NpgsqlConnection c, IDbTransaction tx, string[] ids, CancellationToken cancellationToken)
    {
        var rows = await c.QueryAsync<(string Id, string Input, string Outputs)>(Command(
            "SELECT id, input_json, outputs_json FROM instances WHERE id = ANY(@ids) AND redacted_at IS NULL AND status IN ('Completed', 'Cancelled') ORDER BY id",
            new { ids }, tx, cancellationToken));
        foreach (var row in rows)
        {
            var (input, outputs) = (PackedPayload.Pack(_options.PayloadProtector, row.Input), PackedPayload.Pack(_options.PayloadProtector, row.Outputs));
            if (input is not null || outputs is not null)
            {
                await c.ExecuteAsync(Command(SqliteWorkflowStore.PackPayloadsSql,
                    new { id = row.Id, input = input ?? row.Input, outputs = outputs ?? row.Outputs }, tx, cancellationToken));
            }
        }
    }
}
