using System.Security.Claims;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Events;
using LoanJourney.Server.Http;
using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// Operations on every journey matching a filter (docs/migration.md): a dry run by default (what would be touched and, for a
/// migration, what each journey would do), capped, applied in batches with a <c>bulk</c> progress event after each. Each
/// journey is changed in its own transaction, so a request cut short (a crash) leaves every journey whole; sending it again
/// picks up the rest (a migrated journey no longer matches <c>fromVersion</c>).
/// </summary>
internal static class BulkOperationsApi
{
    private static readonly WorkflowStatus[] Movable = [WorkflowStatus.Waiting, WorkflowStatus.Faulted];

    public static RouteGroupBuilder MapBulkOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").ProducesProblems(401, 503).WithTags("Instances").RequireAuthorization(Policies.Operator);
        api.AddEndpointFilter(InstancesApi.RefuseQueryParameters); // no query parameter: the fields are the body's
        api.MapPost("/instances/migrate", MigrateAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415)
            .WithSummary("Move the journeys of one version matching a filter, or the ones named in ids, to another version; a dry run unless dryRun is false.");
        // Admin only, in a group of its own (under the Operator group a Viewer would be told it needed the Operator role).
        var admin = app.MapGroup("/api").ProducesProblems(401, 503).WithTags("Instances").RequireAuthorization(Policies.Admin);
        admin.AddEndpointFilter(InstancesApi.RefuseQueryParameters);
        admin.MapBulkAbandon();
        return api;
    }

    private static async Task<Results<Ok<MigrationBatchView>, ProblemHttpResult>> MigrateAsync(HttpRequest request, ClaimsPrincipal user, IWorkflowClient client,
        DeferralApis deferralApis, WorkflowDefinitionCatalog catalog, AuditTrail audit, BodyLimits limits, BulkOptions options, BulkProgressFeed progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var node = body.Node!;
        if (!JsonFields.TryOnly(node, "a migration by filter", out var invalid, "workflowId", "fromVersion", "toVersion", "filter", "ids", "stepMap", "dryRun", "reason")
            || !JsonFields.TryReadRequiredString(node, "workflowId", "the workflow whose journeys move.", out var workflowId, out invalid)
            || !OperatorBody.TryReadVersion(node, "fromVersion", required: true, out var fromVersion, out invalid)
            || !OperatorBody.TryReadVersion(node, "toVersion", required: true, out var toVersion, out invalid)
            || !OperatorBody.TryReadStepMap(node, out var stepMap, out invalid)
            || !OperatorBody.TryReadBool(node, "dryRun", true, out var dryRun, out invalid))
        {
            return invalid;
        }

        var reason = "";
        if (!dryRun && !OperatorBody.TryReadRequiredReason(node, out reason, out invalid))
        {
            return invalid;
        }

        if (node["ids"] is not null && node["filter"] is not null)
        {
            return Problem.Invalid("ids", "Either \"ids\" (the journeys chosen) or \"filter\", not both.");
        }

        IReadOnlyList<string>? ids = null;
        if (node["ids"] is not null && !InstancesApi.TryReadIds(node, "ids", out ids, out invalid))
        {
            return invalid;
        }

        var query = new InstanceQuery();
        if (ids is null)
        {
            (query, var refused) = await BulkFilter.ParseAsync(node["filter"], time.GetUtcNow(), Movable, deferralApis, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }
        }

        // Both versions must exist (404 naming the missing one: `workflowId` for a workflow with no version at all) and every
        // mapped step must be in the target (400 naming it).
        CompiledWorkflow target;
        try
        {
            await catalog.GetPublishedStepsAsync(workflowId, fromVersion!.Value, cancellationToken); // also a version that no longer loads
            target = await catalog.GetAsync(workflowId, toVersion!.Value, cancellationToken);
        }
        catch (WorkflowNotFoundException e)
        {
            return EngineExceptionHandler.VersionNotFound(e,
                catalog.TryGetLatest(workflowId) is null ? "workflowId" : e.Version == fromVersion ? "fromVersion" : "toVersion");
        }

        if (stepMap.FirstOrDefault(p => !target.Steps.ContainsKey(p.Value)) is { Key: not null } missing)
        {
            return Problem.Invalid($"stepMap.{missing.Key}", $"Version {target.Version} of '{workflowId}' has no step '{missing.Value}'.");
        }

        IReadOnlyList<WorkflowInstanceSummary> matches;
        long matched;
        var cap = options.MaxInstances;
        if (ids is not null)
        {
            // The journeys chosen (session 54: a canary of five, then the rest). Each must be a journey of this workflow: an unknown
            // id or another workflow's journey refuses the request before anything moves (its toVersion would be that workflow's).
            // One of this workflow on another version is answered per journey (other_version, already_on_version), as a filter's
            // re-sent request is.
            var chosen = ids.Distinct(StringComparer.Ordinal).ToList();
            var found = (await client.GetSummariesAsync(chosen, cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
            if (ChosenRefusal(chosen, found, workflowId) is { } refusal)
            {
                return refusal;
            }

            matches = chosen.Select(id => found[id]).ToList();
            matched = matches.Count;
            cap = InstancesApi.MaxBulk;
        }
        else
        {
            query = query with { WorkflowId = workflowId, WorkflowVersion = fromVersion };
            (matches, matched) = await BulkFilter.MatchAsync(client, query, options.MaxInstances, cancellationToken);
            if (!dryRun && matched > options.MaxInstances)
            {
                return CapExceeded(matched, options.MaxInstances);
            }
        }

        var batchId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        var items = new List<MigrationResult>(matches.Count);
        var handled = 0;
        foreach (var chunk in matches.Chunk(options.BatchSize))
        {
            handled += chunk.Length;
            foreach (var journey in chunk)
            {
                var id = journey.Id;
                MigrationResult result;
                try
                {
                    result = await client.MigrateAsync(id, new MigrationRequest
                    {
                        ToVersion = target.Version,
                        FromVersion = fromVersion,
                        StepMap = stepMap,
                        DryRun = dryRun,
                        By = user.Name(),
                        Reason = dryRun ? null : reason,
                    }, cancellationToken);
                }
                catch (InstanceNotFoundException)
                {
                    continue; // erased since it was matched
                }
                catch (InstanceUnreadableException e)
                {
                    // Its payloads cannot be decrypted here (docs/server.md, "Data at rest"): it cannot move, and says why; the others go on.
                    result = new MigrationResult(id, workflowId, journey.WorkflowVersion, target.Version, journey.Status, journey.CurrentStepId, null, false, false, e.Code, e.Message);
                }

                items.Add(result);
                if (result.Migrated)
                {
                    await audit.RecordAsync(user, AuditActions.BulkMigrate, workflowId, id, reason,
                        MigrationStepChange.AddTo(new JsonObject { ["batchId"] = batchId, ["fromVersion"] = result.FromVersion, ["toVersion"] = result.ToVersion, ["toStep"] = result.TargetStepId },
                            result.StepChange));
                }
            }

            if (!dryRun)
            {
                progress.Publish(new BulkProgress(batchId, "migrate", matches.Count, items.Count, items.Count(i => i.Migrated), items.Count(i => !i.Migrated), items.Count == matches.Count));
                await options.PauseAfterBatchAsync(handled < matches.Count, time, cancellationToken);
            }
        }

        return TypedResults.Ok(new MigrationBatchView(batchId, dryRun, matched, cap, items.Count(i => i.CanMigrate), items.Count(i => i.Migrated), items));
    }

    // A 400 naming ids when one of them is no journey, or another workflow's: the first few of each are named, with how many more.
    private static ProblemHttpResult? ChosenRefusal(IReadOnlyList<string> chosen, Dictionary<string, WorkflowInstanceSummary> found, string workflowId)
    {
        var messages = new List<string>();
        var unknown = chosen.Where(id => !found.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            messages.Add($"No journey {Few(unknown.Select(id => $"'{id}'").ToList())}.");
        }

        var foreign = chosen.Where(id => found.TryGetValue(id, out var s) && !string.Equals(s.WorkflowId, workflowId, StringComparison.Ordinal)).ToList();
        if (foreign.Count > 0)
        {
            messages.Add($"Not a journey of '{workflowId}': {Few(foreign.Select(id => $"'{id}' ({found[id].WorkflowId})").ToList())}.");
        }

        return messages.Count == 0 ? null : Problem.Invalid(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["ids"] = [.. messages] });
    }

    private static string Few(List<string> names) =>
        names.Count <= 5 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(5))} and {names.Count - 5} more";

    /// <summary>Retry or cancel every journey matching <c>filter</c> (the body of <c>/instances/bulk/{retry|cancel}</c> without <c>ids</c>).</summary>
    public static async Task<Results<Ok<BulkResultView>, ProblemHttpResult>> ByFilterAsync(JsonNode body, ClaimsPrincipal user, IWorkflowClient client, DeferralApis deferralApis,
        AuditTrail audit, BulkOptions options, BulkProgressFeed progress, TimeProvider time, string operation, string action, IReadOnlyList<WorkflowStatus> defaultStatuses,
        Func<string, string, CancellationToken, Task<WorkflowInstance>> apply, CancellationToken cancellationToken)
    {
        if (!JsonFields.TryOnly(body, "a bulk operation by filter", out var invalid, "filter", "dryRun", "reason")
            || !OperatorBody.TryReadBool(body, "dryRun", true, out var dryRun, out invalid))
        {
            return invalid;
        }

        var reason = "";
        if (!dryRun && !OperatorBody.TryReadRequiredReason(body, out reason, out invalid))
        {
            return invalid;
        }

        var (query, refused) = await BulkFilter.ParseAsync(body["filter"], time.GetUtcNow(), defaultStatuses, deferralApis, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (matches, matched) = await BulkFilter.MatchAsync(client, query, options.MaxInstances, cancellationToken);
        var ids = matches.Select(m => m.Id).ToList();
        var batchId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        if (dryRun)
        {
            return TypedResults.Ok(new BulkResultView([], batchId, true, matched, options.MaxInstances, ids));
        }

        if (matched > options.MaxInstances)
        {
            return CapExceeded(matched, options.MaxInstances);
        }

        var results = new List<BulkItemResult>(ids.Count);
        var handled = 0;
        foreach (var chunk in ids.Chunk(options.BatchSize))
        {
            handled += chunk.Length;
            foreach (var id in chunk)
            {
                try
                {
                    var instance = await apply(id, reason, cancellationToken);
                    if (!instance.CancelAlreadyRequested) // a cancel already under way: nothing new to record (session 47)
                    {
                        await audit.RecordAsync(user, action, instance.WorkflowId, instance.Id, reason, RepairAudit.Data(instance, new JsonObject { ["batchId"] = batchId }));
                    }

                    results.Add(new BulkItemResult(id, true, null, null));
                }
                catch (WorkflowEngineException e)
                {
                    results.Add(new BulkItemResult(id, false, e.Message, e.Code));
                }
            }

            progress.Publish(new BulkProgress(batchId, operation, ids.Count, results.Count, results.Count(r => r.Ok), results.Count(r => !r.Ok), results.Count == ids.Count));
            await options.PauseAfterBatchAsync(handled < ids.Count, time, cancellationToken);
        }

        return TypedResults.Ok(new BulkResultView(results, batchId, false, matched, options.MaxInstances, ids));
    }

    internal static ProblemHttpResult CapExceeded(long matched, int cap) => Problem.Conflict(
        $"The filter matches {matched} journeys, more than the {cap} one request may change (Server:Bulk:MaxInstances); narrow the filter and apply it in parts.",
        "bulk_cap_exceeded", new Dictionary<string, object?> { ["matched"] = matched, ["cap"] = cap });
}
