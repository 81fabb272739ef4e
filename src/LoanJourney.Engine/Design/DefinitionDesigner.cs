using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;

namespace LoanJourney.Engine.Design;

/// <summary>
/// Authoring of definitions in the store: drafts saved valid or not, validation against the activity descriptors,
/// publish as the next version (checked again, atomically against the draft's revision), history of every change.
/// A draft's own <c>version</c> is not used: it is checked and published as the latest version + 1.
/// </summary>
public sealed class DefinitionDesigner(IWorkflowStore store, WorkflowCompiler compiler, WorkflowDefinitionCatalog catalog, TimeProvider time)
{
    private const int PublishAttempts = 5;

    /// <summary>Checks <paramref name="definition"/> as version <paramref name="version"/> of <paramref name="workflowId"/>; no side effects.</summary>
    public DesignCheck Check(string workflowId, JsonObject definition, int version)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<DefinitionError>();
        var copy = (JsonObject)definition.DeepClone();
        if (copy["id"] is null)
        {
            copy["id"] = workflowId;
        }
        else if (copy["id"] is not JsonValue id || id.GetValueKind() != JsonValueKind.String || id.GetValue<string>() != workflowId)
        {
            errors.Add(new DefinitionError("draft", workflowId, null, DefinitionErrorCode.InvalidDefinition,
                $"The definition's id must be '{workflowId}' (the workflow it is saved to).", "id"));
        }

        copy["version"] = version;
        var json = copy.ToJsonString();
        CompiledWorkflow? workflow = null;
        try
        {
            var (parsed, normalized) = DefinitionJson.Parse(json);
            workflow = compiler.CompileDraft(parsed, normalized, "draft", errors);
        }
        catch (JsonException ex)
        {
            errors.Add(new DefinitionError("draft", workflowId, null, DefinitionErrorCode.CorruptFile,
                $"Not a valid definition: {DefinitionJson.Describe(ex)}", DefinitionJson.FieldOf(ex.Path)));
        }

        return new DesignCheck(errors.Count == 0 ? workflow : null, errors, json);
    }

    /// <summary>Checks <paramref name="definition"/> as the next version of <paramref name="workflowId"/>.</summary>
    public async Task<DesignCheck> CheckAsync(string workflowId, JsonObject definition, CancellationToken cancellationToken) =>
        Check(workflowId, definition, await NextVersionAsync(workflowId, cancellationToken));

    /// <summary>
    /// Saves a draft (valid or not) and answers its revision and validation; refused when the draft is no longer at
    /// <paramref name="expectedRevision"/> or the latest version no longer <paramref name="expectedVersion"/> (each when set).
    /// </summary>
    public async Task<DraftSaveOutcome> SaveDraftAsync(string workflowId, JsonObject definition, string author, DraftSaveMode mode, long? expectedRevision,
        int? expectedVersion, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var check = await CheckAsync(workflowId, definition, cancellationToken);
        // Kept as sent, valid or not, but without positions of steps it does not have (a step removed or renamed by hand).
        var kept = (JsonObject)definition.DeepClone();
        DefinitionJson.DropStaleLayout(kept);
        var json = kept.ToJsonString();
        var before = (await store.GetDraftAsync(workflowId, cancellationToken))?.Json
            ?? Last(await store.GetPublishedAsync(workflowId, cancellationToken))?.Json;
        var result = await store.SaveDraftAsync(new DraftSave(workflowId, json, DefinitionJson.Hash(json), author, time.GetUtcNow(), mode, expectedRevision,
            action, ChangeSummary.Between(before, json).ToJson(), expectedVersion), cancellationToken);
        return new DraftSaveOutcome(result, check);
    }

    /// <summary>Publishes the draft as the next version when it is still at <paramref name="expectedRevision"/> and valid.</summary>
    public async Task<PublishOutcome> PublishAsync(string workflowId, long expectedRevision, string author, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var draft = await store.GetDraftAsync(workflowId, cancellationToken);
            if (draft is null)
            {
                return new PublishOutcome(PublishStatus.NoDraft, null, null, false, 0, []);
            }

            if (draft.Revision != expectedRevision)
            {
                return new PublishOutcome(PublishStatus.StaleRevision, null, null, false, draft.Revision, []);
            }

            var latest = Last(await store.GetPublishedAsync(workflowId, cancellationToken));
            var definition = JsonNode.Parse(draft.Json) as JsonObject ?? [];
            var check = Check(workflowId, definition, (latest?.Version ?? 0) + 1);
            if (!check.Valid)
            {
                return new PublishOutcome(PublishStatus.Invalid, null, null, false, draft.Revision, check.Errors);
            }

            // A draft that equals the latest version (an export imported back, say) publishes nothing new. The layout is
            // outside the hash: a draft that only moved steps is unchanged too, and its positions replace the latest
            // version's (stored in place, so the designer and the flowcharts show them; the behaviour is untouched).
            var same = latest is null ? null : Check(workflowId, definition, latest.Version);
            var unchanged = same is { Valid: true } && DefinitionJson.Hash(same.Json) == latest!.ContentHash;
            var version = unchanged ? latest!.Version : check.Workflow!.Version;
            var hash = unchanged ? latest!.ContentHash : check.Workflow!.ContentHash;
            var json = unchanged ? same!.Workflow!.Json : check.Workflow!.Json;
            var layoutUpdated = unchanged && json != latest!.Json;
            var status = await store.PublishDraftAsync(new DraftPublish(workflowId, expectedRevision, version, json, hash, author,
                time.GetUtcNow(), ChangeSummary.Between(latest?.Json, check.Json).ToJson(), unchanged), cancellationToken);
            switch (status)
            {
                case DraftPublishStatus.Published:
                    await catalog.RefreshAsync(cancellationToken);
                    return new PublishOutcome(PublishStatus.Published, version, hash, unchanged, expectedRevision, [], layoutUpdated);
                case DraftPublishStatus.NoDraft:
                    return new PublishOutcome(PublishStatus.NoDraft, null, null, false, 0, []);
                case DraftPublishStatus.StaleRevision:
                    var current = await store.GetDraftAsync(workflowId, cancellationToken);
                    return new PublishOutcome(PublishStatus.StaleRevision, null, null, false, current?.Revision ?? 0, []);
                case DraftPublishStatus.VersionTaken when attempt < PublishAttempts:
                    continue;
                default:
                    throw new InvalidOperationException($"Publishing {workflowId} lost the race for a version number {PublishAttempts} times.");
            }
        }
    }

    /// <summary>The version a publish of <paramref name="workflowId"/> would create now.</summary>
    public async Task<int> NextVersionAsync(string workflowId, CancellationToken cancellationToken) =>
        (Last(await store.GetPublishedAsync(workflowId, cancellationToken))?.Version ?? 0) + 1;

    private static PublishedDefinition? Last(IReadOnlyList<PublishedDefinition> versions) => versions.Count == 0 ? null : versions[^1];
}
