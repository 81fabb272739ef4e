using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LoanJourney.Activities;
using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Server.Http;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Problems;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoanJourney.Server.Webhooks;

/// <summary>
/// Lender → us (not under <c>/api</c>, no API key): verified, stored in the engine's durable inbox (deduplicated by
/// event id), answered 202 at once; the inbox routes the event to the waiting journey or keeps it until one waits.
/// A malformed event is refused with 400 and stored nowhere.
/// </summary>
internal static class WebhooksApi
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKeyedSingleton(Sources.FinBox, configuration.GetSection("Webhook:FinBox").Get<WebhookOptions>() ?? new WebhookOptions());
        services.AddKeyedSingleton(Sources.Partner, configuration.GetSection("Webhook:Partner").Get<WebhookOptions>() ?? new WebhookOptions());
        return services;
    }

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks").AllowAnonymous().WithTags("Webhooks");
        hooks.MapPost("/finbox", FinBoxAsync).Accepts<WebhookPayload>("application/json").ProducesProblems(400, 401, 413, 415)
            .WithSummary("FinBox v1 webhook (the documented payload; customerID and eventType required).");
        hooks.MapPost("/partner/handshake", PartnerHandshakeAsync).Accepts<HandshakeResponse>("application/json").ProducesProblems(400, 401, 413, 415)
            .WithSummary("Partner handshake result posted to async_result_callback_url (handshake_id and status required).");
        return hooks;
    }

    private static async Task<Results<Accepted<WebhookAcceptedView>, ProblemHttpResult>> FinBoxAsync(
        HttpRequest request, IWorkflowClient client, BodyLimits limits, [FromKeyedServices(Sources.FinBox)] WebhookOptions options,
        ILogger<WebhookAcceptedView> logger, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (Refused(request, body.Raw, options, Sources.FinBox, logger) is { } refused)
        {
            return refused;
        }

        var errors = Required(body.Node!, "customerID", "eventType");
        if (errors.Count > 0 || !SourcingWebhook.TryParse(body.Node!.ToJsonString(), out var payload) || payload is null)
        {
            ServerLog.WebhookRefused(logger, Sources.FinBox, "not the documented v1 payload");
            return Problem.Invalid(errors.Count > 0 ? errors : new Dictionary<string, string[]> { ["body"] = ["Not a FinBox v1 webhook payload."] });
        }

        var eventId = SourcingWebhook.DeriveEventId(payload);
        return await DeliverAsync(client, WebhookKeys.FinBoxEvent(payload.CustomerID!, payload.EventType!), body.Node, eventId, Sources.FinBox, logger, cancellationToken);
    }

    private static async Task<Results<Accepted<WebhookAcceptedView>, ProblemHttpResult>> PartnerHandshakeAsync(
        HttpRequest request, IWorkflowClient client, BodyLimits limits, [FromKeyedServices(Sources.Partner)] WebhookOptions options,
        ILogger<WebhookAcceptedView> logger, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, limits.Default, requireObject: true, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        if (Refused(request, body.Raw, options, Sources.Partner, logger) is { } refused)
        {
            return refused;
        }

        var errors = Required(body.Node!, "handshake_id", "status");
        if (errors.Count > 0)
        {
            ServerLog.WebhookRefused(logger, Sources.Partner, "missing handshake_id or status");
            return Problem.Invalid(errors);
        }

        // The partner sends no event id; an identical re-post is the same event.
        var eventId = "partner-" + Convert.ToHexStringLower(SHA256.HashData(body.Raw));
        var handshakeId = body.Node!["handshake_id"]!.ToString();
        return await DeliverAsync(client, WebhookKeys.PartnerHandshake(handshakeId), body.Node, eventId, Sources.Partner, logger, cancellationToken);
    }

    private static async Task<Results<Accepted<WebhookAcceptedView>, ProblemHttpResult>> DeliverAsync(
        IWorkflowClient client, string key, JsonNode? payload, string eventId, string source, ILogger logger, CancellationToken cancellationToken)
    {
        var result = await client.DeliverWebhookAsync(key, payload, eventId, cancellationToken);
        var status = result.Status.ToString();
        ServerLog.WebhookReceived(logger, source, eventId, key, status);
        return TypedResults.Accepted((string?)null, new WebhookAcceptedView(true, eventId, status));
    }

    private static ProblemHttpResult? Refused(HttpRequest request, byte[] raw, WebhookOptions options, string source, ILogger logger)
    {
        if (WebhookVerifier.Verify(request, raw, options) is not { } reason)
        {
            return null;
        }

        ServerLog.WebhookRefused(logger, source, reason);
        return Problem.Create(StatusCodes.Status401Unauthorized, "Webhook not verified",
            $"The webhook's {WebhookVerifier.SecretHeader} / {WebhookVerifier.SignatureHeader} did not verify.", "webhook_unverified");
    }

    private static Dictionary<string, string[]> Required(JsonNode body, params string[] fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var value = body[field];
            if (value is not JsonValue v || v.ToString().Trim().Length == 0)
            {
                errors[field] = ["Required (a non-empty string or number)."];
            }
        }

        return errors;
    }

    internal static class Sources
    {
        public const string FinBox = "finbox";
        public const string Partner = "partner";
    }
}
