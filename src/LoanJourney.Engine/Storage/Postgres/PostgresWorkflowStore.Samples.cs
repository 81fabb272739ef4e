namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    /// <inheritdoc />
    public Task<SampleRecord?> GetSampleAsync(string workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionSamples.GetAsync(c, workflowId), cancellationToken);

    /// <inheritdoc />
    public Task SaveSampleAsync(SampleRecord sample, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            // The same lock as draft writes: the history row's order is the order of the workflow's changes.
            await LockWorkflowAsync(c, tx, sample.WorkflowId, cancellationToken);
            await DefinitionSamples.SaveAsync(c, tx, sample);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteSampleAsync(string workflowId, string author, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await LockWorkflowAsync(c, tx, workflowId, cancellationToken);
            return await DefinitionSamples.DeleteAsync(c, tx, workflowId, author, now);
        }, cancellationToken);
}
