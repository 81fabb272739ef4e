using System.Security.Cryptography;
using System.Text.Json;
using LoanJourney.Activities;
using LoanJourney.Activities.Partner;
using LoanJourney.Engine.Model;
using LoanJourney.Engine.Runtime;
using LoanJourney.Lenders.Common;
using LoanJourney.Lenders.FinBoxSourcing;
using LoanJourney.Lenders.PartnerToken;
using LoanJourney.Server.Auth;
using LoanJourney.Server.Http;
using LoanJourney.Server.Logging;
using LoanJourney.Server.Problems;
using LoanJourney.Server.OpenApi;
using LoanJourney.Server.Workflows.Design.TestRuns;
using Microsoft.AspNetCore.Http.HttpResults;
using IDiagnosticContext = Serilog.IDiagnosticContext;

namespace LoanJourney.Server.Webhooks;

/// <summary>
/// Lender → us (not under <c>/api</c>, no API key): verified, stored in the engine's durable inbox (deduplicated by
/// event id), answered 202 at once; the inbox routes the event to the waiting journey or keeps it until one waits.
/// A malformed event is refused with 400 and stored nowhere.
/// </summary>
internal static class WebhooksApi
{
    /// <summary>
    /// Reads <c>Webhook:FinBox</c> and <c>Webhook:Partner</c>. Outside Development a source that nothing verifies (no
    /// <c>Secret</c>, no <c>UrlToken</c>) stops the start unless <c>Webhook:&lt;source&gt;:AllowUnverified</c> is set;
    /// an unverified source is logged at start and shown by <c>/health/ready</c>.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var sources = new WebhookSources(
            configuration.GetSection("Webhook:FinBox").Get<WebhookOptions>() ?? new WebhookOptions(),
            configuration.GetSection("Webhook:Partner").Get<WebhookOptions>() ?? new WebhookOptions())
        {
            Partners = PartnerSections(configuration),
        };
        foreach (var (name, section, options) in sources.All)
        {
            // A signature cannot be required without the secret that checks it: the flag was ignored, and unsigned posts were
            // accepted by a node whose configuration said they would be refused (session 36).
            if (options.RequireSignature && string.IsNullOrEmpty(options.Secret))
            {
                throw new InvalidOperationException(
                    $"Webhook:{section}:RequireSignature needs Webhook:{section}:Secret (the key {name}'s signatures are checked with); set it, or drop RequireSignature.");
            }

            if (!options.Verifies && !options.AllowUnverified && !environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"Webhook source '{name}' has no verification (environment '{environment.EnvironmentName}'): anyone who finds the URL could move journeys. " +
                    $"Set Webhook:{section}:UrlToken (a long random secret we put in the receiving URL) or Webhook:{section}:Secret, " +
                    $"or accept unverified {name} webhooks explicitly with Webhook:{section}:AllowUnverified=true.");
            }
        }

        foreach (var (partner, options) in sources.Partners)
        {
            // A partner's own section must verify: one without a secret would let anyone answer that partner's handshakes.
            if (string.IsNullOrEmpty(options.Secret) || PartnerScope.Normalize(partner) != partner)
            {
                throw new InvalidOperationException(
                    $"Webhook:Partners:{partner}:Secret is not set (or '{partner}' is not a partner name): a partner's own inbound section must name the secret " +
                    "its handshake callbacks are checked with (docs/server.md, \"Each partner's own inbound secret\"); set it, or remove the section.");
            }
        }

        services.AddKeyedSingleton(Sources.FinBox, sources.FinBox);
        services.AddKeyedSingleton(Sources.Partner, sources.Partner);
        services.AddSingleton(sources);
        services.AddHostedService<UnverifiedWebhookWarning>();
        services.AddSingleton<PartnerInboundWarning>();
        services.AddHostedService(sp => sp.GetRequiredService<PartnerInboundWarning>());
        return services;
    }

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks").AllowAnonymous().ProducesProblems(503).WithTags("Webhooks");
        hooks.MapPost("/finbox", (HttpRequest r, IWorkflowClient c, BodyLimits l, [FromKeyedServices(Sources.FinBox)] WebhookOptions o, TestRunWebhooks w, ILogger<WebhookAcceptedView> g, IDiagnosticContext d, CancellationToken t) =>
            FinBoxAsync(null, r, c, l, o, w, g, d, t)).Accepts<WebhookPayload>("application/json").ProducesProblems(400, 401, 413, 415)
            .WithSummary("FinBox v1 webhook without a URL token (accepted only when Webhook:FinBox:UrlToken is not set).");
        hooks.MapPost("/finbox/{token}", (string token, HttpRequest r, IWorkflowClient c, BodyLimits l, [FromKeyedServices(Sources.FinBox)] WebhookOptions o, TestRunWebhooks w, ILogger<WebhookAcceptedView> g, IDiagnosticContext d, CancellationToken t) =>
            FinBoxAsync(token, r, c, l, o, w, g, d, t)).Accepts<WebhookPayload>("application/json").ProducesProblems(400, 401, 413, 415)
            .WithSummary("FinBox v1 webhook (the documented payload; customerID and eventType required); {token} is Webhook:FinBox:UrlToken.");
        hooks.MapPost("/partner/handshake", (HttpRequest r, IWorkflowClient c, BodyLimits l, WebhookSources o, TestRunWebhooks w, ILogger<WebhookAcceptedView> g, IDiagnosticContext d, CancellationToken t) =>
            PartnerHandshakeAsync(null, null, r, c, l, o, w, g, d, t)).Accepts<HandshakeResponse>("application/json").ProducesProblems(400, 401, 413, 415)
            .WithSummary("Partner handshake result without a per-handshake URL (accepted only when the partner source is verified by its secret).");
        hooks.MapPost("/partner/handshake/{handshakeId}/{token}", (string handshakeId, string token, HttpRequest r, IWorkflowClient c, BodyLimits l, WebhookSources o, TestRunWebhooks w, ILogger<WebhookAcceptedView> g, IDiagnosticContext d, CancellationToken t) =>
            PartnerHandshakeAsync(handshakeId, token, r, c, l, o, w, g, d, t)).Accepts<HandshakeResponse>("application/json").ProducesProblems(400, 401, 413, 415)
            .WithSummary("Partner handshake result posted to the handshake's own async_result_callback_url (handshake_id and status required).");
        return hooks;
    }

    // Internal for the bench's `webhooks` (docs/PERFORMANCE.md, round 50), which runs this handler in process.
    internal static async Task<Results<Accepted<WebhookAcceptedView>, ProblemHttpResult>> FinBoxAsync(
        string? token, HttpRequest request, IWorkflowClient client, BodyLimits limits, WebhookOptions options, TestRunWebhooks testRuns,
        ILogger logger, IDiagnosticContext diagnostics, CancellationToken cancellationToken)
    {
        // Checked before the body is read: a wrong or missing URL token is refused and nothing of it is kept.
        var urlToken = string.IsNullOrEmpty(options.UrlToken)
            ? token is null ? WebhookVerifier.Credential.None : null
            : token is null ? null : WebhookVerifier.UrlToken(options, key => ApiKeys.Matches(token, [key]));
        if (urlToken is null)
        {
            return UrlTokenRefused(Sources.FinBox, token is null ? "missing URL token" : "wrong URL token", logger);
        }

        // Verified before it is parsed: nothing of an unverified body is interpreted.
        var (_, parsed, refused) = await ReadVerifiedAsync(request, limits, (r, b) => (WebhookVerifier.Verify(r, b, options, out var secret), secret), Sources.FinBox,
            urlToken.Value, logger, diagnostics, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        using var body = parsed!;
        var errors = body.Required("customerID", "eventType");
        WebhookPayload? payload = null;
        if (errors.Count == 0 && !SourcingWebhook.TryRead(body.Root, out payload, out var invalidField))
        {
            errors[invalidField ?? "body"] = [invalidField is null ? "Not a FinBox v1 webhook payload." : "Must be a string (the documented v1 payload)."];
        }

        if (errors.Count > 0 || payload is null)
        {
            ServerLog.WebhookRefused(logger, Sources.FinBox, "not the documented v1 payload");
            return Problem.Invalid(errors);
        }

        var eventId = SourcingWebhook.DeriveEventId(payload);
        // The log names the customer by the hash the audit trail keeps: a log file outlives an erasure, and a late event about an
        // erased borrower must not write the customer id again (docs/server.md, "Erasure"). The event type is the sender's text
        // (an unknown one is buffered, not refused): PII patterns in it are masked.
        return await DeliverAsync(testRuns.ForFinBoxCustomer(payload.CustomerID!), client, WebhookKeys.FinBoxEvent(payload.CustomerID!, payload.EventType!),
            WebhookKeys.FinBoxEvent(PrivacyHash.Of(payload.CustomerID!), Pii.ScrubText(payload.EventType!)), body.Text, eventId, Sources.FinBox, logger,
            diagnostics, cancellationToken);
    }

    private static async Task<Results<Accepted<WebhookAcceptedView>, ProblemHttpResult>> PartnerHandshakeAsync(
        string? pathHandshakeId, string? token, HttpRequest request, IWorkflowClient client, BodyLimits limits, WebhookSources sources,
        TestRunWebhooks testRuns, ILogger logger, IDiagnosticContext diagnostics, CancellationToken cancellationToken)
    {
        var options = sources.Partner;
        // Each handshake has its own callback URL (HandshakeCallbackToken): the token must be the one for its handshake id.
        // A previous key stays accepted for the callback URLs handshakes in flight were given before a rotation.
        var urlToken = string.IsNullOrEmpty(options.UrlToken)
            ? token is null ? WebhookVerifier.Credential.None : null
            : token is null || pathHandshakeId is null ? null : WebhookVerifier.UrlToken(options, key => HandshakeCallbackToken.Matches(key, pathHandshakeId, token));
        if (urlToken is null)
        {
            return UrlTokenRefused(Sources.Partner, token is null ? "missing URL token" : "wrong URL token", logger);
        }

        // Every sender whose secret verifies the post (the shared settings, each partner's own), before the body is interpreted;
        // which of them may answer this journey is known once the handshake id is read (below).
        IReadOnlyList<PartnerCallbackSenders.Sender> senders = [];
        var (raw, parsed, refused) = await ReadVerifiedAsync(request, limits, (r, b) =>
        {
            senders = PartnerCallbackSenders.Verify(r, b, sources, out var reason);
            return (reason, senders.Count > 0 ? senders[0].Credential : WebhookVerifier.Credential.None);
        }, Sources.Partner, urlToken.Value, logger, diagnostics, cancellationToken, verifiedWithLater: true);
        if (refused is not null)
        {
            return refused;
        }

        using var body = parsed!;
        var errors = body.Required("handshake_id", "status");
        if (errors.Count > 0)
        {
            ServerLog.WebhookRefused(logger, Sources.Partner, "missing handshake_id or status");
            return Problem.Invalid(errors);
        }

        // Read as the handshake step will read it: a field of another type (a number for verified_customer_ref_id or status)
        // was accepted, and the journey then faulted with InvalidCallback after the partner had been told 202.
        if (!HandshakeResponse.TryRead(body.Root, out _, out var invalidField))
        {
            ServerLog.WebhookRefused(logger, Sources.Partner, "not the documented handshake answer");
            return Problem.Invalid(invalidField!, HandshakeFieldProblem(body.Root, invalidField!));
        }

        // The partner sends no event id; an identical re-post is the same event.
        var eventId = "partner-" + Convert.ToHexStringLower(SHA256.HashData(raw));
        var handshakeId = body.Value("handshake_id")!;
        if (pathHandshakeId is not null && !string.Equals(handshakeId, pathHandshakeId, StringComparison.Ordinal))
        {
            return UrlTokenRefused(Sources.Partner, "handshake_id differs from the callback URL's", logger);
        }

        // A partner's secret answers that partner's journeys only; the same 401 as any unverified post, whoever's journey it is.
        if (await PartnerCallbackSenders.AllowedAsync(senders, handshakeId, sources, client, cancellationToken) is not { } sender)
        {
            ServerLog.WebhookRefused(logger, Sources.Partner, "no secret that answers this handshake's journey");
            return Unverified();
        }

        SetVerifiedWith(diagnostics, urlToken.Value, sender.Credential);

        // Our handshake ids end in the journey id (kept whole); any other text the sender put there is logged with PII patterns masked.
        var key = WebhookKeys.PartnerHandshake(handshakeId);
        return await DeliverAsync(await testRuns.ForHandshakeAsync(handshakeId, cancellationToken), client, key,
            WebhookKeys.PartnerHandshake(Pii.ScrubText(handshakeId)), body.Text, eventId, Sources.Partner, logger, diagnostics, cancellationToken);
    }

    // What a handshake answer's field takes: customer_data is an object of strings, every other documented field a string.
    private static string HandshakeFieldProblem(JsonElement root, string field)
    {
        var sent = root;
        foreach (var name in field.Split('.'))
        {
            if (sent.ValueKind != JsonValueKind.Object || !sent.TryGetProperty(name, out sent))
            {
                return "Not the documented handshake answer.";
            }
        }

        return JsonFields.WrongType(field == "customer_data" ? "an object" : "a string", sent.ValueKind);
    }

    // One log event per webhook: the request's own line (Serilog request logging) carries the outcome; the handler's line is Debug.
    // A webhook for a journey of a draft's test run in progress goes to that run's engine (testRun), not this server's.
    private static async Task<Results<Accepted<WebhookAcceptedView>, ProblemHttpResult>> DeliverAsync(
        IWorkflowClient? testRun, IWorkflowClient client, string key, string logKey, string payloadJson, string eventId, string source, ILogger logger,
        IDiagnosticContext diagnostics, CancellationToken cancellationToken)
    {
        if (testRun is not null)
        {
            diagnostics.Set("WebhookRoute", "test-run");
        }

        var result = await (testRun ?? client).DeliverWebhookJsonAsync(key, payloadJson, eventId, cancellationToken);
        var status = result.Status.ToString();
        diagnostics.Set("WebhookSource", source);
        diagnostics.Set("WebhookEventId", eventId);
        diagnostics.Set("WebhookKey", logKey);
        diagnostics.Set("WebhookStatus", status);
        ServerLog.WebhookReceived(logger, source, eventId, logKey, status);
        return TypedResults.Accepted((string?)null, new WebhookAcceptedView(true, eventId, status));
    }

    /// <summary>
    /// The body read at its declared size, verified (secret, signature) before anything of it is interpreted, then parsed
    /// once (with the bytes as sent); or the problem that refused it (size, content type, verification, JSON).
    /// </summary>
    /// <remarks>
    /// A post verified with a previous secret or URL token (a rotation in progress) says so on its request log line
    /// (<c>WebhookVerifiedWith</c>): once no line says it, the previous one can go.
    /// </remarks>
    private static async Task<(byte[] Raw, WebhookBody? Body, ProblemHttpResult? Refused)> ReadVerifiedAsync(
        HttpRequest request, BodyLimits limits, Func<HttpRequest, byte[], (string? Reason, WebhookVerifier.Credential Secret)> verify, string source,
        WebhookVerifier.Credential urlToken, ILogger logger, IDiagnosticContext diagnostics, CancellationToken cancellationToken, bool verifiedWithLater = false)
    {
        var (raw, problem) = await JsonBody.ReadRawAsync(request, limits.Default, cancellationToken);
        WebhookBody? body = null;
        var secret = WebhookVerifier.Credential.None;
        var refused = problem ?? Refused(request, raw, verify, source, logger, out secret) ?? WebhookBody.TryParse(raw, out body);
        if (refused is null && !verifiedWithLater)
        {
            SetVerifiedWith(diagnostics, urlToken, secret);
        }

        return (raw, body, refused);
    }

    private static void SetVerifiedWith(IDiagnosticContext diagnostics, WebhookVerifier.Credential urlToken, WebhookVerifier.Credential secret)
    {
        if (urlToken == WebhookVerifier.Credential.Previous || secret == WebhookVerifier.Credential.Previous)
        {
            diagnostics.Set("WebhookVerifiedWith", string.Join(' ',
                new[] { urlToken == WebhookVerifier.Credential.Previous ? "previous-url-token" : null, secret == WebhookVerifier.Credential.Previous ? "previous-secret" : null }
                    .OfType<string>()));
        }
    }

    private static ProblemHttpResult? Refused(HttpRequest request, byte[] raw, Func<HttpRequest, byte[], (string? Reason, WebhookVerifier.Credential Secret)> verify, string source,
        ILogger logger, out WebhookVerifier.Credential secret)
    {
        (var reason, secret) = verify(request, raw);
        if (reason is null)
        {
            return null;
        }

        ServerLog.WebhookRefused(logger, source, reason);
        return Unverified();
    }

    private static ProblemHttpResult Unverified() => Problem.Create(StatusCodes.Status401Unauthorized, "Webhook not verified",
        $"The webhook's {WebhookVerifier.SecretHeader} / {WebhookVerifier.SignatureHeader} did not verify.", "webhook_unverified");

    /// <summary>Each partner's own inbound section, <c>Webhook:Partners:&lt;partner&gt;</c> (the name as its principals write it).</summary>
    private static Dictionary<string, WebhookOptions> PartnerSections(IConfiguration configuration) =>
        configuration.GetSection("Webhook:Partners").GetChildren()
            .ToDictionary(c => c.Key, c => c.Get<WebhookOptions>() ?? new WebhookOptions(), StringComparer.Ordinal);

    private static ProblemHttpResult UrlTokenRefused(string source, string reason, ILogger logger)
    {
        ServerLog.WebhookRefused(logger, source, reason);
        return Problem.Create(StatusCodes.Status401Unauthorized, "Webhook not verified",
            "The webhook URL's token is missing or wrong.", "webhook_unverified");
    }

    internal static class Sources
    {
        public const string FinBox = "finbox";
        public const string Partner = "partner";
    }
}
