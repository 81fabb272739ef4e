using LoanJourney.Engine.Model;
using LoanJourney.Server.Auth;
using System.Text.Json;
using LoanJourney.Server.Instances;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LoanJourney.Server.Events;

/// <summary>
/// <c>GET /api/events</c>: server-sent events. Event <c>instance</c> carries an InstanceSummary after every committed
/// change, event <c>bulk</c> a <see cref="BulkProgress"/> after every batch of a bulk operation; a comment line after 15 s
/// without one keeps proxies from closing the stream. A stream opened with the session cookie re-checks the session every
/// <see cref="LiveUpdateOptions.SessionRecheck"/> and ends, after an event <c>signed-out</c>, once it no longer stands.
/// </summary>
internal static class EventsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IServiceCollection AddLiveUpdates(this IServiceCollection services, IConfiguration configuration)
    {
        // The feed reads these when it starts; checked here so a wrong value stops the start naming it (a zero period
        // stopped the host with PeriodicTimer's own "period" error).
        if (configuration.GetValue("Server:Events:PollInterval", TimeSpan.FromMilliseconds(300)) is var interval && interval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Server:Events:PollInterval must be positive, not {interval}.");
        }

        if (configuration.GetValue("Server:Events:Overlap", TimeSpan.FromSeconds(2)) is var overlap && overlap < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Server:Events:Overlap must not be negative, not {overlap}.");
        }

        if (configuration.GetValue("Server:Events:SessionRecheck", KeepAlive) is var recheck && recheck <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"Server:Events:SessionRecheck must be positive, not {recheck}.");
        }

        services.AddSingleton(new LiveUpdateOptions(recheck));
        services.AddSingleton<InstanceChangeFeed>();
        services.AddSingleton<BulkProgressFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceChangeFeed>());
        return services;
    }

    public static RouteGroupBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/events").RequireAuthorization(Policies.Viewer).ProducesProblems(401, 403, 503).WithTags("Live updates");
        api.MapGet("/", StreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return api;
    }

    private static async Task StreamAsync(HttpContext context, InstanceChangeFeed feed, BulkProgressFeed bulk, SessionCheck sessions, LiveUpdateOptions options,
        TimeProvider time, IOptions<JsonOptions> json, IHostApplicationLifetime lifetime)
    {
        // A stream ends when its node begins to stop: open, it held the node's stop for Kestrel's whole drain (the host's
        // shutdown timeout, 30 s: session 45, one open Studio). The Studio reconnects, to another node or this one restarted.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellation = ending.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        // Every other request of a session is checked as it comes; a stream is one request that stays open, so it checks
        // again on its own clock. Keys and tokens are not re-checked (the configuration is read at start; a token's expiry
        // is its own).
        var cookie = context.User.Method() == PrincipalClaims.Session ? context.Request.Cookies[SessionTickets.CookieName] : null;
        var reader = feed.Subscribe(cancellation);
        var progress = bulk.Subscribe(cancellation);
        // Both feeds are read after either wakes the stream, so a wake needs no more than which one (or none) it was.
        var waits = new FeedWaits<WorkflowInstanceSummary, BulkProgress>(reader, progress, time);
        await response.WriteAsync(": connected\n\n", cancellation);
        await response.Body.FlushAsync(cancellation);
        // Two deadlines: the keep-alive moves with every write, the session's re-check does not (a busy stream is re-checked too).
        var keepAliveAt = time.GetUtcNow() + KeepAlive;
        var recheckAt = time.GetUtcNow() + options.SessionRecheck;
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (cookie is not null && time.GetUtcNow() >= recheckAt)
                {
                    if (await sessions.CheckAsync(cookie, cancellation) is { Passed: false } session)
                    {
                        var data = JsonSerializer.Serialize(new { detail = session.Failure }, json.Value.SerializerOptions);
                        await response.WriteAsync($"event: signed-out\ndata: {data}\n\n", cancellation);
                        await response.Body.FlushAsync(cancellation);
                        return;
                    }

                    recheckAt = time.GetUtcNow() + options.SessionRecheck;
                }

                var wait = (cookie is null || keepAliveAt < recheckAt ? keepAliveAt : recheckAt) - time.GetUtcNow();
                var wake = await waits.NextAsync(wait);
                cancellation.ThrowIfCancellationRequested();
                if (wake == FeedWake.Ended)
                {
                    break;
                }

                if (wake == FeedWake.Due)
                {
                    if (time.GetUtcNow() >= keepAliveAt)
                    {
                        await response.WriteAsync(": keep-alive\n\n", cancellation);
                        await response.Body.FlushAsync(cancellation);
                        keepAliveAt = time.GetUtcNow() + KeepAlive;
                    }

                    continue;
                }

                while (reader.TryRead(out var summary))
                {
                    var data = JsonSerializer.Serialize(InstanceViews.Summary(summary), json.Value.SerializerOptions);
                    await response.WriteAsync($"event: instance\nid: {summary.Id}:{summary.Revision}\ndata: {data}\n\n", cancellation);
                }

                while (progress.TryRead(out var step))
                {
                    var data = JsonSerializer.Serialize(step, json.Value.SerializerOptions);
                    await response.WriteAsync($"event: bulk\nid: {step.BatchId}:{step.Processed}\ndata: {data}\n\n", cancellation);
                }

                await response.Body.FlushAsync(cancellation);
                keepAliveAt = time.GetUtcNow() + KeepAlive;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
