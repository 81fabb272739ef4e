using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Auth;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Http;
using LoanJourney.Server.Problems;
using LoanJourney.Server.Workflows.Design;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows;

/// <summary>
/// The sample start input of a workflow (docs/api.md, "Samples"; docs/studio.md, "Sample input"): the one kept in the store
/// (saved from the designer, <c>PUT /api/workflows/{id}/sample</c>) wins over <c>{DefinitionsDirectory}/samples/{id}.json</c>.
/// The Studio's start form and the designer's test run fill themselves from it. A stored sample is checked against the
/// workflow's declared inputs when it is saved and again each time it is served: one that no longer fits is answered 422
/// <c>sample_outdated</c> naming the fields, never served as if it fitted. Samples are demo data: they must not hold PII.
/// </summary>
internal static partial class SamplesApi
{
    public const string SourceHeader = "Sample-Source";

    public static RouteGroupBuilder MapSamplesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflows").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Workflows");
        api.MapGet("/{id}/sample", GetAsync).ProducesProblems(400, 404, 422).AllowPartners(); // a start input to begin from (PartnerScope)
        // Who may edit a sample is who may edit drafts (Designer).
        var write = app.MapGroup("/api/workflows").RequireAuthorization(Policies.Designer).ProducesProblems(401, 403, 503).WithTags("Workflow design");
        write.MapPut("/{id}/sample", SaveAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 404, 413, 415, 422);
        write.MapDelete("/{id}/sample", DeleteAsync).ProducesProblems(400, 404);
        return api;
    }

    // ?ifExists=true answers a workflow without a sample with 204: the start form and the test run ask whether there is one
    // to offer, and a new workflow has none (a 404 would be a failed request in the browser's console). ?for=draft checks a
    // stored sample against the draft (the test run's); otherwise against the latest published version (what a start runs),
    // or the draft of a workflow never published.
    private static async Task<Results<Ok<JsonObject>, NoContent, ProblemHttpResult>> GetAsync(
        string id, bool? ifExists, string? @for, HttpContext context, SampleTargets targets, IWorkflowStore store, EngineInitializer initializer,
        EngineOptions options, CancellationToken cancellationToken)
    {
        if (WorkflowDesignApi.BadId(id) is { } badId)
        {
            return badId;
        }

        if (@for is not (null or "draft" or "start"))
        {
            return Problem.Invalid("for", "Either 'draft' (check the sample against the draft) or 'start' (against the latest published version).");
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        if (await store.GetSampleAsync(id, cancellationToken) is { } stored)
        {
            var target = await targets.ForAsync(id, preferDraft: @for == "draft", cancellationToken);
            if (target.Problem is { } problem)
            {
                return problem;
            }

            var sample = JsonNode.Parse(stored.Json) as JsonObject ?? [];
            if (SampleTargets.Errors(target.Workflow!, sample) is { Count: > 0 } errors)
            {
                return Outdated(id, target.Against, errors);
            }

            context.Response.Headers[SourceHeader] = "store";
            return TypedResults.Ok(sample);
        }

        var file = await ReadFileAsync(options, id, cancellationToken);
        if (file is null)
        {
            return ifExists == true ? TypedResults.NoContent() : Problem.NotFound($"No sample input for workflow '{id}' (workflows/samples/{id}.json).", "sample_not_found");
        }

        if (file is not JsonObject fileSample)
        {
            return Problem.NotFound($"The sample for workflow '{id}' is not a JSON object.", "sample_not_found");
        }

        context.Response.Headers[SourceHeader] = "file";
        return TypedResults.Ok(fileSample);
    }

    private static async Task<Results<Ok<SampleSavedView>, ProblemHttpResult>> SaveAsync(
        string id, HttpRequest request, SampleTargets targets, IWorkflowStore store, EngineInitializer initializer, BodyLimits limits, ClaimsPrincipal user,
        AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (WorkflowDesignApi.BadId(id) is { } badId)
        {
            return badId;
        }

        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } invalid)
        {
            return invalid;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var target = await targets.ForAsync(id, preferDraft: true, cancellationToken);
        if (target.Problem is { } problem)
        {
            return problem;
        }

        var sample = (JsonObject)body.Node!;
        if (SampleTargets.Errors(target.Workflow!, sample) is { Count: > 0 } errors)
        {
            return Problem.Invalid(errors,
                $"The sample does not fit the inputs of {target.Against} of '{id}': {Describe(errors)} Nothing was saved.");
        }

        var author = user.Name();
        var at = time.GetUtcNow();
        await store.SaveSampleAsync(new SampleRecord(id, sample.ToJsonString(), author, at), cancellationToken);
        // The audit entry keeps which fields the sample has and the sample masked as journeys' data is shown: a sample is
        // demo data, but a pasted real borrower's must not reach the audit trail or the log whole.
        await audit.RecordAsync(user, AuditActions.SampleSave, id, null, null,
            new JsonObject { ["fields"] = new JsonArray(sample.Select(p => (JsonNode?)p.Key).ToArray()), ["sample"] = JsonBodyMasker.MaskNode(sample.DeepClone()), ["checkedAgainst"] = target.Against });
        return TypedResults.Ok(new SampleSavedView(id, author, at, target.Against));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, IWorkflowStore store, EngineInitializer initializer, ClaimsPrincipal user, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (WorkflowDesignApi.BadId(id) is { } badId)
        {
            return badId;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        if (!await store.DeleteSampleAsync(id, user.Name(), time.GetUtcNow(), cancellationToken))
        {
            return Problem.NotFound($"Workflow '{id}' has no stored sample (a file in workflows/samples/ is not removed through the API).", "sample_not_found");
        }

        await audit.RecordAsync(user, AuditActions.SampleDelete, id, null, null);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult Outdated(string id, string against, Dictionary<string, string[]> errors) =>
        Problem.Create(StatusCodes.Status422UnprocessableEntity, "Sample no longer fits",
            $"The stored sample of '{id}' no longer fits the inputs of {against}: {Describe(errors)} Save a new one in the designer (Sample input).",
            "sample_outdated", errors, new Dictionary<string, object?> { ["against"] = against });

    private static string Describe(Dictionary<string, string[]> errors) =>
        // The input check's messages end with a full stop already ("… not number."): one at the end, not two.
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value).TrimEnd('.')}")) + ".";

    /// <summary>The sample file, parsed (comments and trailing commas allowed); null when there is none.</summary>
    internal static async Task<JsonNode?> ReadFileAsync(EngineOptions options, string id, CancellationToken cancellationToken)
    {
        var path = options.DefinitionsDirectory is { Length: > 0 } directory ? Path.Combine(directory, "samples", id + ".json") : null;
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return await JsonNode.ParseAsync(file, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }, cancellationToken: cancellationToken)
            ?? JsonValue.Create(false);
    }
}

/// <summary>The answer to a sample saved: who saved it, when, and what its inputs were checked against (<c>draft</c> or <c>version N</c>).</summary>
internal sealed record SampleSavedView(string WorkflowId, string SavedBy, DateTimeOffset SavedAt, string CheckedAgainst);
