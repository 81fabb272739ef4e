using System.Data;
using Dapper;
using LoanJourney.Engine.Storage.Sqlite;

namespace LoanJourney.Engine.Storage;

/// <summary>
/// A workflow's stored sample start input, the same for both stores. A save or removal is a row of the workflow's definition
/// history (no revision: a sample is not part of the draft, so it never makes a draft's save or publish stale).
/// </summary>
internal static class DefinitionSamples
{
    public const string SaveAction = "sample";
    public const string DeleteAction = "sample-delete";

    public static async Task<SampleRecord?> GetAsync(IDbConnection c, string workflowId) =>
        (await c.QueryAsync<(string, string, string, long)>(
            "SELECT workflow_id, json, saved_by, saved_at FROM workflow_samples WHERE workflow_id = @workflowId", new { workflowId }))
            .Select(r => new SampleRecord(r.Item1, r.Item2, r.Item3, UnixMs.From(r.Item4))).FirstOrDefault();

    public static async Task SaveAsync(IDbConnection c, IDbTransaction? tx, SampleRecord sample)
    {
        var at = UnixMs.To(sample.SavedAt);
        await c.ExecuteAsync(
            "INSERT INTO workflow_samples (workflow_id, json, saved_by, saved_at) VALUES (@workflowId, @json, @author, @at) " +
            "ON CONFLICT (workflow_id) DO UPDATE SET json = excluded.json, saved_by = excluded.saved_by, saved_at = excluded.saved_at",
            new { workflowId = sample.WorkflowId, json = sample.Json, author = sample.SavedBy, at }, tx);
        await c.ExecuteAsync(DefinitionSql.InsertHistory,
            new { workflowId = sample.WorkflowId, action = SaveAction, revision = (long?)null, version = (long?)null, author = sample.SavedBy, at, summary = "{}" }, tx);
    }

    public static async Task<bool> DeleteAsync(IDbConnection c, IDbTransaction? tx, string workflowId, string author, DateTimeOffset now)
    {
        if (await c.ExecuteAsync("DELETE FROM workflow_samples WHERE workflow_id = @workflowId", new { workflowId }, tx) == 0)
        {
            return false;
        }

        await c.ExecuteAsync(DefinitionSql.InsertHistory,
            new { workflowId, action = DeleteAction, revision = (long?)null, version = (long?)null, author, at = UnixMs.To(now), summary = "{}" }, tx);
        return true;
    }
}
