namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>The workflow's draft, or null.</summary>
    Task<DraftRecord?> GetDraftAsync(string workflowId, CancellationToken cancellationToken);

    /// <summary>Saves the draft (creating or replacing it) with the next revision and a history row, in one transaction.</summary>
    Task<DraftSaveResult> SaveDraftAsync(DraftSave save, CancellationToken cancellationToken);

    /// <summary>Removes the draft with a history row; false when there was none.</summary>
    Task<bool> DeleteDraftAsync(string workflowId, string author, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Publishes the draft (see <see cref="DraftPublish"/>); on PostgreSQL the commit notifies every node.</summary>
    Task<DraftPublishStatus> PublishDraftAsync(DraftPublish publish, CancellationToken cancellationToken);

    /// <summary>Published versions with their JSON: one workflow's (all versions, ascending) or, with null, the latest of each workflow.</summary>
    Task<IReadOnlyList<PublishedDefinition>> GetPublishedAsync(string? workflowId, CancellationToken cancellationToken);

    /// <summary>One published version, or null.</summary>
    Task<PublishedDefinition?> GetPublishedVersionAsync(string workflowId, int version, CancellationToken cancellationToken);

    /// <summary>The workflow's definition history, oldest first.</summary>
    Task<IReadOnlyList<DefinitionHistoryRecord>> GetDefinitionHistoryAsync(string workflowId, CancellationToken cancellationToken);
}
