using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using LoanJourney.Activities;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Server.Audit;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Http;
using LoanJourney.Server.Instances;
using LoanJourney.Server.Logging;
using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Privacy;

/// <summary><c>GET /api/retention</c> (settings and what was redacted when) and <c>POST /api/borrowers/{customerId}/erasure</c> (docs/api.md).</summary>
internal static class PrivacyApi
{
    private const int MaxCustomerIdLength = KeyValues.MaxLength;
    private const int MaxReasonLength = 500;
    private const int PlanPage = 200;
    private const string PlanCancel = "cancel-then-redact";
    private const string PlanRefused = "refused";
    private const string ErasedCustomerId = "***";

    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(RetentionSettings.From(configuration, environment));
        services.AddSingleton<RetentionRunner>();
        services.AddHttpContextAccessor(); // AuditTrail reads the request it records from (AuditOrigin)
        services.AddSingleton<AuditTrail>();
        services.AddSingleton(AuditExport.PageSizeFrom(configuration));
        services.AddHostedService<RetentionService>();
        return services;
    }

    public static RouteGroupBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").ProducesProblems(401, 403, 503).WithTags("Privacy");
        api.MapGet("/retention", RetentionAsync).RequireAuthorization(Policies.Viewer);
        api.MapPost("/borrowers/{customerId}/erasure/dry-run", PlanAsync).RequireAuthorization(Policies.Admin).ProducesProblems(400)
            .WithSummary("What an erasure of the borrower would do now, changing nothing (docs/api.md, \"Retention and erasure\").");
        api.MapGet("/borrowers/{customerId}/access-report", AccessReportApi.ReportAsync).RequireAuthorization(Policies.Auditor).ProducesProblems(400, 404)
            .WithSummary("The borrower's access report (DPDP Act s.11): their journeys, the categories of personal data each holds, and who it was shared with; never the values (docs/api.md, \"Access report\").");
        api.MapPost("/borrowers/{customerId}/erasure", EraseAsync).RequireAuthorization(Policies.Admin).Accepts<JsonObject>("application/json").ProducesProblems(400, 409, 413, 415);
        return api;
    }

    private static async Task<Ok<RetentionView>> RetentionAsync(RetentionSettings settings, IWorkflowClient client, CancellationToken cancellationToken)
    {
        // What was redacted when comes from the audit trail: it survives restarts and covers every node.
        var runs = await client.ListAuditAsync(new AuditQuery { Action = AuditActions.Retention, Take = 50 }, cancellationToken);
        var recent = runs.Items.Select(e =>
        {
            var data = e.DataJson is null ? null : JsonNode.Parse(e.DataJson);
            return new RetentionRunView(e.At, data?["kind"]?.GetValue<string>() ?? "", data?["count"]?.GetValue<int>() ?? 0,
                data?["instanceIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [],
                data?["oldest"]?.GetValue<DateTimeOffset>(), data?["newest"]?.GetValue<DateTimeOffset>());
        }).ToList();
        var policy = settings.Policy;
        return TypedResults.Ok(new RetentionView(settings.Enabled, Format(policy.Completed), Format(policy.Cancelled), Format(policy.Faulted), Format(policy.Inbox), Format(policy.IdempotencyTombstones), Format(policy.AuditTrail),
            Format(settings.Interval)!, policy.BatchSize, recent));
    }

    // The journeys an erasure finds (EraseAsync in the engine): correlation id = the customer id, or its hash once redacted.
    private static async Task<Results<Ok<ErasurePlanView>, ProblemHttpResult>> PlanAsync(string customerId, IWorkflowClient client, CancellationToken cancellationToken)
    {
        if (CustomerIdProblem(ref customerId) is { } problem)
        {
            return problem;
        }

        var customerHash = PrivacyHash.Of(customerId);
        var journeys = new List<ErasurePlanJourneyView>();
        foreach (var key in new[] { customerId, customerHash })
        {
            for (var skip = 0; ; skip += PlanPage)
            {
                var page = await client.ListInstancesAsync(new InstanceQuery { CorrelationId = key, Skip = skip, Take = PlanPage, Descending = false }, cancellationToken);
                foreach (var journey in page.Items)
                {
                    journeys.Add(await PlanOfAsync(journey, key == customerHash, client, cancellationToken));
                }

                if (page.Items.Count < PlanPage)
                {
                    break;
                }
            }
        }

        return TypedResults.Ok(new ErasurePlanView(customerHash, journeys,
            journeys.Where(j => j.Action is PlanCancel or PlanRefused).Select(j => j.Id).ToList(),
            journeys.Where(j => j.Action == PlanRefused).Select(j => j.Id).ToList()));
    }

    private static async Task<ErasurePlanJourneyView> PlanOfAsync(WorkflowInstanceSummary journey, bool redacted, IWorkflowClient client, CancellationToken cancellationToken)
    {
        if (redacted)
        {
            return new(journey.Id, journey.WorkflowId, journey.Status, "already-redacted", null);
        }

        if (journey.Status is WorkflowStatus.Completed or WorkflowStatus.Cancelled)
        {
            return new(journey.Id, journey.WorkflowId, journey.Status, "redact", null);
        }

        return await client.GetCancelRefusalAsync(journey.Id, cancellationToken) is { } refusal
            ? new(journey.Id, journey.WorkflowId, journey.Status, PlanRefused, InstanceViews.Refusal(refusal))
            : new(journey.Id, journey.WorkflowId, journey.Status, PlanCancel, null);
    }

    internal static ProblemHttpResult? CustomerIdProblem(ref string customerId)
    {
        customerId = customerId.Trim();
        if (customerId.Length == 0)
        {
            return Problem.Invalid("customerId", $"Required: the borrower's customer id (at most {MaxCustomerIdLength} characters).");
        }

        // A start refuses a longer customer id (it is the correlation id erasure finds journeys by), so no journey has one.
        return customerId.Length > MaxCustomerIdLength
            ? Problem.Invalid("customerId", $"At most {MaxCustomerIdLength} characters, not {customerId.Length}: no journey can have a longer customer id.")
            : null;
    }

    private static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> EraseAsync(string customerId, HttpRequest request, ClaimsPrincipal user,
        IWorkflowClient client, AuditTrail audit, RetentionSettings settings, BodyLimits limits, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (CustomerIdProblem(ref customerId) is { } idProblem)
        {
            return idProblem;
        }

        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var reasonRule = $"why the data is erased (e.g. the borrower's request reference), at most {MaxReasonLength} characters.";
        if (!JsonFields.TryOnly(body.Node, "an erasure", out var invalid, "reason", "cancelFirst")
            || !JsonFields.TryReadRequiredString(body.Node, "reason", reasonRule, out var reason, out invalid)
            || !OperatorBody.TryReadBool(body.Node, "cancelFirst", false, out var cancelFirst, out invalid))
        {
            return invalid;
        }

        if (reason.Length > MaxReasonLength)
        {
            return Problem.Invalid("reason", "Too long: " + reasonRule);
        }

        // The reason goes into every audit entry and log line of the erasure, which keep the customer id only as its hash: an
        // Admin who quotes the id being erased ("DPDP request 43 from CUST-…") must not write it there (walk 43), nor the
        // borrower's name, date of birth or address, which no pattern recognises but the borrower's journeys name (walk 45).
        var personal = await BorrowerValues.OfAsync(customerId, client, cancellationToken);
        reason = OperatorBody.Masked(BorrowerValues.MaskIn(WithoutCustomerId(reason.Trim(), customerId), personal));
        var customerHash = PrivacyHash.Of(customerId);
        // The borrower's webhook keys: FinBox sourcing events are keyed by customer id (WebhookKeys.FinBoxEvent).
        string[] inboxPrefixes = [WebhookKeys.FinBoxEvent(customerId, "")];
        // Each cancel is audited as it commits: a cancel that happened stays audited when the erasure then answers 409 (its
        // compensations outlast the wait, or another journey passed its point of no return in the meantime). A faulted
        // journey's cancel names the incident it ended (stepId, incidentKind, incidentId), as a plain cancel's entry does.
        var result = await client.EraseAsync(customerId, inboxPrefixes, cancelFirst, user.Name(), reason, settings.ErasureCancelTimeout,
            cancelled => audit.RecordAsync(user, AuditActions.Cancel, cancelled.WorkflowId, cancelled.Id, reason, RepairAudit.Data(cancelled, new JsonObject { ["erasure"] = true })),
            // What operators typed about these journeys earlier (a retry "for Meera Iyer", a cancel "asked by Mrs Iyer") is
            // masked the same way, while the values are still known: the inputs are gone after the redaction, and the trail,
            // kept for years, would otherwise tie the erased journeys to the borrower's name (docs/server.md, "How long the
            // trail is kept"). Journeys found by the hash (redacted earlier) are the same borrower's: theirs are masked too.
            text => BorrowerValues.MaskIn(WithoutCustomerId(text, customerId), personal),
            cancellationToken);

        foreach (var journey in result.Redacted)
        {
            await audit.RecordAsync(user, AuditActions.Erasure, journey.WorkflowId, journey.Id, reason, new JsonObject { ["customerHash"] = customerHash });
        }

        var data = new JsonObject
        {
            ["customerHash"] = customerHash,
            ["journeys"] = result.Redacted.Count,
            ["alreadyRedacted"] = result.AlreadyRedacted,
            ["cancelled"] = result.Cancelled.Count,
            ["inboxRecords"] = result.InboxRecords,
        };
        if (result.PurgeFailure is { } failure)
        {
            // The trail says that old copies may remain in the store's files, and why, as the answer does (a DPO reads it later).
            data["freedSpacePurged"] = false;
            data["purgeFailure"] = failure;
            if (result.PurgeUnfinished is { Count: > 0 } unfinished)
            {
                data["purgeUnfinished"] = new JsonArray(unfinished.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            }
        }

        await audit.RecordAsync(user, AuditActions.Erasure, null, null, reason, data);
        var logger = loggers.CreateLogger(typeof(PrivacyApi).FullName!);
        var by = user.Name();
        ServerLog.Erased(logger, by, customerHash, result.Redacted.Count, result.InboxRecords, result.FreedSpacePurged, result.PurgeFailure);
        return TypedResults.Ok(new ErasureView(customerHash, result.Cancelled, result.Redacted.Select(r => r.Id).ToList(), result.AlreadyRedacted, result.InboxRecords,
            result.FreedSpacePurged, result.PurgeFailure, result.PurgeUnfinished));
    }

    /// <summary>The reason with each occurrence of the customer id (whatever its case) replaced by <c>***</c>, as the request log masks the erasure's path.</summary>
    internal static string WithoutCustomerId(string reason, string customerId) =>
        reason.Replace(customerId, ErasedCustomerId, StringComparison.OrdinalIgnoreCase);

    private static string? Format(TimeSpan? value) => value?.ToString("c", CultureInfo.InvariantCulture);
}
