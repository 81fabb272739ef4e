using Dapper;

namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<DefinitionSaveResult> SaveDefinitionAsync(string workflowId, int version, string contentHash, string json, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            var existing = await c.QueryFirstOrDefaultAsync<string>(
                "SELECT content_hash FROM workflow_definitions WHERE workflow_id = @workflowId AND version = @version",
                new { workflowId, version }, tx);
            if (existing is not null)
            {
                return existing != contentHash ? DefinitionSaveResult.Conflict
                    : await DefinitionDrafts.AdoptSeedLayoutAsync(c, tx, workflowId, version, contentHash, json, now) ? DefinitionSaveResult.LayoutAdopted
                    : DefinitionSaveResult.Unchanged;
            }

            await c.ExecuteAsync(
                "INSERT INTO workflow_definitions (workflow_id, version, content_hash, json, created_at) VALUES (@workflowId, @version, @contentHash, @json, @at)",
                new { workflowId, version, contentHash, json, at = UnixMs.To(now) }, tx);
            await c.ExecuteAsync(DefinitionSql.InsertHistory,
                new { workflowId, action = "seed", revision = (long?)null, version = (long?)version, author = DefinitionSql.SeedAuthor, at = UnixMs.To(now), summary = "{}" }, tx);
            return DefinitionSaveResult.Created;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<string?> GetDefinitionJsonAsync(string workflowId, int version, CancellationToken cancellationToken) =>
        ReadAsync(c => c.QueryFirstOrDefaultAsync<string?>(
            "SELECT json FROM workflow_definitions WHERE workflow_id = @workflowId AND version = @version", new { workflowId, version }));
}
