using System.Security.Claims;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Http;
using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Instances;

/// <summary>
/// Changing one journey while it runs (docs/migration.md): move it to another version, continue it from another step, set
/// its variables. Each names its principal and a required reason in the journal entry and the audit trail.
/// </summary>
internal static class AlterationsApi
{
    public static RouteGroupBuilder MapAlterationsApi(this IEndpointRouteBuilder app)
    {
        // No query parameter, as the operations on a journey (InstancesApi.RefuseQueryParameters): a ?dryRun=false or ?reason=
        // was ignored, the fields are the body's.
        var api = app.MapGroup("/api/instances/{id}").ProducesProblems(401, 503).WithTags("Instances").RequireAuthorization(Policies.Operator).RequireRouteValues("id");
        api.AddEndpointFilter(InstancesApi.RefuseQueryParameters);
        api.MapPost("/migrate", MigrateAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 413, 415)
            .WithSummary("Move one journey to another version of its workflow; a dry run unless dryRun is false. An answer with canMigrate false says why.");
        api.MapPost("/alterations/goto", GoToAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415)
            .WithSummary("Continue a Waiting or Faulted journey from another step of its version; 409 while a once-only call's outcome is unknown.");
        api.MapPost("/alterations/variables", SetVariablesAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415)
            .WithSummary("Set workflow variables of a Waiting or Faulted journey, each checked against the definition's variables.");
        // Admin only, in a group of its own: under the Operator group's policy a Viewer was told it needed the Operator role.
        var admin = app.MapGroup("/api/instances/{id}").ProducesProblems(401, 503).WithTags("Instances").RequireAuthorization(Policies.Admin).RequireRouteValues("id");
        admin.AddEndpointFilter(InstancesApi.RefuseQueryParameters);
        admin.MapPost("/abandon", AbandonAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415)
            .WithSummary("Admin, last resort: close a journey whose stored payloads cannot be decrypted (keys lost) as Cancelled, without compensation; 409 for a readable one (cancel it) or while a once-only call's outcome is unknown and not reconciled.");
        return api;
    }

    private static async Task<Results<Ok<MigrationResult>, ProblemHttpResult>> MigrateAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var node = body.Node;
        if (!JsonFields.TryOnly(node, "a migration", out var invalid, "toVersion", "fromVersion", "stepMap", "dryRun", "reason")
            || !OperatorBody.TryReadVersion(node, "toVersion", required: true, out var toVersion, out invalid)
            || !OperatorBody.TryReadVersion(node, "fromVersion", required: false, out var fromVersion, out invalid)
            || !OperatorBody.TryReadStepMap(node, out var stepMap, out invalid)
            || !OperatorBody.TryReadBool(node, "dryRun", true, out var dryRun, out invalid))
        {
            return invalid;
        }

        string? reason = null;
        if (!dryRun)
        {
            if (!OperatorBody.TryReadRequiredReason(node, out var given, out invalid))
            {
                return invalid;
            }

            reason = given;
        }

        MigrationResult result;
        try
        {
            result = await client.MigrateAsync(id, new MigrationRequest
            {
                ToVersion = toVersion!.Value,
                FromVersion = fromVersion,
                StepMap = stepMap,
                DryRun = dryRun,
                By = user.Name(),
                Reason = reason,
            }, cancellationToken);
        }
        catch (WorkflowNotFoundException e) when (e.Version == toVersion)
        {
            return EngineExceptionHandler.VersionNotFound(e, "toVersion");
        }

        if (result.Migrated)
        {
            await audit.RecordAsync(user, AuditActions.Migrate, result.WorkflowId, id, reason,
                MigrationStepChange.AddTo(new JsonObject { ["fromVersion"] = result.FromVersion, ["toVersion"] = result.ToVersion, ["toStep"] = result.TargetStepId },
                    result.StepChange));
        }

        return TypedResults.Ok(result);
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> GoToAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (!JsonFields.TryOnly(body.Node, "a goto", out var invalid, "stepId", "reason")
            || !JsonFields.TryReadRequiredString(body.Node, "stepId", "the step of the journey's version to continue from.", out var stepId, out invalid)
            || !OperatorBody.TryReadRequiredReason(body.Node, out var reason, out invalid))
        {
            return invalid;
        }

        var instance = await client.GoToStepAsync(id, stepId, user.Name(), reason, cancellationToken);
        await audit.RecordAsync(user, AuditActions.AlterGoto, instance.WorkflowId, instance.Id, reason, new JsonObject { ["stepId"] = stepId });
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private const string MaskedSecret =
        "is a masked credential (•••• and its last four characters, as answers show it), not the credential: send the value itself, or leave the variable out to keep the one it has.";

    private static async Task<Results<Ok<InstanceSummaryView>, ProblemHttpResult>> SetVariablesAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        const string Set = "an object of variable name → new value, with at least one variable.";
        if (!JsonFields.TryOnly(body.Node, "setting variables", out var invalid, "set", "reason")
            || !JsonFields.TryReadObject(body.Node, "set", Set, out var values, out invalid))
        {
            return invalid;
        }

        if (values!.Count == 0)
        {
            return Problem.Invalid("set", "Required: " + Set);
        }

        // Answers show a credential masked (SecretValues): a client that edits what it read would send "••••3456" back and
        // replace the real token with it. Refused, naming each field; a variable left out keeps its value.
        if (SecretValues.MaskedPaths(values, "set").ToList() is { Count: > 0 } readBack)
        {
            return Problem.Invalid(readBack.ToDictionary(path => path, _ => new[] { MaskedSecret }, StringComparer.Ordinal));
        }

        if (!OperatorBody.TryReadRequiredReason(body.Node, out var reason, out invalid))
        {
            return invalid;
        }

        var instance = await client.SetVariablesAsync(id, values, user.Name(), reason, cancellationToken);
        await audit.RecordAsync(user, AuditActions.AlterVariables, instance.WorkflowId, instance.Id, reason,
            new JsonObject { ["names"] = new JsonArray(values.Select(p => (JsonNode)JsonValue.Create(p.Key)).ToArray()) });
        return TypedResults.Ok(InstanceViews.Summary(instance));
    }

    private static async Task<Results<Ok<AbandonView>, ProblemHttpResult>> AbandonAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (!JsonFields.TryOnly(body.Node, "an abandon", out var invalid, "reason", "intentsReconciled")
            || !OperatorBody.TryReadRequiredReason(body.Node, out var reason, out invalid)
            || !OperatorBody.TryReadBool(body.Node, "intentsReconciled", false, out var intentsReconciled, out invalid))
        {
            return invalid;
        }

        var result = await client.AbandonAsync(id, reason, user.Name(), intentsReconciled, cancellationToken);
        var intents = AbandonedIntentView.From(result.UnresolvedIntents);
        await audit.RecordAsync(user, AuditActions.Abandon, result.Instance.WorkflowId, id, reason, AbandonView.AuditData(result));
        return TypedResults.Ok(new AbandonView(InstanceViews.Summary(result.Instance), result.StepId, intents, result.CompensationsNotRun));
    }
}

/// <summary>
/// An abandoned journey (Cancelled), the once-only calls it left with their outcome unknown, and the compensations a
/// cancel would have run: both for the operator to settle with the lender by hand.
/// </summary>
internal sealed record AbandonView(InstanceSummaryView Instance, string? AtStep, IReadOnlyList<AbandonedIntentView> UnresolvedIntents, IReadOnlyList<SkippedCompensation> CompensationsNotRun)
{
    /// <summary>The audit entry's data of an abandon, single or bulk: the step, the calls left unresolved, the compensations not run.</summary>
    public static JsonObject AuditData(AbandonResult result) => new()
    {
        ["step"] = result.StepId,
        ["unresolvedIntents"] = new JsonArray(result.UnresolvedIntents.Select(i => (JsonNode?)JsonValue.Create($"{i.Key} at step {i.StepId}")).ToArray()),
        ["compensationsNotRun"] = new JsonArray(result.CompensationsNotRun.Select(c => (JsonNode?)JsonValue.Create($"{c.Activity} for step {c.StepId}{(c.InThisBuild ? "" : " (not in this build)")}")).ToArray()),
    };
}

/// <summary>A once-only call an abandoned journey sent whose outcome it never learnt.</summary>
internal sealed record AbandonedIntentView(string Key, string StepId, DateTimeOffset CreatedAt)
{
    public static List<AbandonedIntentView> From(IReadOnlyList<IntentRecord> intents) => intents.Select(i => new AbandonedIntentView(i.Key, i.StepId, i.CreatedAt)).ToList();
}
