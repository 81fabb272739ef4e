namespace LoanJourney.Engine.Storage;

/// <summary>SQL both stores share for drafts, published versions and their history (the statements are portable).</summary>
internal static class DefinitionSql
{
    /// <summary>The author of versions imported from <c>workflows/*.json</c> at start.</summary>
    public const string SeedAuthor = "workflows/";

    public const string InsertHistory =
        "INSERT INTO workflow_definition_history (workflow_id, action, revision, version, author, at, summary) " +
        "VALUES (@workflowId, @action, @revision, @version, @author, @at, @summary)";

    public const string NextRevision =
        "SELECT COALESCE(MAX(revision), 0) + 1 FROM workflow_definition_history WHERE workflow_id = @workflowId";

    public const string SelectDraft =
        "SELECT workflow_id, revision, json, content_hash, saved_by, saved_at FROM workflow_drafts WHERE workflow_id = @workflowId";

    public const string UpsertDraft =
        "INSERT INTO workflow_drafts (workflow_id, revision, content_hash, json, saved_by, saved_at) " +
        "VALUES (@workflowId, @revision, @contentHash, @json, @author, @at) " +
        "ON CONFLICT (workflow_id) DO UPDATE SET revision = excluded.revision, content_hash = excluded.content_hash, json = excluded.json, " +
        "saved_by = excluded.saved_by, saved_at = excluded.saved_at";

    public const string PublishedExists = "SELECT COUNT(*) FROM workflow_definitions WHERE workflow_id = @workflowId";
    public const string LatestVersion = "SELECT MAX(version) FROM workflow_definitions WHERE workflow_id = @workflowId";

    private const string PublishedColumns = "workflow_id, version, json, content_hash, published_by, created_at";

    public const string SelectPublishedOfWorkflow =
        "SELECT " + PublishedColumns + " FROM workflow_definitions WHERE workflow_id = @workflowId ORDER BY version";

    public const string SelectPublishedVersion =
        "SELECT " + PublishedColumns + " FROM workflow_definitions WHERE workflow_id = @workflowId AND version = @version";

    public const string SelectLatestPublished =
        "SELECT " + PublishedColumns + " FROM workflow_definitions d WHERE version = " +
        "(SELECT MAX(version) FROM workflow_definitions m WHERE m.workflow_id = d.workflow_id) ORDER BY workflow_id";

    public const string InsertPublished =
        "INSERT INTO workflow_definitions (workflow_id, version, content_hash, json, created_at, published_by) " +
        "VALUES (@workflowId, @version, @contentHash, @json, @at, @author)";

    public const string SelectHistory =
        "SELECT seq, workflow_id, action, revision, version, author, at, summary FROM workflow_definition_history " +
        "WHERE workflow_id = @workflowId ORDER BY seq";

    public static DraftRecord ToDraft((string WorkflowId, long Revision, string Json, string ContentHash, string SavedBy, long SavedAt) row) =>
        new(row.WorkflowId, row.Revision, row.Json, row.ContentHash, row.SavedBy, Sqlite.UnixMs.From(row.SavedAt));

    public static PublishedDefinition ToPublished((string WorkflowId, long Version, string Json, string ContentHash, string PublishedBy, long CreatedAt) row) =>
        new(row.WorkflowId, (int)row.Version, row.Json, row.ContentHash, row.PublishedBy, Sqlite.UnixMs.From(row.CreatedAt));

    public static DefinitionHistoryRecord ToHistory((long Seq, string WorkflowId, string Action, long? Revision, long? Version, string Author, long At, string Summary) row) =>
        new(row.Seq, row.WorkflowId, row.Action, row.Revision, (int?)row.Version, row.Author, Sqlite.UnixMs.From(row.At), row.Summary);
}
