using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Problems;
using LoanJourney.Server.Workflows.Design;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows;

/// <summary>
/// What a workflow's stored sample is checked against: its draft (a save, and the test run's <c>?for=draft</c>), or the latest
/// published version (what the start form starts); a workflow with only a draft, or only versions, has the one it has.
/// </summary>
internal sealed class SampleTargets(IWorkflowStore store, DefinitionDesigner designer, WorkflowDefinitionCatalog catalog)
{
    public async Task<SampleTarget> ForAsync(string id, bool preferDraft, CancellationToken cancellationToken)
    {
        var latest = catalog.TryGetLatest(id);
        if (preferDraft || latest is null)
        {
            if (await store.GetDraftAsync(id, cancellationToken) is { } draft)
            {
                return await ForDraftAsync(id, draft, cancellationToken);
            }
        }

        return latest is not null
            ? new SampleTarget(latest, $"version {latest.Version}", null)
            : new SampleTarget(null, "", WorkflowDesignApi.UnknownWorkflow(id));
    }

    public async Task<SampleTarget> ForDraftAsync(string id, DraftRecord draft, CancellationToken cancellationToken)
    {
        var check = await designer.CheckAsync(id, JsonNode.Parse(draft.Json) as JsonObject ?? [], cancellationToken);
        return check.Workflow is { } workflow
            ? new SampleTarget(workflow, "the draft", null)
            // The inputs of a draft that does not compile cannot be told: say so rather than check against another version's.
            : new SampleTarget(null, "the draft", Problem.Create(StatusCodes.Status422UnprocessableEntity, "Invalid definition",
                $"The draft of '{id}' has {check.Errors.Count} error(s), so the inputs a sample must fit cannot be told; fix the draft first.",
                "definition_invalid", new Dictionary<string, string[]> { ["draft"] = [$"{check.Errors.Count} error(s); see POST /api/workflows/{id}/validate."] }));
    }

    /// <summary>The same check as a start's input (the input schema and the journey fields' formats), by field.</summary>
    public static Dictionary<string, string[]> Errors(CompiledWorkflow workflow, JsonObject sample) => InstancesApi.InputErrors(workflow, sample);
}

internal sealed record SampleTarget(CompiledWorkflow? Workflow, string Against, ProblemHttpResult? Problem);
