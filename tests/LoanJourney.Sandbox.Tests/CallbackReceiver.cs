using Microsoft.AspNetCore.Http.Features;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Sandbox.Tests;

/// <summary>
/// The test's own Kestrel endpoint that webhooks and async callbacks are POSTed to. It can refuse the first N
/// posts (to prove retries) and lets a test await the Nth post with a TaskCompletionSource and a timeout.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();
    private int _refuseFirst;
    private int _attempts;

    private CallbackReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<Received> Received => [.. _received];

    public static async Task<CallbackReceiver> StartAsync(int refuseFirst = 0)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app) { _refuseFirst = refuseFirst };
        app.MapPost("/hooks", receiver.HandleAsync);
        app.MapPost("/hooks/{**rest}", receiver.HandleAsync); // a URL with its receiver's secret in the path, as the server's FinBox one
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hooks");
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (Interlocked.Increment(ref _attempts) <= _refuseFirst)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        using var doc = JsonDocument.Parse(body);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new Received(doc.RootElement.Clone(), body, headers));
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => _received.Count >= w.Count))
            {
                waiter.Done.TrySetResult();
            }
        }

        return Results.Ok();
    }

    /// <summary>Completes when <paramref name="count"/> posts were accepted; fails the test after the timeout.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(int count, int timeoutSeconds = 10)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_received.Count >= count)
            {
                done.TrySetResult();
            }
            else
            {
                _waiters.Add((count, done));
            }
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record Received(JsonElement Json, string Body, IReadOnlyDictionary<string, string> Headers);
