using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// A collector's OTLP/HTTP endpoint on a free loopback port (<c>POST /v1/logs</c>, <c>/v1/traces</c>, <c>/v1/metrics</c>):
/// keeps each request's body (protobuf) and answers 200 with an empty export response. The server under test exports to
/// it with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> = <see cref="Endpoint"/> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.
/// Protobuf writes strings as their UTF-8 bytes, so a body read as UTF-8 shows every string the records carry (bodies,
/// attribute keys and values, resource); ids are raw bytes (<see cref="LogsContain(byte[])"/>).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Signal, byte[] Body)> _received = [];
    private readonly List<(Func<OtlpReceiver, bool> Done, TaskCompletionSource Signal)> _waiters = [];

    private OtlpReceiver(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    /// <summary>The settings that point a server at this receiver, exporting a batch of log records every 50 ms.</summary>
    public Dictionary<string, string?> ServerSettings() => new(StringComparer.Ordinal)
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "50",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "50",
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            receiver.Add(signal, body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        receiver.Endpoint = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    /// <summary>Every <c>/v1/logs</c> body received so far, read as UTF-8, one after another.</summary>
    public string Logs()
    {
        lock (_received)
        {
            return string.Join("\n", _received.Where(r => r.Signal == "logs").Select(r => Encoding.UTF8.GetString(r.Body)));
        }
    }

    /// <summary>Whether a body was posted to <c>/v1/{signal}</c>.</summary>
    public bool Received(string signal)
    {
        lock (_received)
        {
            return _received.Any(r => r.Signal == signal);
        }
    }

    /// <summary>Whether a <c>/v1/logs</c> body holds these bytes (a trace id, as the record's <c>trace_id</c> field has it).</summary>
    public bool LogsContain(byte[] bytes)
    {
        lock (_received)
        {
            return _received.Any(r => r.Signal == "logs" && r.Body.AsSpan().IndexOf(bytes) >= 0);
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until <paramref name="done"/> holds for what was received.</summary>
    public async Task WaitUntilAsync(Func<OtlpReceiver, bool> done, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_received)
        {
            _waiters.Add((done, signal));
        }

        Check();
        try
        {
            await signal.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The OTLP receiver did not get what was expected within {timeout}; its logs:\n{Logs()}");
        }
    }

    private void Add(string signal, byte[] body)
    {
        lock (_received)
        {
            _received.Add((signal, body));
        }

        Check();
    }

    private void Check()
    {
        List<(Func<OtlpReceiver, bool> Done, TaskCompletionSource Signal)> waiters;
        lock (_received)
        {
            waiters = [.. _waiters];
        }

        foreach (var waiter in waiters.Where(w => w.Done(this)))
        {
            waiter.Signal.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
