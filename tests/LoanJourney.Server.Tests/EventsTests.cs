using System.Diagnostics;
using System.Net;
using LoanJourney.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace LoanJourney.Server.Tests;

public sealed class EventsTests(ServerFactory factory, ITestOutputHelper output) : IClassFixture<ServerFactory>
{
    // Session 45: a node SIGTERMed with one Studio open took 31.5 s to exit: Kestrel drains its requests before the host
    // stops, and the live-update stream, one request that stays open, ended only when the shutdown timeout (30 s) cut it.
    // It now ends when the node begins to stop (the host's ApplicationStopping). Here the host is told to stop and nothing
    // else ends the stream: the old code kept it open until the safety net.
    [Fact]
    public async Task TheEventStream_EndsWhenTheNodeBeginsToStop()
    {
        using var server = new ServerFactory();
        var api = server.CreateApiClient();
        api.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith(":", await reader.ReadLineAsync());

        server.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a safety net: the old code never ended it
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            Assert.True(line.Length == 0 || line.StartsWith(':'), line); // nothing but a keep-alive before the end
        }
    }

    [Fact]
    public async Task EventStreamPushesAnInstanceEventOnAChange()
    {
        var api = factory.CreateApiClient();
        api.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith(":", await reader.ReadLineAsync());

        var id = await api.StartAsync("test-review", new { customerId = "SSE-1" });
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a safety net: the time is printed, not asserted

        string? eventName = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(deadline.Token);
            Assert.NotNull(line);
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.Equal("instance", eventName);
        output.WriteLine($"the instance event arrived {clock.Elapsed.TotalMilliseconds:F0} ms after the start");
    }

    // Walk 43: a journey page open in the Studio while its borrower was erased kept showing the customer id (and the lender
    // calls naming it) for as long as it stayed open: a redaction changed neither the journey's revision nor its updated_at,
    // so the feed, which reads changes by (updated_at, id), never pushed it and the page never read it again.
    [Fact]
    public async Task AnErasedFinishedJourneyIsPushedAgain_WithTheHashForItsCorrelation()
    {
        var api = factory.CreateApiClient();
        api.Timeout = Timeout.InfiniteTimeSpan;
        var customerId = "SSE-ERASE-" + Guid.NewGuid().ToString("N")[..8];
        var id = await api.StartAsync("test-review", new { customerId });
        await api.WaitForStatusAsync(id, "Waiting");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsync($"/api/instances/{id}/signals/decision", Api.Json(new { approved = true }))).StatusCode);
        await api.WaitForStatusAsync(id, "Completed");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        using var response = await api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith(":", await reader.ReadLineAsync());
        var erasure = await (await api.PostAsync($"/api/borrowers/{customerId}/erasure", Api.Json(new { reason = "DPDP request 45" }))).ReadObjectAsync();
        var hash = erasure["customerHash"]!.GetValue<string>();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a safety net: the old code never sent it
        while (true)
        {
            var line = await reader.ReadLineAsync(deadline.Token);
            Assert.NotNull(line);
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal) && line.Contains(hash, StringComparison.Ordinal))
            {
                break;
            }
        }

        var summary = await api.GetInstanceAsync(id);
        Assert.Equal("Completed", summary["status"]!.GetValue<string>());
        Assert.Equal(hash, summary["correlationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task EventStreamNeedsAuthentication() =>
        await (await factory.CreateClient().GetAsync("/api/events")).AssertProblemAsync(HttpStatusCode.Unauthorized);
}
