using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoanJourney.Lenders.Tests.TestSupport;

/// <summary>A real Kestrel server on 127.0.0.1 with scripted answers, recording what it received.</summary>
public sealed class ScriptedLenderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private ScriptedLenderServer(WebApplication app) => _app = app;

    /// <summary>The lender base URL, with a path prefix so relative paths are proven to resolve under it.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>What to answer once the script is used up.</summary>
    public Func<HttpContext, Task> Fallback { get; set; } = ctx => Json(ctx, 200, """{"status":1,"message":"ok"}""");

    public static async Task<ScriptedLenderServer> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder(slim: true).Build();
        var server = new ScriptedLenderServer(app);
        app.Run(server.HandleAsync);
        server.BaseUrl = new Uri(await LoopbackApp.StartAsync(app), "lender/");
        return server;
    }

    public ScriptedLenderServer Enqueue(int status, string body)
    {
        _script.Enqueue(ctx => Json(ctx, status, body));
        return this;
    }

    /// <summary>Answers nothing until the client gives up (its per-attempt timeout), like a lender that hangs.</summary>
    public ScriptedLenderServer EnqueueHang() => EnqueueHang(out _);

    /// <summary>As <see cref="EnqueueHang()"/>; <paramref name="reached"/> completes when the request has arrived, so a test on virtual
    /// time knows the client's attempt timer is running before it moves the clock.</summary>
    public ScriptedLenderServer EnqueueHang(out Task reached)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        reached = arrived.Task;
        _script.Enqueue(async ctx =>
        {
            arrived.TrySetResult();
            var aborted = new TaskCompletionSource();
            await using (ctx.RequestAborted.Register(() => aborted.TrySetResult()))
            {
                await aborted.Task;
            }
        });
        return this;
    }

    public static async Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        context.Request.Body.Position = 0;
        var form = new Dictionary<string, string>();
        var files = new List<ReceivedFile>();
        if (context.Request.HasFormContentType)
        {
            var collection = await context.Request.ReadFormAsync();
            foreach (var (key, value) in collection)
            {
                form[key] = value.ToString();
            }

            files.AddRange(collection.Files.Select(f => new ReceivedFile(f.Name, f.FileName, f.Length)));
        }

        Received.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            buffer.ToArray(),
            form,
            files));
        var handler = _script.TryDequeue(out var next) ? next : Fallback;
        await handler(context);
    }
}
