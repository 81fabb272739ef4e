using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoanJourney.Server.Tests.Support;

/// <summary>
/// One sourcing partner's API on a free loopback port, as the partner would run it: keeps every request (path,
/// <c>Authorization</c>, body) and answers a handshake verified in sync (<c>verified_customer_ref_id</c> = <c>VER-</c> + the captured
/// reference) and a token share <c>status "1"</c>.
/// </summary>
public sealed class PartnerApiReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PartnerApiReceiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> Received { get; } = new();

    /// <summary>An answer of the test's own for a path (e.g. a gateway's 503 in front of the partner), or null for the usual one.</summary>
    public Func<string, (int Status, string Body)?>? Answer { get; set; }

    /// <summary>Every request as it came on the wire: its raw body and its headers (the Standard Webhooks signature headers among them).</summary>
    public ConcurrentQueue<(string Path, string RawBody, HeaderDictionary Headers)> Raw { get; } = new();

    /// <param name="asyncHandshake">Answer a handshake <c>status "2"</c> (the answer comes later, to the journey's callback URL).</param>
    public static async Task<PartnerApiReceiver> StartAsync(bool asyncHandshake = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new PartnerApiReceiver(app);
        app.MapPost("/{**path}", async (string path, HttpRequest request) =>
        {
            var raw = await new StreamReader(request.Body).ReadToEndAsync();
            var body = JsonNode.Parse(raw)!.AsObject();
            receiver.Raw.Enqueue(("/" + path, raw, new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase))));
            receiver.Received.Enqueue(("/" + path, request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, body));
            if (receiver.Answer?.Invoke("/" + path) is { } own)
            {
                return Results.Text(own.Body, "application/json", statusCode: own.Status);
            }

            var answer = path.EndsWith("handshake/token", StringComparison.Ordinal)
                ? new JsonObject
                {
                    ["status"] = asyncHandshake ? "2" : "1", ["msg"] = "", ["handshake_id"] = body["handshake_id"]?.DeepClone(),
                    ["captured_customer_ref_id"] = body["captured_customer_ref_id"]?.DeepClone(),
                    ["verified_customer_ref_id"] = "VER-" + body["captured_customer_ref_id"]?.GetValue<string>(),
                }
                : new JsonObject { ["status"] = "1", ["msg"] = "" };
            return Results.Text(answer.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
