using System.ComponentModel.DataAnnotations;
using LoanJourney.Engine.Model;
using LoanJourney.Server.Audit;
using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Auth;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Design;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Http;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Workflows.Design;

/// <summary>
/// Authoring of definitions (docs/api.md, "Workflow design"): drafts, validation, publish, export/import, history.
/// One route group, so a host can require a role of it (Designer) without touching the handlers.
/// </summary>
internal static class WorkflowDesignApi
{
    private static readonly JsonSerializerOptions ExportJson = new() { WriteIndented = true };

    public static RouteGroupBuilder MapWorkflowDesignApi(this IEndpointRouteBuilder app)
    {
        // Reading drafts, files and history is a read (Viewer); changing, trying and publishing them is a Designer's.
        var read = app.MapGroup("/api/workflows").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Workflow design");
        read.MapGet("/{id}/draft", GetDraftAsync).ProducesProblems(400, 404);
        read.MapGet("/{id}/export", ExportAsync).Produces<JsonObject>(StatusCodes.Status200OK, "application/json").ProducesProblems(400, 404);
        read.MapGet("/{id}/history", HistoryAsync).ProducesProblems(400, 404);
        read.MapGet("/{id}/versions", VersionsAsync).ProducesProblems(400, 404);
        var api = app.MapGroup("/api/workflows").RequireAuthorization(Policies.Designer).ProducesProblems(401, 403, 503).WithTags("Workflow design");
        // Bodies are read by JsonBody (limits, problem details naming the field); Accepts only describes them in the OpenAPI document.
        api.MapPost("/", CreateAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 409, 413, 415);
        // Both read ?expectedRevision themselves (TryReadExpectedRevision), so the document would not have it otherwise.
        api.MapPost("/import", ImportAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 409, 413, 415)
            .AddOpenApiOperationTransformer(QueryParameters.Describe(() => [ExpectedRevisionParameter()]));
        api.MapPut("/{id}/draft", SaveDraftAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 404, 409, 413, 415)
            .AddOpenApiOperationTransformer(QueryParameters.Describe(() =>
            [
                ExpectedRevisionParameter(),
                QueryParameters.Integer("expectedVersion",
                    "The latest published version the change began on (0 when none was published yet); a version published since answers 409 stale_version.", 0),
            ]));
        api.MapDelete("/{id}/draft", DeleteDraftAsync).ProducesProblems(400, 404, 409);
        api.MapPost("/{id}/validate", ValidateAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 404, 413, 415);
        api.MapPost("/{id}/publish", PublishAsync).Accepts<PublishRequest>("application/json").ProducesProblems(400, 404, 409, 413, 415, 422);
        api.MapPost("/{id}/draft/test-runs", DraftTestRunEndpoint.RunAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 404, 409, 413, 415, 422);
        return api;
    }

    private static async Task<Results<Created<DraftSavedView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, DefinitionDesigner designer, EngineInitializer initializer, BodyLimits limits, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (definition, id, problem) = await ReadDefinitionAsync(request, limits, null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var saved = await designer.SaveDraftAsync(id!, definition!, Author(user), DraftSaveMode.Create, null, null, "create", cancellationToken);
        if (saved.Result.Status == DraftSaveStatus.AlreadyExists)
        {
            return Problem.Create(StatusCodes.Status409Conflict, "Conflict", $"Workflow '{id}' already exists; edit its draft instead.", "workflow_exists",
                new Dictionary<string, string[]> { ["id"] = [$"Workflow '{id}' already exists."] });
        }

        return TypedResults.Created($"/api/workflows/{id}/draft", Saved(id!, saved));
    }

    // ?expectedRevision=n as on a draft save: the Studio asks whether there is a draft before it replaces it, and a save
    // landing between that question and the import is refused with who made it, instead of being replaced without a word.
    private static async Task<Results<Created<DraftSavedView>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, IWorkflowStore store, DefinitionDesigner designer, EngineInitializer initializer, BodyLimits limits, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (!TryReadExpectedRevision(request, out var expectedRevision, out var invalid))
        {
            return invalid;
        }

        var (definition, id, problem) = await ReadDefinitionAsync(request, limits, null, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var saved = await designer.SaveDraftAsync(id!, definition!, Author(user), DraftSaveMode.Upsert, expectedRevision, null, "import", cancellationToken);
        if (saved.Result.Status == DraftSaveStatus.StaleRevision)
        {
            return await StaleRevisionAsync(store, id!, expectedRevision!.Value, saved.Result.Revision, cancellationToken);
        }

        return TypedResults.Created($"/api/workflows/{id}/draft", Saved(id!, saved));
    }

    private static Microsoft.OpenApi.OpenApiParameter ExpectedRevisionParameter() =>
        QueryParameters.Long("expectedRevision",
            "The draft revision the change was made on (0 when there was no draft); a draft saved since answers 409 stale_revision. Without it the draft is replaced whatever its revision.", 0);

    private static bool TryReadExpectedRevision(HttpRequest request, out long? expectedRevision, [NotNullWhen(false)] out ProblemHttpResult? invalid)
    {
        expectedRevision = null;
        invalid = null;
        if (!request.Query.TryGetValue("expectedRevision", out var raw))
        {
            return true;
        }

        if (!long.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            invalid = Problem.Invalid("expectedRevision", "Must be a whole number (the revision the change was made on; 0 when there was no draft).");
            return false;
        }

        expectedRevision = parsed;
        return true;
    }

    // ?ifExists=true answers a workflow without a draft with 204: the designer opens published workflows that way, and a
    // 404 there is a normal situation a browser would still log as a failed request.
    private static async Task<Results<Ok<DraftView>, NoContent, ProblemHttpResult>> GetDraftAsync(
        string id, bool? ifExists, IWorkflowStore store, DefinitionDesigner designer, EngineInitializer initializer, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        if (await store.GetDraftAsync(id, cancellationToken) is not { } draft)
        {
            if (!await ExistsAsync(store, id, cancellationToken))
            {
                return UnknownWorkflow(id);
            }

            return ifExists == true ? TypedResults.NoContent() : Problem.NotFound($"Workflow '{id}' has no draft; save one with PUT.", "no_draft");
        }

        var definition = JsonNode.Parse(draft.Json);
        var check = await designer.CheckAsync(id, definition as JsonObject ?? [], cancellationToken);
        return TypedResults.Ok(new DraftView(id, draft.Revision, draft.ContentHash, draft.SavedBy, draft.SavedAt, check.Valid, Errors(check.Errors), definition));
    }

    private static async Task<Results<Ok<DraftSavedView>, ProblemHttpResult>> SaveDraftAsync(
        string id, HttpRequest request, IWorkflowStore store, DefinitionDesigner designer, EngineInitializer initializer, BodyLimits limits, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        if (!TryReadExpectedRevision(request, out var expectedRevision, out var invalid))
        {
            return invalid;
        }

        int? expectedVersion = null;
        if (request.Query.TryGetValue("expectedVersion", out var rawVersion))
        {
            if (!int.TryParse(rawVersion.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return Problem.Invalid("expectedVersion", "Must be a whole number (the latest published version the change was made on; 0 when there was none).");
            }

            expectedVersion = parsed;
        }

        var (definition, _, problem) = await ReadDefinitionAsync(request, limits, id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var saved = await designer.SaveDraftAsync(id, definition!, Author(user), DraftSaveMode.Update, expectedRevision, expectedVersion, "save", cancellationToken);
        return saved.Result.Status switch
        {
            DraftSaveStatus.NotFound => UnknownWorkflow(id),
            DraftSaveStatus.StaleRevision => await StaleRevisionAsync(store, id, expectedRevision!.Value, saved.Result.Revision, cancellationToken),
            DraftSaveStatus.StaleVersion => StaleVersion(id, expectedVersion!.Value, saved.Result.LatestVersion),
            _ => TypedResults.Ok(Saved(id, saved)),
        };
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteDraftAsync(
        string id, IWorkflowStore store, EngineInitializer initializer, TimeProvider time, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        if (await store.DeleteDraftAsync(id, Author(user), time.GetUtcNow(), cancellationToken))
        {
            return TypedResults.NoContent();
        }

        return await ExistsAsync(store, id, cancellationToken)
            ? Problem.NotFound($"Workflow '{id}' has no draft.", "no_draft")
            : UnknownWorkflow(id);
    }

    private static async Task<Results<Ok<ValidationView>, ProblemHttpResult>> ValidateAsync(
        string id, HttpRequest request, IWorkflowStore store, DefinitionDesigner designer, EngineInitializer initializer, BodyLimits limits, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var (definition, _, problem) = await ReadDefinitionAsync(request, limits, id, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        if (!await ExistsAsync(store, id, cancellationToken))
        {
            return UnknownWorkflow(id);
        }

        var check = await designer.CheckAsync(id, definition!, cancellationToken);
        return TypedResults.Ok(new ValidationView(check.Valid, Errors(check.Errors)));
    }

    private static async Task<Results<Ok<PublishedView>, ProblemHttpResult>> PublishAsync(
        string id, HttpRequest request, IWorkflowStore store, DefinitionDesigner designer, EngineInitializer initializer, BodyLimits limits,
        ClaimsPrincipal user, AuditTrail audit, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        const string Revision = "the draft revision that was validated and is to be published (a whole number from 1).";
        if (!JsonFields.TryOnly(body.Node, "a publish", out var invalid, "expectedRevision", "reason")
            || !JsonFields.TryReadInteger(body.Node, "expectedRevision", Revision, out var given, out invalid))
        {
            return invalid;
        }

        if (given is not { } expectedRevision || expectedRevision < 1)
        {
            return Problem.Invalid("expectedRevision", "Must be " + Revision);
        }

        // Required, as for every action that changes what many journeys do (a migration, a bulk action by filter): a publish
        // changes what every new journey runs, and the audit trail is where an auditor asks why.
        if (!OperatorBody.TryReadRequiredReason(body.Node, out var reason, out invalid, keptIn: "the audit trail"))
        {
            return invalid;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var outcome = await designer.PublishAsync(id, expectedRevision, Author(user), cancellationToken);
        switch (outcome.Status)
        {
            case PublishStatus.Published:
                await audit.RecordAsync(user, AuditActions.Publish, id, null, reason,
                    new JsonObject
                    {
                        ["version"] = outcome.Version!.Value, ["revision"] = expectedRevision, ["contentHash"] = outcome.ContentHash, ["unchanged"] = outcome.Unchanged,
                        ["layoutUpdated"] = outcome.LayoutUpdated,
                    });
                return TypedResults.Ok(new PublishedView(id, outcome.Version!.Value, outcome.ContentHash!, outcome.Unchanged, outcome.LayoutUpdated));
            case PublishStatus.StaleRevision:
                return await StaleRevisionAsync(store, id, expectedRevision, outcome.CurrentRevision, cancellationToken);
            case PublishStatus.Invalid:
                return InvalidDraft(id, outcome.Errors, "publishing");
            default:
                return await ExistsAsync(store, id, cancellationToken)
                    ? Problem.NotFound($"Workflow '{id}' has no draft to publish.", "no_draft")
                    : UnknownWorkflow(id);
        }
    }

    private static async Task<IResult> ExportAsync(string id, [Range(1, int.MaxValue)] int? version, IWorkflowStore store, EngineInitializer initializer, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        PublishedDefinition? published;
        if (version is { } v)
        {
            published = await store.GetPublishedVersionAsync(id, v, cancellationToken);
        }
        else
        {
            var versions = await store.GetPublishedAsync(id, cancellationToken);
            published = versions.Count == 0 ? null : versions[^1];
        }

        if (published is null)
        {
            return version is null && !await ExistsAsync(store, id, cancellationToken)
                ? UnknownWorkflow(id)
                : Problem.NotFound(version is { } n ? $"Workflow '{id}' has no published version {n}." : $"Workflow '{id}' has no published version yet.", "version_not_found");
        }

        // Indented for people and diffs; the content hash is of the normalized JSON, so the file loads with the same hash.
        var text = JsonNode.Parse(published.Json)!.ToJsonString(ExportJson) + "\n";
        return TypedResults.File(Encoding.UTF8.GetBytes(text), "application/json", $"{id}.v{published.Version}.json");
    }

    private static async Task<Results<Ok<HistoryView>, ProblemHttpResult>> HistoryAsync(
        string id, IWorkflowStore store, EngineInitializer initializer, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var history = await store.GetDefinitionHistoryAsync(id, cancellationToken);
        if (history.Count == 0 && !await ExistsAsync(store, id, cancellationToken))
        {
            return UnknownWorkflow(id);
        }

        return TypedResults.Ok(new HistoryView(id, history.Select(h =>
        {
            var s = ChangeSummary.FromJson(h.Summary);
            return new HistoryEntryView(h.Seq, h.Action, h.Author, h.At, h.Revision, h.Version, new ChangeSummaryView(s.Added, s.Removed, s.Changed, s.DefinitionChanged, s.LayoutChanged));
        }).ToList()));
    }

    // Who published each version and when come from the store; why from the publish's audit entry (its reason masked when it
    // was recorded), the one that made the version: a layout-only publish of it later (unchanged) has its own entry.
    private static async Task<Results<Ok<VersionsView>, ProblemHttpResult>> VersionsAsync(
        string id, IWorkflowStore store, IWorkflowClient client, EngineInitializer initializer, CancellationToken cancellationToken)
    {
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var published = await store.GetPublishedAsync(id, cancellationToken);
        if (published.Count == 0 && !await ExistsAsync(store, id, cancellationToken))
        {
            return UnknownWorkflow(id);
        }

        var reasons = await PublishReasonsAsync(client, id, cancellationToken);
        return TypedResults.Ok(new VersionsView(id, published
            .Select(p => new VersionView(p.Version, p.ContentHash, p.PublishedBy, p.PublishedAt, reasons.GetValueOrDefault(p.Version)))
            .ToList()));
    }

    private static async Task<Dictionary<int, string?>> PublishReasonsAsync(IWorkflowClient client, string id, CancellationToken cancellationToken)
    {
        const int Page = 500;
        var reasons = new Dictionary<int, string?>();
        long? before = null;
        while (true)
        {
            var page = await client.ListAuditAsync(new AuditQuery { Action = AuditActions.Publish, WorkflowId = id, Before = before, Take = Page }, cancellationToken);
            foreach (var entry in page.Items)
            {
                if (entry.DataJson is not null && JsonNode.Parse(entry.DataJson) is JsonObject data
                    && data["version"]?.GetValue<int>() is { } version && data["unchanged"]?.GetValue<bool>() != true)
                {
                    reasons.TryAdd(version, entry.Reason);
                }
            }

            if (page.Items.Count < Page)
            {
                return reasons;
            }

            before = page.Items[^1].Seq;
        }
    }

    // The body as a definition object; its id must be valid (and equal the route's when there is one).
    private static async Task<(JsonObject? Definition, string? Id, ProblemHttpResult? Problem)> ReadDefinitionAsync(
        HttpRequest request, BodyLimits limits, string? routeId, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return (null, null, problem);
        }

        var definition = (JsonObject)body.Node!;
        var rule = $"the definition's id, a string of {WorkflowIds.Rule}.";
        if (!JsonFields.TryReadString(definition, "id", routeId is null ? rule : null, out var id, out var invalid))
        {
            return (null, null, invalid);
        }

        if (id is null)
        {
            return (definition, routeId, null);
        }

        if (!WorkflowIds.IsValid(id))
        {
            return (null, null, Problem.Invalid("id", "Must be " + rule));
        }

        if (routeId is not null && id != routeId)
        {
            return (null, null, Problem.Invalid("id", $"The definition's id '{id}' is not the workflow '{routeId}' of the URL."));
        }

        return (definition, id, null);
    }

    internal static ProblemHttpResult? BadId(string id) =>
        WorkflowIds.IsValid(id) ? null : Problem.Invalid("id", $"A workflow id is {WorkflowIds.Rule}.");

    internal static async Task<bool> ExistsAsync(IWorkflowStore store, string id, CancellationToken cancellationToken) =>
        await store.GetDraftAsync(id, cancellationToken) is not null || (await store.GetPublishedAsync(id, cancellationToken)).Count > 0;

    internal static ProblemHttpResult InvalidDraft(string id, IReadOnlyList<DefinitionError> definitionErrors, string action)
    {
        var errors = Errors(definitionErrors);
        return Problem.Create(StatusCodes.Status422UnprocessableEntity, "Invalid definition",
            $"The draft of '{id}' has {errors.Count} error(s); fix them and save before {action}.", "definition_invalid",
            errors.GroupBy(ErrorPath).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            new Dictionary<string, object?> { ["validation"] = errors });
    }

    internal static ProblemHttpResult UnknownWorkflow(string id) =>
        Problem.Create(StatusCodes.Status404NotFound, "Not found", $"Workflow '{id}' does not exist; create it with POST /api/workflows.", "workflow_not_found",
            new Dictionary<string, string[]> { ["id"] = [$"No workflow '{id}'."] });

    // Names who changed the draft last and when (the latest entry of its history: the author as the audit trail records
    // principals), so the author whose save or publish was refused knows whom to talk to.
    private static async Task<ProblemHttpResult> StaleRevisionAsync(IWorkflowStore store, string id, long expected, long current, CancellationToken cancellationToken)
    {
        var history = await store.GetDefinitionHistoryAsync(id, cancellationToken);
        // A sample's save or removal is a history row without a revision: it changed no draft, so it is not whom to name.
        var last = history.LastOrDefault(h => h.Action is not ("sample" or "sample-delete"));
        var what = last is null ? "someone saved it since"
            : string.Create(CultureInfo.InvariantCulture, $"{last.Author} {Done(last.Action)} it at {last.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
        return Problem.Create(StatusCodes.Status409Conflict, "Conflict",
            $"The draft of '{id}' is at revision {current}, not {expected}: {what}. Reload it, re-apply the change and try again.", "stale_revision",
            new Dictionary<string, string[]> { ["expectedRevision"] = [$"The draft is at revision {current}."] },
            new Dictionary<string, object?>
            {
                ["currentRevision"] = current, ["savedBy"] = last?.Author, ["savedAt"] = last?.At, ["change"] = last?.Action,
            });
    }

    private static string Done(string action) => action switch
    {
        "publish" => "published",
        "delete" => "discarded",
        "import" => "imported",
        "create" => "created",
        "seed" => "seeded",
        _ => "saved",
    };

    private static ProblemHttpResult StaleVersion(string id, int expected, int current) =>
        Problem.Create(StatusCodes.Status409Conflict, "Conflict",
            $"Version {current} of '{id}' was published after this change began on version {expected}: saving it would undo what version {current} changed. Reload the latest version, re-apply the change and try again.",
            "stale_version",
            new Dictionary<string, string[]> { ["expectedVersion"] = [$"The latest version is {current}."] },
            new Dictionary<string, object?> { ["currentVersion"] = current });

    private static DraftSavedView Saved(string id, DraftSaveOutcome saved) =>
        new(id, saved.Result.Revision, saved.Check.Valid, Errors(saved.Check.Errors));

    internal static List<DesignErrorView> Errors(IReadOnlyList<DefinitionError> errors) =>
        errors.Select(e => new DesignErrorView(e.StepId, e.Field, e.Code.ToString(), e.Message)).ToList();

    // "steps.createUser.inputs.customerID" for a step's field; the field alone for the definition's.
    internal static string ErrorPath(DesignErrorView e) =>
        e.StepId is null ? e.Field ?? "definition" : $"steps.{e.StepId}" + (e.Field is null ? "" : "." + e.Field);

    private static string Author(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "anonymous";
}
