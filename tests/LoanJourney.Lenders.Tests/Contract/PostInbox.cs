using System.Text.Json;
using LoanJourney.Lenders.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LoanJourney.Lenders.Tests.Contract;

/// <summary>Our side of the sandbox's outbound calls, on its own Kestrel: v1 webhooks at <c>/webhooks/finbox</c>, handshake results at
/// <c>/partner/handshake-results</c>. Tests await a matching post (bounded), never sleep.</summary>
public sealed class PostInbox : IAsyncDisposable
{
    public const string WebhookPath = "/webhooks/finbox";
    public const string HandshakeResultPath = "/partner/handshake-results";

    private readonly WebApplication _app;
    private readonly List<ReceivedPost> _posts = [];
    private readonly List<(Func<ReceivedPost, bool> Match, TaskCompletionSource<ReceivedPost> Done)> _waiters = [];
    private readonly Lock _gate = new();

    private PostInbox(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public Uri WebhookUrl => new(BaseAddress, WebhookPath);

    public Uri HandshakeResultUrl => new(BaseAddress, HandshakeResultPath);

    public static async Task<PostInbox> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var inbox = new PostInbox(app);
        app.MapPost(WebhookPath, inbox.ReceiveAsync);
        app.MapPost(HandshakeResultPath, inbox.ReceiveAsync);
        inbox.BaseAddress = await LoopbackApp.StartAsync(app);
        return inbox;
    }

    /// <summary>Every post received so far that matches.</summary>
    public IReadOnlyList<ReceivedPost> All(Func<ReceivedPost, bool> match)
    {
        lock (_gate)
        {
            return [.. _posts.Where(match)];
        }
    }

    /// <summary>The first post that matches, already received or still to come; fails after <paramref name="timeoutSeconds"/>.</summary>
    public Task<ReceivedPost> WaitForAsync(Func<ReceivedPost, bool> match, int timeoutSeconds = 10)
    {
        var done = new TaskCompletionSource<ReceivedPost>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_posts.FirstOrDefault(match) is { } existing)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        using var document = JsonDocument.Parse(body);
        var post = new ReceivedPost(request.Path, body, document.RootElement.Clone());
        lock (_gate)
        {
            _posts.Add(post);
            foreach (var waiter in _waiters.Where(w => w.Match(post)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(post);
            }
        }

        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
