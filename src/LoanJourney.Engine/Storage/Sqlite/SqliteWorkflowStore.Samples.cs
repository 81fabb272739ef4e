namespace LoanJourney.Engine.Storage.Sqlite;

public sealed partial class SqliteWorkflowStore
{
    /// <inheritdoc />
    public Task<SampleRecord?> GetSampleAsync(string workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionSamples.GetAsync(c, workflowId));

    /// <inheritdoc />
    public Task SaveSampleAsync(SampleRecord sample, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await DefinitionSamples.SaveAsync(c, tx, sample);
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteSampleAsync(string workflowId, string author, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((c, tx) => DefinitionSamples.DeleteAsync(c, tx, workflowId, author, now), cancellationToken);
}
