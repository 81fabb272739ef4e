using LoanJourney.Server.Auth;
using System.Text.Json;
using LoanJourney.Server.Instances;
using LoanJourney.Server.OpenApi;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace LoanJourney.Server.Events;

/// <summary>
/// <c>GET /api/events</c>: server-sent events. Event <c>instance</c> carries an InstanceSummary after every committed
/// change, event <c>bulk</c> a <see cref="BulkProgress"/> after every batch of a bulk operation; a comment line every 15 s
/// keeps proxies from closing the stream.
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

    private static async Task StreamAsync(HttpContext context, InstanceChangeFeed feed, BulkProgressFeed bulk, TimeProvider time, IOptions<JsonOptions> json)
    {
        var cancellation = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var reader = feed.Subscribe(cancellation);
        var progress = bulk.Subscribe(cancellation);
        await response.WriteAsync(": connected\n\n", cancellation);
        await response.Body.FlushAsync(cancellation);
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                using var keepAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                keepAlive.CancelAfter(KeepAlive);
                var changes = reader.WaitToReadAsync(keepAlive.Token).AsTask();
                var batches = progress.WaitToReadAsync(keepAlive.Token).AsTask();
                var first = await Task.WhenAny(changes, batches);
                if (first.IsCanceled)
                {
                    cancellation.ThrowIfCancellationRequested();
                    await response.WriteAsync(": keep-alive\n\n", cancellation);
                    await response.Body.FlushAsync(cancellation);
                    continue;
                }

                if (!await first)
                {
                    break;
                }

                // The other wait is given up (its channel is read below anyway).
                await keepAlive.CancelAsync();
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
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }
}
