using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using LoanJourney.Engine.Activities;
using LoanJourney.Engine.Definitions;
using LoanJourney.Engine.Errors;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.Common;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Events;
using LoanJourney.Server.Http;
using LoanJourney.Server.Instances.Bulk;
using LoanJourney.Server.Problems;
using LoanJourney.Server.OpenApi;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoanJourney.Server.Instances;

/// <summary>Starting, listing, inspecting and operating journeys (docs/api.md, "Instances").</summary>
internal static class InstancesApi
{
    /// <summary>The most journeys a bulk operation by <c>ids</c> names (retry, cancel, abandon).</summary>
    internal const int MaxBulk = 500;
    private const int MaxKeyLength = KeyValues.MaxLength;
    private const int MaxReasonLength = OperatorBody.MaxReasonLength;

    /// <summary>The generic start operation; the document adds one start operation per workflow beside it (OpenApi/WorkflowStartOperations).</summary>
    public const string StartOperationId = "startJourney";

    public static RouteGroupBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").ProducesProblems(401, 503).WithTags("Instances").RequireRouteValues("id", "name");
        var read = api.MapGroup("").RequireAuthorization(Policies.Viewer);
        // A partner-scoped principal (PartnerScope) lists its partner's journeys, and reads, signals and cancels one of them only.
        read.MapGet("/instances", ListAsync).ProducesProblems(400, 403).AllowPartners()
            .WithSummary("Journeys, filtered and paged (docs/api.md); pass a page's 'next' back as ?after= for the page after it (keyset paging), or use skip.")
            .AddOpenApiOperationTransformer(InstanceQueryParameters.List);
        read.MapGet("/instances/{id}", GetAsync).ProducesProblems(403, 404).AllowPartners().AddEndpointFilter(PartnerScope.OwnJourneysOnly);
        read.MapGet("/instances/{id}/journal", JournalAsync).ProducesProblems(400, 403, 404).AllowPartners().AddEndpointFilter(PartnerScope.OwnJourneysOnly)
            .AddOpenApiOperationTransformer(InstanceQueryParameters.Journal);

        // Every operation names its principal in the journal entry (by, reason), the audit trail and the log.
        var operate = api.MapGroup("").RequireAuthorization(Policies.Operator);
        operate.AddEndpointFilter(RefuseQueryParameters);
        operate.MapPost("/workflows/{workflowId}/instances", StartAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 413, 415).ProducesConflict(ConflictResponses.Start)
            .WithName(StartOperationId).WithSummary("Start a journey; the body is checked against GET /api/workflows/{workflowId}/input-schema.")
            .AllowPartners();
        operate.MapPost("/instances/{id}/signals/{name}", SignalAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 413, 415)
            .ProducesConflict(ConflictResponses.Signal)
            .AllowPartners().AddEndpointFilter(PartnerScope.OwnJourneysOnly);
        operate.MapPost("/instances/{id}/cancel", CancelAsync).ProducesProblems(400, 403, 404, 413, 415).ProducesConflict(ConflictResponses.Cancel)
            .AddOpenApiOperationTransformer(ReasonBodies.Cancel).AllowPartners().AddEndpointFilter(PartnerScope.OwnJourneysOnly);
        operate.MapPost("/instances/{id}/incident/retry", RetryAsync).ProducesProblems(400, 403, 404, 409, 413, 415)
            .AddOpenApiOperationTransformer(ReasonBodies.Retry);
        operate.MapPost("/instances/{id}/incident/skip", SkipAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415);
        operate.MapPost("/instances/{id}/incident/confirm-sent", ConfirmSentAsync).Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 404, 409, 413, 415);
        operate.MapPost("/instances/{id}/incident/confirm-not-sent", ConfirmNotSentAsync).ProducesProblems(400, 403, 404, 409, 413, 415)
            .AddOpenApiOperationTransformer(ReasonBodies.ConfirmNotSent);
        // By "ids" (up to 500), or by "filter" (the fields of GET /api/instances; a dry run unless dryRun is false): BulkOperationsApi.
        operate.MapPost("/instances/bulk/cancel", (HttpRequest r, ClaimsPrincipal u, IWorkflowClient c, DeferralApis d, AuditTrail a, BodyLimits l, BulkOptions o, BulkProgressFeed p, TimeProvider time, CancellationToken t) =>
            BulkAsync(r, u, a, l, AuditActions.BulkCancel, (id, reason, ct) => c.CancelAsync(id, reason, u.Name(), ct),
                body => BulkOperationsApi.ByFilterAsync(body, u, c, d, a, o, p, time, "cancel", AuditActions.BulkCancel, BulkFilter.Unfinished, (id, reason, ct) => c.CancelAsync(id, reason, u.Name(), ct), t), t))
            .Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 409, 413, 415);
        operate.MapPost("/instances/bulk/retry", (HttpRequest r, ClaimsPrincipal u, IWorkflowClient c, DeferralApis d, AuditTrail a, BodyLimits l, BulkOptions o, BulkProgressFeed p, TimeProvider time, CancellationToken t) =>
            BulkAsync(r, u, a, l, AuditActions.BulkRetry, (id, reason, ct) => c.RetryIncidentAsync(id, u.Name(), reason, ct),
                body => BulkOperationsApi.ByFilterAsync(body, u, c, d, a, o, p, time, "retry", AuditActions.BulkRetry, [WorkflowStatus.Faulted], (id, reason, ct) => c.RetryIncidentAsync(id, u.Name(), reason, ct), t), t))
            .Accepts<JsonObject>("application/json").ProducesProblems(400, 403, 409, 413, 415);
        return api;
    }

    private static readonly HashSet<string> StartParameters = new(["version"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> JournalParameters = new(["skip", "take"], StringComparer.OrdinalIgnoreCase);

    // The operations on a journey, and bulk, take their fields in the body and no query parameter: a partner's
    // ?reason=borrower%20withdrew on a cancel was ignored (walk 43), the journey cancelled with no reason recorded. A start's
    // own check (StartAsync) takes version. Refused before the body is read or anything is done. The alterations, migrations
    // and abandons (AlterationsApi, BulkOperationsApi) use it too.
    internal static async ValueTask<object?> RefuseQueryParameters(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.Query.Count == 0 || request.RouteValues.ContainsKey("workflowId"))
        {
            return await next(context);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InstanceQueryParser.RefuseUnknown(request.Query, NoParameters, "this operation takes no query parameter; send its fields in the JSON body", errors);
        return Problem.Invalid(errors);
    }

    private static readonly HashSet<string> NoParameters = new(StringComparer.Ordinal);

    private static async Task<Results<Accepted<InstanceSummaryView>, Ok<InstanceSummaryView>, ProblemHttpResult>> StartAsync(
        string workflowId, [Range(1, int.MaxValue)] int? version, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKeyHeader,
        [FromHeader(Name = "X-Correlation-Id")] string? correlationIdHeader, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client,
        EngineInitializer initializer, WorkflowDefinitionCatalog catalog, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Start, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var idempotencyKey = idempotencyKeyHeader?.Trim() ?? "";
        var headerErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (KeyValues.Problem(idempotencyKey) is { } keyError)
        {
            headerErrors["Idempotency-Key"] = [keyError];
        }

        var correlationHeader = correlationIdHeader?.Trim() ?? "";
        if (KeyValues.Problem(correlationHeader) is { } correlationError)
        {
            headerErrors["X-Correlation-Id"] = [correlationError];
        }

        // A start takes one query parameter: walk 43's ?verison=1 (a partner pinning a version) was ignored and started the latest.
        InstanceQueryParser.RefuseUnknown(request.Query, StartParameters, "a start takes version (the query) only; the input is the body", headerErrors);
        if (headerErrors.Count > 0)
        {
            return Problem.Invalid(headerErrors);
        }

        await initializer.EnsureInitializedAsync(cancellationToken);
        var workflow = version is { } v ? await catalog.GetAsync(workflowId, v, cancellationToken) : catalog.GetLatest(workflowId);
        var input = body.Node ?? new JsonObject();
        // The engine's judgement of the input against this version, made once: its errors answered here with the server's own
        // checks, before the key is looked up (a replay with a bad input is a 400, as it always was), and passed with the start
        // so the engine does not evaluate the schema again (round 61, docs/PERFORMANCE.md).
        var judged = WorkflowInputSchema.Judge(workflow, input);
        if (InputErrors(workflow, input, judged) is { Count: > 0 } errors)
        {
            return Problem.Invalid(errors);
        }

        var correlationId = correlationHeader.Length > 0 ? correlationHeader : DefaultCorrelationId(workflow, input);
        // A scoped principal's keys live in its partner's namespace (PartnerScope): the same key from two partners is two journeys.
        var storedKey = idempotencyKey.Length > 0 ? PartnerScope.StoredIdempotencyKey(user, idempotencyKey) : null;
        if (storedKey is not null && await client.FindByIdempotencyKeyAsync(storedKey, cancellationToken) is { } existing)
        {
            return await ReplayAsync(existing.Id, existing.WorkflowId, InstanceViews.Summary(existing));
        }

        // The key's journey was redacted (retention or an erasure cleared its key): a replay must not start the loan journey
        // again (a partner's retry months later would be a second loan), and it cannot be compared with an input that is gone.
        // Refused while the tombstone is kept (Retention:IdempotencyTombstones; session 44).
        if (storedKey is not null && await client.FindIdempotencyTombstoneAsync(storedKey, cancellationToken) is { } tombstone)
        {
            return Problem.Conflict(
                $"Idempotency-Key '{idempotencyKey}' started journey {tombstone.InstanceId} of workflow '{tombstone.WorkflowId}', whose data was removed on " +
                $"{tombstone.PurgedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}; a start with this key is not run again. " +
                "Send a new Idempotency-Key to start a new journey.",
                "idempotency_key_purged",
                new Dictionary<string, object?> { ["header"] = "Idempotency-Key", ["instanceId"] = tombstone.InstanceId, ["purgedAt"] = tombstone.PurgedAt });
        }

        // The audit entry commits with the journey (round 47): none for a replay, none for a start that did not commit.
        AuditEntry? audited = null;
        var instance = await client.StartAsync(workflowId, input, new StartOptions
        {
            CorrelationId = correlationId,
            IdempotencyKey = storedKey,
            Version = version,
            StartedBy = user.Name(),
            Partner = user.Partner(),
            Audit = audit.StartEntry(user, entry => audited = entry),
            JudgedInput = judged,
        }, cancellationToken);
        if (instance.IsReplay)
        {
            // Another start with this key committed between the look-up above and this insert (a partner's client retrying at
            // once, 20 at a time in walk 43): the store kept that one, so this is a replay and is judged as one. Before, every
            // loser of the race got 202 with the winner's journey, whatever its workflow or input (another borrower's), and
            // each recorded a start in the audit trail.
            return await ReplayAsync(instance.Id, instance.WorkflowId, InstanceViews.Summary(instance));
        }

        audit.Recorded(audited ?? throw new InvalidOperationException($"Journey {instance.Id} was started without its audit entry."));
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));

        // A replay is the same request again. The same key for another workflow, or with another input (a key reused for the
        // next borrower), is a caller's bug: answering the first journey would hide it, and hand over another borrower's
        // journey. A redacted journey's input is gone ({}), so any replay fits.
        async Task<Results<Accepted<InstanceSummaryView>, Ok<InstanceSummaryView>, ProblemHttpResult>> ReplayAsync(
            string existingId, string existingWorkflowId, InstanceSummaryView summary)
        {
            if (existingWorkflowId != workflowId)
            {
                return Problem.Conflict($"Idempotency-Key '{idempotencyKey}' was already used to start workflow '{existingWorkflowId}'.", "idempotency_key_reused", Reused());
            }

            return await client.GetInstanceInputAsync(existingId, cancellationToken) is JsonObject { Count: > 0 } stored && !JsonNode.DeepEquals(stored, input)
                ? Problem.Conflict($"Idempotency-Key '{idempotencyKey}' was already used to start journey {existingId} with a different input.", "idempotency_key_reused", Reused())
                : TypedResults.Ok(summary);

            // Named as the purged key's 409 names it (session 45's partner walk: this one named neither the header nor the
            // journey, so a client had to parse the detail). The journey is the caller's own: keys are per partner.
            Dictionary<string, object?> Reused() => new() { ["header"] = "Idempotency-Key", ["instanceId"] = existingId };
        }
    }

    // One answer for everything wrong with a start input: the fields that do not fit the workflow's input schema (the
    // engine's own judgement, WorkflowInputSchema.Judge, which a start passes on so the engine does not make it again) and, wherever they appear, the journey fields whose
    // format the schema does not carry (mobile, PAN, dates, amounts: JourneyInputValidator). A field both reject is
    // named once, with the schema's message first.
    internal static Dictionary<string, string[]> InputErrors(CompiledWorkflow workflow, JsonNode input) =>
        InputErrors(workflow, input, WorkflowInputSchema.Judge(workflow, input));

    // The same, with the engine's judgement of the input against the schema made already (StartAsync passes it on to the engine).
    private static Dictionary<string, string[]> InputErrors(CompiledWorkflow workflow, JsonNode input, StartInputJudgement judged)
    {
        var errors = judged.Errors
            .GroupBy(e => e.Field == "$" ? "body" : e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        foreach (var (field, messages) in JourneyInputValidator.Validate(input))
        {
            // A masked credential is said for what it is, whatever the schema said of the same field (a pattern it fails).
            if (messages is [JourneyInputValidator.MaskedCredential])
            {
                errors[field] = messages;
            }
            else
            {
                errors.TryAdd(field, messages);
            }
        }

        // The customer id becomes the journey's correlation id, which erasure finds a borrower's journeys by: one that cannot be
        // (over 200 characters, a control character) had started a journey no erasure request could reach (session 36).
        if (CustomerId(workflow, input) is ({ } customerIdField, { } id) && KeyValues.Problem(id) is { } error)
        {
            errors.TryAdd(customerIdField, [$"{error} The customer id is the journey's correlation id, by which erasure finds the borrower's journeys."]);
        }

        return errors;
    }

    private static async Task<Results<Ok<InstanceListView>, ProblemHttpResult>> ListAsync(
        HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, DeferralApis deferralApis, TimeProvider time, CancellationToken cancellationToken)
    {
        var (query, errors) = InstanceQueryParser.Parse(request.Query, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        // A scoped principal's list, total and counts are its partner's journeys only (counted over the rows, not the counters).
        // It cannot widen that scope: ?partner= naming another partner is a 400 about its own scope, which says nothing of
        // whether that partner exists (an empty page would read as "you have no journeys" to a partner with a typo).
        if (user.Partner() is { } partner)
        {
            if (query.Partner is { } named && !string.Equals(named, partner, StringComparison.Ordinal))
            {
                return Problem.Invalid("partner", $"This principal acts for partner '{partner}' and lists its journeys only: leave partner out, or name '{partner}'.");
            }

            // The team's own journeys are not a scoped principal's to list (session 44); hasPartner=true is its own list already.
            if (query.HasPartner is false)
            {
                return Problem.Invalid("hasPartner", $"This principal acts for partner '{partner}' and lists its journeys only: leave hasPartner out.");
            }

            query = query with { Partner = partner };
        }

        if (await deferralApis.RefusalAsync(query, "deferredOn", user.Partner(), cancellationToken) is { } refused)
        {
            return refused;
        }

        var list = await client.ListInstancesAsync(query, cancellationToken);
        return TypedResults.Ok(new InstanceListView(list.Items.Select(InstanceViews.Summary).ToList(), list.Total, list.CountsByStatus, list.Next(query)?.Encode()));
    }

    private static async Task<Ok<InstanceDetailView>> GetAsync(string id, ClaimsPrincipal user, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var detail = await client.GetInstanceDetailAsync(id, cancellationToken);
        return TypedResults.Ok(InstanceViews.Detail(detail.Instance, detail.Input, detail.CancelRefusal, InstanceViews.SecretsWhole(user)));
    }

    private static async Task<Results<Ok<JournalPageView>, ProblemHttpResult>> JournalAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        InstanceQueryParser.RefuseUnknown(request.Query, JournalParameters, "a journal page takes skip and take", errors);
        var skip = InstanceQueryParser.Integer(request.Query, "skip", 0, 0, int.MaxValue, errors);
        var take = InstanceQueryParser.Integer(request.Query, "take", InstanceQueryParameters.JournalDefaultTake, 1, InstanceQueryParameters.JournalMaxTake, errors);
        if (errors.Count > 0)
        {
            return Problem.Invalid(errors);
        }

        var page = await client.ReadJournalAsync(id, skip, take, cancellationToken);
        var secretsWhole = InstanceViews.SecretsWhole(user);
        return TypedResults.Ok(new JournalPageView(page.Items.Select(e => InstanceViews.Journal(e, secretsWhole)).ToList(), page.Total));
    }

    // The payload may be an OTP: it goes to the engine and nowhere else (never logged, never echoed).
    // It may also be a re-uploaded bank statement (base64, up to FinBox's 5 MB per file): signals get the start limit.
    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> SignalAsync(
        string id, string name, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Start, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        // The common journey fields wherever they appear (a re-uploaded statement's contentBase64, a shipment's amount), as at
        // start, and a masked credential read back from an answer (the bare body of a signal named for one, "otp", too); the
        // waiting step's own fields are checked by the engine (SignalPayload).
        if (JourneyInputValidator.Validate(body.Node, SecretValues.IsSecretKey(name)) is { Count: > 0 } errors)
        {
            return Problem.Invalid(errors);
        }

        var instance = await client.SignalAsync(id, name, body.Node, user.Name(), cancellationToken);
        // A signal's trail entry says what became of it too (an OTP asked for again is not one the borrower gave right; a shipment
        // was queued for its step).
        var data = new JsonObject { ["signal"] = name };
        if (instance.SignalAnswer is { } answer)
        {
            data["result"] = answer.Result.ToString();
            if (answer.Reason is { } reason)
            {
                data["reason"] = reason;
            }
        }

        await audit.RecordAsync(user, AuditActions.Signal, instance.WorkflowId, instance.Id, null, data);
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, Ok<InstanceSummaryView>, ProblemHttpResult>> CancelAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var (reason, invalid) = await ReadReasonAsync(request, limits, "a cancel", required: true, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var instance = await client.CancelAsync(id, reason, user.Name(), cancellationToken);
        if (instance.CancelAlreadyRequested)
        {
            // A repeat of a cancel already under way is answered as a start's replay is: 200 with the journey, nothing new
            // requested, journaled or audited (session 47's walk: 202 and a second `cancel` entry beside the real one).
            return TypedResults.Ok(InstanceViews.Summary(instance));
        }

        // A faulted journey's cancel names the incident it ended, as the repairs do (session 46); any other has no data.
        await audit.RecordAsync(user, AuditActions.Cancel, instance.WorkflowId, instance.Id, reason, instance.AnsweredIncident is null ? null : RepairAudit.Data(instance));
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> RetryAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var (reason, invalid) = await ReadReasonAsync(request, limits, "a retry", required: false, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var instance = await client.RetryIncidentAsync(id, user.Name(), reason, cancellationToken);
        await audit.RecordAsync(user, AuditActions.Retry, instance.WorkflowId, instance.Id, reason, RepairAudit.Data(instance));
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> SkipAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (!JsonFields.TryOnly(body.Node, "a skip", out var invalid, "outcome", "reason") || !TryReadReason(body.Node, required: true, out var reason, out invalid))
        {
            return invalid;
        }

        // Required, except for a failed compensation of a journey being cancelled, which has none (the engine says which).
        if (!JsonFields.TryReadString(body.Node, "outcome", null, out var outcome, out invalid))
        {
            return invalid;
        }

        if (outcome is not null && string.IsNullOrWhiteSpace(outcome))
        {
            return Problem.Invalid("outcome", "Blank: the outcome to continue with (one of the faulted step's outcomes); none to skip a failed compensation.");
        }

        var instance = await client.SkipIncidentAsync(id, outcome, user.Name(), reason, cancellationToken);
        await audit.RecordAsync(user, AuditActions.Skip, instance.WorkflowId, instance.Id, reason,
            RepairAudit.Data(instance, outcome is null ? new JsonObject { ["compensationSkipped"] = true } : new JsonObject { ["outcome"] = outcome }));
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    // Outcome-unknown incidents (docs/api.md): the operator checked with the lender that the money call took effect.
    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> ConfirmSentAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var referenceRule = $"the lender's reference for the call that took effect (a tranche id, a referenceID), 1 to {MaxKeyLength} characters.";
        if (!JsonFields.TryOnly(body.Node, "confirm-sent", out var invalid, "reference", "reason")
            || !JsonFields.TryReadRequiredString(body.Node, "reference", referenceRule, out var reference, out invalid))
        {
            return invalid;
        }

        if (reference.Length > MaxKeyLength)
        {
            return Problem.Invalid("reference", "Too long: " + referenceRule);
        }

        if (!TryReadReason(body.Node, required: true, out var reason, out invalid))
        {
            return invalid;
        }

        var instance = await client.DecideOutcomeAsync(id, sent: true, reference.Trim(), user.Name(), reason, cancellationToken);
        await audit.RecordAsync(user, AuditActions.ConfirmSent, instance.WorkflowId, instance.Id, reason, RepairAudit.Data(instance, new JsonObject { ["reference"] = reference.Trim() }));
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Accepted<InstanceSummaryView>, ProblemHttpResult>> ConfirmNotSentAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IWorkflowClient client, AuditTrail audit, BodyLimits limits, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (!JsonFields.TryOnly(body.Node, "confirm-not-sent", out var invalid, "reason", "then")
            || !TryReadReason(body.Node, required: true, out var reason, out invalid)
            || !JsonFields.TryReadString(body.Node, "then", null, out var then, out invalid))
        {
            return invalid;
        }

        if (then is not (null or "resend" or "cancel"))
        {
            return Problem.Invalid("then", "\"resend\" (the default: the step sends the call again, once) or \"cancel\" (nothing is sent again and the journey is cancelled).");
        }

        if (then == "cancel")
        {
            var cancelled = await client.DecideNotSentAndCancelAsync(id, user.Name(), reason, cancellationToken);
            await audit.RecordAsync(user, AuditActions.ConfirmNotSent, cancelled.WorkflowId, cancelled.Id, reason, RepairAudit.Data(cancelled, new JsonObject { ["then"] = "cancel" }));
            await audit.RecordAsync(user, AuditActions.Cancel, cancelled.WorkflowId, cancelled.Id, reason, RepairAudit.Data(cancelled, new JsonObject { ["decision"] = "confirm-not-sent" }));
            return TypedResults.Accepted($"/api/instances/{cancelled.Id}", InstanceViews.Summary(cancelled));
        }

        var instance = await client.DecideOutcomeAsync(id, sent: false, reference: null, user.Name(), reason, cancellationToken);
        await audit.RecordAsync(user, AuditActions.ConfirmNotSent, instance.WorkflowId, instance.Id, reason, RepairAudit.Data(instance, new JsonObject { ["then"] = "resend" }));
        return TypedResults.Accepted($"/api/instances/{instance.Id}", InstanceViews.Summary(instance));
    }

    private static async Task<Results<Ok<BulkResultView>, ProblemHttpResult>> BulkAsync(HttpRequest request, ClaimsPrincipal user, AuditTrail audit, BodyLimits limits,
        string action, Func<string, string?, CancellationToken, Task<WorkflowInstance>> operation,
        Func<JsonNode, Task<Results<Ok<BulkResultView>, ProblemHttpResult>>> byFilter, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (body.Node?["ids"] is null && body.Node?["filter"] is not null)
        {
            return await byFilter(body.Node);
        }

        // By ids there is no dry run: a "dryRun" (or a misspelt field) is refused rather than ignored while the journeys are acted on.
        if (!JsonFields.TryOnly(body.Node, "a bulk operation by ids", out var invalid, "ids", "reason")
            || !TryReadIds(body.Node, "ids", out var ids, out invalid) || !TryReadReason(body.Node, required: true, out var reason, out invalid))
        {
            return invalid;
        }

        var results = new List<BulkItemResult>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var instance = await operation(id, reason, cancellationToken);
                if (!instance.CancelAlreadyRequested) // a cancel already under way: nothing new to record (session 47)
                {
                    await audit.RecordAsync(user, action, instance.WorkflowId, instance.Id, reason, instance.AnsweredIncident is null ? null : RepairAudit.Data(instance));
                }

                results.Add(new BulkItemResult(id, true, null, null));
            }
            catch (WorkflowEngineException e)
            {
                results.Add(new BulkItemResult(id, false, e.Message, e.Code));
            }
        }

        return TypedResults.Ok(new BulkResultView(results));
    }

    // The optional body of an operator action that carries nothing but its "reason"; any other field is refused (a bulk
    // cancel's "dryRun" sent here had cancelled at once).
    private static async Task<(string? Reason, ProblemHttpResult? Invalid)> ReadReasonAsync(HttpRequest request, BodyLimits limits, string operation, bool required, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: false, cancellationToken);
        if (body.Problem is { } problem)
        {
            return (null, problem);
        }

        return JsonFields.TryOnly(body.Node, operation, out var invalid, "reason") && TryReadReason(body.Node, required, out var reason, out invalid)
            ? (reason, null)
            : (null, invalid);
    }

    // The "reason" of an operator action: a string of at most 500 characters, masked. Required (1 to 500 characters after
    // trimming, as a publish's) for every repair that decides something: a cancel, a skip, the answers to a money question and
    // the bulk operations; optional for a single journey's retry only (docs/api.md, "Operations": session 46's decision).
    private static bool TryReadReason(JsonNode? body, bool required, out string? reason, out ProblemHttpResult invalid)
    {
        reason = null;
        if (required)
        {
            var read = OperatorBody.TryReadRequiredReason(body, out var given, out invalid);
            reason = read ? given : null;
            return read;
        }

        if (!JsonFields.TryReadString(body, "reason", null, out var text, out invalid))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        if (text.Length > MaxReasonLength)
        {
            invalid = Problem.Invalid("reason", $"At most {MaxReasonLength} characters.");
            return false;
        }

        reason = text.Trim() is { Length: > 0 } trimmed ? OperatorBody.Masked(trimmed) : null;
        return true;
    }

    /// <summary>
    /// The <c>ids</c> of a bulk operation (retry, cancel, abandon): 1 to <see cref="MaxBulk"/> non-blank instance ids.
    /// A missing array is "Required" (a <c>filter</c> is the other way to select); one of another type, or an element
    /// that is not a string, is named with what it takes.
    /// </summary>
    internal static bool TryReadIds(JsonNode? body, string name, out IReadOnlyList<string> ids, out ProblemHttpResult invalid)
    {
        var rule = $"an array of 1 to {MaxBulk} instance ids (strings), or a \"filter\" instead.";
        ids = [];
        if (!JsonFields.TryReadStrings(body, name, rule, out var given, out invalid))
        {
            return false;
        }

        if (given!.Count is 0 or > MaxBulk || given.Any(string.IsNullOrWhiteSpace))
        {
            invalid = Problem.Invalid(name, "Must be " + rule);
            return false;
        }

        ids = given;
        return true;
    }

    // "Defaults to the input's customer id when the workflow declares one" (docs/api.md); one that would not pass as the header
    // was refused with the input (InputErrors).
    private static string? DefaultCorrelationId(CompiledWorkflow workflow, JsonNode input) => CustomerId(workflow, input).Id;

    // The workflow's customer id field (customerId, customer_id, …) and the input's value for it, trimmed; null parts when the
    // workflow declares none or the input gives no non-blank string. A workflow without one that runs another journey for the
    // borrower carries it in that journey's input, a declared object (partner-handshake's loanInput.customerId): its journeys had
    // no correlation id, and the borrower's erasure, which finds journeys by it, redacted neither parent nor child (session 36).
    private static (string? Field, string? Id) CustomerId(CompiledWorkflow workflow, JsonNode input)
    {
        if (workflow.Definition.Input.FirstOrDefault(f => IsCustomerId(f.Name)) is { } field)
        {
            return (field.Name, NonBlank(input[field.Name]));
        }

        foreach (var holder in workflow.Definition.Input.Where(f => f.Type == ActivityValueType.Object))
        {
            if (input[holder.Name] is JsonObject inner && inner.FirstOrDefault(p => IsCustomerId(p.Key)) is { Key: { } name } && NonBlank(inner[name]) is { } id)
            {
                return ($"{holder.Name}.{name}", id);
            }
        }

        return (null, null);

        static bool IsCustomerId(string name) => name.Replace("_", "", StringComparison.Ordinal).Equals("customerId", StringComparison.OrdinalIgnoreCase);

        static string? NonBlank(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }
}
