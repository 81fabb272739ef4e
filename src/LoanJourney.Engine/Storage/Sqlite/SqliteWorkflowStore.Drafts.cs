namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<DraftRecord?> GetDraftAsync(string workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.DraftAsync(c, workflowId));

    /// <inheritdoc />
    public Task<DraftSaveResult> SaveDraftAsync(DraftSave save, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => DefinitionDrafts.SaveAsync(c, tx, save), cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteDraftAsync(string workflowId, string author, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => DefinitionDrafts.DeleteAsync(c, tx, workflowId, author, now), cancellationToken);

    /// <inheritdoc />
    public Task<DraftPublishStatus> PublishDraftAsync(DraftPublish publish, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => DefinitionDrafts.PublishAsync(c, tx, publish), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PublishedDefinition>> GetPublishedAsync(string? workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.PublishedAsync(c, workflowId));

    /// <inheritdoc />
    public Task<PublishedDefinition?> GetPublishedVersionAsync(string workflowId, int version, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.PublishedVersionAsync(c, workflowId, version));

    /// <inheritdoc />
    public Task<IReadOnlyList<DefinitionHistoryRecord>> GetDefinitionHistoryAsync(string workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.HistoryAsync(c, workflowId));
}
