using Dapper;
using LoanJourney.Engine.Model;
using Microsoft.Data.Sqlite;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<PagedResult<JournalRecord>> ReadJournalAsync(string instanceId, int skip, int take, CancellationToken cancellationToken) =>
        ReadAsync(async c =>
        {
            // One read transaction: the archive and the rows from the same snapshot, so a compaction in between can neither
            // hide entries nor show them twice.
            using var tx = c.BeginTransaction(deferred: true);
            var archive = await c.QueryFirstOrDefaultAsync<(long Entries, byte[] EntriesZ, byte[]? DataZ)>(
                "SELECT entries, entries_z, data_z FROM journal_archive WHERE instance_id = @instanceId", new { instanceId }, tx);
            var rowCount = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM journal WHERE instance_id = @instanceId", new { instanceId }, tx);
            return await JournalArchive.PageAsync(archive.EntriesZ is null ? 0 : archive.Entries, () => JournalArchive.Decode(instanceId, archive.EntriesZ!, archive.DataZ),
                rowCount, skip, take, async (offset, limit) => (await c.QueryAsync<(long Seq, string InstanceId, long At, string Kind, string? StepId, long? Attempt, string? DataJson)>(
                    $"SELECT {JournalRow.Columns} FROM journal WHERE instance_id = @instanceId ORDER BY seq LIMIT @limit OFFSET @offset",
                    new { instanceId, limit, offset }, tx)).Select(r => r.ToRecord()));
        });

    /// <inheritdoc />
    public Task<int> CompactJournalsAsync(DateTimeOffset finishedBefore, int limit, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var ids = (await c.QueryAsync<string>(
                "SELECT q.instance_id FROM journal_compaction_queue q JOIN instances i ON i.id = q.instance_id WHERE i.updated_at < @before LIMIT @limit",
                new { before = UnixMs.To(finishedBefore), limit }, tx)).ToList();
            foreach (var id in ids)
            {
                await PackAsync(c, tx, id);
                await PackPayloadsAsync(c, tx, id);
            }

            return ids.Count;
        }, cancellationToken);

    // A finished journey's input and outputs compressed before they are protected (PackedPayload), in the packing's own
    // transaction. No indexed column and no trigger's column is written; version and updated_at stay (nothing a reader sees
    // changes). A redacted row ('{}') is plaintext and stays as it is.
    private async Task PackPayloadsAsync(SqliteConnection c, SqliteTransaction? tx, string instanceId)
    {
        var row = await c.QueryFirstOrDefaultAsync<(string Input, string Outputs)>(
            "SELECT input_json, outputs_json FROM instances WHERE id = @instanceId AND redacted_at IS NULL AND status IN ('Completed', 'Cancelled')",
            new { instanceId }, tx);
        if (row.Input is null)
        {
            return;
        }

        var (input, outputs) = (PackedPayload.Pack(_options.PayloadProtector, row.Input), PackedPayload.Pack(_options.PayloadProtector, row.Outputs));
        if (input is not null || outputs is not null)
        {
            await c.ExecuteAsync(PackPayloadsSql, new { id = instanceId, input = input ?? row.Input, outputs = outputs ?? row.Outputs }, tx);
        }
    }

    internal const string PackPayloadsSql = "UPDATE instances SET input_json = @input, outputs_json = @outputs WHERE id = @id";

    private static async Task PackAsync(SqliteConnection c, SqliteTransaction? tx, string instanceId)
    {
        var rows = (await c.QueryAsync<(long Seq, string InstanceId, long At, string Kind, string? StepId, long? Attempt, string? DataJson)>($"SELECT {JournalRow.Columns} FROM journal WHERE instance_id = @instanceId ORDER BY seq", new { instanceId }, tx))
            .Select(r => r.ToRecord()).ToList();
        if (rows.Count > 0)
        {
            var archive = await c.QueryFirstOrDefaultAsync<(byte[] EntriesZ, byte[]? DataZ)>(
                "SELECT entries_z, data_z FROM journal_archive WHERE instance_id = @instanceId", new { instanceId }, tx);
            var entries = archive.EntriesZ is null ? rows : [.. JournalArchive.Decode(instanceId, archive.EntriesZ, archive.DataZ), .. rows];
            var (entriesZ, dataZ) = JournalArchive.Encode(entries);
            var lastSeq = rows[^1].Sequence;
            await c.ExecuteAsync(
                "INSERT INTO journal_archive (instance_id, entries, last_seq, entries_z, data_z) VALUES (@instanceId, @count, @lastSeq, @entriesZ, @dataZ) " +
                "ON CONFLICT (instance_id) DO UPDATE SET entries = excluded.entries, last_seq = excluded.last_seq, entries_z = excluded.entries_z, data_z = excluded.data_z",
                new { instanceId, count = entries.Count, lastSeq, entriesZ, dataZ }, tx);
            await c.ExecuteAsync("DELETE FROM journal WHERE instance_id = @instanceId AND seq <= @lastSeq", new { instanceId, lastSeq }, tx);
        }

        await c.ExecuteAsync("DELETE FROM journal_compaction_queue WHERE instance_id = @instanceId", new { instanceId }, tx);
    }
}
