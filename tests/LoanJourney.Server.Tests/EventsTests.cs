using System.Diagnostics;
using System.Net;
using LoanJourney.Server.Tests.Support;
using Xunit.Abstractions;

namespace LoanJourney.Server.Tests;

public sealed class EventsTests(ServerFactory factory, ITestOutputHelper output) : IClassFixture<ServerFactory>
{
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

    [Fact]
    public async Task EventStreamNeedsAuthentication() =>
        await (await factory.CreateClient().GetAsync("/api/events")).AssertProblemAsync(HttpStatusCode.Unauthorized);
}
