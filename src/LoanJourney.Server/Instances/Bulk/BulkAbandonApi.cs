using System.Security.Claims;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Engine.Storage;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Events;
using LoanJourney.Server.Http;
using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Instances.Bulk;

/// <summary>
/// Abandon, the Admin's last resort for journeys whose keys are lost for good (<c>POST /api/instances/{id}/abandon</c>),
/// for every journey of a selection (docs/api.md, "Abandon"): lost keys strand every journey written with them. A dry run
/// unless <c>dryRun</c> is false, whether by <c>ids</c> or by <c>filter</c>, because nothing of an abandoned journey's
/// compensations runs. Each journey is checked and closed on its own, as the single abandon does: one this node can read
/// is left for a cancel, and one with a once-only call of unknown outcome is left until the Admin names it in
/// <c>intentsReconciled</c> — one by one: a blanket "reconciled" over a batch would be a guess about money.
/// </summary>
internal static class BulkAbandonApi
{
    public static RouteHandlerBuilder MapBulkAbandon(this RouteGroupBuilder api) =>
        api.MapPost("/instances/bulk/abandon", AbandonAsync).Accepts<JsonObject>("application/json")
            .ProducesProblems(400, 403, 409, 413, 415)
            .WithSummary("Admin, last resort: abandon every journey of a selection (ids or filter) that no node can decrypt; a dry run unless dryRun is false. " +
                "Readable journeys are left (cancel them); one with a once-only call of unknown outcome only when its id is in intentsReconciled.");

    private static async Task<Results<Ok<BulkAbandonView>, ProblemHttpResult>> AbandonAsync(HttpRequest request, ClaimsPrincipal user, IWorkflowClient client,
        DeferralApis deferralApis, AuditTrail audit, BodyLimits limits, BulkOptions options, BulkProgressFeed progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var node = body.Node!;
        if (!JsonFields.TryOnly(node, "a bulk abandon", out var invalid, "ids", "filter", "dryRun", "reason", "intentsReconciled")
            || !OperatorBody.TryReadBool(node, "dryRun", true, out var dryRun, out invalid))
        {
            return invalid;
        }

        var reason = "";
        if (!dryRun && !OperatorBody.TryReadRequiredReason(node, out reason, out invalid))
        {
            return invalid;
        }

        if (!TryReadReconciled(node, out var reconciledIds, out invalid))
        {
            return invalid;
        }

        var reconciled = reconciledIds.ToHashSet(StringComparer.Ordinal);
        var batchId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        IReadOnlyList<(string Id, WorkflowInstanceSummary? Summary)> selection;
        long matched;
        int? cap = null;
        if (node["ids"] is not null && node["filter"] is not null)
        {
            return Problem.Invalid("ids", "Either \"ids\" or \"filter\", not both.");
        }

        if (node["filter"] is { } filter)
        {
            var (query, refused) = await BulkFilter.ParseAsync(filter, time.GetUtcNow(), BulkFilter.Unfinished, deferralApis, cancellationToken);
            if (refused is not null)
            {
                return refused;
            }

            var (matches, count) = await BulkFilter.MatchAsync(client, query, options.MaxInstances, cancellationToken);
            if (!dryRun && count > options.MaxInstances)
            {
                return BulkOperationsApi.CapExceeded(count, options.MaxInstances);
            }

            selection = matches.Select(m => (m.Id, (WorkflowInstanceSummary?)m)).ToList();
            matched = count;
            cap = options.MaxInstances;
        }
        else
        {
            if (!InstancesApi.TryReadIds(node, "ids", out var ids, out invalid))
            {
                return invalid;
            }

            selection = ids.Distinct(StringComparer.Ordinal).Select(id => (id, (WorkflowInstanceSummary?)null)).ToList();
            matched = selection.Count;
        }

        var items = new List<BulkAbandonItem>(selection.Count);
        var handled = 0;
        foreach (var chunk in selection.Chunk(options.BatchSize))
        {
            handled += chunk.Length;
            foreach (var (id, summary) in chunk)
            {
                if (await AbandonOneAsync(id, summary, dryRun, reason, reconciled.Contains(id), user, client, audit, batchId, cancellationToken) is { } item)
                {
                    items.Add(item);
                }
            }

            if (!dryRun)
            {
                progress.Publish(new BulkProgress(batchId, "abandon", selection.Count, items.Count, items.Count(i => i.Abandoned), items.Count(i => !i.Abandoned),
                    items.Count == selection.Count));
                await options.PauseAfterBatchAsync(handled < selection.Count, time, cancellationToken);
            }
        }

        return TypedResults.Ok(new BulkAbandonView(batchId, dryRun, matched, cap, items.Count(i => i.CanAbandon), items.Count(i => i.Abandoned), items));
    }

    private static async Task<BulkAbandonItem?> AbandonOneAsync(string id, WorkflowInstanceSummary? selected, bool dryRun, string reason, bool intentsReconciled,
        ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, string batchId, CancellationToken cancellationToken)
    {
        // A dry run previews; an apply abandons straight away, the engine running the same checks once (no preview first).
        AbandonResult result;
        try
        {
            result = dryRun
                ? await client.PreviewAbandonAsync(id, cancellationToken)
                : await client.AbandonAsync(id, reason, user.Name(), intentsReconciled, cancellationToken);
        }
        catch (InstanceNotFoundException) when (selected is not null)
        {
            return null; // erased since it was matched
        }
        catch (UnresolvedIntentException e)
        {
            // Applied to a journey with an unknown outcome not named in intentsReconciled: left, its calls listed.
            var left = Unresolved(id, e.Intents);
            return new BulkAbandonItem(id, selected?.WorkflowId, selected?.Status, selected?.CurrentStepId, false, false, left.Code, left.Message, AbandonedIntentView.From(e.Intents), []);
        }
        catch (WorkflowEngineException e)
        {
            if (selected is null && e is InstanceReadableException or InvalidInstanceStateException)
            {
                // Chosen by id: where it stands comes from the journey itself, which this node can read (or which has finished).
                try
                {
                    var instance = await client.GetInstanceAsync(id, cancellationToken);
                    return new BulkAbandonItem(id, instance.WorkflowId, instance.Status, instance.CurrentStepId, false, false, e.Code, e.Message, [], []);
                }
                catch (WorkflowEngineException)
                {
                    // A finished journey it cannot read: the reason alone.
                }
            }

            return BulkAbandonItem.Refused(id, selected, e);
        }

        var intents = AbandonedIntentView.From(result.UnresolvedIntents);
        if (dryRun)
        {
            if (intents.Count > 0 && !intentsReconciled)
            {
                var left = Unresolved(id, result.UnresolvedIntents);
                return BulkAbandonItem.From(result, intents, canAbandon: false, abandoned: false, left.Code, left.Message);
            }

            return BulkAbandonItem.From(result, intents, canAbandon: true, abandoned: false, null, null);
        }

        var data = AbandonView.AuditData(result);
        data.Insert(0, "batchId", batchId);
        await audit.RecordAsync(user, AuditActions.BulkAbandon, result.Instance.WorkflowId, id, reason, data);
        return BulkAbandonItem.From(result, intents, canAbandon: true, abandoned: true, null, null);
    }

    private static UnresolvedIntentException Unresolved(string id, IReadOnlyList<IntentRecord> intents) => new(id, intents,
        "the journey can never learn its outcome: reconcile it with the lender, then name it in \"intentsReconciled\".");

    // "intentsReconciled": the journeys whose once-only calls the Admin reconciled, named one by one (never true for a batch).
    private static bool TryReadReconciled(JsonNode body, out IReadOnlyList<string> ids, out ProblemHttpResult invalid)
    {
        const string Rule = "An array of the instance ids whose once-only calls of unknown outcome you reconciled with the lender, " +
            "one by one (not true: a batch is not reconciled as a whole).";
        ids = [];
        if (!JsonFields.TryReadStrings(body, "intentsReconciled", null, out var given, out invalid, hint: Rule))
        {
            return false;
        }

        if (given is not null && (given.Count > InstancesApi.MaxBulk || given.Any(string.IsNullOrWhiteSpace)))
        {
            invalid = Problem.Invalid("intentsReconciled", Rule);
            return false;
        }

        ids = given ?? [];
        return true;
    }
}

/// <summary>The answer of <c>POST /api/instances/bulk/abandon</c>.</summary>
/// <param name="BatchId">Id of this run, in its <c>bulk</c> progress events and the audit entries.</param>
/// <param name="DryRun">Nothing was written.</param>
/// <param name="Matched">Journeys selected: the filter's matches, or the ids given.</param>
/// <param name="Cap">By filter: the most one request handles (<c>Server:Bulk:MaxInstances</c>).</param>
/// <param name="CanAbandon">How many can be abandoned (dry run) or could when checked (applied).</param>
/// <param name="Abandoned">How many were abandoned.</param>
/// <param name="Items">Per journey: where it stands, what abandoning leaves to settle by hand, or why it is left.</param>
internal sealed record BulkAbandonView(string BatchId, bool DryRun, long Matched, int? Cap, int CanAbandon, int Abandoned, IReadOnlyList<BulkAbandonItem> Items);

/// <summary>One journey of a bulk abandon.</summary>
/// <param name="Id">The journey.</param>
/// <param name="WorkflowId">Its workflow (unknown for an id that does not exist).</param>
/// <param name="Status">Its status now (after an abandon: Cancelled).</param>
/// <param name="AtStep">The step it stands (or stood) at.</param>
/// <param name="CanAbandon">It is (or was) abandonable by this request.</param>
/// <param name="Abandoned">It was abandoned.</param>
/// <param name="Code">Why it is left: <c>instance_readable</c> (cancel it), <c>invalid_state</c>, <c>unresolved_intent</c>, <c>instance_not_found</c>.</param>
/// <param name="Error">The same in words.</param>
/// <param name="UnresolvedIntents">Once-only calls whose outcome it never learnt: reconcile each with the lender.</param>
/// <param name="CompensationsNotRun">Compensations a cancel would have run: for the operator to settle by hand.</param>
internal sealed record BulkAbandonItem(
    string Id,
    string? WorkflowId,
    WorkflowStatus? Status,
    string? AtStep,
    bool CanAbandon,
    bool Abandoned,
    string? Code,
    string? Error,
    IReadOnlyList<AbandonedIntentView> UnresolvedIntents,
    IReadOnlyList<SkippedCompensation> CompensationsNotRun)
{
    public static BulkAbandonItem From(AbandonResult result, IReadOnlyList<AbandonedIntentView> intents, bool canAbandon, bool abandoned, string? code, string? error) =>
        new(result.Instance.Id, result.Instance.WorkflowId, result.Instance.Status, result.StepId, canAbandon, abandoned, code, error, intents, result.CompensationsNotRun);

    public static BulkAbandonItem Refused(string id, WorkflowInstanceSummary? selected, WorkflowEngineException error) =>
        new(id, selected?.WorkflowId, selected?.Status, selected?.CurrentStepId, false, false, error.Code, error.Message, [], []);
}
