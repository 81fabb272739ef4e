using System.Data;
using Dapper;
using Npgsql;

namespace LoanJourney.Engine.Storage.Postgres;

public sealed partial class PostgresWorkflowStore
{
    // Namespace of the per-workflow definition locks (beside the webhook-key locks' namespace).
    private const int DefinitionLockSpace = 0x4C44;

    private string DefinitionsNotifySql => $"SELECT pg_notify('{DefinitionsChannel}', @workflowId)";

    /// <summary>The channel a publish notifies with the workflow id (the work channel's name + <c>_definitions</c>).</summary>
    public string DefinitionsChannel => _options.NotifyChannel + "_definitions";

    /// <inheritdoc />
    public Task<DraftRecord?> GetDraftAsync(string workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.DraftAsync(c, workflowId), cancellationToken);

    /// <inheritdoc />
    public Task<DraftSaveResult> SaveDraftAsync(DraftSave save, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await LockWorkflowAsync(c, tx, save.WorkflowId, cancellationToken);
            return await DefinitionDrafts.SaveAsync(c, tx, save);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteDraftAsync(string workflowId, string author, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await LockWorkflowAsync(c, tx, workflowId, cancellationToken);
            return await DefinitionDrafts.DeleteAsync(c, tx, workflowId, author, now);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<DraftPublishStatus> PublishDraftAsync(DraftPublish publish, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx) =>
        {
            await LockWorkflowAsync(c, tx, publish.WorkflowId, cancellationToken);
            var status = await DefinitionDrafts.PublishAsync(c, tx, publish);
            if (status == DraftPublishStatus.Published)
            {
                // Delivered to every listening node when (and only if) this transaction commits.
                await c.ExecuteAsync(Command(DefinitionsNotifySql, new { workflowId = publish.WorkflowId }, tx, cancellationToken));
            }

            return status;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PublishedDefinition>> GetPublishedAsync(string? workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.PublishedAsync(c, workflowId), cancellationToken);

    /// <inheritdoc />
    public Task<PublishedDefinition?> GetPublishedVersionAsync(string workflowId, int version, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.PublishedVersionAsync(c, workflowId, version), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DefinitionHistoryRecord>> GetDefinitionHistoryAsync(string workflowId, CancellationToken cancellationToken) =>
        ReadAsync(c => DefinitionDrafts.HistoryAsync(c, workflowId), cancellationToken);

    /// <inheritdoc />
    public async Task ListenForDefinitionsAsync(Action<string?> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        await using var connection = new NpgsqlConnection(ListenConnectionString());
        await connection.OpenAsync(cancellationToken);
        connection.Notification += (_, e) => onChange(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {DefinitionsChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        // A publish may have committed while nothing listened.
        onChange(null);
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }

    // Serializes draft writes of one workflow across nodes, so revisions and version numbers are assigned once.
    private static Task<int> LockWorkflowAsync(NpgsqlConnection c, IDbTransaction tx, string workflowId, CancellationToken cancellationToken) =>
        c.ExecuteAsync(Command("SELECT pg_advisory_xact_lock(@space, hashtext(@workflowId))", new { space = DefinitionLockSpace, workflowId }, tx, cancellationToken));
}
