namespace LoanJourney.Engine.Storage;

public partial interface IWorkflowStore
{
    /// <summary>The workflow's stored sample start input, or null.</summary>
    Task<SampleRecord?> GetSampleAsync(string workflowId, CancellationToken cancellationToken);

    /// <summary>Saves (creates or replaces) the workflow's sample with a <c>sample</c> history row, in one transaction.</summary>
    Task SaveSampleAsync(SampleRecord sample, CancellationToken cancellationToken);

    /// <summary>Removes the workflow's sample with a <c>sample-delete</c> history row; false when there was none.</summary>
    Task<bool> DeleteSampleAsync(string workflowId, string author, DateTimeOffset now, CancellationToken cancellationToken);
}
