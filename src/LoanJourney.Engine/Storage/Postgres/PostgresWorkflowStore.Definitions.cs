using Dapper;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public Task<DefinitionSaveResult> SaveDefinitionAsync(string workflowId, int version, string contentHash, string json, DateTimeOffset now, CancellationToken cancellationToken) =>
        // Insert first, never check-then-insert: nodes starting together publish the same definitions at once.
        WriteAsync(async (c, tx) =>
        {
            using var results = await c.QueryMultipleAsync(Command(
                "WITH ins AS (INSERT INTO workflow_definitions (workflow_id, version, content_hash, json, created_at) VALUES (@workflowId, @version, @contentHash, @json, @at) " +
                "ON CONFLICT (workflow_id, version) DO NOTHING RETURNING workflow_id, version) " +
                "INSERT INTO workflow_definition_history (workflow_id, action, revision, version, author, at, summary) " +
                "SELECT workflow_id, 'seed', NULL, version, @author, @at, '{}' FROM ins RETURNING 1; " +
                "SELECT content_hash FROM workflow_definitions WHERE workflow_id = @workflowId AND version = @version",
                new { workflowId, version = (long)version, contentHash, json, at = UnixMs.To(now), author = DefinitionSql.SeedAuthor }, tx, cancellationToken));
            var inserted = (await results.ReadAsync<int>()).Any();
            var stored = await results.ReadFirstOrDefaultAsync<string>();
            if (inserted)
            {
                await c.ExecuteAsync(Command(DefinitionsNotifySql, new { workflowId }, tx, cancellationToken));
            }

            if (inserted)
            {
                return DefinitionSaveResult.Created;
            }

            if (stored != contentHash)
            {
                return DefinitionSaveResult.Conflict;
            }

            if (!await DefinitionDrafts.AdoptSeedLayoutAsync(c, tx, workflowId, version, contentHash, json, now))
            {
                return DefinitionSaveResult.Unchanged;
            }

            await c.ExecuteAsync(Command(DefinitionsNotifySql, new { workflowId }, tx, cancellationToken));
            return DefinitionSaveResult.LayoutAdopted;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetDefinitionJsonAsync(string workflowId, int version, CancellationToken cancellationToken) =>
        ReadAsync(c => c.QueryFirstOrDefaultAsync<string?>(Command(
            "SELECT json FROM workflow_definitions WHERE workflow_id = @workflowId AND version = @version", new { workflowId, version = (long)version }, null, cancellationToken)),
            cancellationToken);
}
