using System.Data;
using Dapper;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// Draft and publish transactions, the same for both stores: each runs inside the caller's write transaction, after the
/// caller serialized writers of the workflow (SQLite: its single writer; PostgreSQL: a transaction-scoped advisory lock).
/// </summary>
internal static class DefinitionDrafts
{
    public static async Task<DraftSaveResult> SaveAsync(IDbConnection c, IDbTransaction? tx, DraftSave save)
    {
        var p = new { workflowId = save.WorkflowId };
        var draftRevision = await c.QueryFirstOrDefaultAsync<long?>("SELECT revision FROM workflow_drafts WHERE workflow_id = @workflowId", p, tx);
        var exists = draftRevision is not null || await c.ExecuteScalarAsync<long>(DefinitionSql.PublishedExists, p, tx) > 0;
        switch (save.Mode)
        {
            case DraftSaveMode.Create when exists:
                return new DraftSaveResult(DraftSaveStatus.AlreadyExists, draftRevision ?? 0);
            case DraftSaveMode.Update when !exists:
                return new DraftSaveResult(DraftSaveStatus.NotFound, 0);
        }

        if (save.ExpectedRevision is { } expected && expected != (draftRevision ?? 0))
        {
            return new DraftSaveResult(DraftSaveStatus.StaleRevision, draftRevision ?? 0);
        }

        // After a publish there is no draft again, so expectedRevision 0 matches anew: only the version tells a save
        // begun on the version before it, which would publish that version's content over the new one.
        if (save.ExpectedVersion is { } expectedVersion)
        {
            var latest = (int)(await c.ExecuteScalarAsync<long?>(DefinitionSql.LatestVersion, p, tx) ?? 0);
            if (expectedVersion != latest)
            {
                return new DraftSaveResult(DraftSaveStatus.StaleVersion, draftRevision ?? 0, latest);
            }
        }

        var revision = await c.ExecuteScalarAsync<long>(DefinitionSql.NextRevision, p, tx);
        var at = UnixMs.To(save.Now);
        await c.ExecuteAsync(DefinitionSql.UpsertDraft,
            new { workflowId = save.WorkflowId, revision, contentHash = save.ContentHash, json = save.Json, author = save.Author, at }, tx);
        await c.ExecuteAsync(DefinitionSql.InsertHistory,
            new { workflowId = save.WorkflowId, action = save.Action, revision = (long?)revision, version = (long?)null, author = save.Author, at, summary = save.Summary }, tx);
        return new DraftSaveResult(DraftSaveStatus.Saved, revision);
    }

    public static async Task<bool> DeleteAsync(IDbConnection c, IDbTransaction? tx, string workflowId, string author, DateTimeOffset now)
    {
        var revision = await c.QueryFirstOrDefaultAsync<long?>("SELECT revision FROM workflow_drafts WHERE workflow_id = @workflowId", new { workflowId }, tx);
        if (revision is null)
        {
            return false;
        }

        await c.ExecuteAsync("DELETE FROM workflow_drafts WHERE workflow_id = @workflowId", new { workflowId }, tx);
        await c.ExecuteAsync(DefinitionSql.InsertHistory,
            new { workflowId, action = "delete", revision, version = (long?)null, author, at = UnixMs.To(now), summary = "{}" }, tx);
        return true;
    }

    public static async Task<DraftPublishStatus> PublishAsync(IDbConnection c, IDbTransaction? tx, DraftPublish publish)
    {
        var revision = await c.QueryFirstOrDefaultAsync<long?>(
            "SELECT revision FROM workflow_drafts WHERE workflow_id = @workflowId", new { workflowId = publish.WorkflowId }, tx);
        if (revision is null)
        {
            return DraftPublishStatus.NoDraft;
        }

        if (revision != publish.ExpectedRevision)
        {
            return DraftPublishStatus.StaleRevision;
        }

        var at = UnixMs.To(publish.Now);
        var taken = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM workflow_definitions WHERE workflow_id = @workflowId AND version = @version",
            new { workflowId = publish.WorkflowId, version = (long)publish.Version }, tx);
        if (publish.Unchanged != (taken > 0))
        {
            return DraftPublishStatus.VersionTaken;
        }

        if (!publish.Unchanged)
        {
            await c.ExecuteAsync(DefinitionSql.InsertPublished,
                new { workflowId = publish.WorkflowId, version = (long)publish.Version, contentHash = publish.ContentHash, json = publish.Json, at, author = publish.Author }, tx);
        }
        else
        {
            // Same content hash, so only the layout (outside the hash) can differ: the latest version takes the draft's.
            await c.ExecuteAsync(
                "UPDATE workflow_definitions SET json = @json WHERE workflow_id = @workflowId AND version = @version AND content_hash = @contentHash AND json <> @json",
                new { workflowId = publish.WorkflowId, version = (long)publish.Version, contentHash = publish.ContentHash, json = publish.Json }, tx);
        }

        await c.ExecuteAsync("DELETE FROM workflow_drafts WHERE workflow_id = @workflowId", new { workflowId = publish.WorkflowId }, tx);
        await c.ExecuteAsync(DefinitionSql.InsertHistory,
            new { workflowId = publish.WorkflowId, action = "publish", revision, version = (long?)publish.Version, author = publish.Author, at, summary = publish.Summary }, tx);
        return DraftPublishStatus.Published;
    }

    /// <summary>
    /// A definitions-directory file that is a stored version (same hash) and has a layout while the stored version has none:
    /// the stored JSON takes the file's (compare-and-swap on the stored JSON, so a layout published meanwhile is never
    /// overwritten), and history records a <c>seed</c> of that version with only its layout changed. A stored layout, even
    /// an older file's, is kept: it may be an arrangement published from the Studio. Answers whether the version changed.
    /// </summary>
    public static async Task<bool> AdoptSeedLayoutAsync(IDbConnection c, IDbTransaction? tx, string workflowId, int version, string contentHash, string json, DateTimeOffset now)
    {
        var stored = await c.QueryFirstOrDefaultAsync<string>(
            "SELECT json FROM workflow_definitions WHERE workflow_id = @workflowId AND version = @version AND content_hash = @contentHash",
            new { workflowId, version = (long)version, contentHash }, tx);
        if (stored is null || stored == json || DefinitionJson.HasLayout(stored) || !DefinitionJson.HasLayout(json))
        {
            return false;
        }

        var updated = await c.ExecuteAsync(
            "UPDATE workflow_definitions SET json = @json WHERE workflow_id = @workflowId AND version = @version AND content_hash = @contentHash AND json = @stored",
            new { workflowId, version = (long)version, contentHash, json, stored }, tx);
        if (updated == 0)
        {
            return false;
        }

        await c.ExecuteAsync(DefinitionSql.InsertHistory,
            new { workflowId, action = "seed", revision = (long?)null, version = (long?)version, author = DefinitionSql.SeedAuthor, at = UnixMs.To(now), summary = ChangeSummary.Between(stored, json).ToJson() }, tx);
        return true;
    }

    public static async Task<IReadOnlyList<PublishedDefinition>> PublishedAsync(IDbConnection c, string? workflowId) =>
        (await c.QueryAsync<(string, long, string, string, string, long)>(
            workflowId is null ? DefinitionSql.SelectLatestPublished : DefinitionSql.SelectPublishedOfWorkflow, new { workflowId }))
            .Select(DefinitionSql.ToPublished).ToList();

    public static async Task<PublishedDefinition?> PublishedVersionAsync(IDbConnection c, string workflowId, int version)
    {
        var rows = await c.QueryAsync<(string, long, string, string, string, long)>(DefinitionSql.SelectPublishedVersion, new { workflowId, version = (long)version });
        return rows.Select(DefinitionSql.ToPublished).FirstOrDefault();
    }

    public static async Task<DraftRecord?> DraftAsync(IDbConnection c, string workflowId) =>
        (await c.QueryAsync<(string, long, string, string, string, long)>(DefinitionSql.SelectDraft, new { workflowId }))
            .Select(DefinitionSql.ToDraft).FirstOrDefault();

    public static async Task<IReadOnlyList<DefinitionHistoryRecord>> HistoryAsync(IDbConnection c, string workflowId) =>
        (await c.QueryAsync<(long, string, string, long?, long?, string, long, string)>(DefinitionSql.SelectHistory, new { workflowId }))
            .Select(DefinitionSql.ToHistory).ToList();
}
