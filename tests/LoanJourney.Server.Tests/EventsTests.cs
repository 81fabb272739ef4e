using System.Diagnostics;
using System.Net;
using LoanJourney.Server.Tests.Support;

namespace LoanJourney.Server.Tests;

public sealed class EventsTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task EventStreamPushesAnInstanceEventWithinASecondOfAChange()
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
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));

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
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task EventStreamNeedsAuthentication() =>
        await (await factory.CreateClient().GetAsync("/api/events")).AssertProblemAsync(HttpStatusCode.Unauthorized);
}
