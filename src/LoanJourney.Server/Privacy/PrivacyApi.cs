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

    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(RetentionSettings.From(configuration, environment));
        services.AddSingleton<RetentionRunner>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService<RetentionService>();
        return services;
    }

    public static RouteGroupBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").ProducesProblems(401, 403, 503).WithTags("Privacy");
        api.MapGet("/retention", RetentionAsync).RequireAuthorization(Policies.Viewer);
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
                data?["instanceIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? []);
        }).ToList();
        var policy = settings.Policy;
        return TypedResults.Ok(new RetentionView(settings.Enabled, Format(policy.Completed), Format(policy.Cancelled), Format(policy.Faulted), Format(policy.Inbox),
            Format(settings.Interval)!, policy.BatchSize, recent));
    }

    private static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> EraseAsync(string customerId, HttpRequest request, ClaimsPrincipal user,
        IWorkflowClient client, AuditTrail audit, RetentionSettings settings, BodyLimits limits, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        customerId = customerId.Trim();
        if (customerId.Length == 0)
        {
            return Problem.Invalid("customerId", $"Required: the borrower's customer id (at most {MaxCustomerIdLength} characters).");
        }

        // A start refuses a longer customer id (it is the correlation id erasure finds journeys by), so no journey has one.
        if (customerId.Length > MaxCustomerIdLength)
        {
            return Problem.Invalid("customerId", $"At most {MaxCustomerIdLength} characters, not {customerId.Length}: no journey can have a longer customer id.");
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

        reason = OperatorBody.Masked(reason.Trim());
        var customerHash = PrivacyHash.Of(customerId);
        // The borrower's webhook keys: FinBox sourcing events are keyed by customer id (WebhookKeys.FinBoxEvent).
        string[] inboxPrefixes = [WebhookKeys.FinBoxEvent(customerId, "")];
        // Each cancel is audited as it commits: a cancel that happened stays audited when the erasure then answers 409 (its
        // compensations outlast the wait, or another journey passed its point of no return in the meantime).
        var result = await client.EraseAsync(customerId, inboxPrefixes, cancelFirst, user.Name(), reason, settings.ErasureCancelTimeout,
            cancelled => audit.RecordAsync(user, AuditActions.Cancel, cancelled.WorkflowId, cancelled.Id, reason, new JsonObject { ["erasure"] = true }),
            cancellationToken);

        foreach (var journey in result.Redacted)
        {
            await audit.RecordAsync(user, AuditActions.Erasure, journey.WorkflowId, journey.Id, reason, new JsonObject { ["customerHash"] = customerHash });
        }

        await audit.RecordAsync(user, AuditActions.Erasure, null, null, reason, new JsonObject
        {
            ["customerHash"] = customerHash,
            ["journeys"] = result.Redacted.Count,
            ["alreadyRedacted"] = result.AlreadyRedacted,
            ["cancelled"] = result.Cancelled.Count,
            ["inboxRecords"] = result.InboxRecords,
        });
        var logger = loggers.CreateLogger(typeof(PrivacyApi).FullName!);
        var by = user.Name();
        ServerLog.Erased(logger, by, customerHash, result.Redacted.Count, result.InboxRecords, result.FreedSpacePurged);
        return TypedResults.Ok(new ErasureView(customerHash, result.Cancelled, result.Redacted.Select(r => r.Id).ToList(), result.AlreadyRedacted, result.InboxRecords, result.FreedSpacePurged));
    }

    private static string? Format(TimeSpan? value) => value?.ToString("c", CultureInfo.InvariantCulture);
}
