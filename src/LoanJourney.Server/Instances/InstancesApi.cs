using System.Text.Json.Nodes;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Http;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Instances;

/// <summary>Starting, listing, inspecting and operating journeys (docs/api.md, "Instances").</summary>
internal static class InstancesApi
{
    private const int MaxBulk = 500;
    private const int MaxIdempotencyKeyLength = 200;

    public static RouteGroupBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().WithTags("Instances");
        api.MapPost("/workflows/{workflowId}/instances", StartAsync).Accepts<JsonObject>("application/json");
        api.MapGet("/instances", ListAsync);
        api.MapGet("/instances/{id}", GetAsync);
        api.MapGet("/instances/{id}/journal", JournalAsync);
        api.MapPost("/instances/{id}/signals/{name}", SignalAsync).Accepts<JsonObject>("application/json");
        api.MapPost("/instances/{id}/cancel", CancelAsync);
        api.MapPost("/instances/{id}/incident/retry", RetryAsync);
        api.MapPost("/instances/{id}/incident/skip", SkipAsync).Accepts<JsonObject>("application/json");
        api.MapPost("/instances/{id}/incident/confirm-sent", ConfirmSentAsync).Accepts<JsonObject>("application/json");
        api.MapPost("/instances/{id}/incident/confirm-not-sent", ConfirmNotSentAsync);
        api.MapPost("/instances/bulk/cancel", (HttpRequest r, IWorkflowClient c, BodyLimits l, CancellationToken t) =>
            BulkAsync(r, l, (id, ct) => c.CancelAsync(id, "bulk cancel", ct), t)).Accepts<JsonObject>("application/json");
        api.MapPost("/instances/bulk/retry", (HttpRequest r, IWorkflowClient c, BodyLimits l, CancellationToken t) =>
            BulkAsync(r, l, c.RetryIncidentAsync, t)).Accepts<JsonObject>("application/json");
        return api;
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, Ok<InstanceSummaryView>, ProblemHttpResult>> StartAsync(
        string workflowId, int? version, HttpRequest request, IWorkflowClient client, EngineInitializer initializer,
        WorkflowDefinitionCatalog catalog, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Start, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var input = body.Node ?? new JsonObject();
        if (JourneyInputValidator.Validate(input) is { Count: > 0 } errors)
        {
            return Problem.Invalid(errors);
        }

        var idempotencyKey = request.Headers["Idempotency-Key"].ToString().Trim();
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            return Problem.Invalid("Idempotency-Key", $"At most {MaxIdempotencyKeyLength} characters.");
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var workflow = version is { } v ? await catalog.GetAsync(workflowId, v, cancellationToken) : catalog.GetLatest(workflowId);
        var correlationId = request.Headers["X-Correlation-Id"].ToString().Trim() is { Length: > 0 } header ? header : DefaultCorrelationId(workflow, input);
        if (idempotencyKey.Length > 0 && await client.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken) is { } existing)
        {
            return existing.WorkflowId == workflowId
                ? TypedResults.Ok(InstanceViews.Summary(existing))
                : Problem.Conflict($"Idempotency-Key '{idempotencyKey}' was already used to start workflow '{existing.WorkflowId}'.", "idempotency_key_reused");
        }

        // Two concurrent first starts with one key both get 202 with the same instance: the store keeps one.
        var instance = await client.StartAsync(workflowId, input, new StartOptions
        {
            CorrelationId = correlationId,
            IdempotencyKey = idempotencyKey.Length > 0 ? idempotencyKey : null,
            Version = version,
        }, cancellationToken);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Ok<InstanceListView>, ProblemHttpResult>> ListAsync(
        HttpRequest request, IWorkflowClient client, TimeProvider time, CancellationToken cancellationToken)
    {
        var (query, errors) = InstanceQueryParser.Parse(request.Query, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var list = await client.ListInstancesAsync(query, cancellationToken);
        return TypedResults.Ok(new InstanceListView(list.Items.Select(InstanceViews.Summary).ToList(), list.Total, list.CountsByStatus));
    }

    private static async Task<Ok<InstanceDetailView>> GetAsync(string id, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(id, cancellationToken);
        var input = await client.GetInstanceInputAsync(id, cancellationToken);
        return TypedResults.Ok(InstanceViews.Detail(instance, input));
    }

    private static async Task<Results<Ok<JournalPageView>, ProblemHttpResult>> JournalAsync(
        string id, HttpRequest request, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var skip = InstanceQueryParser.Integer(request.Query, "skip", 0, 0, int.MaxValue, errors);
        var take = InstanceQueryParser.Integer(request.Query, "take", 200, 1, 1000, errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var page = await client.ReadJournalAsync(id, skip, take, cancellationToken);
        return TypedResults.Ok(new JournalPageView(page.Items.Select(InstanceViews.Journal).ToList(), page.Total));
    }

    // The payload may be an OTP: it goes to the engine and nowhere else (never logged, never echoed).
    // It may also be a re-uploaded bank statement (base64, up to FinBox's 5 MB per file): signals get the start limit.
    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> SignalAsync(
        string id, string name, HttpRequest request, IWorkflowClient client, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Start, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var instance = await client.SignalAsync(id, name, body.Node, cancellationToken);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> CancelAsync(
        string id, HttpRequest request, IWorkflowClient client, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        string? reason = null;
        if (body.Node?["reason"] is { } reasonNode)
        {
            if (reasonNode is not JsonValue value || !value.TryGetValue(out reason))
            {
                return Problem.Invalid("reason", "Must be a string.");
            }
        }

        var instance = await client.CancelAsync(id, reason, cancellationToken);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Accepted<InstanceSummaryView>> RetryAsync(string id, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var instance = await client.RetryIncidentAsync(id, cancellationToken);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> SkipAsync(
        string id, HttpRequest request, IWorkflowClient client, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Node?["outcome"] is not JsonValue outcomeNode || !outcomeNode.TryGetValue<string>(out var outcome) || string.IsNullOrWhiteSpace(outcome))
        {
            return Problem.Invalid("outcome", "Required: the outcome to continue with (one of the faulted step's outcomes).");
        }

        var instance = await client.SkipIncidentAsync(id, outcome, cancellationToken);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    // Outcome-unknown incidents (docs/api.md): the operator checked with the lender that the money call took effect.
    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> ConfirmSentAsync(
        string id, HttpRequest request, IWorkflowClient client, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Node?["reference"] is not JsonValue referenceNode || !referenceNode.TryGetValue<string>(out var reference)
            || string.IsNullOrWhiteSpace(reference) || reference.Length > MaxIdempotencyKeyLength)
        {
            return Problem.Invalid("reference", $"Required: the lender's reference for the call that took effect (a tranche id, a referenceID), 1 to {MaxIdempotencyKeyLength} characters.");
        }

        var instance = await client.DecideOutcomeAsync(id, sent: true, reference.Trim(), cancellationToken);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Accepted<InstanceSummaryView>> ConfirmNotSentAsync(string id, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var instance = await client.DecideOutcomeAsync(id, sent: false, reference: null, cancellationToken);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Ok<BulkResultView>, ProblemHttpResult>> BulkAsync(
        HttpRequest request, BodyLimits limits, Func<string, CancellationToken, Task<WorkflowInstance>> operation, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Node?["ids"] is not JsonArray ids || ids.Count == 0 || ids.Count > MaxBulk
            || ids.Any(i => i is not JsonValue v || !v.TryGetValue<string>(out var s) || string.IsNullOrWhiteSpace(s)))
        {
            return Problem.Invalid("ids", $"Required: an array of 1 to {MaxBulk} instance ids (strings).");
        }

        var results = new List<BulkItemResult>();
        foreach (var id in ids.Select(i => i!.GetValue<string>()).Distinct(StringComparer.Ordinal))
        {
            try
            {
                await operation(id, cancellationToken);
                results.Add(new BulkItemResult(id, true, null, null));
            }
            catch (WorkflowEngineException e)
            {
                results.Add(new BulkItemResult(id, false, e.Message, e.Code));
            }
        }

        return TypedResults.Ok(new BulkResultView(results));
    }

    // "Defaults to the input's customer id when the workflow declares one" (docs/api.md).
    private static string? DefaultCorrelationId(CompiledWorkflow workflow, JsonNode input)
    {
        var field = workflow.Definition.Input.FirstOrDefault(f =>
            f.Name.Replace("_", "", StringComparison.Ordinal).Equals("customerId", StringComparison.OrdinalIgnoreCase));
        return field is not null && input[field.Name] is JsonValue value && value.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;
    }
}
